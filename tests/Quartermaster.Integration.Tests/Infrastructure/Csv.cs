using System.Text;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>Writes rows back to CSV (RFC 4180 quoting), so that tests can change one cell of a real file.</summary>
public static class Csv
{
    public static string Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyDictionary<string, string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', headers.Select(Quote))).Append('\n');
        foreach (var r in rows) sb.Append(string.Join(',', headers.Select(h => Quote(r[h])))).Append('\n');
        return sb.ToString();
    }

    public static IReadOnlyList<string> Headers(string path)
    {
        using var reader = Sylvan.Data.Csv.CsvDataReader.Create(path);
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
