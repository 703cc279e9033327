using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Delivery;

using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;

/// <summary>
/// One line of a shipment: units of one allocation (an offer's units confirmed for a requirement) or of one production
/// order (units a company made or sold from stock, bought with pooled money): exactly one of <see cref="AllocationId"/>
/// and <see cref="ProductionOrderId"/> is set, and <see cref="OfferId"/> only with an allocation. What the recipient
/// has accounted for so far (accepted, rejected, short) never exceeds what was shipped; the line is closed when the
/// three add up to the quantity: the GS1 Receiving Advice rule (accepted + rejected + short = shipped).
/// </summary>
public sealed class ShipmentLine : VersionedEntity, IDonated
{
    private ShipmentLine() { }

    public ShipmentLine(Guid id, Guid shipmentId, int lineNumber, string donorCode, Guid allocationId, Guid offerId, Guid requirementId,
        Guid itemId, Tracking tracking, int quantity, decimal unitWeightKg)
        : this(id, shipmentId, lineNumber, donorCode, allocationId, offerId, null, requirementId, itemId, tracking, quantity, unitWeightKg)
    {
    }

    /// <summary>A line of a production order's units: shipped by the producing company's nation, seen also by the paying nations.</summary>
    public static ShipmentLine ForOrder(Guid id, Guid shipmentId, int lineNumber, string shipperCode, Guid productionOrderId, string paidBy, Guid requirementId,
        Guid itemId, Tracking tracking, int quantity, decimal unitWeightKg)
    {
        var line = new ShipmentLine(id, shipmentId, lineNumber, shipperCode, null, null, productionOrderId, requirementId, itemId, tracking, quantity, unitWeightKg);
        line.SharePaidBy(Guard.Required(paidBy, "paidBy", 400));
        return line;
    }

    private ShipmentLine(Guid id, Guid shipmentId, int lineNumber, string donorCode, Guid? allocationId, Guid? offerId, Guid? productionOrderId, Guid requirementId,
        Guid itemId, Tracking tracking, int quantity, decimal unitWeightKg)
    {
        Id = id;
        ShipmentId = shipmentId;
        LineNumber = Guard.Positive(lineNumber, "lineNumber");
        DonorCode = donorCode;
        AllocationId = allocationId;
        OfferId = offerId;
        ProductionOrderId = productionOrderId;
        if ((AllocationId is null) == (ProductionOrderId is null))
            throw new DomainException($"lines[{lineNumber - 1}]", "A shipment line carries the units of one allocation or of one production order (exactly one).");
        if ((OfferId is null) != (AllocationId is null))
            throw new DomainException($"lines[{lineNumber - 1}]", "An allocation's line names its offer; a production order's line has none.");
        RequirementId = requirementId;
        ItemId = itemId;
        Tracking = tracking;
        Quantity = Guard.Positive(quantity, $"lines[{lineNumber - 1}].quantity");
        UnitWeightKg = Guard.NotNegative(unitWeightKg, "unitWeightKg");
    }

    public Guid Id { get; private set; }
    public Guid ShipmentId { get; private set; }
    public int LineNumber { get; private set; }
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public Guid? AllocationId { get; private set; }
    public Guid? OfferId { get; private set; }

    /// <summary>The production order whose units the line carries (null for an allocation's line).</summary>
    public Guid? ProductionOrderId { get; private set; }
    public Guid RequirementId { get; private set; }
    public Guid ItemId { get; private set; }
    public Tracking Tracking { get; private set; }
    public int Quantity { get; private set; }
    public decimal UnitWeightKg { get; private set; }
    public int Accepted { get; private set; }
    public int Rejected { get; private set; }
    public int Short { get; private set; }

    public override string LedgerKey => Id.ToString();

    public int Open => Quantity - Accepted - Rejected - Short;

    /// <summary>Units of the line that are still on their way or accepted: what it takes from its source (rejected and short units are owed again).</summary>
    public int Taken => Quantity - Rejected - Short;

    public bool Balanced => Open == 0;

    public decimal Tonnes => UnitWeightKg * Quantity / 1000m;

    /// <summary>
    /// Accounts for units of the line (negative amounts: a correcting receipt takes back what it reverses). Refuses a
    /// receipt that would account for more units than were shipped.
    /// </summary>
    public void Account(int accepted, int rejected, int shortUnits, string field)
    {
        var a = Accepted + accepted;
        var r = Rejected + rejected;
        var s = Short + shortUnits;
        if (a < 0 || r < 0 || s < 0)
            throw new DomainException(field, $"Line {LineNumber} would go below zero (accepted {a}, rejected {r}, short {s}).");
        if (a + r + s > Quantity)
            throw new DomainException(field,
                $"Line {LineNumber} does not balance: accepted {accepted} + rejected {rejected} + short {shortUnits} = {accepted + rejected + shortUnits}, "
                + $"but only {Open} of the {Quantity} shipped are still open.");
        (Accepted, Rejected, Short) = (a, r, s);
    }
}

public enum SerialStatus { Shipped, Accepted, Rejected, Missing }

/// <summary>A serial number captured for a serial-tracked line before dispatch; unique per item across the whole system.</summary>
public sealed class ShipmentSerial : VersionedEntity, IDonated
{
    private ShipmentSerial() { }

    public ShipmentSerial(Guid id, Guid shipmentId, Guid lineId, string donorCode, Guid itemId, string serial)
    {
        Id = id;
        ShipmentId = shipmentId;
        LineId = lineId;
        DonorCode = donorCode;
        ItemId = itemId;
        Serial = serial;
    }

    public Guid Id { get; private set; }
    public Guid ShipmentId { get; private set; }
    public Guid LineId { get; private set; }
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public Guid ItemId { get; private set; }
    public string Serial { get; private set; } = "";
    public SerialStatus Status { get; private set; } = SerialStatus.Shipped;
    public Guid? ReceiptId { get; private set; }

    public override string LedgerKey => Id.ToString();

    public void Receive(SerialStatus status, Guid receiptId)
    {
        if (status == SerialStatus.Shipped) throw new DomainException("outcome", "A receipt says what happened to a serial: accepted, rejected or missing.");
        if (Status != SerialStatus.Shipped)
            throw new DomainException("serials", $"Serial {Serial} was already accounted for ({Status.ToString().ToLowerInvariant()}) by another receipt.");
        Status = status;
        ReceiptId = receiptId;
    }

    /// <summary>A correcting receipt takes back what the reversed receipt said of this serial.</summary>
    public void Unreceive(Guid receiptId)
    {
        if (ReceiptId != receiptId) throw new DomainException("serials", $"Serial {Serial} was not accounted for by that receipt.");
        Status = SerialStatus.Shipped;
        ReceiptId = null;
    }
}

/// <summary>A lot of a lot-tracked line, with its quantity; a line's lots sum to its quantity.</summary>
public sealed class ShipmentLot : VersionedEntity, IDonated
{
    private ShipmentLot() { }

    public ShipmentLot(Guid id, Guid shipmentId, Guid lineId, string donorCode, string lot, int quantity)
    {
        Id = id;
        ShipmentId = shipmentId;
        LineId = lineId;
        DonorCode = donorCode;
        Lot = lot;
        Quantity = quantity;
    }

    public Guid Id { get; private set; }
    public Guid ShipmentId { get; private set; }
    public Guid LineId { get; private set; }
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public string Lot { get; private set; } = "";
    public int Quantity { get; private set; }

    public override string LedgerKey => Id.ToString();
}

/// <summary>The rules of identifying a line's units before dispatch: serials complete and unique, lots summing to the line.</summary>
public static partial class Identification
{
    public const int MaxSerialLength = 60;

    /// <summary>A serial as stored: trimmed; letters, digits and - / . _ only.</summary>
    public static string ParseSerial(string? raw, string field)
    {
        var s = Guard.Required(raw, field, MaxSerialLength);
        if (!SerialPattern().IsMatch(s))
            throw new DomainException(field, $"'{s}' is not a serial number: use letters, digits and - / . _ only.");
        return s;
    }

    /// <summary>
    /// Every problem of a line's full list of serials: the line is serial-tracked, each serial is well-formed, none is
    /// listed twice, and the count equals the quantity (index -1: the list as a whole). Uniqueness against every other
    /// shipment of the same item is checked by the caller against storage.
    /// </summary>
    public static IReadOnlyList<(int Index, string Message)> SerialProblems(ShipmentLine line, IReadOnlyList<string> serials)
    {
        if (line.Tracking != Tracking.Serial)
            return [(WrongTracking, $"Line {line.LineNumber} is not tracked by serial number ({TrackingWords(line.Tracking)}).")];
        var problems = new List<(int, string)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < serials.Count; i++)
        {
            string s;
            try { s = ParseSerial(serials[i], "serial"); }
            catch (DomainException e) { problems.Add((i, e.Message)); continue; }
            if (seen.TryGetValue(s, out var first)) problems.Add((i, $"Serial {s} is listed twice for line {line.LineNumber} (first at entry {first + 1})."));
            else seen[s] = i;
        }
        if (serials.Count != line.Quantity)
            problems.Add((-1, $"Line {line.LineNumber} ships {line.Quantity} units but {serials.Count} serial numbers were given: list exactly one per unit."));
        return problems;
    }

    /// <summary>The index of a problem with the line itself (it is not serial-tracked); -1 is a problem of the list as a whole.</summary>
    public const int WrongTracking = -2;

    /// <summary>The list, checked (<see cref="SerialProblems"/>): throws for the first problem.</summary>
    public static IReadOnlyList<string> CheckSerials(ShipmentLine line, IReadOnlyList<string> serials, Func<int, string> fieldOf)
    {
        var problems = SerialProblems(line, serials);
        if (problems.Count > 0)
            throw new DomainException(problems[0].Index == WrongTracking ? "lineNumber" : problems[0].Index < 0 ? "serials" : fieldOf(problems[0].Index), problems[0].Message);
        return serials.Select(x => x.Trim()).ToList();
    }

    public static IReadOnlyList<(string Lot, int Quantity)> CheckLots(ShipmentLine line, IReadOnlyList<(string Lot, int Quantity)> lots, Func<int, string> fieldOf)
    {
        if (line.Tracking != Tracking.Lot)
            throw new DomainException("lineNumber", $"Line {line.LineNumber} is not tracked by lot ({TrackingWords(line.Tracking)}).");
        var list = new List<(string, int)>();
        for (var i = 0; i < lots.Count; i++)
        {
            var lot = ParseSerial(lots[i].Lot, fieldOf(i) + ".lot");
            Guard.Positive(lots[i].Quantity, fieldOf(i) + ".quantity");
            if (list.Any(l => l.Item1 == lot)) throw new DomainException(fieldOf(i) + ".lot", $"Lot {lot} is listed twice for line {line.LineNumber}.");
            list.Add((lot, lots[i].Quantity));
        }
        var sum = list.Sum(l => l.Item2);
        if (sum != line.Quantity)
            throw new DomainException("lots", $"The lots of line {line.LineNumber} add up to {sum}, but the line ships {line.Quantity}.");
        return list;
    }

    public static string TrackingWords(Tracking t) => t switch
    {
        Tracking.Serial => "tracked by serial number",
        Tracking.Lot => "tracked by lot",
        _ => "not tracked by serial or lot",
    };

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-/._]*$")]
    private static partial Regex SerialPattern();
}
