namespace Quartermaster.Application.Import;

internal static class ImportCommon
{
    /// <summary>The sheet a mapping reads: the one it names (a CSV file's one table is taken as it), else the first sheet (others are mentioned in a warning).</summary>
    public static SourceSheet? PickSheet(IReadOnlyList<SourceSheet> sheets, ImportMapping mapping, List<ImportIssue> issues, List<string> warnings)
    {
        if (sheets.Count == 0)
        {
            issues.Add(new ImportIssue("(file)", 0, null, "the file holds no sheet with data"));
            return null;
        }
        // A CSV file is one table: it is the mapped sheet (saved on its own).
        if (mapping.Sheet is not null && !(sheets.Count == 1 && sheets[0].FromCsv))
        {
            var s = sheets.FirstOrDefault(x => string.Equals(x.Name, mapping.Sheet, StringComparison.OrdinalIgnoreCase));
            if (s is null)
                issues.Add(new ImportIssue(mapping.Sheet!, 0, null, $"the mapping '{mapping.Name}' reads sheet '{mapping.Sheet}', which the file does not have (it has: {string.Join(", ", sheets.Select(x => $"'{x.Name}'"))})"));
            else warnings.AddRange(s.Warnings);
            return s;
        }
        if (sheets.Count > 1)
            warnings.Add($"Only the first sheet '{sheets[0].Name}' was read; ignored: {string.Join(", ", sheets.Skip(1).Select(x => $"'{x.Name}'"))}.");
        warnings.AddRange(sheets[0].Warnings);
        return sheets[0];
    }

    public static void WarnMissingOptional(List<string> missing, List<string> warnings)
    {
        if (missing.Count > 0)
            warnings.Add($"Optional columns not in the file (their fields stay empty): {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
    }

    /// <summary>Reports a key used twice, naming both lines.</summary>
    public static void CheckDuplicate(Dictionary<string, int> seen, string? key, FieldReader reader, string? column)
    {
        if (key is null) return;
        if (seen.TryGetValue(key, out var first))
            reader.Issue(column, $"the key '{key}' is used twice: on line {first} and on line {reader.Row.Line}");
        else
            seen[key] = reader.Row.Line;
    }

    /// <summary>The key a mapping's key rule gives each row (prefix + cell + optionally "#" + ordinal among equal cells, in file order).</summary>
    public static string?[] RuleKeys(KeyRule rule, IReadOnlyList<SourceRow> rows, int position)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var v = rows[i][position]?.Trim();
            if (string.IsNullOrEmpty(v)) continue;
            if (rule.Ordinal)
            {
                counts[v] = counts.TryGetValue(v, out var n) ? n + 1 : 1;
                keys[i] = $"{rule.Prefix}{v}#{counts[v]}";
            }
            else keys[i] = rule.Prefix + v;
        }
        return keys;
    }
}
