using System.Globalization;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Application.Import;

/// <summary>One validated offer line, ready to be applied (by another layer) to an <see cref="Offer"/> and its <see cref="AidPackage"/>.</summary>
public sealed record OfferImportRow
{
    public required string Sheet { get; init; }
    public required int Line { get; init; }

    /// <summary>Idempotency key of the line (e.g. "kiel-r7:AUM6#1"): a re-import finds the offer again by it.</summary>
    public required string SourceKey { get; init; }
    public required string DonorCode { get; init; }
    public required AidType AidType { get; init; }
    public string? PackageRef { get; init; }

    /// <summary>The announcement date as written (raw text always kept; exact date only when known; raw "" when the file has none).</summary>
    public required FuzzyDate Announced { get; init; }
    public required string Description { get; init; }

    /// <summary>Catalogue code of the item (Kiel: slug of "Item" on military lines), or null.</summary>
    public string? ItemCode { get; init; }
    public int? QuantityAnnounced { get; init; }

    /// <summary>The source says the announced quantity is undisclosed (then <see cref="QuantityAnnounced"/> is null, never 0).</summary>
    public bool QuantityUndisclosed { get; init; }
    public int? QuantityReportedDelivered { get; init; }
    public bool DeliveredUndisclosed { get; init; }

    /// <summary>The package's value as the source gives it, in its currency (carried to every line of the package or tranche).</summary>
    public Money? PackageValue { get; init; }

    /// <summary>Our conversion of <see cref="PackageValue"/> with the rate table passed in, on the announcement's best date.</summary>
    public decimal? PackageValueEur { get; init; }

    /// <summary>The source's own euro conversion of the package, kept beside ours.</summary>
    public decimal? SourceValueEur { get; init; }
    public decimal? SourceDeliveredEur { get; init; }
    public decimal? UnitValueUsd { get; init; }
    public decimal? LineValueUsd { get; init; }
    public decimal? DeliveredValueUsd { get; init; }

    /// <summary>The line's own value (Kiel: its USD estimate of the committed units), as money.</summary>
    public Money? LineValue => LineValueUsd is { } v ? new Money(v, Currency.Usd) : null;

    /// <summary>The value delivered, in <see cref="LineValue"/>'s currency; null when the line has no value to relate it to.</summary>
    public decimal? LineDeliveredValue => LineValue is null ? null : DeliveredValueUsd;
    public Condition Condition { get; init; }
    public DateOnly? EarliestAvailable { get; init; }
    public string? OriginDepot { get; init; }
    public ClearanceStatus TransferConsent { get; init; }
    public string? ConsentFrom { get; init; }
    public ClearanceStatus ExportLicence { get; init; }
    public string? Explanation { get; init; }
    public string? SourceUrl { get; init; }
    public bool SovietOrigin { get; init; }
    public string? ItemType { get; init; }
    public string? ItemSubtype { get; init; }

    /// <summary>The item as the source names it (Kiel: "Item"): the key into a tracker's price list.</summary>
    public string? ItemName { get; init; }

    /// <summary>The units announced as the source writes them, unrounded (a tracker's estimate multiplies these); null when not a number.</summary>
    public decimal? UnitsExact { get; init; }
}

/// <summary>Turns sheets into validated <see cref="OfferImportRow"/>s, or the complete list of issues. Touches no database.</summary>
public static class OfferImport
{
    /// <summary>Reads the file and parses it; a file the reader refuses comes back as issues, not as an exception.</summary>
    public static ParsedImport<OfferImportRow> Parse(Stream stream, string fileName, ImportMapping mapping, ExchangeRateTable rates, ImportLimits? limits = null)
    {
        IReadOnlyList<SourceSheet> sheets;
        try { sheets = TabularReader.Read(stream, fileName, mapping.ReadOptions(limits)); }
        catch (ImportRejectedException ex) { return ParsedImport<OfferImportRow>.Rejected(ex.Issues); }
        return Parse(sheets, mapping, rates);
    }

    public static ParsedImport<OfferImportRow> Parse(IReadOnlyList<SourceSheet> sheets, ImportMapping mapping, ExchangeRateTable rates)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(rates);
        if (mapping.Target != ImportTarget.Offers)
            throw new ArgumentException($"Mapping '{mapping.Name}' is for {mapping.Target}, not offers.", nameof(mapping));

        var issues = new List<ImportIssue>();
        var warnings = new List<string>();
        var sheet = ImportCommon.PickSheet(sheets, mapping, issues, warnings);
        if (sheet is null) return new ParsedImport<OfferImportRow>([], issues, warnings);

        var reader = new FieldReader(mapping, sheet, issues);
        var required = TargetFields.OffersRequired.Where(f => !(f == "source_key" && mapping.Key is not null)).ToList();
        ImportCommon.WarnMissingOptional(reader.CheckColumns(required), warnings);

        var rowsIn = CarryPackageValues(sheet, reader, mapping, issues, warnings);
        var ruleKeys = mapping.Key is { } rule && reader.PositionOf(rule.Column) is var kp and >= 0 ? ImportCommon.RuleKeys(rule, rowsIn, kp) : null;
        var keyColumn = mapping.Key is { } kr ? reader.LabelOf(kr.Column) : mapping.Field("source_key") is { } kf ? reader.LabelOf(kf.Column) : null;
        var seenKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<OfferImportRow>(rowsIn.Count);
        var keyMissing = false;

        for (var i = 0; i < rowsIn.Count; i++)
        {
            reader.Row = rowsIn[i];
            var before = issues.Count;

            string? key;
            if (mapping.Key is not null)
            {
                key = ruleKeys?[i]; // without the key column (reported once, on line 1) no line has a key
                if (ruleKeys is null) keyMissing = true;
                else if (key is null) reader.Issue(keyColumn, "a value is required (it builds the line's key)");
                else if (key.Length > 200) { reader.Issue(keyColumn, "the key is longer than 200 characters"); key = null; }
            }
            else key = reader.Text("source_key", 200, required: true);
            ImportCommon.CheckDuplicate(seenKeys, key, reader, keyColumn);

            var donor = reader.Domain("donor", s => NationCode.Parse(s), required: true);
            var aidType = reader.Enum<AidType>("aid_type", required: true);
            var package = reader.Text("package", 60);
            var announcedCell = reader.Get("announced");
            // A date is read in one form whether the file held an Excel serial (a CSV copy, a number cell) or a date cell:
            // as a serial first (so that both meet the same plausibility rule), and an exact date is kept as yyyy-MM-dd,
            // so that a workbook and its CSV copy give the same record.
            var announcedText = announcedCell.HasText ? AsSerial(announcedCell.Text!) : null;
            var announced = announcedText is not null ? FuzzyDate.Parse(announcedText) : FuzzyDate.Unknown(announcedCell.Raw ?? "");
            if (announced.Exact is { } exact && announcedText!.All(char.IsAsciiDigit))
                announced = FuzzyDate.Parse(exact.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (announced is { Exact: null, NotAfter: null } && announcedCell.HasText)
                warnings.Add($"sheet '{sheet.Name}', line {reader.Row.Line}: the announcement date '{announced.Raw}' gives no date; the text is kept.");
            var description = reader.Text("description", 500, required: true);
            var item = reader.Domain("item", s => CatalogueItem.ParseCode(s));
            var quantity = reader.Int("quantity", out var undisclosed);
            var units = quantity is null ? null : reader.Get("quantity") is { HasText: true } qc
                && decimal.TryParse(qc.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exactUnits) ? exactUnits : (decimal?)quantity;
            var delivered = reader.Int("quantity_delivered", out var deliveredUndisclosed);

            var amount = reader.Decimal("package_value");
            var currencyCell = reader.Get("currency");
            Money? value = null;
            decimal? valueEur = null;
            Currency? currency = null;
            if (currencyCell.HasText)
            {
                try { currency = Currency.Parse(currencyCell.Text); }
                catch (DomainException ex) { reader.Issue(currencyCell.Column, ex.Message.TrimEnd('.')); }
                if (currency is { } c && !rates.Knows(c))
                {
                    reader.Issue(currencyCell.Column, $"no exchange rate for '{c.Code}'; known currencies: {string.Join(", ", rates.Currencies.Select(x => x.Code).Order(StringComparer.Ordinal))}");
                    currency = null;
                }
            }
            if (amount is { } a)
            {
                if (currency is { } cur)
                {
                    value = new Money(a, cur);
                    valueEur = rates.ToEur(value.Value, announced.BestEstimate);
                }
                else if (!currencyCell.HasText)
                    reader.Issue(currencyCell.Column ?? mapping.Field("package_value")?.Column, "a value needs its currency (ISO 4217, e.g. EUR, USD)");
            }

            var consent = reader.Enum<ClearanceStatus>("transfer_consent") ?? ClearanceStatus.NotRequired;
            var consentFrom = reader.Domain("consent_from", s => NationCode.Parse(s));
            if (consent != ClearanceStatus.NotRequired && consentFrom is null && reader.HasColumn("transfer_consent"))
                reader.Issue(mapping.Field("consent_from")?.Column ?? mapping.Field("transfer_consent")!.Column,
                    $"a transfer consent that is {consent} must name the nation that gives it (consent_from)");

            var row = new OfferImportRow
            {
                Sheet = sheet.Name,
                Line = reader.Row.Line,
                SourceKey = key ?? "",
                DonorCode = donor ?? "",
                AidType = aidType ?? AidType.Military,
                PackageRef = package,
                Announced = announced,
                Description = description ?? "",
                ItemCode = item,
                QuantityAnnounced = quantity,
                QuantityUndisclosed = undisclosed,
                QuantityReportedDelivered = delivered,
                DeliveredUndisclosed = deliveredUndisclosed,
                PackageValue = value,
                PackageValueEur = valueEur,
                SourceValueEur = reader.Decimal("source_value_eur"),
                SourceDeliveredEur = reader.Decimal("source_delivered_eur"),
                UnitValueUsd = reader.Decimal("unit_value_usd"),
                LineValueUsd = reader.Decimal("line_value_usd"),
                DeliveredValueUsd = reader.Decimal("delivered_value_usd"),
                Condition = reader.Enum<Condition>("condition") ?? Condition.Unknown,
                EarliestAvailable = reader.IsoDate("earliest_available"),
                OriginDepot = reader.Text("origin_depot", 120),
                TransferConsent = consent,
                ConsentFrom = consent == ClearanceStatus.NotRequired ? null : consentFrom,
                ExportLicence = reader.Enum<ClearanceStatus>("export_licence") ?? ClearanceStatus.NotRequired,
                Explanation = reader.Text("explanation", 4000),
                SourceUrl = reader.Text("source_url", 1000),
                SovietOrigin = reader.Flag("soviet_origin") ?? false,
                ItemType = reader.Text("item_type", 200),
                ItemSubtype = reader.Text("item_subtype", 200),
                ItemName = reader.Text("item_name", 500),
                UnitsExact = units,
            };
            if (issues.Count == before && !keyMissing) rows.Add(row);
        }
        warnings.AddRange(reader.Warnings);
        return new ParsedImport<OfferImportRow>(rows, issues, warnings);
    }

    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    /// <summary>A yyyy-MM-dd date (a date cell) as its Excel serial number; any other text as it is.</summary>
    private static string AsSerial(string text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d > ExcelEpoch
            ? (d.DayNumber - ExcelEpoch.DayNumber).ToString(CultureInfo.InvariantCulture)
            : text;

    /// <summary>
    /// Kiel (and similar sources) state a package's values on one line only. For every field whose mapping scope is
    /// package or tranche, lines of the same package (tranche: same package and same announcement text) take the
    /// value from whichever line has it; two different values in one group are an issue naming both lines. A package
    /// whose tranches state different values gets a warning (each line keeps its tranche's value).
    /// </summary>
    private static IReadOnlyList<SourceRow> CarryPackageValues(SourceSheet sheet, FieldReader reader, ImportMapping mapping, List<ImportIssue> issues, List<string> warnings)
    {
        var scoped = mapping.Fields.Where(f => f.Value.Scope != FieldScope.Line && reader.PositionOf(f.Value.Column) >= 0).ToList();
        var packageColumn = mapping.Field("package")?.Column;
        if (scoped.Count == 0 || packageColumn is null || reader.PositionOf(packageColumn) < 0) return sheet.Rows;
        var packagePos = reader.PositionOf(packageColumn);
        var announcedPos = mapping.Field("announced") is { } af ? reader.PositionOf(af.Column) : -1;

        // The reader's rows are this import's own copy: carried values are written into them.
        var rows = sheet.Rows;
        foreach (var (field, fm) in scoped)
        {
            var pos = reader.PositionOf(fm.Column);
            var label = reader.LabelOf(fm.Column);
            bool Known(string? v) => !string.IsNullOrWhiteSpace(v) && !fm.Unknown.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase);
            var groups = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
            var byPackage = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            var groupOf = new string?[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var package = rows[i][packagePos]?.Trim();
                if (string.IsNullOrEmpty(package)) continue;
                var tranche = fm.Scope == FieldScope.Tranche && announcedPos >= 0 ? rows[i][announcedPos]?.Trim() ?? "" : "";
                var g = groupOf[i] = package + "\u0001" + tranche;
                var v = rows[i][pos]?.Trim();
                if (!Known(v)) continue;
                if (!groups.TryGetValue(g, out var have))
                {
                    groups[g] = (v!, rows[i].Line);
                    if (!byPackage.TryGetValue(package, out var set)) byPackage[package] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.Add(v!);
                }
                else if (!string.Equals(have.Value, v, StringComparison.Ordinal))
                {
                    var what = fm.Scope == FieldScope.Tranche ? $"lines of package '{package}' announced '{tranche}'" : $"lines of package '{package}'";
                    issues.Add(new ImportIssue(sheet.Name, rows[i].Line, label,
                        $"'{v}' conflicts with '{have.Value}' on line {have.Line}: all {what} must state the same {field}"));
                }
            }
            for (var i = 0; i < rows.Count; i++)
                if (groupOf[i] is { } g && !Known(rows[i][pos]) && groups.TryGetValue(g, out var carried))
                    rows[i].Set(pos, carried.Value);
            if (fm.Scope == FieldScope.Tranche)
                foreach (var (package, values) in byPackage.Where(p => p.Value.Count > 1))
                    warnings.Add($"Package '{package}' was announced in tranches that state different {field} values ({string.Join(", ", values)}); each line keeps its own tranche's value.");
        }
        return rows;
    }
}
