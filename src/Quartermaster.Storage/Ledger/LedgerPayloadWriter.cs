using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Storage.Ledger;

/// <summary>
/// Writes the ledger payload of <see cref="LedgerPayload"/> (the same canonical JSON, byte for byte: keys sorted
/// ordinally, no white space, the same value encoding) straight from a record's values, without building JSON
/// documents and re-sorting them, for the bulk path.
/// </summary>
internal sealed class LedgerPayloadWriter
{
    private static readonly JsonSerializerOptions ValueOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Dictionary<BulkWriter.Table, int[]> sortedByName = [];

    public LedgerEvent EventFor(BulkWriter.Table t, string entityId, object?[] values, object?[]? original, List<int>? changed,
        DateTime now, ChangeContext context)
    {
        if (!sortedByName.TryGetValue(t, out var order))
            sortedByName[t] = order = Enumerable.Range(0, t.Properties.Length)
                .OrderBy(i => t.Properties[i].Name, StringComparer.Ordinal).ToArray();
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            if (changed is not null)
            {
                w.WritePropertyName("changed");
                w.WriteStartObject();
                foreach (var i in order)
                {
                    if (!changed.Contains(i)) continue;
                    w.WritePropertyName(t.Properties[i].Name);
                    w.WriteStartObject();
                    w.WritePropertyName("from");
                    Value(w, t.Redacted[i] ? "[redacted]" : original![i]);
                    w.WritePropertyName("to");
                    Value(w, t.Redacted[i] ? "[redacted]" : values[i]);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WritePropertyName("state");
            w.WriteStartObject();
            foreach (var i in order)
            {
                w.WritePropertyName(t.Properties[i].Name);
                Value(w, t.Redacted[i] ? "[redacted]" : values[i]);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        var entityType = t.Type.ClrType.Name;
        return new LedgerEvent
        {
            RecordedAt = now,
            Actor = context.Actor.Name,
            ActorNation = context.Actor.Nation,
            EventType = $"{entityType}.{(changed is null ? "Created" : "Updated")}",
            EntityType = entityType,
            EntityId = entityId,
            Command = context.Command.Length > 500 ? context.Command[..500] : context.Command,
            Payload = Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }

    private static void Value(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int n: w.WriteNumberValue(n); break;
            case long n: w.WriteNumberValue(n); break;
            case decimal d: w.WriteNumberValue(d); break;
            case Guid g: w.WriteStringValue(g); break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
            case Enum e when Enum.IsDefined(e.GetType(), e): w.WriteStringValue(e.ToString()); break;
            default:
                // Anything else (dates, enums, lists, value objects) as LedgerPayload encodes it: serialised, then canonical.
                var element = JsonSerializer.SerializeToElement(value, value.GetType(), ValueOptions);
                if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    w.WriteRawValue(LedgerPayload.Canonical(element), skipInputValidation: true);
                else
                    element.WriteTo(w);
                break;
        }
    }
}
