using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Storage;

namespace Quartermaster.Application.Common;

/// <summary>
/// How many rows a filtered list has, counted once per state of the data rather than on every page request: the count of
/// a query (its SQL with every parameter, the viewer's visibility among them) is kept with the ledger head it was counted
/// at and is exact for as long as the head stays there. Every change to a listed record appends a ledger event in its own
/// transaction, so a new head means "count again"; nothing is ever stale. Counted with the head read before and after, and
/// kept only when they agree, so that a change committed in between is never filed under the older head.
/// </summary>
/// <remarks>
/// Shared by the process (the server's requests, a CLI run), keyed by database. Bounded: past <see cref="Capacity"/>
/// queries (search texts are endless) it starts afresh. Inside a transaction (a command reading its own writes) it counts
/// directly. An empty ledger is never a stamp.
/// </remarks>
public static class PageCounts
{
    public const int Capacity = 4096;

    private static readonly ConcurrentDictionary<(string Database, string Query), (long Sequence, string Hash, int Count)> Counts = new();

    public static async Task<int> CountAsync<T>(QuartermasterDb db, IQueryable<T> query, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await query.CountAsync(ct);
        var before = await db.LedgerHeadAsync(ct);
        if (before is not { } head) return await query.CountAsync(ct);
        var key = (db.Database.GetConnectionString() ?? "", query.ToQueryString());
        if (Counts.TryGetValue(key, out var kept) && kept.Sequence == head.Sequence && kept.Hash == head.Hash)
            return kept.Count;
        var count = await query.CountAsync(ct);
        if (await db.LedgerHeadAsync(ct) == before)
        {
            if (Counts.Count >= Capacity) Counts.Clear();
            Counts[key] = (head.Sequence, head.Hash, count);
        }
        return count;
    }
}
