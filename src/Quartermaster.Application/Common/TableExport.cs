using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Quartermaster.Application.Common;

/// <summary>One column of an exported table: its header, how a row gives its value, and (for numbers) the format.</summary>
public sealed record ExportColumn<T>(string Name, Func<T, object?> Value, string? Format = null);

/// <summary>
/// The one writer of every CSV and XLSX export. Text cells that a spreadsheet would run as a formula (OWASP's CSV-injection
/// rule: a first character of <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) are written with a leading
/// apostrophe, so opening an export never runs anything; numbers are written as numbers (invariant culture).
/// </summary>
public static class TableExport
{
    /// <summary>The text as it is safe to put into a spreadsheet cell.</summary>
    public static string Neutralise(string text)
        => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static string Csv<T>(IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(c => Quote(Neutralise(c.Name)))).Append('\n');
        foreach (var row in rows)
            sb.AppendJoin(',', columns.Select(c => CsvCell(c.Value(row), c.Format))).Append('\n');
        return sb.ToString();
    }

    /// <summary>The CSV as a download: UTF-8 with a byte-order mark, so that a spreadsheet opens accents and Cyrillic correctly.</summary>
    public static byte[] CsvBytes<T>(IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows)
        => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv(columns, rows))];

    public static byte[] Xlsx<T>(IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows, string sheetName)
    {
        var table = rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>();
            foreach (var c in columns) cells[c.Name] = XlsxCell(c.Value(row));
            return cells;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(table, sheetName: sheetName);
        return stream.ToArray();
    }

    private static string CsvCell(object? value, string? format) => value switch
    {
        null => "",
        string s => Quote(Neutralise(s)),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
        _ => Quote(Neutralise(value.ToString() ?? "")),
    };

    private static object? XlsxCell(object? value) => value switch
    {
        null => null,
        string s => Neutralise(s),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        decimal or int or long or short or double or bool => value,
        _ => Neutralise(value.ToString() ?? ""),
    };

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
