using Quartermaster.Application.Import;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Import.Tests;

public sealed class GenericLayoutTests
{
    private const string OfferHeader = "source_key,donor,aid_type,package,announced,description,item,quantity,package_value,currency,condition,earliest_available,transfer_consent,consent_from\n";

    private static ParsedImport<OfferImportRow> Offers(string csv)
        => OfferImport.Parse(TestData.Csv(csv, "offers.csv"), ImportMapping.Builtin("offers"), TestData.KielRates());

    [Fact]
    public void A_clean_generic_offers_file_gives_typed_rows()
    {
        var parsed = Offers(OfferHeader +
            "NO-1,NOR,Military,NOM9,2022-10-01,M109 howitzer,m109-howitzer,14,500000000,NOK,Used,2022-11-01,Pending,USA\n" +
            "NO-2,NOR,Military,NOM9,2022-10-01,155mm round,155mm-round,undisclosed,,,New,,,\n");
        Assert.Empty(parsed.Issues);
        var r = parsed.Rows[0];
        Assert.Equal(("NO-1", "NOR", AidType.Military, "m109-howitzer", 14), (r.SourceKey, r.DonorCode, r.AidType, r.ItemCode, r.QuantityAnnounced));
        Assert.Equal(Condition.Used, r.Condition);
        Assert.Equal(new DateOnly(2022, 11, 1), r.EarliestAvailable);
        Assert.Equal((ClearanceStatus.Pending, "USA"), (r.TransferConsent, r.ConsentFrom));
        Assert.Equal(48776680.84m, r.PackageValueEur); // 500,000,000 NOK / 10.2508
        // package values are carried within the package
        Assert.Equal(r.PackageValue, parsed.Rows[1].PackageValue);
        Assert.Null(parsed.Rows[1].QuantityAnnounced);
        Assert.True(parsed.Rows[1].QuantityUndisclosed);
    }

    [Fact]
    public void Dirty_offers_report_every_issue_together_with_sheet_line_and_column()
    {
        var parsed = Offers(OfferHeader +
            "K1,NOR,Military,,2022-10-01,Rifle,rifle,abc,100,EUR,,,,\n" +          // line 2: bad number
            "K2,NOR,Military,,2022-10-01,Rifle,rifle,5,100,XYZ,,,,\n" +            // line 3: unknown currency
            "K3,Atlantis,Military,,2022-10-01,Rifle,rifle,5,100,EUR,,,,\n" +       // line 4: unknown donor
            "K4,NOR,Military,,2022-10-01,Rifle,rifle,5,100,EUR,,2022-13-45,,\n" +  // line 5: bad date
            "K4,NOR,Military,,2022-10-01,Rifle,rifle,5,100,EUR,,,,\n");            // line 6: duplicate key
        Assert.Empty(parsed.Rows);
        var issues = parsed.Issues.Select(i => i.ToString()).ToList();
        Assert.Contains("sheet 'offers.csv', line 2, column 'quantity': 'abc' is not a whole number", issues);
        Assert.Contains(parsed.Issues, i => i is { Line: 3, Column: "currency" } && i.Message.Contains("no exchange rate for 'XYZ'") && i.Message.Contains("AUD"));
        Assert.Contains(parsed.Issues, i => i is { Line: 4, Column: "donor" } && i.Message.Contains("'Atlantis'"));
        Assert.Contains(parsed.Issues, i => i is { Line: 5, Column: "earliest_available" } && i.Message.Contains("'2022-13-45' is not a date"));
        Assert.Contains(parsed.Issues, i => i is { Line: 6, Column: "source_key" } && i.Message.Contains("line 5") && i.Message.Contains("line 6"));
        Assert.All(parsed.Issues, i => Assert.Equal("offers.csv", i.Sheet));
        Assert.Equal(5, parsed.Issues.Count);
        var ex = Assert.Throws<ImportRejectedException>(() => parsed.RowsOrThrow());
        Assert.StartsWith("The import was rejected: 5 issues; the first: sheet 'offers.csv', line 2", ex.Message);
    }

    [Fact]
    public void A_missing_required_column_is_one_issue_on_line_1_naming_the_column()
    {
        var parsed = Offers("source_key,aid_type,description\nK1,Military,Rifle\nK2,Military,Rifle\n");
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal(("offers.csv", 1, "donor"), (issue.Sheet, issue.Line, issue.Column));
        Assert.Contains("required column 'donor'", issue.Message);
    }

    [Fact]
    public void A_value_without_a_currency_and_a_pending_consent_without_its_nation_are_issues()
    {
        var parsed = Offers(OfferHeader + "K1,NOR,Military,,,Rifle,,5,100,,,,Pending,\n");
        Assert.Contains(parsed.Issues, i => i is { Line: 2, Column: "currency" } && i.Message.Contains("needs its currency"));
        Assert.Contains(parsed.Issues, i => i is { Line: 2, Column: "consent_from" });
    }

    [Fact]
    public void Conflicting_package_values_within_one_package_are_an_issue_naming_both_lines()
    {
        var parsed = Offers(OfferHeader +
            "K1,NOR,Military,P1,2022-10-01,Rifle,,5,100,EUR,,,,\n" +
            "K2,NOR,Military,P1,2022-10-01,Helmet,,5,200,EUR,,,,\n");
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal((3, "package_value"), (issue.Line, issue.Column));
        Assert.Contains("line 2", issue.Message);
    }

    [Fact]
    public void Requirements_parse_with_default_keys_substitutes_and_iso_dates()
    {
        var sheets = TestData.Csv(
            "period,priority_rank,item,quantity,needed_by,destination,substitutes,note\n" +
            "2022-10,1,m777-howitzer,6,2022-11-30,Lviv,m109-howitzer:1;pzh2000:0.5,\n" +
            "2022-10,2,155mm-round,10000,2022-11-15,Lviv,,urgent\n", "requirements.csv");
        var parsed = RequirementImport.Parse(sheets, ImportMapping.Builtin("requirements"));
        Assert.Empty(parsed.Issues);
        Assert.Equal("2022-10:1", parsed.Rows[0].Key);
        Assert.Equal([new SubstituteCode("m109-howitzer", 1m), new SubstituteCode("pzh2000", 0.5m)], parsed.Rows[0].Substitutes);
        Assert.Equal(new DateOnly(2022, 11, 15), parsed.Rows[1].NeededBy);
    }

    [Fact]
    public void Dirty_requirements_report_bad_period_date_rank_substitute_and_duplicate_key()
    {
        var sheets = TestData.Csv(
            "period,priority_rank,item,quantity,needed_by,destination,substitutes\n" +
            "2022-13,1,m777,6,2022-11-30,Lviv,\n" +
            "2022-10,1,m777,6,30/11/2022,Lviv,\n" +
            "2022-10,1,m777,6,2022-11-30,Lviv,m777:2\n" +
            "2022-10,0,m777,6,2022-11-30,,x:0\n", "req.csv");
        var parsed = RequirementImport.Parse(sheets, ImportMapping.Builtin("requirements"));
        Assert.Contains(parsed.Issues, i => i is { Line: 2, Column: "period" });
        Assert.Contains(parsed.Issues, i => i is { Line: 3, Column: "needed_by" });
        Assert.Contains(parsed.Issues, i => i is { Line: 4, Column: "substitutes" } && i.Message.Contains("itself"));
        Assert.Contains(parsed.Issues, i => i is { Line: 4 } && i.Message.Contains("line 3") && i.Message.Contains("'2022-10:1'"));
        Assert.Contains(parsed.Issues, i => i is { Line: 5, Column: "priority_rank" });
        Assert.Contains(parsed.Issues, i => i is { Line: 5, Column: "destination" });
        Assert.Contains(parsed.Issues, i => i is { Line: 5, Column: "substitutes" });
        Assert.Empty(parsed.Rows);
    }

    [Fact]
    public void Catalogue_rows_parse_and_dirty_ones_name_their_columns()
    {
        var header = "code,name,nsn,supply_class,coalition,is_lethal,control_entry,compatibility_family,tracking,unit_of_issue,unit_weight_kg,training_course,sustainment\n";
        var ok = CatalogueImport.Parse(TestData.Csv(header +
            "m777-howitzer,M777 howitzer,1025-01-123-4567,1025,artillery,yes,ML2,155mm-NATO,Serial,ea,4218.5,m777-crew,spares\n", "cat.csv"),
            ImportMapping.Builtin("catalogue"));
        Assert.Empty(ok.Issues);
        var r = ok.Rows[0];
        Assert.Equal(("m777-howitzer", true, "ML2", "155mm-nato", Tracking.Serial, "EA", 4218.5m), (r.Code, r.IsLethal, r.ControlEntry, r.CompatibilityFamily, r.Tracking, r.UnitOfIssue, r.UnitWeightKg));

        var bad = CatalogueImport.Parse(TestData.Csv(header +
            "M 777,X,,10x5,guns,maybe,ML99,,Sometimes,,2 kg,,\n" +
            "helmet,Helmet,,8470,protection,no,,,,,1.4,,\n" +
            "helmet,Helmet,,8470,protection,no,,,,,1.4,,\n", "cat.csv"), ImportMapping.Builtin("catalogue"));
        foreach (var col in new[] { "code", "supply_class", "coalition", "is_lethal", "control_entry", "tracking", "unit_weight_kg" })
            Assert.Contains(bad.Issues, i => i.Line == 2 && i.Column == col);
        Assert.Contains(bad.Issues, i => i is { Line: 4, Column: "code" } && i.Message.Contains("line 3"));
    }
}
