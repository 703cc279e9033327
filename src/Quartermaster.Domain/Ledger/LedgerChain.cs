using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Quartermaster.Domain.Ledger;

/// <summary>
/// The hash chain. Each event's hash is SHA-256 over a canonical encoding: every field as
/// <c>length:value</c> (UTF-8 byte length, then the bytes), in a fixed order, starting with the previous hash.
/// Length prefixes make the encoding unambiguous, so no two different events encode alike.
/// </summary>
public static class LedgerChain
{
    /// <summary>The "previous hash" of the first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(LedgerEvent e) => Convert.ToHexStringLower(SHA256.HashData(Canonical(e)));

    /// <summary>The bytes the event's hash covers.</summary>
    public static byte[] Canonical(LedgerEvent e)
    {
        var sb = new StringBuilder();
        Append(sb, e.PreviousHash);
        Append(sb, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(sb, DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        Append(sb, e.Actor);
        AppendOptional(sb, e.ActorNation);
        Append(sb, e.EventType);
        Append(sb, e.EntityType);
        Append(sb, e.EntityId);
        Append(sb, e.Command);
        Append(sb, e.Payload);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A missing value encodes as "-", which no length prefix can start with, so null and "" differ.</summary>
    private static void AppendOptional(StringBuilder sb, string? value)
    {
        if (value is null) sb.Append("-\n");
        else Append(sb, value);
    }

    private static void Append(StringBuilder sb, string value)
        => sb.Append(Encoding.UTF8.GetByteCount(value)).Append(':').Append(value).Append('\n');

    /// <summary>Seals an event onto the chain after <paramref name="previous"/> (null for the first event).</summary>
    public static void Seal(LedgerEvent e, long previousSequence, string previousHash)
    {
        e.Sequence = previousSequence + 1;
        e.PreviousHash = previousHash;
        e.Hash = ComputeHash(e);
    }

    /// <summary>
    /// Checks events in sequence order, streaming. Returns null when the chain is intact, else the first
    /// sequence number at which it breaks (a gap, an altered field, or a broken link) and why.
    /// </summary>
    public static LedgerBreak? Verify(IEnumerable<LedgerEvent> eventsInOrder, IProgress<long>? progress = null)
    {
        long expected = 1;
        var previousHash = Genesis;
        foreach (var e in eventsInOrder)
        {
            if (e.Sequence != expected)
                return new LedgerBreak(expected, e.Sequence > expected
                    ? $"events {expected}..{e.Sequence - 1} are missing"
                    : $"sequence {e.Sequence} appears out of order");
            if (e.PreviousHash != previousHash)
                return new LedgerBreak(e.Sequence, "its previous-hash does not match the hash of the event before it");
            if (ComputeHash(e) != e.Hash)
                return new LedgerBreak(e.Sequence, "its content does not match its hash (the event was altered)");
            previousHash = e.Hash;
            expected++;
            if ((expected & 0x3FF) == 0) progress?.Report(expected - 1);
        }
        progress?.Report(expected - 1);
        return null;
    }
}

public sealed record LedgerBreak(long Sequence, string Reason);
