using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quartermaster.Planning;

/// <summary>Reads and writes the JSON scenario format (camelCase, enums as strings; schema in docs/planning.md).</summary>
public static class ScenarioJson
{
    /// <summary>The serializer options of the scenario format.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>Reads and validates a scenario; syntax errors are reported with line and position.</summary>
    public static Scenario Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Scenario? s;
        try { s = JsonSerializer.Deserialize<Scenario>(json, Options); }
        catch (JsonException e) { throw Translate(e); }
        return Checked(s);
    }

    /// <summary>Parses and validates a scenario held in a string.</summary>
    public static Scenario Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Scenario? s;
        try { s = JsonSerializer.Deserialize<Scenario>(json, Options); }
        catch (JsonException e) { throw Translate(e); }
        return Checked(s);
    }

    /// <summary>Writes a scenario as indented JSON.</summary>
    public static void Write(Scenario scenario, Stream output) => JsonSerializer.Serialize(output, scenario, Options);

    /// <summary>Serialises a scenario to an indented JSON string.</summary>
    public static string ToJson(Scenario scenario) => JsonSerializer.Serialize(scenario, Options);

    private static Scenario Checked(Scenario? s)
    {
        if (s is null) throw new ScenarioException("", "the file holds no scenario (null).");
        s.Validate();
        return s;
    }

    private static ScenarioException Translate(JsonException e)
    {
        var where = e.LineNumber is { } line
            ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}"
            : "unknown position";
        var path = string.IsNullOrEmpty(e.Path) ? "" : $" (at {e.Path})";
        var inner = e.Message;
        var cut = inner.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) inner = inner[..cut];
        return new ScenarioException("", $"JSON error at {where}{path}: {inner}", e);
    }
}
