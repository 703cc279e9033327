using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quartermaster.Planning;

/// <summary>Writes a <see cref="PlanResult"/> as JSON (camelCase, enums as strings, nulls omitted).</summary>
public static class PlanResultJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>Writes the plan to <paramref name="output"/> (UTF-8).</summary>
    public static void Write(PlanResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        JsonSerializer.Serialize(output, result, Options);
    }

    /// <summary>The plan as a JSON string.</summary>
    public static string ToJson(PlanResult result) => JsonSerializer.Serialize(result, Options);

    /// <summary>Reads a plan written by <see cref="Write"/>.</summary>
    public static PlanResult Read(Stream input)
        => JsonSerializer.Deserialize<PlanResult>(input, Options) ?? throw new JsonException("The file holds no plan.");
}
