using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Application.Ledger;

public sealed record LedgerEventView(long Sequence, DateTime RecordedAt, string Actor, string? ActorNation, string EventType,
    string EntityType, string EntityId, string Command, string Payload, string Hash)
{
    public static LedgerEventView Of(LedgerEvent e) => new(e.Sequence, DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc), e.Actor,
        e.ActorNation, e.EventType, e.EntityType, e.EntityId, e.Command, e.Payload, e.Hash);
}

/// <summary>
/// A page of ledger events, newest first. <see cref="Next"/> is the cursor of the following (older) page (pass it as
/// <c>after</c>), <see cref="Previous"/> that of the preceding (newer) page (pass it as <c>before</c>); null at either end.
/// <see cref="PageNumber"/> is null for a page reached by cursor. The matching events are never counted (a count of a
/// million-event ledger on every request cost more than the page itself): one row more than the page is read to know
/// whether an older page exists (<see cref="HasMore"/>), and one index probe whether a newer one does.
/// </summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEventView> Items, int? PageNumber, int PageSize, long? Next, long? Previous)
{
    /// <summary>Whether older events follow this page (the same as <see cref="Next"/> being set).</summary>
    public bool HasMore => Next is not null;
}

/// <summary>
/// The outcome of a verification: the chain (every hash recomputed and linked), the Merkle tree head it yields, the
/// stored tree nodes, and every record against its latest event. Intact only when all of them hold.
/// </summary>
public sealed record LedgerVerification(long EventsChecked, LedgerBreak? Break, string? RootHash, long RecordsChecked, int BadRecords,
    RecordMismatch? FirstBadRecord, string? BadTreeNode)
{
    public bool Intact => Break is null && FirstBadRecord is null && BadTreeNode is null;

    /// <summary>One sentence saying what is wrong (null when intact).</summary>
    public string? Problem => Break is not null ? $"ledger broken at sequence {Break.Sequence}: {Break.Reason}"
        : FirstBadRecord is { } r ? $"{r.EntityType} {r.EntityId} does not match the ledger: {r.Reason}" + (BadRecords > 1 ? $" ({BadRecords} records differ)" : "")
        : BadTreeNode;
}

/// <summary>Reads the ledger: verifies the chain, lists events, and rebuilds a record as of a date.</summary>
public sealed class LedgerService(QuartermasterDb db)
{
    private const int Batch = 5000;

    public async Task<long> Count(CancellationToken ct = default) => await db.LedgerEvents.LongCountAsync(ct);

    /// <summary>
    /// Checks the whole ledger in one consistent snapshot: the chain in sequence order (streaming, in batches, reporting
    /// progress as events checked), the Merkle tree head and the stored subtree hashes, then every record.
    /// <paramref name="rootAt"/> asks for the tree head at one earlier size too (for checking a checkpoint).
    /// </summary>
    public async Task<LedgerVerification> Verify(IProgress<long>? progress = null, CancellationToken ct = default)
        => (await Verify(progress, null, ct)).Verification;

    public Task<(LedgerVerification Verification, string? RootAtSize)> Verify(IProgress<long>? progress, long? rootAt, CancellationToken ct)
        => Task.Run(() => db.Database.CreateExecutionStrategy().ExecuteAsync(token => VerifyOnce(progress, rootAt, token), ct), ct);

    private async Task<(LedgerVerification Verification, string? RootAtSize)> VerifyOnce(IProgress<long>? progress, long? rootAt, CancellationToken ct)
    {
            await using var snapshot = await LedgerRecordCheck.BeginSnapshotAsync(db, ct);
            var checkedCount = 0L;
            var computed = new Dictionary<(int, long), byte[]>();
            var tree = new MerkleAccumulator((level, index, hash) =>
            {
                if (level >= LedgerTreeNode.MinLevel) computed[(level, index)] = hash;
            });
            string? rootAtSize = null;
            var latest = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
            // Batches of a power of two leaves, so that each is a complete subtree the accumulator hashes on every core.
            var brk = LedgerChain.Verify(LedgerEventStream.Batches(db, 4096, ct), (batch, count, leaves) =>
            {
                for (var i = 0; i < count; i++)
                {
                    var type = batch.EntityType(i);
                    if (!latest.TryGetValue(type, out var ofType)) latest[type] = ofType = new(StringComparer.Ordinal);
                    ofType[batch.EntityId(i)] = batch.Sequence(i);
                }
                if (rootAt is { } at && at > tree.Size && at <= tree.Size + count)
                {
                    var split = (int)(at - tree.Size) * 32;
                    tree.AddLeaves(leaves[..split]);
                    rootAtSize = Convert.ToHexStringLower(tree.Root());
                    leaves = leaves[split..];
                }
                tree.AddLeaves(leaves);
            }, new Progress(progress, c => checkedCount = c));
            if (brk is not null)
                return (new LedgerVerification(brk.Sequence - 1, brk, null, 0, 0, null, null), rootAtSize);
            var badNode = await CheckStoredNodes(computed, ct);
            var records = await LedgerRecordCheck.RunAsync(db, latest, ct);
            return (new LedgerVerification(checkedCount, null, Convert.ToHexStringLower(tree.Root()), records.RecordsChecked, records.Mismatches, records.First, badNode), rootAtSize);
    }

    private async Task<string?> CheckStoredNodes(Dictionary<(int, long), byte[]> computed, CancellationToken ct)
    {
        long after = -1;
        foreach (var level in await db.Set<LedgerTreeNode>().Select(n => n.Level).Distinct().OrderBy(l => l).ToListAsync(ct))
        {
            after = -1;
            while (true)
            {
                var batch = await db.Set<LedgerTreeNode>().AsNoTracking().Where(n => n.Level == level && n.Index > after).OrderBy(n => n.Index).Take(Batch).ToListAsync(ct);
                if (batch.Count == 0) break;
                foreach (var n in batch)
                    if (!computed.TryGetValue((n.Level, n.Index), out var h) || !h.AsSpan().SequenceEqual(n.Hash))
                        return $"the stored Merkle tree node at level {n.Level}, index {n.Index} does not match the events (proofs using it would fail)";
                after = batch[^1].Index;
            }
        }
        return null;
    }

    /// <summary>
    /// Ledger events, newest first. With <paramref name="after"/> (a sequence number: the last one of the page before),
    /// the page of older events that follows it; with <paramref name="before"/> (the first one of the page after), the
    /// page of newer events that precedes it. Both seek through the sequence index (keyset), so a page deep in the ledger
    /// costs what the first one costs; <see cref="PageQuery.Page"/> (OFFSET) still works when neither is given.
    /// </summary>
    public async Task<LedgerPage> List(PageQuery page, string? entityType = null, string? entityId = null, string? actor = null,
        long? after = null, long? before = null, CancellationToken ct = default)
    {
        page = page.Checked();
        if (after is not null && before is not null) throw new RequestException("after", "give either after or before, not both.");
        if (after is < 0) throw new RequestException("after", $"after must be a sequence number, 0 or more (got {after}).");
        if (before is < 0) throw new RequestException("before", $"before must be a sequence number, 0 or more (got {before}).");
        if ((after ?? before) is not null && page.Page != 1) throw new RequestException("page", "give either page or a cursor (after, before), not both.");
        var q = db.LedgerEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType)) q = q.Where(e => e.EntityType == entityType);
        if (!string.IsNullOrWhiteSpace(entityId)) q = q.Where(e => e.EntityId == entityId);
        if (!string.IsNullOrWhiteSpace(actor)) q = q.Where(e => e.Actor == actor);
        // pageSize + 1 rows in the walking direction tell whether a page follows in that direction; the other
        // direction is one EXISTS probe on the sequence (only for a page reached by cursor). Nothing is counted.
        var take = page.PageSize + 1;
        List<LedgerEvent> items;
        bool olderExist, newerExist;
        if (after is { } a)
        {
            items = await q.Where(e => e.Sequence < a).OrderByDescending(e => e.Sequence).Take(take).ToListAsync(ct);
            olderExist = items.Count > page.PageSize;
            if (olderExist) items.RemoveAt(items.Count - 1);
            var newest = items.Count > 0 ? items[0].Sequence : long.MaxValue;
            newerExist = items.Count > 0 && await q.AnyAsync(e => e.Sequence > newest, ct);
        }
        else if (before is { } b)
        {
            items = await q.Where(e => e.Sequence > b).OrderBy(e => e.Sequence).Take(take).ToListAsync(ct);
            newerExist = items.Count > page.PageSize;
            if (newerExist) items.RemoveAt(items.Count - 1);
            items.Reverse();
            var oldest = items.Count > 0 ? items[^1].Sequence : 0;
            olderExist = items.Count > 0 && await q.AnyAsync(e => e.Sequence < oldest, ct);
        }
        else
        {
            items = await q.OrderByDescending(e => e.Sequence).Skip(page.Skip).Take(take).ToListAsync(ct);
            olderExist = items.Count > page.PageSize;
            if (olderExist) items.RemoveAt(items.Count - 1);
            newerExist = page.Page > 1 && items.Count > 0;
        }
        long? next = olderExist ? items[^1].Sequence : null;
        long? previous = newerExist && items.Count > 0 ? items[0].Sequence : null;
        return new LedgerPage(items.Select(LedgerEventView.Of).ToList(), after is null && before is null ? page.Page : null, page.PageSize, next, previous);
    }

    /// <summary>The record's state as the ledger knew it at <paramref name="asOf"/> (UTC), or null if it did not exist yet.</summary>
    public async Task<JsonElement?> AsOf(string entityType, string entityId, DateTime asOf, CancellationToken ct = default)
    {
        var utc = DateTime.SpecifyKind(asOf.ToUniversalTime(), DateTimeKind.Utc);
        var last = await db.LedgerEvents.AsNoTracking()
            .Where(e => e.EntityType == entityType && e.EntityId == entityId && e.RecordedAt <= utc)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (last is null || last.EventType.EndsWith(".Deleted", StringComparison.Ordinal)) return null;
        using var doc = JsonDocument.Parse(last.Payload);
        return doc.RootElement.GetProperty("state").Clone();
    }

    private sealed class Progress(IProgress<long>? inner, Action<long> last) : IProgress<long>
    {
        public void Report(long value)
        {
            last(value);
            inner?.Report(value);
        }
    }
}
