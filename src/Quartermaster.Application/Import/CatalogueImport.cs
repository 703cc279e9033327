using System.Text.RegularExpressions;
using Quartermaster.Domain.Catalogue;

namespace Quartermaster.Application.Import;

/// <summary>One validated catalogue line. The stock number and the supply class are checked against reference data later, by the domain.</summary>
public sealed record CatalogueImportRow
{
    public required string Sheet { get; init; }
    public required int Line { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Nsn { get; init; }
    public required string SupplyClass { get; init; }
    public required string Coalition { get; init; }
    public required bool IsLethal { get; init; }
    public string? ControlEntry { get; init; }
    public string? CompatibilityFamily { get; init; }
    public Tracking Tracking { get; init; }
    public string UnitOfIssue { get; init; } = "EA";
    public decimal UnitWeightKg { get; init; }
    /// <summary>The code of the course the item's crews need (a training course record).</summary>
    public string? TrainingCourse { get; init; }
}

/// <summary>Turns sheets into validated <see cref="CatalogueImportRow"/>s, or the complete list of issues.</summary>
public static partial class CatalogueImport
{
    public static ParsedImport<CatalogueImportRow> Parse(Stream stream, string fileName, ImportMapping mapping, ImportLimits? limits = null)
    {
        IReadOnlyList<SourceSheet> sheets;
        try { sheets = TabularReader.Read(stream, fileName, limits ?? ImportLimits.Default); }
        catch (ImportRejectedException ex) { return ParsedImport<CatalogueImportRow>.Rejected(ex.Issues); }
        return Parse(sheets, mapping);
    }

    public static ParsedImport<CatalogueImportRow> Parse(IReadOnlyList<SourceSheet> sheets, ImportMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Target != ImportTarget.Catalogue)
            throw new ArgumentException($"Mapping '{mapping.Name}' is for {mapping.Target}, not catalogue.", nameof(mapping));

        var issues = new List<ImportIssue>();
        var warnings = new List<string>();
        var sheet = ImportCommon.PickSheet(sheets, mapping, issues, warnings);
        if (sheet is null) return new ParsedImport<CatalogueImportRow>([], issues, warnings);
        var reader = new FieldReader(mapping, sheet, issues);
        ImportCommon.WarnMissingOptional(reader.CheckColumns(TargetFields.CatalogueRequired), warnings);

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<CatalogueImportRow>();
        foreach (var source in sheet.Rows)
        {
            reader.Row = source;
            var before = issues.Count;
            var code = reader.Domain("code", s => CatalogueItem.ParseCode(s), required: true);
            ImportCommon.CheckDuplicate(seen, code, reader, mapping.Field("code")?.Column);
            var name = reader.Text("name", 200, required: true);
            var nsn = reader.Text("nsn", 20);
            var supplyClass = reader.Text("supply_class", 10, required: true);
            if (supplyClass is not null && !SupplyClassPattern().IsMatch(supplyClass))
                reader.Issue(mapping.Field("supply_class")!.Column, $"'{supplyClass}' is not a supply class: four digits, e.g. 1025, 2320, 8470");
            var coalition = reader.Domain("coalition", s => Coalitions.Parse(s), required: true);
            var lethal = reader.Flag("is_lethal", required: true);
            var control = reader.Domain("control_entry", s => ControlEntry.ParseOptional(s) ?? "");
            var family = reader.Text("compatibility_family", 60)?.ToLowerInvariant();
            var tracking = reader.Enum<Tracking>("tracking") ?? Tracking.None;
            var unit = reader.Text("unit_of_issue", 10)?.ToUpperInvariant() ?? "EA";
            var weight = reader.Decimal("unit_weight_kg") ?? 0m;
            var course = reader.Domain("training_course", s => CatalogueItem.ParseCode(s, "training_course"));
            if (issues.Count > before) continue;
            rows.Add(new CatalogueImportRow
            {
                Sheet = sheet.Name,
                Line = source.Line,
                Code = code!,
                Name = name!,
                Nsn = nsn,
                SupplyClass = supplyClass!,
                Coalition = coalition!,
                IsLethal = lethal!.Value,
                ControlEntry = string.IsNullOrEmpty(control) ? null : control,
                CompatibilityFamily = family,
                Tracking = tracking,
                UnitOfIssue = unit,
                UnitWeightKg = weight,
                TrainingCourse = course,
            });
        }
        warnings.AddRange(reader.Warnings);
        return new ParsedImport<CatalogueImportRow>(rows, issues, warnings);
    }

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex SupplyClassPattern();
}
