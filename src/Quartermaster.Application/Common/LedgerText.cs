namespace Quartermaster.Application.Common;

/// <summary>User-supplied names (file names, mapping names) as they may appear in ledger command texts and answers.</summary>
public static class LedgerText
{
    public const int MaxName = 120;

    /// <summary>
    /// Control and formatting characters (newlines, escapes, bidirectional overrides) removed, surrounding space trimmed,
    /// at most <paramref name="max"/> characters (longer names end in "…"); never empty.
    /// </summary>
    public static string Name(string? name, int max = MaxName)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            .ToArray()).Trim();
        if (clean.Length == 0) return "(unnamed)";
        if (clean.Length <= max) return clean;
        var cut = max - 1;
        if (char.IsHighSurrogate(clean[cut - 1])) cut--;
        return clean[..cut] + "…";
    }
}
