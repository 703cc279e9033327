using System.Globalization;
using System.Text.Json;
using Quartermaster.Application.Common;

namespace Quartermaster.Application.Funding;

/// <summary>
/// A funded package's list fields (stored as JSON) in words, for the record history: a line is its requirement, quantity
/// and value; a contribution its donor, amount and answer; an attribution which donor's money pays how much of which
/// line. Ids are named from the history's names (an id it cannot name is shown as it is). Amounts are in the package's
/// currency, which the history shows as its own field.
/// </summary>
public static class PackageText
{
    public static string Lines(string raw, IReadOnlyDictionary<string, string> names)
        => Each(raw, l => $"{Name(l, "RequirementId", names)}: {Number(l, "Quantity")} × {Number(l, "UnitValue")} = {Number(l, "Value")}");

    public static string Contributions(string raw, IReadOnlyDictionary<string, string> names)
        => Each(raw, c => $"{Str(c, "DonorCode")} {Number(c, "Amount")}, {Labels.Of("PackageContributionState", Str(c, "State")).ToLowerInvariant()}");

    public static string Attributions(string raw, IReadOnlyDictionary<string, string> names)
        => Each(raw, a => $"{Str(a, "DonorCode")} {Number(a, "Amount")} → {Name(a, "RequirementId", names)}");

    private static string Each(string raw, Func<JsonElement, string> one)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw);
            return doc.RootElement.ValueKind != JsonValueKind.Array ? raw
                : doc.RootElement.GetArrayLength() == 0 ? "none"
                : string.Join("; ", doc.RootElement.EnumerateArray().Select(one));
        }
        catch (JsonException) { return raw; }
        catch (InvalidOperationException) { return raw; }
    }

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "?";

    private static string Name(JsonElement e, string name, IReadOnlyDictionary<string, string> names)
        => Str(e, name) is var id && names.TryGetValue(id, out var n) ? n : id;

    private static string Number(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal().ToString("#,0.##", CultureInfo.InvariantCulture) : "?";
}
