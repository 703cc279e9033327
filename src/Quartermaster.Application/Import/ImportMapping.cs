using System.Reflection;
using System.Text;
using System.Text.Json;
using Quartermaster.Application.Valuation;

namespace Quartermaster.Application.Import;

public enum ImportTarget { Offers, Requirements, Catalogue }

/// <summary>Whether a field's value belongs to the line, to the whole package, or to one dated tranche of a package.</summary>
public enum FieldScope { Line, Package, Tranche }

/// <summary>
/// How one TARGET field is read from a source column. Processing order for a cell: trim; empty or listed in
/// <see cref="Unknown"/> → not known; listed in <see cref="Undisclosed"/> → undisclosed; then the value map
/// <see cref="Values"/> (case-insensitive); then the transform. When the cell is not known and <see cref="Fallback"/>
/// names another column, that column is read the same way.
/// </summary>
public sealed record FieldMapping(
    string Column,
    IReadOnlyDictionary<string, string> Values,
    bool Strict,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<string> Undisclosed,
    string? Transform,
    string? Fallback,
    FieldScope Scope,
    IReadOnlyDictionary<string, string> When,
    bool Round = false,
    bool KeepUnmatched = false);

/// <summary>
/// How a line's idempotency key is built: <see cref="Prefix"/> + the cell of <see cref="Column"/>, and, when
/// <see cref="Ordinal"/> is set, "#" + the 1-based position of the line among the lines with the same cell value, in
/// file order (Kiel: "kiel-r7:AUM6#1").
/// </summary>
public sealed record KeyRule(string Prefix, string Column, bool Ordinal);

/// <summary>
/// A mapping from a source layout (column headers) to one import target. Built-in mappings ship as embedded JSON
/// resources; users can supply their own file in the same format (see docs/import.md).
/// </summary>
public sealed class ImportMapping
{
    public const string TransformSlug = "slug";

    private ImportMapping(string name, ImportTarget target, string description, string? source, string? sheet,
        IReadOnlyDictionary<string, FieldMapping> fields, KeyRule? key, IReadOnlyDictionary<int, string> blankHeaders, string? valuation)
    {
        Valuation = valuation;
        BlankHeaders = blankHeaders;
        Name = name;
        Target = target;
        Description = description;
        Source = source;
        Sheet = sheet;
        Fields = fields;
        Key = key;
    }

    public string Name { get; }
    public ImportTarget Target { get; }
    public string Description { get; }

    /// <summary>Citation of the data source the layout belongs to (shown with imported data).</summary>
    public string? Source { get; }

    /// <summary>The worksheet to read; null = the first sheet that holds data.</summary>
    public string? Sheet { get; }

    /// <summary>
    /// Names for columns whose header cell is blank, by position ("blankHeaders": { "I": "Item" }): the tracker's workbook
    /// has no header over its item column. A column whose header is not blank keeps its own.
    /// </summary>
    public IReadOnlyDictionary<int, string> BlankHeaders { get; }

    /// <summary>Target field name → how it is read.</summary>
    public IReadOnlyDictionary<string, FieldMapping> Fields { get; }
    public KeyRule? Key { get; }

    /// <summary>
    /// The tracker's own valuation method the packages are also valued by (offers only; <c>"valuation": "kiel-ust-r7"</c>,
    /// see <see cref="TrackerValuation"/>), beside Quartermaster's own value; null = none.
    /// </summary>
    public string? Valuation { get; }

    public FieldMapping? Field(string target) => Fields.TryGetValue(target, out var f) ? f : null;

    /// <summary>What the reader should read of a file for this mapping: its sheet, its columns, its names for blank headers.</summary>
    public ReadOptions ReadOptions(ImportLimits? limits = null, Encoding? encoding = null) => new()
    {
        Limits = limits ?? ImportLimits.Default,
        Sheet = Sheet,
        Columns = ReferencedColumns,
        BlankHeaders = BlankHeaders,
        Encoding = encoding,
    };

    /// <summary>Every source column the mapping reads (fields, fallbacks, the key rule): the reader keeps only these.</summary>
    public IReadOnlyCollection<string> ReferencedColumns => Fields.Values.SelectMany(f => f.Fallback is null ? [f.Column] : new[] { f.Column, f.Fallback })
        .Concat(Key is null ? [] : [Key.Column]).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The names of the built-in mappings: offers, requirements, catalogue, kiel-ust-main.</summary>
    public static IReadOnlyList<string> BuiltinNames { get; } = typeof(ImportMapping).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("Quartermaster.Mappings.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n["Quartermaster.Mappings.".Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static ImportMapping Builtin(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = typeof(ImportMapping).Assembly.GetManifestResourceStream($"Quartermaster.Mappings.{name}.json")
            ?? throw new ArgumentException($"No built-in import mapping '{name}'; known: {string.Join(", ", BuiltinNames)}.", nameof(name));
        return Parse(stream, $"{name}.json");
    }

    public static ImportMapping Parse(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var reader = new StreamReader(json, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader.ReadToEnd(), sourceName);
    }

    /// <summary>Parses a mapping file; every problem (JSON syntax with line/position, unknown fields, missing required fields) is reported at once.</summary>
    public static ImportMapping Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        var issues = new IssueList(sourceName);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var pos = (ex.BytePositionInLine ?? 0) + 1;
            throw new ImportRejectedException([new ImportIssue(sourceName, line, null,
                $"the mapping is not valid JSON at line {line}, position {pos}: {FirstSentence(ex.Message)}")]);
        }
        using (doc)
        {
            var mapping = Build(doc.RootElement, issues);
            if (issues.Count > 0 || mapping is null) throw new ImportRejectedException(issues);
            return mapping;
        }
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }

    private static readonly string[] TopLevel = ["name", "target", "description", "source", "sheet", "fields", "key", "blankHeaders", "valuation"];
    private static readonly string[] FieldProps = ["column", "values", "strict", "unknown", "undisclosed", "transform", "fallback", "scope", "when", "round", "unmatched"];

    private static ImportMapping? Build(JsonElement root, IssueList issues)
    {
        void Issue(string path, string message) => Add(issues, path, message);

        if (root.ValueKind != JsonValueKind.Object)
        {
            Issue("$", "the mapping must be a JSON object");
            return null;
        }
        foreach (var p in root.EnumerateObject())
            if (!TopLevel.Contains(p.Name))
                Issue($"$.{p.Name}", $"unknown property; allowed: {string.Join(", ", TopLevel)}");

        var name = String(root, "name", "$.name", issues, required: true) ?? "";
        var targetText = String(root, "target", "$.target", issues, required: true);
        var description = String(root, "description", "$.description", issues, required: false) ?? "";
        var source = String(root, "source", "$.source", issues, required: false);
        var sheet = String(root, "sheet", "$.sheet", issues, required: false);
        var valuation = String(root, "valuation", "$.valuation", issues, required: false)?.Trim();
        if (valuation is not null && !TrackerValuation.KnownMethods.Contains(valuation))
            Issue("$.valuation", $"'{valuation}' is not a valuation method; known: {string.Join(", ", TrackerValuation.KnownMethods)}");

        ImportTarget? target = targetText?.Trim().ToLowerInvariant() switch
        {
            "offers" => ImportTarget.Offers,
            "requirements" => ImportTarget.Requirements,
            "catalogue" => ImportTarget.Catalogue,
            null => null,
            _ => null,
        };
        if (targetText is not null && target is null)
            Issue("$.target", $"'{targetText}' is not a target; use offers, requirements or catalogue");

        var fields = new Dictionary<string, FieldMapping>(StringComparer.Ordinal);
        if (!root.TryGetProperty("fields", out var fieldsEl) || fieldsEl.ValueKind != JsonValueKind.Object)
            Issue("$.fields", "'fields' is required: an object from target field names to { \"column\": \"...\" }");
        else
        {
            foreach (var f in fieldsEl.EnumerateObject())
            {
                var path = $"$.fields.{f.Name}";
                if (target is { } t && !TargetFields.Known(t).Contains(f.Name))
                {
                    Issue(path, $"'{f.Name}' is not a field of the {t.ToString().ToLowerInvariant()} target; known: {string.Join(", ", TargetFields.Known(t))}");
                    continue;
                }
                var fm = BuildField(f.Value, path, issues);
                if (fm is not null) fields[f.Name] = fm;
            }
        }

        KeyRule? key = null;
        if (root.TryGetProperty("key", out var keyEl) && keyEl.ValueKind != JsonValueKind.Null)
        {
            if (keyEl.ValueKind != JsonValueKind.Object)
                Issue("$.key", "'key' must be an object: { \"prefix\": \"...\", \"column\": \"...\", \"ordinal\": true }");
            else
            {
                foreach (var p in keyEl.EnumerateObject())
                    if (p.Name is not ("prefix" or "column" or "ordinal"))
                        Issue($"$.key.{p.Name}", "unknown property; allowed: prefix, column, ordinal");
                var prefix = String(keyEl, "prefix", "$.key.prefix", issues, required: false) ?? "";
                var column = String(keyEl, "column", "$.key.column", issues, required: true);
                var ordinal = Bool(keyEl, "ordinal", "$.key.ordinal", issues);
                if (column is not null) key = new KeyRule(prefix, column, ordinal);
            }
        }

        if (target is { } tg)
            foreach (var req in TargetFields.Required(tg))
                if (!fields.ContainsKey(req) && !(req == TargetFields.KeyFieldOf(tg) && key is not null))
                    Issue("$.fields", $"the required target field '{req}' is not mapped");

        var blank = new Dictionary<int, string>();
        foreach (var (letter, header) in Map(root, "blankHeaders", "$.blankHeaders", issues))
        {
            if (ColumnRef.Position(ColumnRef.Prefix + letter) is { } position && header.Length > 0) blank[position] = header;
            else Issue($"$.blankHeaders.{letter}", $"'{letter}' is not a column letter (A, B, …, AA) or position (1, 2, …) with a header name");
        }

        if (issues.Count > 0 || target is null) return null;
        if (valuation is not null && target != ImportTarget.Offers)
        {
            Issue("$.valuation", "a valuation method values offer packages: only an offers mapping may name one");
            return null;
        }
        return new ImportMapping(name, target.Value, description, source, sheet, fields, key, blank, valuation);
    }

    private static FieldMapping? BuildField(JsonElement el, string path, IssueList issues)
    {
        if (el.ValueKind == JsonValueKind.String)
        {
            var col = el.GetString()!.Trim();
            if (col.Length == 0) { Add(issues, path, "the column name is empty"); return null; }
            if (ColumnRef.Problem(col) is { } bad) { Add(issues, path, bad); return null; }
            return new FieldMapping(col, Empty, false, [], [], null, null, FieldScope.Line, Empty);
        }
        if (el.ValueKind != JsonValueKind.Object)
        {
            Add(issues, path, "a field must be an object such as { \"column\": \"Header\" } (or just the header name as a string)");
            return null;
        }
        foreach (var p in el.EnumerateObject())
            if (!FieldProps.Contains(p.Name))
                Add(issues, $"{path}.{p.Name}", $"unknown property; allowed: {string.Join(", ", FieldProps)}");
        var column = String(el, "column", $"{path}.column", issues, required: true);
        if (column is not null && ColumnRef.Problem(column) is { } badColumn) Add(issues, $"{path}.column", badColumn);
        var values = Map(el, "values", $"{path}.values", issues);
        var strict = Bool(el, "strict", $"{path}.strict", issues);
        var unknown = List(el, "unknown", $"{path}.unknown", issues);
        var undisclosed = List(el, "undisclosed", $"{path}.undisclosed", issues);
        var transform = String(el, "transform", $"{path}.transform", issues, required: false);
        if (transform is not null && transform != TransformSlug)
            Add(issues, $"{path}.transform", $"'{transform}' is not a transform; known: {TransformSlug}");
        var fallback = String(el, "fallback", $"{path}.fallback", issues, required: false);
        var scopeText = String(el, "scope", $"{path}.scope", issues, required: false);
        var scope = FieldScope.Line;
        if (scopeText is not null && !Enum.TryParse(scopeText, ignoreCase: true, out scope))
            Add(issues, $"{path}.scope", $"'{scopeText}' is not a scope; use line, package or tranche");
        var when = Map(el, "when", $"{path}.when", issues);
        var round = Bool(el, "round", $"{path}.round", issues);
        var unmatched = String(el, "unmatched", $"{path}.unmatched", issues, required: false);
        if (unmatched is not null && unmatched is not ("refuse" or "keep"))
            Add(issues, $"{path}.unmatched", $"'{unmatched}' is not a choice; use refuse (the default: a code the database lacks is an issue) or keep (the line is kept without it, with a warning)");
        if (column is null) return null;
        return new FieldMapping(column, values, strict, unknown, undisclosed, transform, fallback, scope, when, round, unmatched == "keep");
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static void Add(IssueList issues, string path, string message) => issues.Add(new ImportIssue(issues.Source, 0, path, message));

    private sealed class IssueList(string source) : List<ImportIssue>
    {
        public string Source { get; } = source;
    }

    private static string? String(JsonElement obj, string prop, string path, IssueList issues, bool required)
    {
        if (!obj.TryGetProperty(prop, out var el) || el.ValueKind == JsonValueKind.Null)
        {
            if (required) Add(issues, path, $"'{prop}' is required");
            return null;
        }
        if (el.ValueKind != JsonValueKind.String)
        {
            Add(issues, path, $"'{prop}' must be a string");
            return null;
        }
        var s = el.GetString()!;
        if (required && s.Trim().Length == 0)
        {
            Add(issues, path, $"'{prop}' must not be empty");
            return null;
        }
        return s;
    }

    private static bool Bool(JsonElement obj, string prop, string path, IssueList issues)
    {
        if (!obj.TryGetProperty(prop, out var el) || el.ValueKind == JsonValueKind.Null) return false;
        if (el.ValueKind is JsonValueKind.True or JsonValueKind.False) return el.GetBoolean();
        Add(issues, path, $"'{prop}' must be true or false");
        return false;
    }

    private static IReadOnlyList<string> List(JsonElement obj, string prop, string path, IssueList issues)
    {
        if (!obj.TryGetProperty(prop, out var el) || el.ValueKind == JsonValueKind.Null) return [];
        if (el.ValueKind != JsonValueKind.Array || el.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            Add(issues, path, $"'{prop}' must be an array of strings");
            return [];
        }
        return el.EnumerateArray().Select(x => x.GetString()!.Trim()).ToList();
    }

    private static IReadOnlyDictionary<string, string> Map(JsonElement obj, string prop, string path, IssueList issues)
    {
        if (!obj.TryGetProperty(prop, out var el) || el.ValueKind == JsonValueKind.Null) return Empty;
        if (el.ValueKind != JsonValueKind.Object)
        {
            Add(issues, path, $"'{prop}' must be an object of \"source text\": \"mapped text\"");
            return Empty;
        }
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in el.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                Add(issues, $"{path}.{p.Name}", "a mapped value must be a string");
                continue;
            }
            if (!map.TryAdd(p.Name.Trim(), p.Value.GetString()!.Trim()))
                Add(issues, $"{path}.{p.Name}", $"'{p.Name}' is listed twice (the match ignores case)");
        }
        return map;
    }
}
