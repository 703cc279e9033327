using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace Quartermaster.Application.Import;

/// <summary>
/// One worksheet (or the one table of a CSV file): its header texts by position (trimmed; "" where blank, duplicates
/// kept as they are) and its non-blank data rows. Which header a mapping means is resolved by <see cref="Find"/>, so
/// that only the columns a mapping reads can be wrong.
/// </summary>
public sealed class SourceSheet
{
    public SourceSheet(string name, IReadOnlyList<string> headers, IReadOnlyList<SourceRow> rows, IReadOnlyList<string>? warnings = null, bool fromCsv = false)
    {
        FromCsv = fromCsv;
        Name = name;
        Headers = headers;
        Rows = rows;
        Warnings = warnings ?? [];
    }

    public string Name { get; }

    /// <summary>The one table of a CSV file (named after the file), rather than a named worksheet.</summary>
    public bool FromCsv { get; }
    public IReadOnlyList<string> Headers { get; }
    public IReadOnlyList<SourceRow> Rows { get; }

    /// <summary>What the reader noticed but did not refuse (formulas without a saved value, sheets not read).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The positions a column reference (a header name, or <c>col:E</c> / <c>col:5</c>) matches: none, one, or several when a header repeats.</summary>
    public IReadOnlyList<int> Find(string reference) => ColumnRef.Find(Headers, reference);

    /// <summary>How a message names a column: its header, or its letter where the header is blank.</summary>
    public string Label(int index) => index < Headers.Count && Headers[index].Length > 0 ? Headers[index] : ColumnRef.Letters(index);
}

/// <summary>
/// One data row. <see cref="Line"/> is the spreadsheet's line number (header = 1). The indexer gives the cell texts by
/// column position (null when empty or not read); numbers are invariant-culture text. A row is stored compactly: its
/// cells' UTF-8 bytes back to back and where each one ends, about 300 bytes for a 13-column line where one string per
/// cell took 800 (an import of 200,000 lines holds every row while it parses); each read decodes its cell.
/// </summary>
public sealed class SourceRow
{
    private readonly IReadOnlyList<string> headers;
    private byte[] text;

    /// <summary>Where each cell's bytes end in <see cref="text"/> (a cell starts where the one before it ends; none = null).</summary>
    private int[] ends;

    public SourceRow(int line, string?[] values, IReadOnlyList<string> headers)
    {
        Line = line;
        this.headers = headers;
        (text, ends) = Pack(values);
    }

    internal SourceRow(int line, byte[] text, int[] ends, IReadOnlyList<string> headers)
    {
        Line = line;
        this.headers = headers;
        this.text = text;
        this.ends = ends;
    }

    public int Line { get; }

    /// <summary>How many cell positions the row has (the header's width).</summary>
    public int Count => ends.Length;

    public string? this[int index] => Bytes(index) is { IsEmpty: false } cell ? Encoding.UTF8.GetString(cell) : null;

    /// <summary>The cell's text through a pool, so that a text that repeats down the file (a donor, a date, a code) is one string.</summary>
    internal string? Cell(int index, CellPool pool) => Bytes(index) is { IsEmpty: false } cell ? pool.Get(cell) : null;

    /// <summary>The cell's UTF-8 bytes; empty for an empty cell or a position past the row.</summary>
    private ReadOnlySpan<byte> Bytes(int index)
    {
        if (index < 0 || index >= ends.Length) return default;
        var start = index == 0 ? 0 : ends[index - 1];
        return text.AsSpan(start, ends[index] - start);
    }

    /// <summary>The cell under the first header of that name (ignoring case).</summary>
    public string? this[string header]
    {
        get
        {
            for (var i = 0; i < headers.Count; i++)
                if (string.Equals(headers[i], header, StringComparison.OrdinalIgnoreCase)) return this[i];
            return null;
        }
    }

    /// <summary>Replaces one cell (an import's own copy of the rows: a package's value carried to its other lines).</summary>
    internal void Set(int index, string? value)
    {
        var values = new string?[ends.Length];
        for (var i = 0; i < values.Length; i++) values[i] = i == index ? value : this[i];
        (text, ends) = Pack(values);
    }

    private static (byte[] Text, int[] Ends) Pack(string?[] values)
    {
        var builder = new SourceRowBuilder(values.Length);
        for (var i = 0; i < values.Length; i++)
            if (!string.IsNullOrEmpty(values[i])) builder.Add(i, values[i]);
        return builder.Take();
    }
}

/// <summary>
/// One string per distinct short cell text of a file being parsed: a text of at most <see cref="MaxChars"/> characters is
/// decoded onto the stack and looked up by its characters, so a repeated one allocates nothing. Bounded.
/// </summary>
internal sealed class CellPool
{
    private const int MaxChars = 48;
    private const int MaxEntries = 50_000;
    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public CellPool() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxChars) return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[MaxChars];
        var span = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        if (lookup.TryGetValue(span, out var known)) return known;
        var text = new string(span);
        if (strings.Count < MaxEntries) strings.Add(text);
        return text;
    }
}

/// <summary>Packs one row after another from cell spans in column order, into one reused buffer (see <see cref="SourceRow"/>).</summary>
internal sealed class SourceRowBuilder(int columns)
{
    private byte[] buffer = new byte[1024];
    private int length;
    private readonly int[] ends = new int[columns];
    private int next;

    /// <summary>A non-empty cell; columns come in ascending order.</summary>
    public void Add(int column, ReadOnlySpan<char> cell)
    {
        for (; next < column; next++) ends[next] = length;
        var need = Encoding.UTF8.GetByteCount(cell);
        if (length + need > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + need));
        length += Encoding.UTF8.GetBytes(cell, buffer.AsSpan(length));
        ends[next++] = length;
    }

    public SourceRow Build(int line, IReadOnlyList<string> headers)
    {
        var (text, rowEnds) = Take();
        return new SourceRow(line, text, rowEnds, headers);
    }

    /// <summary>The row's bytes and cell ends; the builder starts the next row.</summary>
    public (byte[] Text, int[] Ends) Take()
    {
        for (; next < ends.Length; next++) ends[next] = length;
        var taken = (buffer.AsSpan(0, length).ToArray(), (int[])ends.Clone());
        length = 0;
        next = 0;
        return taken;
    }
}

/// <summary>
/// A mapping's reference to a source column: a header name, or <c>col:</c> followed by the spreadsheet letter
/// (<c>col:E</c>) or the 1-based position (<c>col:5</c>), for a column whose header is blank or repeated.
/// </summary>
public static class ColumnRef
{
    public const string Prefix = "col:";

    public static string? Problem(string reference)
    {
        if (!reference.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return null;
        return Position(reference) is null
            ? $"'{reference}' names no column: write col: and a column letter (col:E) or a position from 1 (col:5)"
            : null;
    }

    /// <summary>The 0-based position of a <c>col:</c> reference, or null.</summary>
    public static int? Position(string reference)
    {
        if (!reference.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var r = reference[Prefix.Length..].Trim();
        if (r.Length is > 0 and <= 5 && r.All(char.IsAsciiDigit)) return int.Parse(r, CultureInfo.InvariantCulture) is var n and > 0 ? n - 1 : null;
        if (r.Length is > 0 and <= 3 && r.All(char.IsAsciiLetter)) return LetterIndex(r);
        return null;
    }

    public static IReadOnlyList<int> Find(IReadOnlyList<string> headers, string reference)
    {
        if (Position(reference) is { } p) return p < headers.Count ? [p] : [];
        var found = new List<int>(1);
        for (var i = 0; i < headers.Count; i++)
            if (string.Equals(headers[i], reference.Trim(), StringComparison.OrdinalIgnoreCase)) found.Add(i);
        return found;
    }

    public static string Letters(int index)
    {
        var s = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    public static int LetterIndex(string letters)
    {
        var n = 0;
        foreach (var ch in letters) n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        return n - 1;
    }
}

/// <summary>What to read of a file.</summary>
public sealed record ReadOptions
{
    public static readonly ReadOptions Default = new();

    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    /// <summary>The worksheet to read (XLSX); null reads every sheet.</summary>
    public string? Sheet { get; init; }

    /// <summary>Column references (see <see cref="ColumnRef"/>) to keep; null keeps every column. Other columns are not read at all.</summary>
    public IReadOnlyCollection<string>? Columns { get; init; }

    /// <summary>The CSV text's encoding when it is not UTF-8 (e.g. windows-1252); null = UTF-8, strictly checked.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>Header names for columns whose header cell is blank, by position.</summary>
    public IReadOnlyDictionary<int, string>? BlankHeaders { get; init; }

    internal void NameBlankHeaders(string[] headers)
    {
        foreach (var (position, name) in BlankHeaders ?? new Dictionary<int, string>())
            if (position < headers.Length && headers[position].Length == 0) headers[position] = name;
    }
}

/// <summary>
/// Reads a CSV (Sylvan.Data.Csv) or XLSX (MiniExcel) file into sheets of text cells. Pure apart from reading the
/// stream it is given. Refuses (with <see cref="ImportRejectedException"/>, all problems at once) anything that is
/// not a CSV or XLSX file, text that is not UTF-8 (unless its encoding is named), zip bombs, files over the limits and
/// cells longer than a spreadsheet cell can be. Only the sheet and the columns asked for are read: problems elsewhere
/// in the file (blank or repeated headers of columns nobody maps) are not problems of the import.
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
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The most characters a cell may hold: a spreadsheet cell's own limit (32,767).</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>The longest CSV record Sylvan buffers (characters); a longer one is refused naming the line it starts on.</summary>
    private const int MaxRecordChars = 64 * 1024 * 1024;

    public static IReadOnlyList<SourceSheet> Read(Stream stream, string fileName) => Read(stream, fileName, ReadOptions.Default);

    public static IReadOnlyList<SourceSheet> Read(Stream stream, string fileName, ImportLimits limits)
        => Read(stream, fileName, new ReadOptions { Limits = limits });

    public static IReadOnlyList<SourceSheet> Read(Stream stream, string fileName, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Read(ReadBytes(stream, fileName, options.Limits), fileName, options);
    }

    /// <summary>The stream's bytes, refused past the size limit (named after the file) before more of it is read.</summary>
    public static byte[] ReadBytes(Stream stream, string fileName, ImportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadAll(stream, limits.MaxFileBytes, SheetName(fileName));
    }

    /// <summary>How messages name the file: its name without folders, or "upload".</summary>
    private static string SheetName(string? fileName) => Path.GetFileName(fileName ?? "") is { Length: > 0 } name ? name : "upload";

    /// <summary>A file already in memory (see <see cref="ReadBytes"/>); the bytes are only read, never kept.</summary>
    public static IReadOnlyList<SourceSheet> Read(byte[] bytes, string fileName, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(options);
        var name = SheetName(fileName);
        if (bytes.Length > options.Limits.MaxFileBytes)
            throw Reject(name, $"the file is larger than the limit of {options.Limits.MaxFileBytes:N0} bytes");
        var ext = Path.GetExtension(name).ToLowerInvariant();

        if (StartsWith(bytes, ZipMagic))
            return ReadXlsx(bytes, name, options);
        if (StartsWith(bytes, OleMagic))
            throw Reject(name, "not a CSV or XLSX file: it looks like an old binary .xls workbook; save it as .xlsx or .csv");
        if (ext is ".xlsx" or ".xlsm")
            throw Reject(name, "not a CSV or XLSX file: the name ends in .xlsx but the content is not a zip package");
        if (ext is not (".csv" or ".txt" or "") || HasNul(bytes))
            throw Reject(name, "not a CSV or XLSX file");
        var text = Decode(bytes, name, options.Encoding);
        return [ReadCsv(text, name, options)];
    }

    private static ImportRejectedException Reject(string sheet, string message) => new([new ImportIssue(sheet, 0, null, message)]);

    private static byte[] ReadAll(Stream stream, long max, string name)
    {
        // A file of known length is read into one array of its size (no growing buffer, no copy at the end).
        if (stream.CanSeek && stream.Length - stream.Position is var known and >= 0 and <= int.MaxValue)
        {
            if (known > max) throw Reject(name, $"the file is larger than the limit of {max:N0} bytes");
            var exact = new byte[known];
            stream.ReadExactly(exact);
            if (stream.ReadByte() < 0) return exact; // it did not grow meanwhile; otherwise read it as a stream
            stream.Seek(-known - 1, SeekOrigin.Current);
        }
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

    /// <summary>NUL bytes in the first 8 KB: binary, not text (UTF-16 text with its byte-order mark is let through).</summary>
    private static bool HasNul(byte[] bytes)
    {
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)) return false;
        return bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).IndexOf((byte)0) >= 0;
    }

    /// <summary>
    /// The whole text is checked, not a sample: bytes that are not UTF-8 anywhere in the file are refused with the lines
    /// they are on, unless the caller names the file's encoding (then it is decoded with that encoding).
    /// </summary>
    private static TextReader Decode(byte[] bytes, string name, Encoding? encoding)
    {
        if (encoding is not null)
            return new StreamReader(new MemoryStream(bytes, writable: false), encoding, detectEncodingFromByteOrderMarks: true);
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
            return new StreamReader(new MemoryStream(bytes, writable: false), Encoding.Unicode, detectEncodingFromByteOrderMarks: true);
        var body = bytes.AsSpan(StartsWith(bytes, Utf8Bom) ? 3 : 0);
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            var lines = InvalidUtf8Lines(body, 5, out var total, out var firstByte, out var firstColumn);
            var where = string.Join(", ", lines);
            throw new ImportRejectedException([new ImportIssue(name, lines[0], null,
                $"the file is not UTF-8 text: byte 0x{firstByte:X2} (at byte {firstColumn} of the line) is not UTF-8, "
                + $"on {(total == 1 ? "line" : "lines")} {where}{(total > lines.Count ? $" and {total - lines.Count:N0} more" : "")}. "
                + "This is an encoding problem: save the file as UTF-8 (\"CSV UTF-8\"), or name its encoding "
                + "(qm import … --encoding windows-1252; API: ?encoding=windows-1252)")]);
        }
        return new StreamReader(new MemoryStream(bytes, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
    }

    private static List<int> InvalidUtf8Lines(ReadOnlySpan<byte> text, int max, out int total, out byte firstByte, out int firstColumn)
    {
        var lines = new List<int>();
        total = 0;
        firstByte = 0;
        firstColumn = 0;
        var line = 1;
        var lineStart = 0;
        var lastBadLine = 0;
        for (var i = 0; i < text.Length;)
        {
            var status = System.Text.Rune.DecodeFromUtf8(text[i..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                if (lastBadLine != line)
                {
                    if (total == 0) { firstByte = text[i]; firstColumn = i - lineStart + 1; }
                    total++;
                    if (lines.Count < max) lines.Add(line);
                    lastBadLine = line;
                }
            }
            else if (text[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
            i += Math.Max(consumed, 1);
        }
        return lines;
    }

    // ---------------------------------------------------------------- CSV

    private static SourceSheet ReadCsv(TextReader text, string name, ReadOptions options)
    {
        var limits = options.Limits;
        var issues = new List<ImportIssue>();
        using var _ = text;
        var csvOptions = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Culture = CultureInfo.InvariantCulture,
            MaxBufferSize = MaxRecordChars,
        };
        string[] headers;
        var rows = new List<SourceRow>();
        var line = 1;
        try
        {
            using var csv = CsvDataReader.Create(text, csvOptions);
            headers = new string[csv.FieldCount];
            var headerLines = 1;
            for (var i = 0; i < csv.FieldCount; i++)
            {
                headers[i] = csv.GetName(i);
                headerLines += CountLineBreaks(headers[i]);
                headers[i] = headers[i].Trim();
            }
            if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace))
                throw Reject(name, "the file has no header row");
            options.NameBlankHeaders(headers);
            var keep = Keep(headers, options.Columns);
            var builder = new SourceRowBuilder(headers.Length);
            line = headerLines + 1;
            while (csv.Read())
            {
                var rowLine = line;
                line += CountLineBreaks(csv.GetRawRecordSpan());
                var blank = true;
                var extra = false;
                for (var i = 0; i < csv.RowFieldCount; i++)
                {
                    var span = csv.GetFieldSpan(i);
                    if (span.IsWhiteSpace()) continue;
                    blank = false;
                    if (i >= headers.Length) { extra = true; continue; }
                    if (!keep[i]) continue;
                    if (span.Length > MaxCellChars)
                    {
                        issues.Add(new ImportIssue(name, rowLine, Label(headers, i), $"the cell holds {span.Length:N0} characters; a cell holds at most {MaxCellChars:N0}"));
                        continue;
                    }
                    builder.Add(i, span);
                }
                if (blank)
                {
                    builder.Take();
                    continue;
                }
                if (extra)
                    issues.Add(new ImportIssue(name, rowLine, null, $"the row has {csv.RowFieldCount} fields but the header names only {headers.Length} columns"));
                if (rows.Count >= limits.MaxRows)
                {
                    issues.Add(new ImportIssue(name, rowLine, null, $"the file has more than {limits.MaxRows:N0} data rows (the limit)"));
                    throw new ImportRejectedException(issues);
                }
                rows.Add(builder.Build(rowLine, headers));
            }
        }
        catch (ImportRejectedException) { throw; }
        catch (CsvRecordTooLargeException)
        {
            issues.Add(new ImportIssue(name, line, null, $"the row starting on line {line} is longer than {MaxRecordChars:N0} characters (a cell holds at most {MaxCellChars:N0}); is a quote left open?"));
            throw new ImportRejectedException(issues);
        }
        catch (Exception ex) when (ex is CsvFormatException or CsvMissingHeadersException or InvalidDataException or DecoderFallbackException)
        {
            issues.Add(new ImportIssue(name, line, null, $"the CSV text cannot be read: {ex.Message}"));
            throw new ImportRejectedException(issues);
        }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return new SourceSheet(name, headers, rows, fromCsv: true);
    }

    private static string Label(IReadOnlyList<string> headers, int i) => i < headers.Count && headers[i].Length > 0 ? headers[i] : ColumnRef.Letters(i);

    /// <summary>Which columns to read: those a reference names (all of them when there are no references).</summary>
    private static bool[] Keep(IReadOnlyList<string> headers, IReadOnlyCollection<string>? references)
    {
        var keep = new bool[headers.Count];
        if (references is null)
        {
            Array.Fill(keep, true);
            return keep;
        }
        foreach (var r in references)
            foreach (var i in ColumnRef.Find(headers, r))
                keep[i] = true;
        return keep;
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

    // ---------------------------------------------------------------- XLSX

    private static IReadOnlyList<SourceSheet> ReadXlsx(byte[] bytes, string name, ReadOptions options)
    {
        var limits = options.Limits;
        CheckZip(bytes, name, limits);
        var issues = new List<ImportIssue>();
        var sheets = new List<SourceSheet>();
        var total = 0;
        try
        {
            using var ms = new MemoryStream(bytes, writable: false);
            var sheetNames = MiniExcel.GetSheetNames(ms);
            var wanted = sheetNames;
            if (options.Sheet is { } only)
            {
                var match = sheetNames.FirstOrDefault(x => string.Equals(x, only, StringComparison.OrdinalIgnoreCase))
                    ?? throw Reject(only, $"the workbook has no sheet '{only}' (it has: {string.Join(", ", sheetNames.Select(x => $"'{x}'"))})");
                wanted = [match];
            }
            var formulas = FormulasWithoutValues(bytes, wanted);
            foreach (var sheetName in wanted)
            {
                ms.Position = 0;
                var raw = new List<SourceRow>();
                var line = 0;
                string[]? headers = null;
                bool[]? keep = null;
                foreach (IDictionary<string, object?> row in MiniExcel.Query(ms, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX))
                {
                    line++;
                    if (headers is null)
                    {
                        // The first non-blank row is the header.
                        var texts = new SortedDictionary<int, string>();
                        foreach (var (key, value) in row)
                            if (CellText(value) is { } t && !string.IsNullOrWhiteSpace(t)) texts[ColumnRef.LetterIndex(key)] = t.Trim();
                        if (texts.Count == 0) continue;
                        if (line != 1)
                            issues.Add(new ImportIssue(sheetName, line, null, $"the header must be on line 1, but lines 1 to {line - 1} are blank"));
                        headers = new string[texts.Keys.Max() + 1];
                        for (var i = 0; i < headers.Length; i++) headers[i] = texts.GetValueOrDefault(i, "");
                        options.NameBlankHeaders(headers);
                        keep = Keep(headers, options.Columns);
                        continue;
                    }
                    string?[]? cells = null;
                    foreach (var (key, value) in row)
                    {
                        var i = ColumnRef.LetterIndex(key);
                        if (i >= keep!.Length || !keep[i]) continue;
                        var text = CellText(value);
                        if (string.IsNullOrWhiteSpace(text)) continue;
                        if (text.Length > MaxCellChars)
                        {
                            issues.Add(new ImportIssue(sheetName, line, Label(headers, i), $"the cell holds {text.Length:N0} characters; a cell holds at most {MaxCellChars:N0}"));
                            continue;
                        }
                        cells ??= new string?[headers.Length];
                        cells[i] = text;
                    }
                    if (cells is null) continue; // blank (in the columns read)
                    if (++total > limits.MaxRows)
                    {
                        issues.Add(new ImportIssue(sheetName, line, null, $"the workbook has more than {limits.MaxRows:N0} data rows (the limit)"));
                        throw new ImportRejectedException(issues);
                    }
                    raw.Add(new SourceRow(line, cells, headers));
                }
                if (headers is null) continue; // an empty sheet
                var warnings = new List<string>();
                foreach (var (row, col, formula) in formulas.GetValueOrDefault(sheetName, []))
                    if (col < keep!.Length && keep[col])
                        warnings.Add($"sheet '{sheetName}', line {row}, column '{Label(headers, col)}': the formula ={formula} has no saved value "
                                     + "(the workbook was saved without calculating it), so the cell is read as empty; open the workbook, let it calculate and save it again");
                sheets.Add(new SourceSheet(sheetName, headers, raw, warnings));
            }
        }
        catch (ImportRejectedException) { throw; }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or System.Xml.XmlException or FormatException or IOException or KeyNotFoundException or NullReferenceException or IndexOutOfRangeException or ArgumentException)
        {
            issues.Add(new ImportIssue(name, 0, null, $"the XLSX workbook cannot be read: {ex.Message}"));
        }
        if (issues.Count == 0 && sheets.Count == 0)
            issues.Add(new ImportIssue(name, 0, null, options.Sheet is null ? "the workbook holds no data: every sheet is empty" : $"the sheet '{options.Sheet}' is empty"));
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return sheets;
    }

    /// <summary>
    /// Cells with a formula but no saved (cached) value, per sheet: (line, column index, formula text). A workbook written
    /// by a program that does not calculate has them; reading such a cell gives nothing, so the import warns.
    /// </summary>
    private static Dictionary<string, List<(int Row, int Col, string Formula)>> FormulasWithoutValues(byte[] bytes, IReadOnlyList<string> sheetNames)
    {
        var result = new Dictionary<string, List<(int, int, string)>>(StringComparer.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        XNamespace rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        XNamespace pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null || rels is null) return result;
        XDocument wb, rs;
        using (var s = workbook.Open()) wb = XDocument.Load(s);
        using (var s = rels.Open()) rs = XDocument.Load(s);
        var targets = rs.Root!.Elements(pkg + "Relationship").ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        foreach (var sheet in wb.Root!.Element(main + "sheets")?.Elements(main + "sheet") ?? [])
        {
            var sheetName = (string?)sheet.Attribute("name");
            var id = (string?)sheet.Attribute(rel + "id");
            if (sheetName is null || id is null || !sheetNames.Contains(sheetName) || !targets.TryGetValue(id, out var target)) continue;
            var path = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
            var entry = zip.GetEntry(path);
            if (entry is null) continue;
            var found = new List<(int, int, string)>();
            using var part = entry.Open();
            using var xml = XmlReader.Create(part, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            string? cellRef = null;
            string? formula = null;
            var hasValue = false;
            var inCell = false;
            void EndCell()
            {
                if (inCell && formula is not null && !hasValue && cellRef is not null && ParseCellRef(cellRef) is { } rc)
                    found.Add((rc.Row, rc.Col, formula.Length > 0 ? formula : "(shared formula)"));
                inCell = false;
            }
            xml.Read();
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
                {
                    cellRef = xml.GetAttribute("r");
                    formula = null;
                    hasValue = false;
                    inCell = !xml.IsEmptyElement;
                }
                else if (inCell && xml.NodeType == XmlNodeType.Element && xml.LocalName == "f")
                {
                    formula = xml.ReadElementContentAsString();
                    continue;
                }
                else if (inCell && xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
                {
                    hasValue = xml.ReadElementContentAsString().Length > 0;
                    continue;
                }
                else if (inCell && xml.NodeType == XmlNodeType.Element && xml.LocalName == "is")
                    hasValue = true;
                else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "c")
                    EndCell();
                xml.Read();
            }
            result[sheetName] = found;
        }
        return result;
    }

    private static (int Row, int Col)? ParseCellRef(string r)
    {
        var i = 0;
        while (i < r.Length && char.IsAsciiLetter(r[i])) i++;
        if (i == 0 || !int.TryParse(r.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row)) return null;
        return (row, ColumnRef.LetterIndex(r[..i]));
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
