using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Catalogue;

namespace Quartermaster.Application.Technology;

/// <summary>
/// The export-control category tables of data/export-control (embedded at build time): the 22 Munitions List
/// categories and the structure of EU Annex I (categories 0–9, product groups A–E). They give words to an entry; they
/// do not list every Annex I entry, so an entry such as 4A005 is checked for its structure, not looked up.
/// </summary>
public static class ExportControlList
{
    private static readonly Lazy<(Dictionary<string, string> Ml, Dictionary<string, string> Categories, Dictionary<string, string> Groups)> Tables = new(Load);

    public static IReadOnlyDictionary<string, string> MunitionsList => Tables.Value.Ml;

    /// <summary>"ML10" or "ML10.a" → the short title of ML10.</summary>
    public static string? MunitionsListTitle(string? entry)
    {
        if (entry is null || !ControlEntry.IsMunitionsList(entry)) return null;
        var head = entry.Split('.')[0];
        return Tables.Value.Ml.GetValueOrDefault(head);
    }

    /// <summary>"4A005" → "Computers — Systems, equipment and components".</summary>
    public static string? DualUseDescription(string? entry)
    {
        if (entry is null || entry.Length < 2 || ControlEntry.IsMunitionsList(entry)) return null;
        var (_, categories, groups) = Tables.Value;
        return categories.TryGetValue(entry[..1], out var category) && groups.TryGetValue(entry[1..2], out var group) ? $"{category} — {group}" : null;
    }

    private static (Dictionary<string, string>, Dictionary<string, string>, Dictionary<string, string>) Load()
    {
        var ml = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Rows("export-control/wassenaar_ml_categories.csv")) ml[row[0]] = row[1];
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Rows("export-control/eu_dual_use_annex1_structure.csv"))
            (row[0] == "category" ? categories : groups)[row[1]] = row[2];
        if (ml.Count != 22 || categories.Count != 10 || groups.Count != 5)
            throw new InvalidDataException($"The export-control tables are incomplete: {ml.Count} ML categories, {categories.Count} Annex I categories, {groups.Count} product groups.");
        return (ml, categories, groups);
    }

    private static IEnumerable<string[]> Rows(string path)
    {
        using var reader = new StreamReader(EmbeddedData.Open(path));
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return Split(line);
    }

    /// <summary>One CSV line: comma-separated, double quotes around fields that hold commas ("" inside quotes is a quote).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
