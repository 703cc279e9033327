using Quartermaster.Domain.Delivery;

namespace Quartermaster.Application.Delivery;

public sealed record LegView(int Number, string From, string To, string Mode, string Custodian, string CustodianKind,
    DateTime PlannedDeparture, DateTime PlannedArrival, DateTime? ActualDeparture, DateTime? ActualArrival)
{
    public static LegView Of(Leg l) => new(l.Number, l.From, l.To, l.Mode.ToString(), l.Custodian, l.CustodianKind.ToString(),
        Utc(l.PlannedDeparture), Utc(l.PlannedArrival), Utc(l.ActualDeparture), Utc(l.ActualArrival));

    public static DateTime Utc(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Utc);

    public static DateTime? Utc(DateTime? d) => d is { } v ? Utc(v) : null;
}

public sealed record ShipmentSummary(Guid Id, string Reference, string DonorCode, string? HubCode, string Destination, string State,
    string StateLabel, DateTime PlannedDeparture, DateTime PlannedArrival, DateTime ExpectedArrival, decimal Tonnes, int Lines, int Units,
    DateTime? DispatchedAt, DateTime? HandedOverAt, DateTime? ReceivedAt, long Version)
{
    public static ShipmentSummary Of(Shipment s, int lines, int units) => new(s.Id, s.Reference, s.DonorCode, s.HubCode, s.Destination,
        s.State.ToString(), Words.Of(s.State), LegView.Utc(s.PlannedDeparture), LegView.Utc(s.PlannedArrival), LegView.Utc(s.ExpectedArrival),
        s.Tonnes, lines, units, LegView.Utc(s.DispatchedAt), LegView.Utc(s.HandedOverAt), LegView.Utc(s.ReceivedAt), s.Version)
    {
        PaidBy = Domain.Access.ReleaseList.Decode(s.PaidBy),
    };

    /// <summary>Purchased goods (a production order's units): the nations whose money paid for them; empty for gifts.</summary>
    public IReadOnlyList<string> PaidBy { get; init; } = [];

    /// <summary>Days the expected arrival lies behind the plan (0 when on time).</summary>
    public int DaysLate => Math.Max(0, (int)Math.Ceiling((ExpectedArrival - PlannedArrival).TotalDays));
}

/// <summary>A line: of an allocation (<see cref="AllocationId"/>, <see cref="OfferId"/>) or of a production order (<see cref="ProductionOrderId"/>).</summary>
public sealed record ShipmentLineView(int LineNumber, Guid Id, Guid? AllocationId, Guid? OfferId, Guid RequirementId, Guid ItemId, string ItemCode,
    string ItemName, string Tracking, int Quantity, int Accepted, int Rejected, int Short, int Open, int SerialsCaptured, int LotsTotal,
    string TransferConsent, string ExportLicence)
{
    public Guid? ProductionOrderId { get; init; }
}

public sealed record ShipmentDetail(ShipmentSummary Summary, IReadOnlyList<LegView> Legs, IReadOnlyList<ShipmentLineView> Lines,
    IReadOnlyList<ReceiptSummary> Receipts, IReadOnlyList<DiscrepancyView> Discrepancies, string? CancelReason, string? CapacityOverride,
    DateTime? AtHubAt, string CreatedBy);

public sealed record ReceiptSummary(Guid Id, string Number, Guid ShipmentId, string SignedBy, DateTime SignedAt, string ReceivingUnit,
    int Accepted, int Rejected, int Short, int Unexpected, string ContentHash, Guid? CorrectsId, string? CorrectionReason, Guid? ReversedById,
    string RecordedBy, DateTime RecordedAt)
{
    public static ReceiptSummary Of(Receipt r) => new(r.Id, r.Number, r.ShipmentId, r.SignedBy, LegView.Utc(r.SignedAt), r.ReceivingUnit,
        r.Lines.Sum(l => l.Accepted), r.Lines.Sum(l => l.Rejected.Sum(x => x.Quantity)), r.Lines.Sum(l => l.Short), r.Lines.Sum(l => l.Unexpected.Count),
        r.ContentHash, r.CorrectsId, r.CorrectionReason, r.ReversedById, r.RecordedBy, LegView.Utc(r.RecordedAt));
}

public sealed record ReceiptDetail(ReceiptSummary Summary, string ShipmentReference, IReadOnlyList<ReceiptLine> Lines,
    IReadOnlyList<DiscrepancyView> Discrepancies, bool Replayed);

public sealed record DiscrepancyView(Guid Id, Guid ShipmentId, string ShipmentReference, Guid ReceiptId, int LineNumber, string DonorCode,
    Guid ItemId, string ItemName, string Code, string CodeLabel, int Quantity, IReadOnlyList<string> Serials, int? ChargedLeg, string ChargedTo,
    string ChargedKind, string State, string StateLabel, string? Resolution, string? Note, DateTime OpenedAt, DateTime? ClosedAt, string? ClosedBy,
    long Version)
{
    public static DiscrepancyView Of(Discrepancy d, string reference, string itemName) => new(d.Id, d.ShipmentId, reference, d.ReceiptId,
        d.LineNumber, d.DonorCode, d.ItemId, itemName, d.Code.ToString(), Discrepancy.Label(d.Code), d.Quantity, d.Serials, d.ChargedLeg,
        d.ChargedTo, d.ChargedKind.ToString(), d.State.ToString(), Discrepancy.Label(d.State), d.Resolution?.ToString(), d.Note,
        LegView.Utc(d.OpenedAt), LegView.Utc(d.ClosedAt), d.ClosedBy, d.Version);
}
