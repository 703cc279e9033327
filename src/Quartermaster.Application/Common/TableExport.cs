using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Quartermaster.Application.Common;

/// <summary>One column of an exported table: its code (the file's header), and the value of a row (string, number, date, bool or null).</summary>
public sealed record ExportColumn<T>(string Code, Func<T, object?> Value);

/// <summary>
/// The one CSV/XLSX writer for exported lists. Headers are the column codes and enum values stay codes (files keep
/// codes; pages show words). Text that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return) is neutralised with a leading apostrophe in both formats; numbers
/// stay numbers, so a negative amount is still a number.
/// </summary>
public static class TableExport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Prefixes text that a spreadsheet would evaluate with an apostrophe.</summary>
    public static string Neutralise(string text)
        => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static byte[] Csv<T>(IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(c => Quote(Neutralise(c.Code)))).Append("\r\n");
        foreach (var row in rows)
            sb.AppendJoin(',', columns.Select(c => CsvCell(c.Value(row)))).Append("\r\n");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray();
    }

    public static byte[] Xlsx<T>(IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows, string sheet = "export")
    {
        var data = rows.Select(row =>
        {
            IDictionary<string, object?> d = new Dictionary<string, object?>(columns.Count);
            foreach (var c in columns) d[Neutralise(c.Code)] = XlsxCell(c.Value(row));
            return d;
        });
        using var ms = new MemoryStream();
        ms.SaveAs(data, sheetName: sheet, configuration: new OpenXmlConfiguration { FastMode = true, AutoFilter = true });
        return ms.ToArray();
    }

    private static string CsvCell(object? value) => value switch
    {
        null => "",
        string s => Quote(Neutralise(s)),
        decimal d => d.ToString(Inv),
        double d => d.ToString("R", Inv),
        int or long or short => Convert.ToString(value, Inv)!,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", Inv),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ssZ", Inv),
        Enum e => e.ToString(),
        _ => Quote(Neutralise(Convert.ToString(value, Inv) ?? "")),
    };

    private static object? XlsxCell(object? value) => value switch
    {
        null => null,
        string s => Neutralise(s),
        DateOnly d => d.ToString("yyyy-MM-dd", Inv),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", Inv),
        Enum e => e.ToString(),
        decimal or double or int or long or short or bool => value,
        _ => Neutralise(Convert.ToString(value, Inv) ?? ""),
    };

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
