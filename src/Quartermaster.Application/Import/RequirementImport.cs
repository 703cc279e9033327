using System.Globalization;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Requirements;

namespace Quartermaster.Application.Import;

/// <summary>An acceptable substitute named by catalogue code, with how many of it make up one unit needed.</summary>
public sealed record SubstituteCode(string ItemCode, decimal EquivalenceFactor);

/// <summary>One validated line of the recipient's prioritised requirements list.</summary>
public sealed record RequirementImportRow
{
    public required string Sheet { get; init; }
    public required int Line { get; init; }

    /// <summary>Idempotency key: the `key` column, or period + ":" + priority rank (e.g. "2022-10:3").</summary>
    public required string Key { get; init; }
    public required string Period { get; init; }
    public required int PriorityRank { get; init; }
    public required string ItemCode { get; init; }
    public required int Quantity { get; init; }
    public required DateOnly NeededBy { get; init; }
    public required string Destination { get; init; }
    public IReadOnlyList<SubstituteCode> Substitutes { get; init; } = [];
    public string? Note { get; init; }

    public bool Equals(RequirementImportRow? other)
        => other is not null && Sheet == other.Sheet && Line == other.Line && Key == other.Key && Period == other.Period
           && PriorityRank == other.PriorityRank && ItemCode == other.ItemCode && Quantity == other.Quantity
           && NeededBy == other.NeededBy && Destination == other.Destination && Note == other.Note
           && Substitutes.SequenceEqual(other.Substitutes);

    public override int GetHashCode() => HashCode.Combine(Key, Line, ItemCode);
}

/// <summary>Turns sheets into validated <see cref="RequirementImportRow"/>s, or the complete list of issues.</summary>
public static class RequirementImport
{
    public static ParsedImport<RequirementImportRow> Parse(Stream stream, string fileName, ImportMapping mapping, ImportLimits? limits = null)
    {
        IReadOnlyList<SourceSheet> sheets;
        try { sheets = TabularReader.Read(stream, fileName, limits ?? ImportLimits.Default); }
        catch (ImportRejectedException ex) { return ParsedImport<RequirementImportRow>.Rejected(ex.Issues); }
        return Parse(sheets, mapping);
    }

    public static ParsedImport<RequirementImportRow> Parse(IReadOnlyList<SourceSheet> sheets, ImportMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Target != ImportTarget.Requirements)
            throw new ArgumentException($"Mapping '{mapping.Name}' is for {mapping.Target}, not requirements.", nameof(mapping));

        var issues = new List<ImportIssue>();
        var warnings = new List<string>();
        var sheet = ImportCommon.PickSheet(sheets, mapping, issues, warnings);
        if (sheet is null) return new ParsedImport<RequirementImportRow>([], issues, warnings);
        var reader = new FieldReader(mapping, sheet, issues);
        ImportCommon.WarnMissingOptional(reader.CheckColumns(TargetFields.RequirementsRequired), warnings);

        var ruleKeys = mapping.Key is { } rule && reader.PositionOf(rule.Column) is var kp and >= 0 ? ImportCommon.RuleKeys(rule, sheet.Rows, kp) : null;
        var keyColumn = mapping.Key is { } kr ? reader.LabelOf(kr.Column) : mapping.Field("key") is { } kf ? reader.LabelOf(kf.Column) : null;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<RequirementImportRow>();
        for (var i = 0; i < sheet.Rows.Count; i++)
        {
            reader.Row = sheet.Rows[i];
            var before = issues.Count;
            var period = reader.Domain("period", s => Requirement.ParsePeriod(s), required: true);
            var rank = reader.Int("priority_rank", min: 1, required: true);
            var item = reader.Domain("item", s => CatalogueItem.ParseCode(s), required: true);
            var quantity = reader.Int("quantity", min: 1, required: true);
            var neededBy = reader.IsoDate("needed_by", required: true);
            var destination = reader.Text("destination", 120, required: true);
            var note = reader.Text("note", 2000);
            var substitutes = ParseSubstitutes(reader, item);

            var key = ruleKeys is not null ? ruleKeys[i] : reader.Text("key", 200);
            var column = key is not null ? keyColumn : null;
            if (key is null && period is not null && rank is not null)
                key = $"{period}:{rank.Value.ToString(CultureInfo.InvariantCulture)}";
            ImportCommon.CheckDuplicate(seen, key, reader, column ?? mapping.Field("priority_rank")?.Column);

            if (issues.Count > before) continue;
            rows.Add(new RequirementImportRow
            {
                Sheet = sheet.Name,
                Line = reader.Row.Line,
                Key = key!,
                Period = period!,
                PriorityRank = rank!.Value,
                ItemCode = item!,
                Quantity = quantity!.Value,
                NeededBy = neededBy!.Value,
                Destination = destination!,
                Substitutes = substitutes,
                Note = note,
            });
        }
        warnings.AddRange(reader.Warnings);
        return new ParsedImport<RequirementImportRow>(rows, issues, warnings);
    }

    /// <summary>"code:factor;code:factor" (a missing factor means 1).</summary>
    private static IReadOnlyList<SubstituteCode> ParseSubstitutes(FieldReader reader, string? itemCode)
    {
        var cell = reader.Get("substitutes");
        if (!cell.HasText) return [];
        var list = new List<SubstituteCode>();
        foreach (var part in cell.Text!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bits = part.Split(':', StringSplitOptions.TrimEntries);
            if (bits.Length > 2)
            {
                reader.Issue(cell.Column, $"'{part}' is not a substitute: write code:factor, several separated by ';'");
                continue;
            }
            string code;
            try { code = CatalogueItem.ParseCode(bits[0]); }
            catch (DomainException ex) { reader.Issue(cell.Column, ex.Message.TrimEnd('.')); continue; }
            var factor = 1m;
            if (bits.Length == 2 && (!decimal.TryParse(bits[1], NumberStyles.Float, CultureInfo.InvariantCulture, out factor) || factor <= 0))
            {
                reader.Issue(cell.Column, $"'{bits[1]}' in '{part}' is not an equivalence factor (a number greater than zero)");
                continue;
            }
            if (code == itemCode) { reader.Issue(cell.Column, $"'{code}' cannot be a substitute for itself"); continue; }
            if (list.Any(s => s.ItemCode == code)) { reader.Issue(cell.Column, $"the substitute '{code}' is listed twice"); continue; }
            list.Add(new SubstituteCode(code, factor));
        }
        return list;
    }
}
