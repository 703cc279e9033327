using System.Globalization;
using Quartermaster.Domain.Common;

namespace Quartermaster.Application.Import;

internal enum CellKind { Absent, Unknown, Undisclosed, Invalid, Text }

/// <summary>A target field's value read from a row: its kind, its text (after value map and transform) and the source column.</summary>
internal readonly record struct Cell(CellKind Kind, string? Text, string? Column, string? Raw)
{
    public bool HasText => Kind == CellKind.Text;
}

/// <summary>Reads target fields from source rows through a mapping, and turns every problem into an <see cref="ImportIssue"/>.</summary>
internal sealed class FieldReader
{
    private readonly ImportMapping _mapping;
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    public FieldReader(ImportMapping mapping, SourceSheet sheet, List<ImportIssue> issues)
    {
        _mapping = mapping;
        Sheet = sheet;
        Issues = issues;
        foreach (var reference in mapping.ReferencedColumns)
        {
            var found = sheet.Find(reference);
            _positions[reference] = found.Count == 0 ? -1 : found[0];
            _labels[reference] = found.Count == 0 ? reference : sheet.Label(found[0]);
            if (found.Count > 1)
                Warnings.Add($"sheet '{sheet.Name}', line 1: the header '{reference}' appears {found.Count} times (columns {string.Join(", ", found.Select(ColumnRef.Letters))}); "
                             + $"column {ColumnRef.Letters(found[0])} is read (name another by its letter in the mapping, e.g. \"col:{ColumnRef.Letters(found[^1])}\")");
        }
    }

    public SourceSheet Sheet { get; }
    public List<ImportIssue> Issues { get; }
    public List<string> Warnings { get; } = [];
    public SourceRow Row { get; set; } = new(0, [], []);

    /// <summary>Repeated cell texts of this sheet as one string each (see <see cref="CellPool"/>).</summary>
    private readonly CellPool _cells = new();

    /// <summary>The position of a column the mapping references (the first, when its header repeats), or -1 when it is missing.</summary>
    public int PositionOf(string reference) => _positions.TryGetValue(reference, out var p) ? p : -1;

    /// <summary>How messages name a referenced column: its header, or its letter where the header is blank.</summary>
    public string LabelOf(string reference) => _labels.GetValueOrDefault(reference, reference);

    /// <summary>
    /// Checks the header against the mapping: a missing column of a required field (or of the key rule) is an issue on
    /// line 1; missing optional columns are returned so that the caller can warn once. Columns the mapping does not read
    /// are not looked at.
    /// </summary>
    public List<string> CheckColumns(IReadOnlyList<string> required)
    {
        var missingOptional = new List<string>();
        foreach (var (field, fm) in _mapping.Fields)
        {
            var p = PositionOf(fm.Column);
            if (p >= 0) continue;
            if (required.Contains(field))
                Issues.Add(new ImportIssue(Sheet.Name, 1, fm.Column, $"the required column '{fm.Column}' (target field '{field}') is missing from the header"));
            else
                missingOptional.Add(fm.Column);
        }
        if (_mapping.Key is { } key)
        {
            if (PositionOf(key.Column) < 0)
                Issues.Add(new ImportIssue(Sheet.Name, 1, key.Column, $"the column '{key.Column}' that the mapping's key rule uses is missing from the header"));
        }
        return missingOptional.Distinct().ToList();
    }

    public bool HasColumn(string field) => _mapping.Field(field) is { } fm && PositionOf(fm.Column) >= 0;

    public void Issue(string? column, string message) => Issues.Add(new ImportIssue(Sheet.Name, Row.Line, column, message));

    public Cell Get(string field)
    {
        var fm = _mapping.Field(field);
        if (fm is null) return new Cell(CellKind.Absent, null, null, null);
        foreach (var (whenField, expected) in fm.When)
        {
            var w = Get(whenField);
            if (!w.HasText || !string.Equals(w.Text, expected, StringComparison.OrdinalIgnoreCase))
                return new Cell(CellKind.Unknown, null, fm.Column, null);
        }
        var cell = Read(fm, fm.Column, field);
        if (cell.Kind is CellKind.Unknown or CellKind.Absent && fm.Fallback is { } fb)
        {
            var fbCell = Read(fm, fb, field);
            if (fbCell.Kind != CellKind.Absent) return fbCell;
        }
        return cell;
    }

    private Cell Read(FieldMapping fm, string column, string field)
    {
        var position = PositionOf(column);
        if (position < 0) return new Cell(CellKind.Absent, null, column, null);
        var isPrimary = column == fm.Column;
        column = LabelOf(column);
        var raw = Row.Cell(position, _cells)?.Trim();
        if (string.IsNullOrEmpty(raw) || fm.Unknown.Contains(raw, StringComparer.OrdinalIgnoreCase))
            return new Cell(CellKind.Unknown, null, column, raw);
        if (fm.Undisclosed.Contains(raw, StringComparer.OrdinalIgnoreCase))
            return new Cell(CellKind.Undisclosed, null, column, raw);
        var text = raw;
        if (fm.Values.TryGetValue(raw, out var mapped))
        {
            text = mapped;
            if (text.Length == 0) return new Cell(CellKind.Unknown, null, column, raw);
        }
        else if (fm.Strict && isPrimary)
        {
            var known = fm.Values.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();
            Issue(column, $"'{raw}' is not in the mapping's list for '{field}' ({known.Count} known: {string.Join(", ", known.Take(12))}{(known.Count > 12 ? ", …" : "")})");
            return new Cell(CellKind.Invalid, null, column, raw);
        }
        if (fm.Transform == ImportMapping.TransformSlug)
        {
            text = Slug.Of(text);
            if (text.Length == 0)
            {
                Issue(column, $"'{raw}' gives an empty code (it has no letters or digits)");
                return new Cell(CellKind.Invalid, null, column, raw);
            }
        }
        return new Cell(CellKind.Text, text, column, raw);
    }

    // ---------------------------------------------------------------- typed readers

    private string ColumnOf(string field, Cell c) => c.Column ?? _mapping.Field(field)?.Column ?? field;

    public string? Text(string field, int maxLength = 2000, bool required = false)
    {
        var c = Get(field);
        if (!c.HasText)
        {
            if (required && c.Kind is CellKind.Unknown or CellKind.Undisclosed) Issue(ColumnOf(field, c), "a value is required");
            return null;
        }
        if (c.Text!.Length > maxLength)
        {
            Issue(c.Column, $"the text is {c.Text.Length} characters long; at most {maxLength} are allowed");
            return null;
        }
        return c.Text;
    }

    /// <summary>A whole number, or null when not known; <paramref name="undisclosed"/> tells whether the source said "undisclosed".</summary>
    public int? Int(string field, out bool undisclosed, int min = 0, bool required = false)
    {
        var c = Get(field);
        undisclosed = c.Kind == CellKind.Undisclosed;
        if (!c.HasText)
        {
            if (required && c.Kind is CellKind.Unknown or CellKind.Undisclosed) Issue(ColumnOf(field, c), "a whole number is required");
            return null;
        }
        if (!TryWhole(c.Text!, out var n) && !TryRound(field, c, out n))
        {
            Issue(c.Column, $"'{c.Raw}' is not a whole number");
            return null;
        }
        if (n < min)
        {
            Issue(c.Column, $"{n} is below the minimum of {min}");
            return null;
        }
        return n;
    }

    public int? Int(string field, int min = 0, bool required = false) => Int(field, out _, min, required);

    /// <summary>With the mapping's "round" option a fractional number is rounded (away from zero) and a warning says so.</summary>
    private bool TryRound(string field, Cell c, out int value)
    {
        value = 0;
        if (_mapping.Field(field) is not { Round: true }
            || !decimal.TryParse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            || Math.Round(d, MidpointRounding.AwayFromZero) is var r && r is < int.MinValue or > int.MaxValue)
            return false;
        value = (int)Math.Round(d, MidpointRounding.AwayFromZero);
        Warnings.Add($"sheet '{Sheet.Name}', line {Row.Line}, column '{c.Column}': '{c.Raw}' is not a whole number; rounded to {value}.");
        return true;
    }

    internal static bool TryWhole(string text, out int value)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        // "12.0" or "1E3" as a spreadsheet may write a whole number.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        value = 0;
        return false;
    }

    public decimal? Decimal(string field, bool required = false, bool notNegative = true)
    {
        var c = Get(field);
        if (!c.HasText)
        {
            if (required && c.Kind is CellKind.Unknown or CellKind.Undisclosed) Issue(ColumnOf(field, c), "a number is required");
            return null;
        }
        if (!decimal.TryParse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            Issue(c.Column, $"'{c.Raw}' is not a number (write it with a '.' decimal point and no thousands separators)");
            return null;
        }
        if (notNegative && d < 0)
        {
            Issue(c.Column, $"{c.Raw} must not be negative");
            return null;
        }
        return d;
    }

    /// <summary>An ISO date yyyy-MM-dd (an Excel date cell arrives in that form too).</summary>
    public DateOnly? IsoDate(string field, bool required = false)
    {
        var c = Get(field);
        if (!c.HasText)
        {
            if (required && c.Kind is CellKind.Unknown or CellKind.Undisclosed) Issue(ColumnOf(field, c), "a date (yyyy-MM-dd) is required");
            return null;
        }
        if (DateOnly.TryParseExact(c.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        Issue(c.Column, $"'{c.Raw}' is not a date: write yyyy-MM-dd, e.g. 2022-10-31");
        return null;
    }

    public bool? Flag(string field, bool required = false)
    {
        var c = Get(field);
        if (!c.HasText)
        {
            if (required && c.Kind is CellKind.Unknown or CellKind.Undisclosed) Issue(ColumnOf(field, c), "yes or no is required");
            return null;
        }
        switch (c.Text!.Trim().ToLowerInvariant())
        {
            case "yes" or "y" or "true" or "1": return true;
            case "no" or "n" or "false" or "0": return false;
            default:
                Issue(c.Column, $"'{c.Raw}' is not yes/no (use yes, no, true, false, 1 or 0)");
                return null;
        }
    }

    public TEnum? Enum<TEnum>(string field, bool required = false) where TEnum : struct, System.Enum
    {
        var c = Get(field);
        if (!c.HasText)
        {
            if (required && c.Kind is CellKind.Unknown or CellKind.Undisclosed) Issue(ColumnOf(field, c), $"a value is required ({string.Join(", ", System.Enum.GetNames<TEnum>())})");
            return null;
        }
        var norm = new string(c.Text!.Where(char.IsLetterOrDigit).ToArray());
        if (norm.Length > 0 && !char.IsDigit(norm[0]) && System.Enum.TryParse<TEnum>(norm, ignoreCase: true, out var v))
            return v;
        Issue(c.Column, $"'{c.Raw}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return null;
    }

    /// <summary>Runs a domain value parser; its <see cref="DomainException"/> becomes an issue on the source column.</summary>
    public T? Domain<T>(string field, Func<string, T> parse, bool required = false) where T : class
    {
        var c = Get(field);
        if (!c.HasText)
        {
            if (required && c.Kind is CellKind.Unknown or CellKind.Undisclosed) Issue(ColumnOf(field, c), "a value is required");
            return null;
        }
        try
        {
            return parse(c.Text!);
        }
        catch (DomainException ex)
        {
            Issue(c.Column, ex.Message.TrimEnd('.'));
            return null;
        }
    }
}
