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
        buffer.ResetWrittenCount();
        Encode(e, buffer);
        SHA256.HashData(buffer.WrittenSpan, hash);
    }

    /// <summary>Appends the canonical encoding of an event held as .NET strings (its fields converted to UTF-8 first).</summary>
    internal static void Encode(LedgerEvent e, IBufferWriter<byte> into)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Utf8Length(e));
        try
        {
            var at = 0;
            ReadOnlySpan<byte> Utf8(string? s)
            {
                if (s is null) return default;
                var n = Encoding.UTF8.GetBytes(s, scratch.AsSpan(at));
                var span = scratch.AsSpan(at, n);
                at += n;
                return span;
            }
            Encode(new LedgerEventFields
            {
                PreviousHash = Utf8(e.PreviousHash),
                Sequence = e.Sequence,
                RecordedAt = e.RecordedAt,
                Actor = Utf8(e.Actor),
                ActorNation = Utf8(e.ActorNation),
                HasActorNation = e.ActorNation is not null,
                EventType = Utf8(e.EventType),
                EntityType = Utf8(e.EntityType),
                EntityId = Utf8(e.EntityId),
                Command = Utf8(e.Command),
                Payload = Utf8(e.Payload),
            }, into);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static int Utf8Length(LedgerEvent e)
        => Encoding.UTF8.GetMaxByteCount(e.PreviousHash.Length + e.Actor.Length + (e.ActorNation?.Length ?? 0) + e.EventType.Length
            + e.EntityType.Length + e.EntityId.Length + e.Command.Length + e.Payload.Length);

    /// <summary>
    /// The one canonical encoding, appended to <paramref name="into"/>: the previous hash, the sequence number, the instant
    /// (<c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>), actor, actor nation (a missing one as <c>-</c>), event type, entity type,
    /// entity id, command and payload, each as <c>length:value\n</c>. Readers that hold the fields as UTF-8 (as databases
    /// store them) encode through here without ever making strings.
    /// </summary>
    public static void Encode(in LedgerEventFields e, IBufferWriter<byte> into)
    {
        Append(into, e.PreviousHash);
        Span<byte> text = stackalloc byte[32];
        e.Sequence.TryFormat(text, out var n, default, CultureInfo.InvariantCulture);
        Append(into, text[..n]);
        // "O" of a UTC instant is exactly yyyy-MM-ddTHH:mm:ss.fffffffZ, and .NET formats it without parsing a pattern.
        DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc).TryFormat(text, out n, "O", CultureInfo.InvariantCulture);
        Append(into, text[..n]);
        Append(into, e.Actor);
        if (!e.HasActorNation) into.Write("-\n"u8); // a missing value encodes as "-", which no length prefix can start with, so null and "" differ
        else Append(into, e.ActorNation);
        Append(into, e.EventType);
        Append(into, e.EntityType);
        Append(into, e.EntityId);
        Append(into, e.Command);
        Append(into, e.Payload);
    }

    /// <summary>One field as <c>length:value\n</c>: the UTF-8 byte length in decimal digits, a colon, the bytes, a line feed.</summary>
    private static void Append(IBufferWriter<byte> into, ReadOnlySpan<byte> value)
    {
        var span = into.GetSpan(value.Length + 12);
        value.Length.TryFormat(span, out var digits, default, CultureInfo.InvariantCulture);
        span[digits] = (byte)':';
        value.CopyTo(span[(digits + 1)..]);
        span[digits + 1 + value.Length] = (byte)'\n';
        into.Advance(digits + value.Length + 2);
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
        => Verify(eventsInOrder.Chunk(1024).Select(LedgerBatch.Of), null, progress);

    /// <summary>
    /// Checks events given in encoded batches in sequence order. The hashes of a batch (each event's chain hash and its
    /// Merkle leaf hash) are computed on every core (each event's hash depends only on its own fields, the previous hash
    /// being one of them); the links, the sequence and the first break are then checked in order, so the answer is the
    /// same as checking one event after another. <paramref name="verified"/> is called once per batch, in order, with the
    /// batch, how many of its first events are intact (all of them unless the chain breaks in it) and their RFC 6962
    /// leaf hashes (SHA-256(0x00 || chain hash), 32 bytes each, back to back).
    /// </summary>
    public static LedgerBreak? Verify(IEnumerable<LedgerBatch> batchesInOrder, VerifiedEvents? verified, IProgress<long>? progress = null)
    {
        long expected = 1;
        var previousHash = Encoding.ASCII.GetBytes(Genesis);
        foreach (var batch in batchesInOrder)
        {
            var count = batch.Count;
            var leaves = new byte[count * 32];
            var intact = new bool[count];
            Parallel.For(0, (count + 255) / 256, chunk =>
            {
                Span<byte> hash = stackalloc byte[32];
                Span<byte> leaf = stackalloc byte[33];
                leaf[0] = 0x00;
                for (var i = chunk * 256; i < Math.Min(count, chunk * 256 + 256); i++)
                {
                    SHA256.HashData(batch.Canonical(i), hash);
                    intact[i] = Matches(batch.StoredHash(i), hash);
                    hash.CopyTo(leaf[1..]);
                    SHA256.HashData(leaf, leaves.AsSpan(i * 32, 32));
                }
            });
            for (var i = 0; i < count; i++)
            {
                var sequence = batch.Sequence(i);
                LedgerBreak? broken = null;
                if (sequence != expected)
                    broken = new LedgerBreak(expected, sequence > expected
                        ? $"events {expected}..{sequence - 1} are missing"
                        : $"sequence {sequence} appears out of order");
                else if (!batch.PreviousHash(i).SequenceEqual(previousHash))
                    broken = new LedgerBreak(sequence, "its previous-hash does not match the hash of the event before it");
                else if (!intact[i])
                    broken = new LedgerBreak(sequence, "its content does not match its hash (the event was altered)");
                if (broken is not null)
                {
                    verified?.Invoke(batch, i, leaves.AsSpan(0, i * 32));
                    return broken;
                }
                batch.StoredHash(i).CopyTo(previousHash); // 64 bytes: an intact event's stored hash is 64 digits
                expected++;
                if ((expected & 0x3FF) == 0) progress?.Report(expected - 1);
            }
            verified?.Invoke(batch, count, leaves);
        }
        progress?.Report(expected - 1);
        return null;
    }

    /// <summary>Whether the stored hash (64 lower-case hexadecimal digits, as UTF-8) is exactly <paramref name="computed"/>.</summary>
    private static bool Matches(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> computed)
    {
        if (stored.Length != 64) return false;
        Span<byte> hex = stackalloc byte[64];
        Convert.TryToHexStringLower(computed, hex, out _);
        return stored.SequenceEqual(hex);
    }
}

public sealed record LedgerBreak(long Sequence, string Reason);

/// <summary>The first <paramref name="count"/> events of <paramref name="batch"/> are intact; their Merkle leaf hashes, 32 bytes each.</summary>
public delegate void VerifiedEvents(LedgerBatch batch, int count, ReadOnlySpan<byte> leafHashes);

/// <summary>The fields of one event as UTF-8 bytes, in the form a database hands them over (see <see cref="LedgerChain.Encode(in LedgerEventFields, IBufferWriter{byte})"/>).</summary>
public readonly ref struct LedgerEventFields
{
    public ReadOnlySpan<byte> PreviousHash { get; init; }
    public long Sequence { get; init; }
    public DateTime RecordedAt { get; init; }
    public ReadOnlySpan<byte> Actor { get; init; }
    public ReadOnlySpan<byte> ActorNation { get; init; }
    public bool HasActorNation { get; init; }
    public ReadOnlySpan<byte> EventType { get; init; }
    public ReadOnlySpan<byte> EntityType { get; init; }
    public ReadOnlySpan<byte> EntityId { get; init; }
    public ReadOnlySpan<byte> Command { get; init; }
    public ReadOnlySpan<byte> Payload { get; init; }
}
