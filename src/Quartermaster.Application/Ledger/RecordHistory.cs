using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Storage;

namespace Quartermaster.Application.Ledger;

/// <summary>One field of a record that a ledger event changed: its name (as stored) and its value before and after (as JSON text, null when empty).</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>One event of a record's history: when, who (and for which nation), what kind of change, the command, and each changed field.</summary>
public sealed record HistoryEntry(long Sequence, DateTime RecordedAt, string Actor, string? ActorNation, string Change, string Command,
    IReadOnlyList<FieldChange> Changes);

/// <summary>
/// A record's history read from the ledger: who changed which field from what to what, and when, newest first. The
/// caller has already found the record through the viewer's filtered queries, so the history is of a record the
/// viewer may see; only the ledger's own events for that record are read.
/// </summary>
public sealed class RecordHistoryService(QuartermasterDb db)
{
    public const int Limit = 200;

    /// <summary>Fields that are bookkeeping, not content: never listed as changes.</summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "Id", "Version" };

    public async Task<IReadOnlyList<HistoryEntry>> Of(string entityType, string entityId, CancellationToken ct = default)
    {
        var events = await db.LedgerEvents.AsNoTracking()
            .Where(e => e.EntityType == entityType && e.EntityId == entityId)
            .OrderByDescending(e => e.Sequence).Take(Limit).ToListAsync(ct);
        return events.Select(e =>
        {
            using var doc = JsonDocument.Parse(e.Payload);
            var verb = e.EventType[(e.EventType.LastIndexOf('.') + 1)..];
            var changes = new List<FieldChange>();
            if (doc.RootElement.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in changed.EnumerateObject().Where(p => !Hidden.Contains(p.Name)))
                    changes.Add(new FieldChange(p.Name, Text(p.Value.GetProperty("from")), Text(p.Value.GetProperty("to"))));
            }
            else if (verb == "Created" && doc.RootElement.TryGetProperty("state", out var state))
            {
                foreach (var p in state.EnumerateObject().Where(p => !Hidden.Contains(p.Name)))
                    if (Text(p.Value) is { } v) changes.Add(new FieldChange(p.Name, null, v));
            }
            return new HistoryEntry(e.Sequence, DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc), e.Actor, e.ActorNation, verb, e.Command, changes);
        }).ToList();
    }

    private static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Array => v.GetArrayLength() == 0 ? null : v.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => v.GetRawText(),
    };
}
