using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace Quartermaster.Application.Import;

/// <summary>One worksheet (or the one table of a CSV file): its header names and its non-blank data rows.</summary>
public sealed record SourceSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<SourceRow> Rows);

/// <summary>
/// One data row. <see cref="Line"/> is the spreadsheet's line number (header = 1). <see cref="Cells"/> maps every
/// header name to the cell's text (null when the cell is empty); numbers are invariant-culture text.
/// </summary>
public sealed record SourceRow(int Line, IReadOnlyDictionary<string, string?> Cells)
{
    public string? this[string header] => Cells.TryGetValue(header, out var v) ? v : null;
}

/// <summary>
/// Reads a CSV (Sylvan.Data.Csv) or XLSX (MiniExcel) file into sheets of text cells. Pure apart from reading the
/// stream it is given. Refuses (with <see cref="ImportRejectedException"/>, all problems at once) anything that is
/// not a CSV or XLSX file, zip bombs, files over the limits, and empty or duplicate header names.
/// </summary>
/// <remarks>
/// CSV line numbers are physical lines: a quoted field with embedded line breaks makes the next row start further
/// down, and the row's <see cref="SourceRow.Line"/> is the line on which the row STARTS (counted from Sylvan's raw
/// record text, which includes the line ending). XLSX line numbers are the worksheet's row numbers as MiniExcel
/// reports them in order (MiniExcel yields missing rows as empty rows, so gaps keep their numbers).
/// </remarks>
public static class TabularReader
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0];

    public static IReadOnlyList<SourceSheet> Read(Stream stream, string fileName) => Read(stream, fileName, ImportLimits.Default);

    public static IReadOnlyList<SourceSheet> Read(Stream stream, string fileName, ImportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0) name = "upload";

        var bytes = ReadAll(stream, limits.MaxFileBytes, name);
        var ext = Path.GetExtension(name).ToLowerInvariant();

        if (StartsWith(bytes, ZipMagic))
            return ReadXlsx(bytes, name, limits);
        if (StartsWith(bytes, OleMagic))
            throw Reject(name, "not a CSV or XLSX file: it looks like an old binary .xls workbook; save it as .xlsx or .csv");
        if (ext is ".xlsx" or ".xlsm")
            throw Reject(name, "not a CSV or XLSX file: the name ends in .xlsx but the content is not a zip package");
        if (ext is not (".csv" or ".txt" or "") || !LooksLikeText(bytes))
            throw Reject(name, "not a CSV or XLSX file");
        return [ReadCsv(bytes, name, limits)];
    }

    private static ImportRejectedException Reject(string sheet, string message) => new([new ImportIssue(sheet, 0, null, message)]);

    private static byte[] ReadAll(Stream stream, long max, string name)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > max)
                throw Reject(name, $"the file is larger than the limit of {max:N0} bytes");
        }
        return ms.ToArray();
    }

    private static bool StartsWith(byte[] bytes, byte[] magic) => bytes.AsSpan().StartsWith(magic);

    private static bool LooksLikeText(byte[] bytes)
    {
        var probe = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        if (probe.IndexOf((byte)0) >= 0) return false;
        // Strict UTF-8 over the probe (allow a multi-byte sequence cut at the end of the probe).
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        try
        {
            var chars = new char[probe.Length + 4];
            decoder.GetChars(probe, chars, flush: bytes.Length <= 8192);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- CSV

    private static SourceSheet ReadCsv(byte[] bytes, string name, ImportLimits limits)
    {
        var issues = new List<ImportIssue>();
        using var text = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Culture = CultureInfo.InvariantCulture,
            MaxBufferSize = 16 * 1024 * 1024,
        };
        string[] headers;
        var raw = new List<(int Line, string?[] Cells, int FieldCount)>();
        try
        {
            using var csv = CsvDataReader.Create(text, options);
            headers = new string[csv.FieldCount];
            var headerLines = 1;
            for (var i = 0; i < csv.FieldCount; i++)
            {
                headers[i] = csv.GetName(i);
                headerLines += CountLineBreaks(headers[i]);
            }
            var line = headerLines + 1;
            while (csv.Read())
            {
                var rowLine = line;
                line += CountLineBreaks(csv.GetRawRecordSpan());
                var cells = new string?[Math.Max(headers.Length, csv.RowFieldCount)];
                var blank = true;
                for (var i = 0; i < csv.RowFieldCount; i++)
                {
                    var v = csv.GetString(i);
                    if (string.IsNullOrWhiteSpace(v)) continue;
                    cells[i] = v;
                    blank = false;
                }
                if (blank) continue;
                if (raw.Count >= limits.MaxRows)
                {
                    issues.Add(new ImportIssue(name, rowLine, null, $"the file has more than {limits.MaxRows:N0} data rows (the limit)"));
                    throw new ImportRejectedException(issues);
                }
                raw.Add((rowLine, cells, csv.RowFieldCount));
            }
        }
        catch (ImportRejectedException) { throw; }
        catch (Exception ex) when (ex is CsvFormatException or CsvRecordTooLargeException or CsvMissingHeadersException or InvalidDataException)
        {
            issues.Add(new ImportIssue(name, 0, null, $"the CSV text cannot be read: {ex.Message}"));
            throw new ImportRejectedException(issues);
        }
        if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace))
            throw Reject(name, "the file has no header row");

        var keep = CheckHeaders(headers, name, issues, i => raw.Any(r => i < r.Cells.Length && r.Cells[i] is not null));
        var rows = new List<SourceRow>(raw.Count);
        foreach (var (rowLine, cells, fieldCount) in raw)
        {
            for (var i = headers.Length; i < cells.Length; i++)
                if (cells[i] is not null)
                {
                    issues.Add(new ImportIssue(name, rowLine, null, $"the row has {fieldCount} fields but the header names only {headers.Length} columns"));
                    break;
                }
            var dict = new Dictionary<string, string?>(headers.Length, StringComparer.Ordinal);
            for (var i = 0; i < headers.Length; i++)
                if (keep[i]) dict[headers[i]] = cells[i];
            rows.Add(new SourceRow(rowLine, dict));
        }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return new SourceSheet(name, headers.Where((_, i) => keep[i]).ToList(), rows);
    }

    private static int CountLineBreaks(ReadOnlySpan<char> s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\n') n++;
            else if (s[i] == '\r' && (i + 1 == s.Length || s[i + 1] != '\n')) n++;
        }
        return n;
    }

    /// <summary>Trims header names in place; reports duplicates and empty names of columns that hold data.</summary>
    private static bool[] CheckHeaders(string[] headers, string sheet, List<ImportIssue> issues, Func<int, bool> columnHasData)
    {
        var keep = new bool[headers.Length];
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Length; i++)
        {
            headers[i] = (headers[i] ?? "").Trim();
            if (headers[i].Length == 0)
            {
                if (columnHasData(i))
                    issues.Add(new ImportIssue(sheet, 1, ColumnLabel(i), $"column {ColumnLabel(i)} holds data but its header name is empty"));
                continue;
            }
            if (seen.TryGetValue(headers[i], out var first))
            {
                issues.Add(new ImportIssue(sheet, 1, headers[i], $"the header name '{headers[i]}' appears twice (columns {ColumnLabel(first)} and {ColumnLabel(i)})"));
                continue;
            }
            seen[headers[i]] = i;
            keep[i] = true;
        }
        return keep;
    }

    /// <summary>"3 (C)": the 1-based position and the spreadsheet letter of a column.</summary>
    private static string ColumnLabel(int index) => $"{index + 1} ({Letters(index)})";

    private static string Letters(int index)
    {
        var s = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    private static int LetterIndex(string letters)
    {
        var n = 0;
        foreach (var ch in letters) n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        return n - 1;
    }

    // ---------------------------------------------------------------- XLSX

    private static IReadOnlyList<SourceSheet> ReadXlsx(byte[] bytes, string name, ImportLimits limits)
    {
        CheckZip(bytes, name, limits);
        var issues = new List<ImportIssue>();
        var sheets = new List<SourceSheet>();
        var total = 0;
        try
        {
            using var ms = new MemoryStream(bytes, writable: false);
            var sheetNames = MiniExcel.GetSheetNames(ms);
            foreach (var sheetName in sheetNames)
            {
                ms.Position = 0;
                var raw = new List<(int Line, string?[] Cells)>();
                var line = 0;
                var width = 0;
                foreach (IDictionary<string, object?> row in MiniExcel.Query(ms, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX))
                {
                    line++;
                    var cells = new string?[row.Count == 0 ? 0 : row.Keys.Max(k => LetterIndex(k)) + 1];
                    var blank = true;
                    foreach (var (key, value) in row)
                    {
                        var text = CellText(value);
                        if (string.IsNullOrWhiteSpace(text)) continue;
                        cells[LetterIndex(key)] = text;
                        blank = false;
                    }
                    if (blank && raw.Count > 0) continue; // blank data rows are skipped
                    if (blank) { continue; }
                    width = Math.Max(width, cells.Length);
                    if (raw.Count > 0 && ++total > limits.MaxRows)
                    {
                        issues.Add(new ImportIssue(sheetName, line, null, $"the workbook has more than {limits.MaxRows:N0} data rows (the limit)"));
                        throw new ImportRejectedException(issues);
                    }
                    raw.Add((line, cells));
                }
                if (raw.Count == 0) continue; // an empty sheet
                var headerLine = raw[0].Line;
                var headers = new string[width];
                for (var i = 0; i < width; i++) headers[i] = i < raw[0].Cells.Length ? raw[0].Cells[i] ?? "" : "";
                var keep = CheckHeaders(headers, sheetName, issues,
                    i => raw.Skip(1).Any(r => i < r.Cells.Length && r.Cells[i] is not null));
                if (headerLine != 1)
                    issues.Add(new ImportIssue(sheetName, headerLine, null, $"the header must be on line 1, but lines 1 to {headerLine - 1} are blank"));
                var rows = new List<SourceRow>(raw.Count - 1);
                foreach (var (rowLine, cells) in raw.Skip(1))
                {
                    var dict = new Dictionary<string, string?>(width, StringComparer.Ordinal);
                    for (var i = 0; i < width; i++)
                        if (keep[i]) dict[headers[i]] = i < cells.Length ? cells[i] : null;
                    rows.Add(new SourceRow(rowLine, dict));
                }
                sheets.Add(new SourceSheet(sheetName, headers.Where((_, i) => keep[i]).ToList(), rows));
            }
        }
        catch (ImportRejectedException) { throw; }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or System.Xml.XmlException or FormatException or IOException or KeyNotFoundException or NullReferenceException or IndexOutOfRangeException)
        {
            issues.Add(new ImportIssue(name, 0, null, $"the XLSX workbook cannot be read: {ex.Message}"));
        }
        if (issues.Count == 0 && sheets.Count == 0)
            issues.Add(new ImportIssue(name, 0, null, "the workbook holds no data: every sheet is empty"));
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return sheets;
    }

    /// <summary>Excel cell value → invariant text. Numbers stay numbers-as-text (an Excel serial date stays "44621").</summary>
    private static string? CellText(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// Zip-bomb guard, before MiniExcel sees the file: the declared uncompressed sizes (sum and per-entry ratio) must be
    /// within the limits, and then the entries are actually decompressed with a running count, so that a package
    /// whose headers lie about their sizes is refused too.
    /// </summary>
    private static void CheckZip(byte[] bytes, string name, ImportLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("xl/workbook.xml") is null)
                throw Reject(name, "not a CSV or XLSX file: the zip package holds no Excel workbook (xl/workbook.xml)");
            long declared = 0;
            foreach (var e in zip.Entries)
            {
                declared += e.Length;
                if (e.Length >= limits.RatioCheckFromBytes && e.CompressedLength > 0 && (double)e.Length / e.CompressedLength > limits.MaxCompressionRatio)
                    throw Reject(name, $"refused as a possible zip bomb: entry '{e.FullName}' declares {e.Length:N0} bytes from {e.CompressedLength:N0} compressed (ratio {(double)e.Length / e.CompressedLength:N0}, limit {limits.MaxCompressionRatio:N0})");
                if (declared > limits.MaxUncompressedBytes)
                    throw Reject(name, $"refused as a possible zip bomb: the workbook declares more than {limits.MaxUncompressedBytes:N0} bytes uncompressed (entry '{e.FullName}' declares {e.Length:N0})");
            }
            long actual = 0;
            var buffer = new byte[81920];
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                int n;
                while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
                {
                    actual += n;
                    if (actual > limits.MaxUncompressedBytes)
                        throw Reject(name, $"refused as a possible zip bomb: the workbook decompresses to more than {limits.MaxUncompressedBytes:N0} bytes (at entry '{e.FullName}')");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw Reject(name, $"not a CSV or XLSX file: the zip package is damaged ({ex.Message})");
        }
    }
}
