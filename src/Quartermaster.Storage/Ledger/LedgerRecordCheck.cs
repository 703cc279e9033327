using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Quartermaster.Domain.Common;

namespace Quartermaster.Storage.Ledger;

/// <summary>A record whose stored state is not the state its latest ledger event recorded.</summary>
public sealed record RecordMismatch(string EntityType, string EntityId, long? LatestSequence, string Reason);

public sealed record RecordCheckResult(long RecordsChecked, int Mismatches, RecordMismatch? First);

/// <summary>
/// Checks every ledgered record (every <see cref="VersionedEntity"/> table) against the ledger: each record has events,
/// its current state equals the state its latest event recorded, no record its latest event deleted still exists, no
/// record the ledger knows is missing from its table, and no event names a kind of record the system does not have.
/// This is what finds a row edited, inserted or deleted directly in its table, and an event forged or rewritten
/// without the tables following it.
/// </summary>
public static class LedgerRecordCheck
{
    /// <param name="latestEvents">
    /// The latest event's sequence number of every record, by entity type and id, when the caller has just read the whole
    /// ledger (verification does, in its chain pass): then only those events are read again, instead of one grouping
    /// query over the ledger per kind of record.
    /// </param>
    public static async Task<RecordCheckResult> RunAsync(QuartermasterDb db, IReadOnlyDictionary<string, Dictionary<string, long>>? latestEvents = null, CancellationToken ct = default)
    {
        var types = db.Model.GetEntityTypes()
            .Where(t => typeof(VersionedEntity).IsAssignableFrom(t.ClrType) && !t.IsOwned())
            .OrderBy(t => t.ClrType.Name, StringComparer.Ordinal).ToList();
        var mismatches = new List<RecordMismatch>();
        long records = 0;
        foreach (var type in types)
        {
            var name = type.ClrType.Name;
            var latest = new Dictionary<string, LatestEvent>(StringComparer.Ordinal);
            if (latestEvents is null)
            {
                var latestSequences = db.LedgerEvents.Where(x => x.EntityType == name).GroupBy(x => x.EntityId).Select(g => g.Max(x => x.Sequence));
                foreach (var e in await db.LedgerEvents.AsNoTracking().Where(e => latestSequences.Contains(e.Sequence))
                             .Select(e => new LatestEvent(e.Sequence, e.EntityId, e.EventType, e.Payload)).ToListAsync(ct))
                    latest[e.EntityId] = e;
            }
            else if (latestEvents.TryGetValue(name, out var ofType))
            {
                foreach (var chunk in ofType.Values.Order().Chunk(500))
                    foreach (var e in await db.LedgerEvents.AsNoTracking().Where(e => chunk.Contains(e.Sequence))
                                 .Select(e => new LatestEvent(e.Sequence, e.EntityId, e.EventType, e.Payload)).ToListAsync(ct))
                        latest[e.EntityId] = e;
            }
            var rows = await (Task<List<VersionedEntity>>)typeof(LedgerRecordCheck).GetMethod(nameof(Load), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type.ClrType).Invoke(null, [db, ct])!;
            foreach (var row in rows)
            {
                records++;
                var key = row.LedgerKey;
                if (!latest.Remove(key, out var last))
                {
                    mismatches.Add(new RecordMismatch(name, key, null, "it has no ledger event (it was written to its table without the ledger)"));
                    continue;
                }
                if (last.EventType.EndsWith(".Deleted", StringComparison.Ordinal))
                {
                    mismatches.Add(new RecordMismatch(name, key, last.Sequence, $"it exists although its latest event {last.Sequence} deleted it"));
                    continue;
                }
                var difference = Difference(db, type, row, last.Payload);
                if (difference is not null)
                    mismatches.Add(new RecordMismatch(name, key, last.Sequence, $"{difference} (latest event {last.Sequence})"));
            }
            foreach (var (key, last) in latest)
                if (!last.EventType.EndsWith(".Deleted", StringComparison.Ordinal))
                    mismatches.Add(new RecordMismatch(name, key, last.Sequence, $"its latest event {last.Sequence} records it, but it is missing from its table"));
        }
        var known = types.Select(t => t.ClrType.Name).ToList();
        // With the latest events given, the kinds of record the ledger names are known already: look up only strangers
        // (through the entity index) instead of scanning the whole ledger for them.
        var strangers = latestEvents?.Keys.Where(k => !known.Contains(k)).ToList();
        var candidates = db.LedgerEvents.AsNoTracking();
        candidates = strangers is null ? candidates.Where(e => !known.Contains(e.EntityType)) : candidates.Where(e => strangers.Contains(e.EntityType));
        var stranger = strangers is { Count: 0 } ? null
            : await candidates.OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.EntityType, e.EntityId }).FirstOrDefaultAsync(ct);
        if (stranger is not null)
            mismatches.Add(new RecordMismatch(stranger.EntityType, stranger.EntityId, stranger.Sequence, $"event {stranger.Sequence} names a kind of record the system does not have"));
        var first = mismatches.OrderBy(m => m.LatestSequence ?? 0).ThenBy(m => m.EntityType, StringComparer.Ordinal).ThenBy(m => m.EntityId, StringComparer.Ordinal).FirstOrDefault();
        return new RecordCheckResult(records, mismatches.Count, first);
    }

    private sealed record LatestEvent(long Sequence, string EntityId, string EventType, string Payload);

    private static async Task<List<VersionedEntity>> Load<T>(QuartermasterDb db, CancellationToken ct) where T : VersionedEntity
        => [.. await db.Set<T>().IgnoreQueryFilters().AsNoTracking().ToListAsync(ct)];

    /// <summary>The first field whose stored value is not the recorded one, or null when they agree.</summary>
    private static string? Difference(QuartermasterDb db, IEntityType type, VersionedEntity row, string payload)
    {
        JsonElement state;
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (!doc.RootElement.TryGetProperty("state", out var s) || s.ValueKind != JsonValueKind.Object) return "its latest event carries no state";
            state = s.Clone();
        }
        catch (JsonException)
        {
            return "its latest event's payload is not JSON";
        }
        var entry = db.Entry(row);
        foreach (var property in type.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            // A property added to the model after the event was written is not in it: nothing to compare.
            if (!state.TryGetProperty(property.Name, out var recorded)) continue;
            if (LedgerPayload.IsRedacted(property)) continue;
            var current = entry.Property(property.Name).CurrentValue;
            object? was;
            try
            {
                was = LedgerPayload.FromJson(recorded, property.ClrType);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
            {
                return $"its {property.Name} cannot be read from its latest event";
            }
            if (!Same(property, current, was))
                return $"its {property.Name} is {Show(current)} in its table but {Show(was)} in the ledger";
        }
        return null;
    }

    /// <summary>Equal as stored: both databases keep time to the microsecond, so ticks below it do not count.</summary>
    private static bool Same(IProperty property, object? current, object? was) => (current, was) switch
    {
        (DateTime a, DateTime b) => a.Ticks / 10 == b.Ticks / 10,
        (DateTimeOffset a, DateTimeOffset b) => a.UtcTicks / 10 == b.UtcTicks / 10,
        _ => property.GetValueComparer().Equals(current, was),
    };

    private static string Show(object? value)
    {
        var text = value switch { null => "empty", string s => $"\"{s}\"", _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    /// <summary>
    /// Begins a read-only snapshot of the whole database, so a check sees the ledger and the tables at one instant while
    /// others keep writing (PostgreSQL: REPEATABLE READ; SQLite in WAL mode: a deferred transaction, which blocks no writer).
    /// Disposing it ends the snapshot. Does nothing when the caller already has a transaction.
    /// </summary>
    public static async Task<IAsyncDisposable> BeginSnapshotAsync(QuartermasterDb db, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return new Snapshot(null, null);
        if (db.IsPostgres) return new Snapshot(await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct), null);
        await db.Database.OpenConnectionAsync(ct);
        var raw = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        return new Snapshot(await db.Database.UseTransactionAsync(raw, ct), raw);
    }

    private sealed class Snapshot(IDbContextTransaction? transaction, System.Data.Common.DbTransaction? raw) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                await transaction.DisposeAsync();
            }
            if (raw is not null) await raw.DisposeAsync();
        }
    }
}
