using System.Buffers;
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

    public static string ComputeHash(LedgerEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Span<byte> hash = stackalloc byte[32];
        HashInto(e, buffer, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The bytes the event's hash covers.</summary>
    public static byte[] Canonical(LedgerEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Encode(e, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>SHA-256 of the canonical encoding into <paramref name="hash"/> (32 bytes), encoding into a reusable buffer.</summary>
    public static void HashInto(LedgerEvent e, ArrayBufferWriter<byte> buffer, Span<byte> hash)
    {
        Encode(e, buffer);
        SHA256.HashData(buffer.WrittenSpan, hash);
    }

    /// <summary>The one canonical encoding, written into <paramref name="into"/> (cleared first).</summary>
    private static void Encode(LedgerEvent e, ArrayBufferWriter<byte> into)
    {
        into.ResetWrittenCount();
        Append(into, e.PreviousHash);
        Append(into, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(into, DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        Append(into, e.Actor);
        if (e.ActorNation is null) into.Write("-\n"u8); // a missing value encodes as "-", which no length prefix can start with, so null and "" differ
        else Append(into, e.ActorNation);
        Append(into, e.EventType);
        Append(into, e.EntityType);
        Append(into, e.EntityId);
        Append(into, e.Command);
        Append(into, e.Payload);
    }

    /// <summary>One field as <c>length:value\n</c>: the UTF-8 byte length in decimal digits, a colon, the bytes, a line feed.</summary>
    private static void Append(ArrayBufferWriter<byte> into, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = into.GetSpan(length + 12);
        length.TryFormat(span, out var digits, default, CultureInfo.InvariantCulture);
        span[digits] = (byte)':';
        Encoding.UTF8.GetBytes(value, span[(digits + 1)..]);
        span[digits + 1 + length] = (byte)'\n';
        into.Advance(digits + length + 2);
    }

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
        => Verify(eventsInOrder.Chunk(1024), null, progress);

    /// <summary>
    /// Checks events given in batches in sequence order. The hashes of a batch are computed on every core (each event's
    /// hash depends only on its own fields, the previous hash being one of them); the links, the sequence and the first
    /// break are then checked in order, so the answer is the same as checking one event after another.
    /// <paramref name="verified"/> is called in order for every intact event with its 32-byte hash.
    /// </summary>
    public static LedgerBreak? Verify(IEnumerable<IReadOnlyList<LedgerEvent>> batchesInOrder, Action<LedgerEvent, byte[]>? verified, IProgress<long>? progress = null)
    {
        long expected = 1;
        var previousHash = Genesis;
        foreach (var batch in batchesInOrder)
        {
            var hashes = new byte[batch.Count][];
            var intact = new bool[batch.Count];
            Parallel.For(0, batch.Count, () => new ArrayBufferWriter<byte>(1024), (i, _, buffer) =>
            {
                var computed = new byte[32];
                HashInto(batch[i], buffer, computed);
                hashes[i] = computed;
                intact[i] = Matches(batch[i].Hash, computed);
                return buffer;
            }, _ => { });
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                if (e.Sequence != expected)
                    return new LedgerBreak(expected, e.Sequence > expected
                        ? $"events {expected}..{e.Sequence - 1} are missing"
                        : $"sequence {e.Sequence} appears out of order");
                if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
                    return new LedgerBreak(e.Sequence, "its previous-hash does not match the hash of the event before it");
                if (!intact[i])
                    return new LedgerBreak(e.Sequence, "its content does not match its hash (the event was altered)");
                verified?.Invoke(e, hashes[i]);
                previousHash = e.Hash;
                expected++;
                if ((expected & 0x3FF) == 0) progress?.Report(expected - 1);
            }
        }
        progress?.Report(expected - 1);
        return null;
    }

    /// <summary>Whether the stored hash (64 lower-case hexadecimal digits) is exactly <paramref name="computed"/>.</summary>
    private static bool Matches(string stored, ReadOnlySpan<byte> computed)
    {
        if (stored.Length != 64) return false;
        Span<char> hex = stackalloc char[64];
        Convert.TryToHexStringLower(computed, hex, out _);
        return stored.AsSpan().SequenceEqual(hex);
    }
}

public sealed record LedgerBreak(long Sequence, string Reason);
