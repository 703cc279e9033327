namespace Quartermaster.Domain.Delivery;

using Quartermaster.Domain.Common;

public enum DiscrepancyCode { Short, Damaged, WrongItem, Expired, Incomplete, NotExpected }

/// <summary><c>Open → UnderReview → Resolved | Contested</c>; <c>Voided</c> when the receipt that opened it is reversed.</summary>
public enum DiscrepancyState { Open, UnderReview, Resolved, Contested, Voided }

public enum Resolution { Replaced, Credited, WrittenOff }

/// <summary>
/// Units that did not arrive as shipped: short, rejected (damaged, wrong item, expired, incomplete) or arrived though
/// never shipped ("not expected"). Charged to a leg and its custodian (donor, hub or carrier).
/// </summary>
public sealed class Discrepancy : VersionedEntity, IDonated
{
    private Discrepancy() { }

    public Discrepancy(Guid id, Guid shipmentId, Guid receiptId, int lineNumber, string donorCode, Guid itemId, DiscrepancyCode code,
        int quantity, IEnumerable<string> serials, IReadOnlyList<Leg> legs, DateTime openedAt)
    {
        Id = id;
        ShipmentId = shipmentId;
        ReceiptId = receiptId;
        LineNumber = lineNumber;
        DonorCode = donorCode;
        ItemId = itemId;
        Code = code;
        Quantity = Guard.Positive(quantity, "quantity");
        Serials = [.. serials];
        OpenedAt = openedAt;
        (ChargedLeg, ChargedTo, ChargedKind) = DefaultCharge(code, legs, donorCode);
    }

    public Guid Id { get; private set; }
    public Guid ShipmentId { get; private set; }
    public Guid ReceiptId { get; private set; }
    public int LineNumber { get; private set; }
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public Guid ItemId { get; private set; }
    public DiscrepancyCode Code { get; private set; }
    public int Quantity { get; private set; }
    public List<string> Serials { get; private set; } = [];
    public int? ChargedLeg { get; private set; }
    public string ChargedTo { get; private set; } = "";
    public CustodianKind ChargedKind { get; private set; }
    public DiscrepancyState State { get; private set; } = DiscrepancyState.Open;
    public Resolution? Resolution { get; private set; }
    public string? Note { get; private set; }
    public DateTime OpenedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }

    public override string LedgerKey => Id.ToString();

    public bool IsClosed => State is DiscrepancyState.Resolved or DiscrepancyState.Voided;

    /// <summary>
    /// Who a discrepancy is charged to until a reviewer says otherwise: units short or damaged to the last leg's
    /// custodian (who handed over); a wrong, expired, incomplete or unexpected item to the donor who packed it.
    /// </summary>
    public static (int? Leg, string Custodian, CustodianKind Kind) DefaultCharge(DiscrepancyCode code, IReadOnlyList<Leg> legs, string donorCode)
        => code is DiscrepancyCode.Short or DiscrepancyCode.Damaged && legs.Count > 0
            ? (legs[^1].Number, legs[^1].Custodian, legs[^1].CustodianKind)
            : (null, donorCode, CustodianKind.Donor);

    public void StartReview(string? note)
    {
        if (State is not (DiscrepancyState.Open or DiscrepancyState.Contested))
            throw new DomainException("state", $"Only an open or contested discrepancy can be taken under review; this one is {Label(State)}.");
        State = DiscrepancyState.UnderReview;
        Note = Guard.Optional(note, "note", 2000) ?? Note;
    }

    /// <summary>Charges the discrepancy to another leg (while it is not closed).</summary>
    public void Charge(int? leg, string custodian, CustodianKind kind, IReadOnlyList<Leg> legs)
    {
        EnsureNotClosed();
        if (leg is { } n && (n < 1 || n > legs.Count)) throw new DomainException("chargedLeg", $"The shipment has no leg {n}.");
        ChargedLeg = leg;
        ChargedTo = Guard.Required(custodian, "chargedTo", 120);
        ChargedKind = kind;
    }

    public void Resolve(Resolution resolution, string? note, string by, DateTime at)
    {
        if (State != DiscrepancyState.UnderReview)
            throw new DomainException("state", $"A discrepancy is resolved after review; this one is {Label(State)}.");
        Resolution = resolution;
        Note = Guard.Optional(note, "note", 2000) ?? Note;
        State = DiscrepancyState.Resolved;
        ClosedAt = at;
        ClosedBy = by;
    }

    public void Contest(string reason)
    {
        if (State is not (DiscrepancyState.Open or DiscrepancyState.UnderReview))
            throw new DomainException("state", $"Only an open discrepancy or one under review can be contested; this one is {Label(State)}.");
        Note = Guard.Required(reason, "note", 2000);
        State = DiscrepancyState.Contested;
    }

    /// <summary>The receipt that opened it was reversed.</summary>
    public void Void(string by, DateTime at)
    {
        EnsureNotClosed();
        State = DiscrepancyState.Voided;
        ClosedAt = at;
        ClosedBy = by;
    }

    private void EnsureNotClosed()
    {
        if (IsClosed) throw new DomainException("state", $"The discrepancy is {Label(State)} and can no longer change.");
    }

    public static string Label(DiscrepancyState s) => s switch
    {
        DiscrepancyState.Open => "open",
        DiscrepancyState.UnderReview => "under review",
        DiscrepancyState.Resolved => "resolved",
        DiscrepancyState.Contested => "contested",
        DiscrepancyState.Voided => "voided by a correction",
        _ => s.ToString(),
    };

    public static string Label(DiscrepancyCode c) => c switch
    {
        DiscrepancyCode.Short => "short (not received)",
        DiscrepancyCode.Damaged => "damaged",
        DiscrepancyCode.WrongItem => "wrong item",
        DiscrepancyCode.Expired => "expired",
        DiscrepancyCode.Incomplete => "incomplete",
        DiscrepancyCode.NotExpected => "not expected (never shipped)",
        _ => c.ToString(),
    };

    public static DiscrepancyCode CodeOf(RejectReason r) => r switch
    {
        RejectReason.Damaged => DiscrepancyCode.Damaged,
        RejectReason.WrongItem => DiscrepancyCode.WrongItem,
        RejectReason.Expired => DiscrepancyCode.Expired,
        _ => DiscrepancyCode.Incomplete,
    };
}
