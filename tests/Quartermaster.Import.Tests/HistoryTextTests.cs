using System.Text.Json;
using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;

namespace Quartermaster.Import.Tests;

/// <summary>How a record's history shows list fields and ids: only what changed in a list, ids by the names of their records.</summary>
public sealed class HistoryTextTests
{
    private static FieldChange Diff(string from, string to)
    {
        using var a = JsonDocument.Parse(from);
        using var b = JsonDocument.Parse(to);
        return HistoryDiff.Lists("Contributions", a.RootElement, b.RootElement);
    }

    [Fact]
    public void A_list_change_keeps_only_the_removed_and_added_elements_and_counts_the_rest()
    {
        var c = Diff("""[{"x":1},{"x":2},{"x":3}]""", """[{"x":1},{"x":3},{"x":4},{"x":5}]""");
        Assert.Equal("""[{"x":2}]""", c.From);
        Assert.Equal("""[{"x":4},{"x":5}]""", c.To);
        Assert.Equal(2, c.Unchanged);
    }

    [Fact]
    public void Equal_elements_are_matched_one_for_one_so_a_new_duplicate_shows_as_added()
    {
        var c = Diff("""["a","a","b"]""", """["a","a","a"]""");
        Assert.Equal("""["b"]""", c.From);
        Assert.Equal("""["a"]""", c.To);
        Assert.Equal(2, c.Unchanged);
        var same = Diff("""["a","b"]""", """["b","a"]""");
        Assert.Null(same.From);
        Assert.Null(same.To);
        Assert.Equal(2, same.Unchanged);
    }

    [Fact]
    public void A_packages_lines_contributions_and_attributions_read_as_words_with_requirements_named()
    {
        var req = Guid.NewGuid().ToString();
        var names = new Dictionary<string, string> { [req] = "#5 medical supplies (2026-11)" };
        Assert.Equal("#5 medical supplies (2026-11): 40 × 500,000 = 20,000,000",
            Labels.Value("FundedPackage", "Lines", $$"""[{"ItemId":"{{Guid.NewGuid()}}","Quantity":40,"RequirementId":"{{req}}","UnitValue":500000,"Value":20000000}]""", names));
        Assert.Equal("JPN 20,000,000, accepted; NLD 40,000,000.5, invited",
            Labels.Value("FundedPackage", "Contributions", """[{"Amount":20000000,"DonorCode":"JPN","State":"Accepted"},{"Amount":40000000.50,"DonorCode":"NLD","State":"Invited"}]""", names));
        Assert.Equal("JPN 20,000,000 → #5 medical supplies (2026-11)",
            Labels.Value("FundedPackage", "Attributions", $$"""[{"Amount":20000000,"DonorCode":"JPN","PledgeId":"{{Guid.NewGuid()}}","RequirementId":"{{req}}"}]""", names));
        Assert.Equal("none", Labels.Value("FundedPackage", "Attributions", "[]", names));
        Assert.Equal("not json", Labels.Value("FundedPackage", "Lines", "not json", names));
    }

    [Fact]
    public void An_id_field_shows_the_name_of_its_record_and_an_unknown_id_as_it_is()
    {
        var item = Guid.NewGuid().ToString();
        var names = new Dictionary<string, string> { [item] = "power generator (power-generator)" };
        Assert.Equal("power generator (power-generator)", Labels.Value("FundingPledge", "EarmarkItemId", item, names));
        var unknown = Guid.NewGuid().ToString();
        Assert.Equal(unknown, Labels.Value("FundingPledge", "EarmarkItemId", unknown, names));
        // Only id fields are looked up: a note that happens to hold an id's text stays as written.
        Assert.Equal(item, Labels.Value("FundingPledge", "Note", item, names));
        Assert.Equal("Earmarked item", Labels.Field("EarmarkItemId"));
    }
}
