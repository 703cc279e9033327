namespace Quartermaster.Domain.Accountability;

using Quartermaster.Domain.Common;
using Quartermaster.Domain.Delivery;

/// <summary>What became of a serial-tracked item in the recipient's hands (end-use monitoring dispositions).</summary>
public enum Disposition { InService, UnderRepair, Expended, Destroyed, Lost, Stolen, Captured }

/// <summary>
/// The custody of one received serial: who holds it, where, since when, its disposition and, for items under
/// enhanced monitoring, when its next serial inventory is due. Created when a receipt accepts the serial; every
/// transfer and inventory observation is a <see cref="CustodyEvent"/> on its chain.
/// </summary>
public sealed class CustodyRecord : VersionedEntity, IDonated
{
    private CustodyRecord() { }

    public CustodyRecord(Guid id, Guid itemId, string serial, string donorCode, Guid shipmentId, Guid receiptId, string holderUnit,
        string location, DateTime handedOverAt, MonitoringTerms monitoring, decimal? unitValueEur)
    {
        Id = id;
        ItemId = itemId;
        Serial = serial;
        DonorCode = donorCode;
        ShipmentId = shipmentId;
        ReceiptId = receiptId;
        HolderUnit = Guard.Required(holderUnit, "holderUnit", 120);
        Location = Guard.Required(location, "location", 120);
        Since = handedOverAt;
        HandedOverAt = handedOverAt;
        Monitored = monitoring.Enhanced;
        IntervalDays = monitoring.IntervalDays;
        NextInventoryDue = Monitoring.InitialDue(monitoring, handedOverAt);
        UnitValueEur = unitValueEur;
    }

    public Guid Id { get; private set; }
    public Guid ItemId { get; private set; }
    public string Serial { get; private set; } = "";
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public Guid ShipmentId { get; private set; }
    public Guid ReceiptId { get; private set; }
    public string HolderUnit { get; private set; } = "";
    public string Location { get; private set; } = "";
    public DateTime Since { get; private set; }
    public DateTime HandedOverAt { get; private set; }
    public Disposition Status { get; private set; } = Disposition.InService;
    public bool Monitored { get; private set; }
    public int IntervalDays { get; private set; }

    /// <summary>When the next serial inventory is due (monitored items still held); null when none is owed.</summary>
    public DateOnly? NextInventoryDue { get; private set; }
    public DateTime? LastInventoryAt { get; private set; }

    /// <summary>The last inventory of the holder unit that expected this serial and did not find it.</summary>
    public DateTime? ExpectedNotFoundAt { get; private set; }
    public DateTime? LossNoticedAt { get; private set; }
    public DateTime? LossReportedAt { get; private set; }

    /// <summary>The loss was reported more than <see cref="Monitoring.LossReportDays"/> days after it was noticed.</summary>
    public bool LossReportedLate { get; private set; }

    /// <summary>The disposition before the last loss or destruction, restored by a reversal.</summary>
    public Disposition? PreviousStatus { get; private set; }
    public decimal? UnitValueEur { get; private set; }

    public override string LedgerKey => Id.ToString();

    /// <summary>Whether the recipient still holds the item (in service or under repair).</summary>
    public bool Held => Status is Disposition.InService or Disposition.UnderRepair;

    public void Transfer(string toUnit, string location, DateTime at, DateTime now)
    {
        if (!Held) throw new DomainException("serials", $"Serial {Serial} is {Monitoring.Label(Status)}: it cannot be transferred.");
        Monitoring.NotFuture(at, now, "at");
        if (at < Since) throw new DomainException("at", $"Serial {Serial} has been with {HolderUnit} only since {Since:yyyy-MM-dd}; a transfer cannot be earlier.");
        HolderUnit = Guard.Required(toUnit, "toUnit", 120);
        Location = Guard.Required(location, "location", 120);
        Since = at;
    }

    /// <summary>
    /// An inventory saw the serial (or reported its loss): the rules of end-use monitoring in one place. A serial lost,
    /// stolen, captured, destroyed or expended cannot be reported again (lost again, or in service) without a reversal;
    /// a loss reported more than 30 days after it was noticed is flagged late.
    /// </summary>
    public void Observe(Disposition status, DateTime takenAt, DateTime? noticedAt, DateTime now, string? location)
    {
        Monitoring.NotFuture(takenAt, now, "takenAt");
        if (!Held)
            throw new DomainException("status", $"Serial {Serial} was reported {Monitoring.Label(Status)} on {LossReportedAt ?? LastInventoryAt:yyyy-MM-dd}: it cannot be reported {Monitoring.Label(status)} without first reversing that report.");
        if (Monitoring.IsLoss(status) || status is Disposition.Destroyed or Disposition.Expended)
        {
            var noticed = noticedAt ?? takenAt;
            Monitoring.NotFuture(noticed, now, "noticedAt");
            if (noticed > takenAt) throw new DomainException("noticedAt", $"Serial {Serial}: a loss cannot be noticed after it is reported.");
            PreviousStatus = Status;
            LossNoticedAt = noticed;
            LossReportedAt = takenAt;
            LossReportedLate = Monitoring.IsLoss(status) && Monitoring.ReportedLate(noticed, takenAt);
            NextInventoryDue = null;
        }
        else if (Monitored)
            NextInventoryDue = Monitoring.NextDue(IntervalDays, takenAt);
        Status = status;
        LastInventoryAt = takenAt;
        ExpectedNotFoundAt = null;
        if (!string.IsNullOrWhiteSpace(location)) Location = location.Trim();
    }

    /// <summary>A unit's inventory expected this serial and did not find it: shown, never ignored; the due date stands.</summary>
    public void ExpectedButNotFound(DateTime takenAt) => ExpectedNotFoundAt = takenAt;

    /// <summary>Takes back a wrong loss, destruction or expenditure report, with a reason.</summary>
    public void ReverseDisposition(string reason, DateTime now)
    {
        Guard.Required(reason, "reason", 1000);
        if (Held || PreviousStatus is not { } previous)
            throw new DomainException("status", $"Serial {Serial} is {Monitoring.Label(Status)}: there is no loss or destruction report to reverse.");
        Status = previous;
        PreviousStatus = null;
        LossNoticedAt = null;
        LossReportedAt = null;
        LossReportedLate = false;
        if (Monitored) NextInventoryDue = Monitoring.NextDue(0, now);
    }

    /// <summary>Days past the inventory due date on <paramref name="today"/> (0 when not delinquent).</summary>
    public int DaysOverdue(DateOnly today) => Held && NextInventoryDue is { } due && due < today ? today.DayNumber - due.DayNumber : 0;
}

public enum CustodyEventKind { Received, Transferred, Inventoried, ExpectedNotFound, Reversed }

/// <summary>One event of a serial's custody chain.</summary>
public sealed class CustodyEvent : VersionedEntity, IDonated
{
    private CustodyEvent() { }

    public CustodyEvent(Guid id, Guid custodyId, string donorCode, CustodyEventKind kind, DateTime at, string holderUnit, string location,
        Disposition status, string? evidence, bool manualEntry, string enteredBy, Guid? inventoryId)
    {
        Id = id;
        CustodyId = custodyId;
        DonorCode = donorCode;
        Kind = kind;
        At = at;
        HolderUnit = holderUnit;
        Location = location;
        Status = status;
        Evidence = Guard.Optional(evidence, "evidence", 2000);
        ManualEntry = manualEntry;
        EnteredBy = enteredBy;
        InventoryId = inventoryId;
    }

    public Guid Id { get; private set; }
    public Guid CustodyId { get; private set; }
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public CustodyEventKind Kind { get; private set; }
    public DateTime At { get; private set; }
    public string HolderUnit { get; private set; } = "";
    public string Location { get; private set; } = "";
    public Disposition Status { get; private set; }
    public string? Evidence { get; private set; }

    /// <summary>Typed by hand (a barcode that could not be read): <see cref="EnteredBy"/> says who typed it.</summary>
    public bool ManualEntry { get; private set; }
    public string EnteredBy { get; private set; } = "";
    public Guid? InventoryId { get; private set; }

    public override string LedgerKey => Id.ToString();
}

/// <summary>A posted serial inventory of one unit: observed serials with their disposition, and what it expected but did not find.</summary>
public sealed class Inventory : VersionedEntity
{
    private Inventory() { }

    public Inventory(Guid id, string number, string unit, DateTime takenAt, string postedBy, DateTime postedAt, int observed, IEnumerable<string> expectedNotFound,
        string postedHash)
    {
        Id = id;
        Number = Guard.Required(number, "number", 80);
        Unit = Guard.Required(unit, "unit", 120);
        TakenAt = takenAt;
        PostedBy = postedBy;
        PostedAt = postedAt;
        Observed = observed;
        ExpectedNotFound = [.. expectedNotFound];
        PostedHash = postedHash;
    }

    public Guid Id { get; private set; }
    public string Number { get; private set; } = "";
    public string Unit { get; private set; } = "";
    public DateTime TakenAt { get; private set; }
    public string PostedBy { get; private set; } = "";
    public DateTime PostedAt { get; private set; }
    public int Observed { get; private set; }
    public List<string> ExpectedNotFound { get; private set; } = [];

    /// <summary>SHA-256 of the posting: the same number posted again with the same content is a replay.</summary>
    public string PostedHash { get; private set; } = "";

    public override string LedgerKey => Id.ToString();
}

/// <summary>An item's monitoring terms, from its catalogue entry.</summary>
public sealed record MonitoringTerms(bool Enhanced, int IntervalDays);

/// <summary>The dates of enhanced end-use monitoring, in one place.</summary>
public static class Monitoring
{
    public const int DefaultIntervalDays = 90;

    /// <summary>The initial serial inventory is due within this many days of handover.</summary>
    public const int InitialDays = 90;

    public const int LossReportDays = 30;

    public static DateOnly? InitialDue(MonitoringTerms terms, DateTime handedOverAt)
        => terms.Enhanced ? DateOnly.FromDateTime(handedOverAt).AddDays(InitialDays) : null;

    public static DateOnly NextDue(int intervalDays, DateTime inventoriedAt)
        => DateOnly.FromDateTime(inventoriedAt).AddDays(intervalDays);

    public static bool IsLoss(Disposition d) => d is Disposition.Lost or Disposition.Stolen or Disposition.Captured;

    public static bool ReportedLate(DateTime noticedAt, DateTime reportedAt) => (reportedAt - noticedAt).TotalDays > LossReportDays;

    public static void NotFuture(DateTime at, DateTime now, string field)
    {
        if (at > now.AddMinutes(5)) throw new DomainException(field, $"{field} {at:yyyy-MM-dd HH:mm} is in the future.");
    }

    public static string Label(Disposition d) => d switch
    {
        Disposition.InService => "in service",
        Disposition.UnderRepair => "under repair",
        Disposition.Expended => "expended",
        Disposition.Destroyed => "destroyed",
        Disposition.Lost => "lost",
        Disposition.Stolen => "stolen",
        Disposition.Captured => "captured",
        _ => d.ToString(),
    };

    public static int CheckInterval(int? days)
    {
        var d = days ?? DefaultIntervalDays;
        return d is >= 7 and <= 730 ? d : throw new DomainException("inventoryIntervalDays", $"The inventory interval must be between 7 and 730 days (got {d}).");
    }
}

/// <summary>One donor's item: what was handed over against where it is now.</summary>
public sealed record ReconciliationRow(string DonorCode, Guid ItemId, int HandedOver, decimal HandedOverValue,
    IReadOnlyDictionary<Disposition, int> ByStatus, IReadOnlyDictionary<Disposition, decimal> ValueByStatus)
{
    public int Accounted => ByStatus.Values.Sum();
    public decimal AccountedValue => ValueByStatus.Values.Sum();

    /// <summary>
    /// The value handed over reconciles with in service + under repair + expended + destroyed + lost + stolen + captured
    /// (every accepted serial has exactly one custody record and one disposition).
    /// </summary>
    public bool Reconciles => HandedOver == Accounted && HandedOverValue == AccountedValue;
}

/// <summary>The rule that only what was received can be reported on.</summary>
public static class Reporting
{
    /// <summary>A serial never received cannot be reported (lost, in service, anything): it has no custody record.</summary>
    public static CustodyRecord Received(IReadOnlyList<CustodyRecord> found, string serial, string field) => found.Count switch
    {
        0 => throw new DomainException(field, $"Serial {serial} was never received: only serials accepted on a signed receipt can be reported."),
        1 => found[0],
        _ => throw new DomainException(field, $"Serial {serial} is the serial of several items: name the item (itemCode)."),
    };
}
