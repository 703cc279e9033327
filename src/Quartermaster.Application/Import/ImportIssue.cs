namespace Quartermaster.Application.Import;

/// <summary>
/// One problem found in an imported file. <see cref="Sheet"/> is the worksheet name (for a CSV file: the file
/// name); <see cref="Line"/> is the spreadsheet's own line number (header = 1, first data row = 2; 0 when the
/// problem concerns the whole file or a mapping file without a line); <see cref="Column"/> names the SOURCE column.
/// </summary>
public sealed record ImportIssue(string Sheet, int Line, string? Column, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"sheet '{Sheet}', line {Line}" : $"sheet '{Sheet}'";
        return Column is null ? $"{where}: {Message}" : $"{where}, column '{Column}': {Message}";
    }
}

/// <summary>The file (or mapping) was refused; <see cref="Issues"/> lists every problem found, not only the first.</summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportIssue> issues)
    : Exception(Summarise(issues))
{
    public IReadOnlyList<ImportIssue> Issues { get; } = issues;

    private static string Summarise(IReadOnlyList<ImportIssue> issues)
        => issues.Count switch
        {
            0 => "The import was rejected.",
            1 => $"The import was rejected: 1 issue: {issues[0]}",
            _ => $"The import was rejected: {issues.Count} issues; the first: {issues[0]}",
        };
}

/// <summary>Limits that protect the importer from oversized or hostile files.</summary>
public sealed record ImportLimits
{
    public static readonly ImportLimits Default = new();

    /// <summary>Most data rows accepted over all sheets (blank rows are not counted).</summary>
    public int MaxRows { get; init; } = 200_000;

    /// <summary>Most bytes an XLSX file may hold once decompressed (sum over all zip entries).</summary>
    public long MaxUncompressedBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Most bytes of the file itself (the compressed XLSX or the CSV text).</summary>
    public long MaxFileBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Highest uncompressed/compressed ratio accepted for a zip entry larger than <see cref="RatioCheckFromBytes"/>.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Entries smaller than this are not ratio-checked (tiny XML parts compress very well and are harmless).</summary>
    public long RatioCheckFromBytes { get; init; } = 1024 * 1024;
}

/// <summary>
/// The outcome of parsing: the rows that parsed without a problem, and the complete list of problems. When there is any
/// issue the import as a whole is refused (<see cref="RowsOrThrow"/>), but the good rows still go through the later
/// checks (unknown nations and items, policies) so that one pass reports everything.
/// </summary>
public sealed record ParsedImport<T>(IReadOnlyList<T> Rows, IReadOnlyList<ImportIssue> Issues, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Issues.Count == 0;

    /// <summary>Returns the rows, or throws <see cref="ImportRejectedException"/> with every issue: nothing is half-imported.</summary>
    public IReadOnlyList<T> RowsOrThrow() => IsValid ? Rows : throw new ImportRejectedException(Issues);

    internal static ParsedImport<T> Rejected(IReadOnlyList<ImportIssue> issues) => new([], issues, []);
}
