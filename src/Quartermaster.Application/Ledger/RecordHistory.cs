using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Storage;

namespace Quartermaster.Application.Ledger;

/// <summary>
/// One field of a record that a ledger event changed: its name (as stored) and its value before and after (as JSON text,
/// null when empty). For a list field only the elements that differ are kept (removed ones in From, added ones in To)
/// and <see cref="Unchanged"/> counts the elements that are in both.
/// </summary>
public sealed record FieldChange(string Field, string? From, string? To, int Unchanged = 0);

/// <summary>One event of a record's history: when, who (and for which nation), what kind of change, the command, and each changed field.</summary>
public sealed record HistoryEntry(long Sequence, DateTime RecordedAt, string Actor, string? ActorNation, string Change, string Command,
    IReadOnlyList<FieldChange> Changes);

/// <summary>A record's history, newest first, with the names of the records its fields refer to by id (an item, a requirement, a pool).</summary>
public sealed record HistoryLog(IReadOnlyList<HistoryEntry> Entries, IReadOnlyDictionary<string, string> Names)
{
    public static readonly HistoryLog Empty = new([], new Dictionary<string, string>());
}

/// <summary>
/// A record's history read from the ledger: who changed which field from what to what, and when, newest first. The
/// caller has already found the record through the viewer's filtered queries, so the history is of a record the
/// viewer may see; only the ledger's own events for that record are read, and the names of the catalogue items,
/// requirements, funding pools, companies and courses its fields refer to (records every signed-in role may read).
/// </summary>
public sealed class RecordHistoryService(QuartermasterDb db)
{
    public const int Limit = 200;

    /// <summary>Fields that are bookkeeping, not content: never listed as changes.</summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "Id", "Version" };

    public async Task<HistoryLog> Of(string entityType, string entityId, CancellationToken ct = default)
    {
        var events = await db.LedgerEvents.AsNoTracking()
            .Where(e => e.EntityType == entityType && e.EntityId == entityId)
            .OrderByDescending(e => e.Sequence).Take(Limit).ToListAsync(ct);
        var ids = new HashSet<Guid>();
        var entries = events.Select(e =>
        {
            using var doc = JsonDocument.Parse(e.Payload);
            var verb = e.EventType[(e.EventType.LastIndexOf('.') + 1)..];
            var changes = new List<FieldChange>();
            if (doc.RootElement.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in changed.EnumerateObject().Where(p => !Hidden.Contains(p.Name)))
                {
                    var (from, to) = (p.Value.GetProperty("from"), p.Value.GetProperty("to"));
                    CollectIds(p.Name, from, ids);
                    CollectIds(p.Name, to, ids);
                    changes.Add(from.ValueKind == JsonValueKind.Array && to.ValueKind == JsonValueKind.Array
                        ? HistoryDiff.Lists(p.Name, from, to)
                        : new FieldChange(p.Name, Text(from), Text(to)));
                }
            }
            else if (verb == "Created" && doc.RootElement.TryGetProperty("state", out var state))
            {
                foreach (var p in state.EnumerateObject().Where(p => !Hidden.Contains(p.Name)))
                {
                    CollectIds(p.Name, p.Value, ids);
                    if (Text(p.Value) is { } v) changes.Add(new FieldChange(p.Name, null, v));
                }
            }
            return new HistoryEntry(e.Sequence, DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc), e.Actor, e.ActorNation, verb, e.Command, changes);
        }).ToList();
        return new HistoryLog(entries, await NamesOf(ids, ct));
    }

    /// <summary>Every id held by a field or a list element's property whose name ends in "Id" ("ItemId", "RequirementId").</summary>
    private static void CollectIds(string name, JsonElement value, HashSet<Guid> ids)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when name.EndsWith("Id", StringComparison.Ordinal) && Guid.TryParse(value.GetString(), out var id):
                ids.Add(id);
                break;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray()) CollectIds(name, element, ids);
                break;
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject()) CollectIds(p.Name, p.Value, ids);
                break;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> NamesOf(HashSet<Guid> ids, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (ids.Count == 0) return names;
        var list = ids.ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => list.Contains(i.Id)).Select(i => new { i.Id, i.Name, i.Code }).ToListAsync(ct);
        foreach (var i in items) names[i.Id.ToString()] = $"{i.Name} ({i.Code})";
        var requirements = await db.Requirements.AsNoTracking().Where(r => list.Contains(r.Id))
            .Join(db.CatalogueItems, r => r.ItemId, i => i.Id, (r, i) => new { r.Id, r.Period, r.PriorityRank, i.Name }).ToListAsync(ct);
        foreach (var r in requirements) names[r.Id.ToString()] = $"#{r.PriorityRank} {r.Name} ({r.Period})";
        foreach (var p in await db.FundingPools.AsNoTracking().Where(p => list.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            names[p.Id.ToString()] = p.Name;
        foreach (var c in await db.Companies.AsNoTracking().Where(c => list.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            names[c.Id.ToString()] = c.Name;
        foreach (var c in await db.Courses.AsNoTracking().Where(c => list.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.Code }).ToListAsync(ct))
            names[c.Id.ToString()] = $"{c.Name} ({c.Code})";
        return names;
    }

    internal static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Array => v.GetArrayLength() == 0 ? null : v.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => v.GetRawText(),
    };
}

/// <summary>What a change of a list field did: which elements went, which came, how many stayed.</summary>
public static class HistoryDiff
{
    /// <summary>
    /// The elements of <paramref name="from"/> not in <paramref name="to"/> (as a JSON list, null when none), those of
    /// <paramref name="to"/> not in <paramref name="from"/>, and the count in both; equal elements are matched one for one,
    /// so a list that gains a duplicate shows the duplicate as added.
    /// </summary>
    public static FieldChange Lists(string field, JsonElement from, JsonElement to)
    {
        var left = from.EnumerateArray().Select(e => e.GetRawText()).ToList();
        var right = to.EnumerateArray().Select(e => e.GetRawText()).ToList();
        var inLeft = left.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var inRight = right.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int Common(string x) => Math.Min(inLeft.GetValueOrDefault(x), inRight.GetValueOrDefault(x));
        List<string> Beyond(List<string> xs)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            return xs.Where(x => (seen[x] = seen.GetValueOrDefault(x) + 1) > Common(x)).ToList();
        }
        var removed = Beyond(left);
        var added = Beyond(right);
        var unchanged = left.Count - removed.Count;
        static string? Json(List<string> xs) => xs.Count == 0 ? null : "[" + string.Join(",", xs) + "]";
        return new FieldChange(field, Json(removed), Json(added), unchanged);
    }
}
