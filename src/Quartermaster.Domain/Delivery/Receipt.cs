using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Quartermaster.Domain.Delivery;

using Quartermaster.Domain.Common;

public enum RejectReason { Damaged, WrongItem, Expired, Incomplete }

public enum SerialOutcome { Accepted, Rejected, Missing }

public sealed record ReceivedSerial(string Serial, SerialOutcome Outcome, RejectReason? Reason = null);

public sealed record Rejection(RejectReason Reason, int Quantity);

public sealed record PostedField(string Field, string Value);

/// <summary>
/// What one receipt says of one shipment line: units accepted, rejected (by reason) and short, the outcome of each
/// serial for serial-tracked lines, and serials that arrived but were never shipped on it ("not expected").
/// </summary>
public sealed record ReceiptLine(int LineNumber, int Accepted, IReadOnlyList<Rejection> Rejected, int Short,
    IReadOnlyList<ReceivedSerial> Serials, IReadOnlyList<string> Unexpected)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public int RejectedTotal => Rejected.Sum(r => r.Quantity);

    public ReceiptLine Negated() => this with
    {
        Accepted = -Accepted,
        Rejected = Rejected.Select(r => r with { Quantity = -r.Quantity }).ToList(),
        Short = -Short,
    };
}

/// <summary>
/// A signed handover receipt (proof of delivery). It is never edited: a correction is a reversing receipt that names
/// the one it corrects and why. Its content hash is part of its ledgered state, so a later alteration shows in the
/// chain. <see cref="Number"/> is chosen by the client (a form's receipt number, an API Idempotency-Key): posting the
/// same number again returns the first result.
/// </summary>
public sealed class Receipt : VersionedEntity, IDonated
{
    private Receipt() { }

    private Receipt(Guid id, string number, Guid shipmentId, string donorCode, string signedBy, DateTime signedAt, string receivingUnit,
        IReadOnlyList<ReceiptLine> lines, Guid? correctsId, string? correctionReason, string recordedBy, DateTime recordedAt)
    {
        Id = id;
        Number = ParseNumber(number);
        ShipmentId = shipmentId;
        DonorCode = donorCode;
        SignedBy = Guard.Required(signedBy, "signedBy", 200);
        SignedAt = signedAt;
        ReceivingUnit = Guard.Required(receivingUnit, "receivingUnit", 120);
        Lines = [.. lines];
        CorrectsId = correctsId;
        CorrectionReason = correctionReason;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
        ContentHash = ReceiptContent.Hash(ReceiptContent.Fields(Number, ShipmentId, SignedBy, SignedAt, ReceivingUnit, Lines, CorrectsId, CorrectionReason));
    }

    public Guid Id { get; private set; }
    public string Number { get; private set; } = "";
    public Guid ShipmentId { get; private set; }
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public string SignedBy { get; private set; } = "";
    public DateTime SignedAt { get; private set; }
    public string ReceivingUnit { get; private set; } = "";
    public List<ReceiptLine> Lines { get; private set; } = [];

    /// <summary>SHA-256 of the receipt's canonical content (<see cref="ReceiptContent"/>).</summary>
    public string ContentHash { get; private set; } = "";
    public Guid? CorrectsId { get; private set; }
    public string? CorrectionReason { get; private set; }
    public Guid? ReversedById { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }

    /// <summary>The posting as the client sent it, field by field: a second posting of the same number is compared with it.</summary>
    public List<PostedField> Posted { get; private set; } = [];

    /// <summary>SHA-256 of <see cref="Posted"/>.</summary>
    public string PostedHash { get; private set; } = "";

    public override string LedgerKey => Id.ToString();

    public void RecordPosting(IReadOnlyList<(string Field, string Value)> posted)
    {
        Posted = posted.Select(p => new PostedField(p.Field, p.Value)).ToList();
        PostedHash = ReceiptContent.Hash(posted);
    }

    /// <summary>Whether a second posting with this number is the same posting (then it returns the first result and changes nothing).</summary>
    public string? DifferenceFrom(IReadOnlyList<(string Field, string Value)> again)
        => ReceiptContent.Hash(again) == PostedHash ? null
            : ReceiptContent.FirstDifference(Posted.Select(p => (p.Field, p.Value)).ToList(), again) ?? "the content differs";

    public bool IsReversal => CorrectsId is not null;

    public static string ParseNumber(string? number)
    {
        var n = Guard.Required(number, "number", 80);
        if (n.Any(char.IsControl)) throw new DomainException("number", "The receipt number contains control characters.");
        return n;
    }

    /// <summary>A receipt: each line's counts agree with its serials, rejections carry reasons, the signature is not in the future.</summary>
    public static Receipt Post(Guid id, string number, Guid shipmentId, string donorCode, string signedBy, DateTime signedAt, string receivingUnit,
        IReadOnlyList<ReceiptLine> lines, string recordedBy, DateTime now)
    {
        if (signedAt > now.AddMinutes(5))
            throw new DomainException("signedAt", $"signedAt {signedAt:yyyy-MM-dd HH:mm} is in the future; a receipt is signed when the goods are taken.");
        if (lines.Count == 0) throw new DomainException("lines", "A receipt lists at least one line.");
        var seen = new HashSet<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var f = $"lines[{i}]";
            if (!seen.Add(l.LineNumber)) throw new DomainException($"{f}.lineNumber", $"Line {l.LineNumber} is listed twice in the receipt.");
            Guard.NotNegative(l.Accepted, $"{f}.accepted");
            Guard.NotNegative(l.Short, $"{f}.short");
            foreach (var r in l.Rejected) Guard.Positive(r.Quantity, $"{f}.rejected");
            foreach (var s in l.Serials)
                if (s.Outcome == SerialOutcome.Rejected && s.Reason is null)
                    throw new DomainException($"{f}.serials", $"Serial {s.Serial} is rejected without a reason (damaged, wrong item, expired or incomplete).");
            if (l.Accepted + l.RejectedTotal + l.Short + l.Unexpected.Count == 0)
                throw new DomainException(f, $"Line {l.LineNumber} of the receipt accounts for nothing: give accepted, rejected or short units.");
        }
        return new Receipt(id, number, shipmentId, donorCode, signedBy, signedAt, receivingUnit, lines, null, null, recordedBy, now);
    }

    /// <summary>The reversing receipt of <paramref name="original"/>: every quantity negated, naming the original and why.</summary>
    public static Receipt Reversal(Guid id, string number, Receipt original, string reason, string signedBy, string recordedBy, DateTime now)
    {
        if (original.IsReversal)
            throw new DomainException("corrects", $"Receipt {original.Number} is itself a correction: a reversal cannot be reversed; post a new receipt instead.");
        if (original.ReversedById is not null)
            throw new DomainException("corrects", $"Receipt {original.Number} was already reversed.");
        var why = Guard.Required(reason, "reason", 1000);
        var reversal = new Receipt(id, number, original.ShipmentId, original.DonorCode, signedBy, now, original.ReceivingUnit,
            original.Lines.Select(l => l.Negated()).ToList(), original.Id, why, recordedBy, now);
        reversal.SharePaidBy(original.PaidBy);
        return reversal;
    }

    public void MarkReversedBy(Guid reversalId)
    {
        if (ReversedById is not null) throw new DomainException("corrects", $"Receipt {Number} was already reversed.");
        ReversedById = reversalId;
    }
}

/// <summary>
/// The canonical content of a receipt, as ordered (name, value) pairs: its hash seals the receipt, and comparing two
/// postings field by field names the first difference when a number is reused with different content.
/// </summary>
public static class ReceiptContent
{
    public static IReadOnlyList<(string Field, string Value)> Fields(string number, Guid shipmentId, string signedBy, DateTime signedAt,
        string receivingUnit, IReadOnlyList<ReceiptLine> lines, Guid? correctsId, string? reason)
    {
        var f = new List<(string, string)>
        {
            ("number", number), ("shipmentId", shipmentId.ToString()), ("signedBy", signedBy),
            ("signedAt", DateTime.SpecifyKind(signedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            ("receivingUnit", receivingUnit), ("corrects", correctsId?.ToString() ?? "-"), ("reason", reason ?? "-"),
        };
        foreach (var l in lines.OrderBy(l => l.LineNumber))
        {
            var p = $"line {l.LineNumber}";
            f.Add(($"{p} accepted", l.Accepted.ToString(CultureInfo.InvariantCulture)));
            f.Add(($"{p} rejected", string.Join(",", l.Rejected.OrderBy(r => r.Reason).Select(r => $"{r.Reason}:{r.Quantity}"))));
            f.Add(($"{p} short", l.Short.ToString(CultureInfo.InvariantCulture)));
            f.Add(($"{p} serials", string.Join(",", l.Serials.OrderBy(s => s.Serial, StringComparer.Ordinal).Select(s => $"{s.Serial}:{s.Outcome}:{s.Reason}"))));
            f.Add(($"{p} unexpected", string.Join(",", l.Unexpected.Order(StringComparer.Ordinal))));
        }
        return f;
    }

    public static string Hash(IReadOnlyList<(string Field, string Value)> fields)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in fields)
            sb.Append(Encoding.UTF8.GetByteCount(name)).Append(':').Append(name).Append(Encoding.UTF8.GetByteCount(value)).Append(':').Append(value).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>The first field in which two postings differ, in words; null when they are the same.</summary>
    public static string? FirstDifference(IReadOnlyList<(string Field, string Value)> first, IReadOnlyList<(string Field, string Value)> again)
    {
        var a = first.ToDictionary(x => x.Field, x => x.Value);
        var b = again.ToDictionary(x => x.Field, x => x.Value);
        foreach (var (name, value) in first)
            if (!b.TryGetValue(name, out var other)) return $"{name}: first posting {Show(value)}, this posting does not list it";
            else if (other != value) return $"{name}: first posting {Show(value)}, this posting {Show(other)}";
        foreach (var (name, value) in again)
            if (!a.ContainsKey(name)) return $"{name}: this posting lists {Show(value)}, the first posting did not";
        return null;
    }

    private static string Show(string v) => v.Length == 0 ? "(none)" : v.Length > 80 ? $"'{v[..80]}…'" : $"'{v}'";
}
