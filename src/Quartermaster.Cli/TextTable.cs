using System.Text;

namespace Quartermaster.Cli;

/// <summary>
/// A table for people that fits the terminal: columns as wide as their widest cell; when that is too wide, long cells
/// are cut with "…"; when even that does not fit, every row becomes a block of "column: value" lines (the list layout).
/// Machine formats (csv, json) never pass through here.
/// </summary>
public static class TextTable
{
    private const string Gap = "  ";
    private const int MinCell = 8;

    /// <summary>$COLUMNS when set, else the terminal's width, else 120 (redirected output or unknown width).</summary>
    public static int Width()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0) return columns;
        try
        {
            if (!Console.IsOutputRedirected && Console.WindowWidth > 0) return Console.WindowWidth;
        }
        catch (IOException) { }
        catch (PlatformNotSupportedException) { }
        return 120;
    }

    public static void Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? rightAligned = null, ISet<int>? whole = null)
        => Console.Write(Render(headers, rows.ToList(), Width(), rightAligned, whole));

    /// <summary>Columns in <paramref name="whole"/> (ids a user copies into the next command) are never cut; the others are, widest first.</summary>
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int width, ISet<int>? rightAligned = null, ISet<int>? whole = null)
    {
        var n = headers.Count;
        var widths = Enumerable.Range(0, n).Select(i => rows.Select(r => Cell(r, i).Length).Prepend(headers[i].Length).Max()).ToArray();
        int Total() => widths.Sum() + Gap.Length * (n - 1);
        // Cut the widest columns first, never below a readable width (nor below the header).
        while (Total() > width)
        {
            var widest = Enumerable.Range(0, n).Where(i => whole?.Contains(i) != true).OrderByDescending(i => widths[i]).FirstOrDefault(-1);
            if (widest < 0) break;
            var floor = Math.Max(MinCell, headers[widest].Length);
            if (widths[widest] <= floor) break;
            widths[widest] = Math.Max(floor, widths[widest] - (Total() - width));
        }
        return Total() <= width ? Columns(headers, rows, widths, rightAligned) : List(headers, rows);
    }

    private static string Cell(IReadOnlyList<string> row, int i) => i < row.Count ? row[i] ?? "" : "";

    private static string Cut(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "…";

    private static string Columns(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int[] widths, ISet<int>? right)
    {
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            var parts = Enumerable.Range(0, widths.Length).Select(i =>
            {
                var c = Cut(Cell(cells, i), widths[i]);
                return right?.Contains(i) == true ? c.PadLeft(widths[i]) : c.PadRight(widths[i]);
            });
            sb.Append(string.Join(Gap, parts).TrimEnd()).Append('\n');
        }
        Line(headers);
        sb.Append(string.Join(Gap, widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var r in rows) Line(r);
        return sb.ToString();
    }

    private static string List(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        var keyWidth = headers.Max(h => h.Length);
        for (var r = 0; r < rows.Count; r++)
        {
            if (r > 0) sb.Append('\n');
            for (var i = 0; i < headers.Count; i++)
                sb.Append((headers[i] + ":").PadRight(keyWidth + 1)).Append(' ').Append(Cell(rows[r], i)).Append('\n');
        }
        return sb.ToString();
    }
}
