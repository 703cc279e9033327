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
        var length = data.WrittenCount - start;
        var hashStart = data.WrittenCount;
        data.Write(storedHash);
        // The previous hash is the first field of the encoding: "64:" + digits + "\n" (any other length is a break anyway).
        var previousStart = start + Digits(fields.PreviousHash.Length) + 1;
        events.Add((fields.Sequence, start, length, previousStart, fields.PreviousHash.Length, hashStart, storedHash.Length, entityType, entityId));
    }

    /// <summary>A batch of events held as strings (tests, small ledgers).</summary>
    public static LedgerBatch Of(IReadOnlyList<LedgerEvent> list)
    {
        var batch = new LedgerBatch(list.Count);
        foreach (var e in list)
        {
            var nation = e.ActorNation is null ? [] : Encoding.UTF8.GetBytes(e.ActorNation);
            batch.Add(new LedgerEventFields
            {
                PreviousHash = Encoding.UTF8.GetBytes(e.PreviousHash),
                Sequence = e.Sequence,
                RecordedAt = e.RecordedAt,
                Actor = Encoding.UTF8.GetBytes(e.Actor),
                ActorNation = nation,
                HasActorNation = e.ActorNation is not null,
                EventType = Encoding.UTF8.GetBytes(e.EventType),
                EntityType = Encoding.UTF8.GetBytes(e.EntityType),
                EntityId = Encoding.UTF8.GetBytes(e.EntityId),
                Command = Encoding.UTF8.GetBytes(e.Command),
                Payload = Encoding.UTF8.GetBytes(e.Payload),
            }, Encoding.UTF8.GetBytes(e.Hash), e.EntityType, e.EntityId);
        }
        return batch;
    }

    public long Sequence(int i) => events[i].Sequence;
    public ReadOnlySpan<byte> Canonical(int i) => data.WrittenSpan.Slice(events[i].Start, events[i].Length);
    public ReadOnlySpan<byte> PreviousHash(int i) => data.WrittenSpan.Slice(events[i].PreviousStart, events[i].PreviousLength);
    public ReadOnlySpan<byte> StoredHash(int i) => data.WrittenSpan.Slice(events[i].HashStart, events[i].HashLength);
    public string EntityType(int i) => events[i].EntityType;
    public string EntityId(int i) => events[i].EntityId;

    private static int Digits(int n) => n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
}
