using System.IO.Compression;
using System.Text;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;

namespace Quartermaster.Import.Tests;

/// <summary>The label catalogue turns codes into words; the one export writer keeps codes and neutralises formulas.</summary>
public sealed class LabelsAndExportTests
{
    [Theory]
    [InlineData("PartlyCovered", "Partly covered")]
    [InlineData("NotRequired", "Not required")]
    [InlineData("NationalPointOfContact", "National point of contact")]
    [InlineData("announced_eur", "Announced eur")]
    [InlineData("supply-short", "Supply short")]
    [InlineData("NSN", "NSN")]
    [InlineData("ControlEntryFSC", "Control entry FSC")]
    public void Codes_without_an_entry_are_humanised(string code, string words) => Assert.Equal(words, Labels.Humanise(code));

    [Fact]
    public void Enum_values_report_headers_and_explanations_have_the_words_people_use()
    {
        Assert.Equal("Partly covered", Labels.Of(RequirementStatus.PartlyCovered));
        Assert.Equal("Not required", Labels.Of(ClearanceStatus.NotRequired));
        Assert.Equal("National point of contact", Labels.Of(Role.NationalPointOfContact));
        Assert.Equal("National point of contact", Labels.Of("Role", "NationalPointOfContact"));
        Assert.Equal("Announced (EUR)", Labels.Header("announced_eur"));
        Assert.Equal("Not enough offered", Labels.Explanation("supply-short"));
        Assert.Equal("Needed by", Labels.Field("neededBy"));
        Assert.Equal("Equivalence factor", Labels.Field("substitutes.equivalenceFactor"));
    }

    [Fact]
    public void Every_enum_value_the_ui_shows_has_an_explicit_label()
    {
        var types = new[] { typeof(RequirementStatus), typeof(OfferStatus), typeof(AidType), typeof(Condition), typeof(ClearanceStatus),
            typeof(Role), typeof(Releasability), typeof(TokenScope) };
        foreach (var t in types)
            foreach (var v in Enum.GetNames(t))
                Assert.False(string.IsNullOrWhiteSpace(Labels.Of(t.Name, v)), $"{t.Name}.{v}");
        Assert.Equal(Enum.GetValues<OfferStatus>().Length, Labels.Options<OfferStatus>().Count);
    }

    [Fact]
    public void Ledger_values_of_enum_fields_are_shown_in_words_and_other_values_as_they_are()
    {
        Assert.Equal("Partly covered", Labels.Value("Requirement", "Status", "PartlyCovered"));
        Assert.Equal("Withdrawn", Labels.Value("Offer", "Status", "Withdrawn"));
        Assert.Equal("Not required", Labels.Value("Offer", "TransferConsent", "NotRequired"));
        Assert.Equal("1200", Labels.Value("Requirement", "Quantity", "1200"));
        Assert.Null(Labels.Value("Requirement", "Note", null));
    }

    private sealed record Row(string Name, decimal Amount, int? Count, DateOnly When);

    private static readonly IReadOnlyList<ExportColumn<Row>> Columns =
        [new("name", r => r.Name), new("amount", r => r.Amount), new("count", r => r.Count), new("when", r => r.When)];

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("helmet", "helmet")]
    [InlineData("", "")]
    public void Text_a_spreadsheet_would_evaluate_is_neutralised(string text, string written) => Assert.Equal(written, TableExport.Neutralise(text));

    [Fact]
    public void Csv_keeps_codes_numbers_and_dates_and_neutralises_formulas()
    {
        var csv = Encoding.UTF8.GetString(TableExport.CsvBytes(Columns, [new Row("=1+1", -12.5m, null, new DateOnly(2026, 3, 1)), new Row("a,\"b\"", 3m, 7, new DateOnly(2026, 3, 2))]))
            .TrimStart('\uFEFF');
        Assert.Equal("name,amount,count,when\n'=1+1,-12.5,,2026-03-01\n\"a,\"\"b\"\"\",3,7,2026-03-02\n", csv);
    }

    [Fact]
    public void Xlsx_writes_text_as_text_never_as_a_formula_and_numbers_as_numbers()
    {
        var bytes = TableExport.Xlsx(Columns, [new Row("=cmd|' /C calc'!A0", -1m, 2, new DateOnly(2026, 1, 1))], "export");
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var sheet = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
        using var reader = new StreamReader(sheet.Open());
        var xml = reader.ReadToEnd();
        var strings = zip.GetEntry("xl/sharedStrings.xml") is { } ss ? new StreamReader(ss.Open()).ReadToEnd() : "";
        Assert.DoesNotContain("<f>", xml);
        Assert.DoesNotContain("<x:f>", xml);
        Assert.Contains(">-1<", xml);
        var row = (IDictionary<string, object?>)MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).First();
        Assert.Equal("'=cmd|' /C calc'!A0", row["name"]);
    }
}
