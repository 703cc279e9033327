using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Ledger;

public sealed record LedgerEventView(long Sequence, DateTime RecordedAt, string Actor, string? ActorNation, string EventType,
    string EntityType, string EntityId, string Command, string Payload, string Hash)
{
    public static LedgerEventView Of(LedgerEvent e) => new(e.Sequence, DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc), e.Actor,
        e.ActorNation, e.EventType, e.EntityType, e.EntityId, e.Command, e.Payload, e.Hash);
}

public sealed record LedgerVerification(long EventsChecked, LedgerBreak? Break)
{
    public bool Intact => Break is null;
}

/// <summary>Reads the ledger: verifies the chain, lists events, and rebuilds a record as of a date.</summary>
public sealed class LedgerService(QuartermasterDb db)
{
    private const int Batch = 5000;

    public async Task<long> Count(CancellationToken ct = default) => await db.LedgerEvents.LongCountAsync(ct);

    /// <summary>Checks the whole chain in sequence order, in batches, reporting progress as events checked.</summary>
    public Task<LedgerVerification> Verify(IProgress<long>? progress = null, CancellationToken ct = default)
        => Task.Run(() =>
        {
            var checkedCount = 0L;
            var brk = LedgerChain.Verify(Stream(ct), new Progress(progress, c => checkedCount = c));
            return new LedgerVerification(brk is null ? checkedCount : brk.Sequence - 1, brk);
        }, ct);

    private IEnumerable<LedgerEvent> Stream(CancellationToken token)
    {
        long after = 0;
        while (true)
        {
            token.ThrowIfCancellationRequested();
            var batch = db.LedgerEvents.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(Batch).ToList();
            if (batch.Count == 0) yield break;
            foreach (var e in batch) yield return e;
            after = batch[^1].Sequence;
        }
    }

    public async Task<Page<LedgerEventView>> List(PageQuery page, string? entityType = null, string? entityId = null, string? actor = null, CancellationToken ct = default)
    {
        page = page.Checked();
        var q = db.LedgerEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType)) q = q.Where(e => e.EntityType == entityType);
        if (!string.IsNullOrWhiteSpace(entityId)) q = q.Where(e => e.EntityId == entityId);
        if (!string.IsNullOrWhiteSpace(actor)) q = q.Where(e => e.Actor == actor);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.Sequence).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Page<LedgerEventView>(items.Select(LedgerEventView.Of).ToList(), total, page.Page, page.PageSize);
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
