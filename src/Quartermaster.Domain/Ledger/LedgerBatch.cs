using System.Buffers;
using System.Text;

namespace Quartermaster.Domain.Ledger;

/// <summary>
/// Consecutive ledger events as verification needs them: each event's canonical encoding (the bytes its hash covers),
/// its stored hash and previous hash (as the 64 hexadecimal digits stored), its sequence number and its record. The
/// encodings lie back to back in one growing buffer, so a reader copies each field once, straight from the database's
/// UTF-8, and the hashing reads contiguous memory.
/// </summary>
public sealed class LedgerBatch
{
    private readonly ArrayBufferWriter<byte> data;
    private readonly List<(long Sequence, int Start, int Length, int PreviousStart, int PreviousLength, int HashStart, int HashLength, string EntityType, string EntityId)> events;

    public LedgerBatch(int capacity = 1024)
    {
        data = new ArrayBufferWriter<byte>(capacity * 640); // an encoded event and its stored hash are about 550 bytes
        events = new(capacity);
    }

    public int Count => events.Count;

    /// <summary>Empties the batch for reuse, keeping its memory (a batch of thousands of events is a large-object allocation).</summary>
    public void Clear()
    {
        data.ResetWrittenCount();
        events.Clear();
    }

    /// <summary>Adds an event from its UTF-8 fields and its stored hash; the record names are needed for the record check.</summary>
    public void Add(in LedgerEventFields fields, ReadOnlySpan<byte> storedHash, string entityType, string entityId)
    {
        var start = data.WrittenCount;
        LedgerChain.Encode(fields, data);
        Record(start, fields.Sequence, fields.PreviousHash.Length, storedHash, entityType, entityId);
    }

    /// <summary>A batch of events held as strings (tests, small ledgers).</summary>
    public static LedgerBatch Of(IReadOnlyList<LedgerEvent> list)
    {
        var batch = new LedgerBatch(list.Count);
        foreach (var e in list)
        {
            var start = batch.data.WrittenCount;
            LedgerChain.Encode(e, batch.data);
            batch.Record(start, e.Sequence, Encoding.UTF8.GetByteCount(e.PreviousHash), Encoding.UTF8.GetBytes(e.Hash), e.EntityType, e.EntityId);
        }
        return batch;
    }

    /// <summary>Files the event just encoded at <paramref name="start"/> and appends its stored hash after it.</summary>
    private void Record(int start, long sequence, int previousLength, ReadOnlySpan<byte> storedHash, string entityType, string entityId)
    {
        var length = data.WrittenCount - start;
        var hashStart = data.WrittenCount;
        data.Write(storedHash);
        // The previous hash is the first field of the encoding: its length in digits, a colon, then the hash itself.
        var previousStart = start + Digits(previousLength) + 1;
        events.Add((sequence, start, length, previousStart, previousLength, hashStart, storedHash.Length, entityType, entityId));
    }

    public long Sequence(int i) => events[i].Sequence;
    public ReadOnlySpan<byte> Canonical(int i) => data.WrittenSpan.Slice(events[i].Start, events[i].Length);
    public ReadOnlySpan<byte> PreviousHash(int i) => data.WrittenSpan.Slice(events[i].PreviousStart, events[i].PreviousLength);
    public ReadOnlySpan<byte> StoredHash(int i) => data.WrittenSpan.Slice(events[i].HashStart, events[i].HashLength);
    public string EntityType(int i) => events[i].EntityType;
    public string EntityId(int i) => events[i].EntityId;

    private static int Digits(int n) => n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
}
