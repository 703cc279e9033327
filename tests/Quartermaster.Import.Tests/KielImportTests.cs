using Quartermaster.Application.Import;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Import.Tests;

public sealed class KielImportTests
{
    private static IReadOnlyList<OfferImportRow> Rows => TestData.Kiel.Rows;

    [Fact]
    public void Whole_Kiel_file_parses_with_zero_issues_into_1032_rows()
    {
        Assert.Empty(TestData.Kiel.Issues);
        Assert.Equal(1032, Rows.Count);
    }

    [Fact]
    public void Kiel_rows_cover_43_donors_all_mapped_to_three_letter_codes()
    {
        var donors = Rows.Select(r => r.DonorCode).Distinct().ToList();
        Assert.Equal(43, donors.Count);
        Assert.All(donors, d => Assert.Matches("^[A-Z]{3}$", d));
        Assert.Contains("XEU", donors);
        Assert.Contains("XEI", donors);
        Assert.Contains("XEP", donors);
        Assert.Contains("TWN", donors);
        Assert.Contains("KOR", donors);
        Assert.Contains("TUR", donors);
        Assert.Contains("CZE", donors);
        Assert.Equal(225, Rows.Count(r => r.DonorCode == "USA"));
    }

    [Fact]
    public void Kiel_mapping_value_map_lists_exactly_the_43_donors_of_the_file()
    {
        var map = ImportMapping.Builtin("kiel-ust-main").Field("donor")!.Values;
        Assert.Equal(43, map.Count);
        Assert.Equal(43, map.Values.Distinct().Count());
        Assert.Equal("XEU", map["EU (Commission and Council)"]);
        Assert.Equal("XEI", map["European Investment Bank"]);
        Assert.Equal("XEP", map["European Peace Facility"]);
        Assert.NotNull(ImportMapping.Builtin("kiel-ust-main").Source);
        Assert.Contains("Kiel Working Paper No. 2218", ImportMapping.Builtin("kiel-ust-main").Source);
    }

    [Fact]
    public void Kiel_rows_form_432_packages_with_keys_numbered_within_each_package()
    {
        Assert.Equal(432, Rows.Select(r => r.PackageRef).Distinct().Count());
        Assert.Equal(1032, Rows.Select(r => r.SourceKey).Distinct().Count());
        Assert.Equal("kiel-r7:AUH1#1", Rows[0].SourceKey);
        var usm1 = Rows.Where(r => r.PackageRef == "USM1").ToList();
        Assert.Equal(143, usm1.Count);
        Assert.Equal(Enumerable.Range(1, 143).Select(i => $"kiel-r7:USM1#{i}"), usm1.Select(r => r.SourceKey));
    }

    [Fact]
    public void Every_aid_type_is_kept_with_the_files_counts()
    {
        Assert.Equal(701, Rows.Count(r => r.AidType == AidType.Military));
        Assert.Equal(273, Rows.Count(r => r.AidType == AidType.Humanitarian));
        Assert.Equal(58, Rows.Count(r => r.AidType == AidType.Financial));
    }

    [Fact]
    public void Undisclosed_quantities_stay_unknown_never_zero()
    {
        // "undisclosed" 240 + "Undisclosed" 1 announced; delivered: "undisclosed" 106 + "Undisclosed" 1 + "dozens" + "partially".
        Assert.Equal(241, Rows.Count(r => r.QuantityUndisclosed));
        Assert.All(Rows.Where(r => r.QuantityUndisclosed), r => Assert.Null(r.QuantityAnnounced));
        Assert.Equal(109, Rows.Count(r => r.DeliveredUndisclosed));
        Assert.All(Rows.Where(r => r.DeliveredUndisclosed), r => Assert.Null(r.QuantityReportedDelivered));
        // '.' means not known: null, and not flagged undisclosed.
        Assert.Equal(284, Rows.Count(r => r.QuantityAnnounced is null && !r.QuantityUndisclosed));
        Assert.Equal(1032 - 241 - 284, Rows.Count(r => r.QuantityAnnounced is not null));
    }

    [Fact]
    public void Fractional_tonnages_are_rounded_with_a_warning_by_the_kiel_mappings_round_option()
    {
        Assert.Equal(217, Rows.Single(r => r.Line == 420).QuantityAnnounced);
        Assert.Equal(8, Rows.Single(r => r.Line == 426).QuantityAnnounced);
        Assert.Contains(TestData.Kiel.Warnings, w => w.Contains("line 420") && w.Contains("'216.66666666666666'") && w.Contains("rounded to 217"));
    }

    [Fact]
    public void European_thousands_quantities_are_mapped_by_the_value_map()
    {
        Assert.Contains(Rows, r => r.QuantityAnnounced == 15000);
        Assert.DoesNotContain(Rows, r => r.QuantityAnnounced is 1 or 6 && r.Description.Contains("1.000", StringComparison.Ordinal));
    }

    [Fact]
    public void AUH1_converts_35_million_AUD_to_23456872_86_EUR_and_keeps_the_sources_conversion()
    {
        var auh1 = Rows.Single(r => r.SourceKey == "kiel-r7:AUH1#1");
        Assert.Equal(new Money(35_000_000m, Currency.Parse("AUD")), auh1.PackageValue);
        Assert.Equal(23_456_872.86m, auh1.PackageValueEur);
        Assert.Equal(23456872.863749079m, auh1.SourceValueEur);
        Assert.Equal("AUS", auh1.DonorCode);
        Assert.Equal(AidType.Humanitarian, auh1.AidType);
        Assert.Equal(new DateOnly(2022, 3, 1), auh1.Announced.Exact);
        Assert.Equal("Assistance", auh1.Description); // Item is '.', so the specific type of aid describes it
        Assert.Null(auh1.ItemCode);
        Assert.StartsWith("https://pmtranscripts.pmc.gov.au/", auh1.SourceUrl);
    }

    [Fact]
    public void Text_dates_keep_their_raw_text_and_match_the_files_own_iso_column()
    {
        var (header, raw) = TestData.KielRaw();
        var iso = Array.IndexOf(header, "announcement_date_iso");
        for (var i = 0; i < raw.Count; i++)
        {
            var expected = raw[i][iso];
            if (expected is null) Assert.Null(Rows[i].Announced.Exact);
            else Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Rows[i].Announced.Exact);
        }
        var dkm2 = Rows.First(r => r.PackageRef == "DKM2");
        Assert.Equal("until 5/31/2022", dkm2.Announced.Raw);
        Assert.Null(dkm2.Announced.Exact);
        Assert.Equal(new DateOnly(2022, 5, 31), dkm2.Announced.NotAfter);
        Assert.Equal(72, Rows.Count(r => r.Announced.Raw == "until 7/27/2022"));
    }

    [Fact]
    public void Package_values_stated_on_the_first_line_are_carried_to_every_line_of_the_package()
    {
        var dkm1 = Rows.Where(r => r.PackageRef == "DKM1").ToList();
        Assert.Equal(9, dkm1.Count);
        Assert.All(dkm1, r => Assert.Equal(new Money(1_000_000_000m, Currency.Parse("DKK")), r.PackageValue));
        Assert.All(dkm1, r => Assert.Equal(dkm1[0].SourceValueEur, r.SourceValueEur));
        Assert.NotNull(dkm1[0].SourceValueEur);
    }

    [Fact]
    public void Packages_announced_in_tranches_keep_each_tranches_value_and_are_reported_as_warnings()
    {
        var usm1 = Rows.Where(r => r.PackageRef == "USM1").ToList();
        Assert.Equal(350_000_000m, usm1[0].PackageValue!.Value.Amount);
        Assert.Equal(600_000_000m, usm1[^1].PackageValue!.Value.Amount);
        Assert.Contains(TestData.Kiel.Warnings, w => w.Contains("'USM1'", StringComparison.Ordinal));
        Assert.Contains(TestData.Kiel.Warnings, w => w.Contains("'USM5'", StringComparison.Ordinal));
    }

    [Fact]
    public void Military_items_get_slug_catalogue_codes_and_other_lines_none()
    {
        var m777 = Rows.First(r => r.Description == "M777 howitzer");
        Assert.Equal("m777-howitzer", m777.ItemCode);
        Assert.Equal(635, Rows.Count(r => r.ItemCode is not null));
        Assert.All(Rows.Where(r => r.ItemCode is not null), r => Assert.Equal(AidType.Military, r.AidType));
        Assert.All(Rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
        Assert.All(Rows, r => Assert.Equal(ClearanceStatus.NotRequired, r.TransferConsent));
        Assert.Equal(40, Rows.Count(r => r.SovietOrigin));
    }

    [Fact]
    public void Line_numbers_are_the_csv_lines_header_being_line_1()
    {
        Assert.Equal(2, Rows[0].Line);
        Assert.Equal(1033, Rows[^1].Line);
        Assert.All(Rows, r => Assert.Equal("bilateral_main_data.csv", r.Sheet));
    }

    [Fact]
    public void The_same_data_written_as_xlsx_parses_to_the_same_rows()
    {
        var (header, raw) = TestData.KielRaw();
        using var xlsx = TestData.Xlsx(header, raw, TestData.KielSheet);
        var sheets = TabularReader.Read(xlsx, "kiel.xlsx", ImportLimits.Default);
        var parsed = OfferImport.Parse(sheets, ImportMapping.Builtin("kiel-ust-main"), TestData.KielRates());
        Assert.Empty(parsed.Issues);
        Assert.Equal(1032, parsed.Rows.Count);
        for (var i = 0; i < parsed.Rows.Count; i++)
            Assert.Equal(Rows[i] with { Sheet = TestData.KielSheet }, parsed.Rows[i]);
    }

    [Fact]
    public void The_trackers_workbook_as_published_parses_to_the_same_lines_as_its_csv_copy()
    {
        using var file = File.OpenRead(TestData.KielWorkbookPath);
        var parsed = OfferImport.Parse(file, "Ukraine_Support_Tracker_Release7_data_sheets.xlsx", ImportMapping.Builtin("kiel-ust-main"), TestData.KielRates());
        Assert.Empty(parsed.Issues);
        Assert.Equal(1032, parsed.Rows.Count);
        // Amounts as they are stored (4 decimals): the workbook holds doubles, its CSV copy printed 17 digits of them.
        static OfferImportRow Stored(OfferImportRow r) => r with
        {
            Sheet = "", PackageValueEur = Amounts.Stored(r.PackageValueEur), PackageValue = r.PackageValue is { } v ? v with { Amount = Amounts.Stored(v.Amount) } : null,
            SourceValueEur = Amounts.Stored(r.SourceValueEur), SourceDeliveredEur = Amounts.Stored(r.SourceDeliveredEur),
            UnitValueUsd = Amounts.Stored(r.UnitValueUsd), LineValueUsd = Amounts.Stored(r.LineValueUsd), DeliveredValueUsd = Amounts.Stored(r.DeliveredValueUsd), UnitsExact = Amounts.Stored(r.UnitsExact),
        };
        var differences = new List<string>();
        for (var i = 0; i < parsed.Rows.Count && differences.Count < 10; i++)
            if (Stored(Rows[i]) != Stored(parsed.Rows[i]))
                differences.Add($"line {Rows[i].Line}: csv {Rows[i]} / xlsx {parsed.Rows[i]}");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }
}
