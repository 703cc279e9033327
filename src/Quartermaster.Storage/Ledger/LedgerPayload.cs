using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Storage.Ledger;

/// <summary>
/// Turns a tracked change into a ledger event. The payload holds the record's full state after the change
/// (so that any record can be rebuilt as of any date from the ledger alone) and, for updates, each changed
/// field's old and new value. JSON is canonical: keys sorted, no insignificant white space.
/// </summary>
public static class LedgerPayload
{
    private static readonly JsonSerializerOptions ValueOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static LedgerEvent EventFor(EntityEntry entry, VersionedEntity entity, DateTime now, ChangeContext context)
    {
        var entityType = entry.Metadata.ClrType.Name;
        var (verb, useOriginal) = entry.State switch
        {
            EntityState.Added => ("Created", false),
            EntityState.Deleted => ("Deleted", true),
            _ => ("Updated", false),
        };
        var payload = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["state"] = StateOf(entry, useOriginal) };
        if (entry.State == EntityState.Modified)
        {
            var changed = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var p in entry.Properties.Where(p => p.IsModified && p.Metadata.Name != nameof(VersionedEntity.Version)))
                changed[p.Metadata.Name] = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal)
                {
                    ["from"] = Redacted(p) ? RedactedValue : ToJson(p.OriginalValue),
                    ["to"] = Redacted(p) ? RedactedValue : ToJson(p.CurrentValue),
                };
            payload["changed"] = changed;
        }
        return new LedgerEvent
        {
            RecordedAt = now,
            Actor = context.Actor.Name,
            ActorNation = context.Actor.Nation,
            EventType = $"{entityType}.{verb}",
            EntityType = entityType,
            EntityId = entity.LedgerKey,
            Command = context.Command.Length > 500 ? context.Command[..500] : context.Command,
            Payload = Canonical(JsonSerializer.SerializeToElement(payload, ValueOptions)),
        };
    }

    /// <summary>The record's state as a ledger event records it: every property by name, secrets redacted.</summary>
    public static SortedDictionary<string, JsonElement> StateOf(EntityEntry entry, bool useOriginal = false)
    {
        var state = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in entry.Properties)
            state[p.Metadata.Name] = Redacted(p) ? RedactedValue : ToJson(useOriginal ? p.OriginalValue : p.CurrentValue);
        return state;
    }

    /// <summary>Reads a value as a ledger payload wrote it, back into the property's type.</summary>
    public static object? FromJson(JsonElement value, Type type) => value.Deserialize(type, ValueOptions);

    private static readonly JsonElement RedactedValue = JsonSerializer.SerializeToElement("[redacted]");

    /// <summary>Secrets (password and token hashes) are never written to the ledger; that they changed is.</summary>
    private static bool Redacted(PropertyEntry p) => IsRedacted(p.Metadata);

    public static bool IsRedacted(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyProperty p)
        => p.PropertyInfo?.IsDefined(typeof(Domain.Access.LedgerRedactedAttribute), false) == true;

    private static JsonElement ToJson(object? value) => JsonSerializer.SerializeToElement(value, ValueOptions);

    /// <summary>Re-writes JSON with object keys sorted (ordinal) at every depth and no white space.</summary>
    public static string Canonical(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer, element);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(w, item);
                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }
}
