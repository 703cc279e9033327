using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Storage.Ledger;

/// <summary>
/// The ledger's Merkle tree as stored: leaves are derived from the events' chain hashes, and every complete subtree of
/// 2^<see cref="LedgerTreeNode.MinLevel"/> leaves or more is kept in <c>ledger_tree_nodes</c>, so any subtree hash (and so
/// any proof) needs O(log n) small reads at a million events. The stored nodes are derived data: they are written by
/// <see cref="CatchUpAsync"/> and checked against the events by verification; a wrong node can only make a proof fail.
/// </summary>
public sealed class LedgerTree(QuartermasterDb db)
{
    private const int Batch = 20_000;
    private readonly Dictionary<(long Start, long Count), byte[]> cache = [];

    public async Task<long> SizeAsync(CancellationToken ct = default)
        => await db.LedgerEvents.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);

    /// <summary>Stores the subtree hashes the ledger's events now complete. Safe to run from several servers at once.</summary>
    public Task CatchUpAsync(CancellationToken ct = default)
        => db.Database.CurrentTransaction is not null
            ? CatchUpOnce(ct)
            : db.Database.CreateExecutionStrategy().ExecuteAsync(token => { db.ChangeTracker.Clear(); return CatchUpOnce(token); }, ct);

    private async Task CatchUpOnce(CancellationToken ct)
    {
        var ownContext = db.Changes is null;
        if (ownContext) db.Changes = new ChangeContext(Actor.LocalOperator("system:ledger-tree"), "index ledger tree");
        try
        {
            await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            if (db.IsPostgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7215002)", ct);
            var nodes = db.Set<LedgerTreeNode>();
            var size = await SizeAsync(ct);
            var width = 1L << LedgerTreeNode.MinLevel;
            var have = await nodes.Where(n => n.Level == LedgerTreeNode.MinLevel).CountAsync(ct);
            // Lowest stored level: hash each new complete run of 2^MinLevel leaves from the events.
            for (var j = (long)have; (j + 1) * width <= size;)
            {
                var from = j * width;
                var leaves = await db.LedgerEvents.AsNoTracking().Where(e => e.Sequence > from && e.Sequence <= from + Batch / width * width && e.Sequence <= size)
                    .OrderBy(e => e.Sequence).Select(e => e.Hash).ToListAsync(ct);
                if (leaves.Count < width) throw new InvalidOperationException($"the ledger's events after {from} are missing: run qm ledger verify");
                for (var i = 0; i + width <= leaves.Count; i += (int)width, j++)
                    nodes.Add(new LedgerTreeNode { Level = LedgerTreeNode.MinLevel, Index = j, Hash = Range(leaves, i, (int)width) });
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            // Each level above from the one below.
            for (var level = LedgerTreeNode.MinLevel + 1; (size >> level) > 0; level++)
            {
                var below = level - 1;
                var target = size >> level;
                var existing = await nodes.CountAsync(n => n.Level == level, ct);
                for (var j = (long)existing; j < target;)
                {
                    var upTo = Math.Min(target, j + Batch / 2);
                    var children = await nodes.AsNoTracking().Where(n => n.Level == below && n.Index >= 2 * j && n.Index < 2 * upTo)
                        .OrderBy(n => n.Index).Select(n => n.Hash).ToListAsync(ct);
                    for (var c = 0; c + 1 < children.Count; c += 2, j++)
                        nodes.Add(new LedgerTreeNode { Level = level, Index = j, Hash = MerkleTree.NodeHash(children[c], children[c + 1]) });
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    if (children.Count < 2) break;
                }
            }
            if (tx is not null) await tx.CommitAsync(ct);
        }
        finally
        {
            if (ownContext) db.Changes = null;
        }
    }

    private static byte[] Range(List<string> eventHashes, int start, int count)
    {
        if (count == 1) return MerkleTree.EventLeaf(eventHashes[start]);
        var k = (int)MerkleTree.Split(count);
        return MerkleTree.NodeHash(Range(eventHashes, start, k), Range(eventHashes, start + k, count - k));
    }

    /// <summary>MTH(D[start:start+count]) from the stored nodes and, below them, the events.</summary>
    public byte[] Subtree(long start, long count)
    {
        if (cache.TryGetValue((start, count), out var hit)) return hit;
        byte[] hash;
        var power = (count & (count - 1)) == 0;
        var level = power ? System.Numerics.BitOperations.Log2((ulong)count) : -1;
        if (power && level >= LedgerTreeNode.MinLevel && start % count == 0
            && db.Set<LedgerTreeNode>().AsNoTracking().Where(n => n.Level == level && n.Index == start / count).Select(n => n.Hash).FirstOrDefault() is { } stored)
            hash = stored;
        else if (count <= 1L << LedgerTreeNode.MinLevel)
        {
            var leaves = db.LedgerEvents.AsNoTracking().Where(e => e.Sequence > start && e.Sequence <= start + count)
                .OrderBy(e => e.Sequence).Select(e => e.Hash).ToList();
            if (leaves.Count != count) throw new InvalidOperationException($"the ledger has no events {start + 1}..{start + count}");
            hash = Range(leaves, 0, (int)count);
        }
        else
        {
            var k = MerkleTree.Split(count);
            hash = MerkleTree.NodeHash(Subtree(start, k), Subtree(start + k, count - k));
        }
        cache[(start, count)] = hash;
        return hash;
    }

    /// <summary>The Merkle tree head of the first <paramref name="size"/> events.</summary>
    public byte[] Root(long size) => size == 0 ? MerkleTree.EmptyRoot() : Subtree(0, size);
}
