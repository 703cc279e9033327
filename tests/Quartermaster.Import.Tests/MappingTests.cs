using Quartermaster.Application.Import;

namespace Quartermaster.Import.Tests;

public sealed class MappingTests
{
    [Fact]
    public void The_four_builtin_mappings_load()
    {
        Assert.Equal(["catalogue", "kiel-ust-main", "offers", "requirements"], ImportMapping.BuiltinNames);
        Assert.Equal(ImportTarget.Offers, ImportMapping.Builtin("offers").Target);
        Assert.Equal(ImportTarget.Requirements, ImportMapping.Builtin("requirements").Target);
        Assert.Equal(ImportTarget.Catalogue, ImportMapping.Builtin("catalogue").Target);
        Assert.All(ImportMapping.Builtin("catalogue").Fields, f => Assert.Equal(f.Key, f.Value.Column));
        Assert.Equal(new KeyRule("kiel-r7:", "ID", true), ImportMapping.Builtin("kiel-ust-main").Key);
    }

    [Fact]
    public void Mapping_json_syntax_errors_name_line_and_position()
    {
        var ex = Assert.Throws<ImportRejectedException>(() => ImportMapping.Parse("{\n  \"name\": \"x\",\n  \"target\": offers\n}", "mine.json"));
        var issue = Assert.Single(ex.Issues);
        Assert.Equal(("mine.json", 3), (issue.Sheet, issue.Line));
        Assert.Contains("line 3, position 13", issue.Message);
    }

    [Fact]
    public void Mapping_content_errors_are_all_reported_with_their_json_path()
    {
        var json = """
            { "name": "x", "target": "offers", "colour": 1,
              "fields": { "donor": { "column": "Country", "transform": "upper" },
                          "aid_typ": { "column": "Type" },
                          "description": { "colum": "Item" } } }
            """;
        var ex = Assert.Throws<ImportRejectedException>(() => ImportMapping.Parse(json, "mine.json"));
        Assert.Contains(ex.Issues, i => i.Column == "$.colour");
        Assert.Contains(ex.Issues, i => i.Column == "$.fields.donor.transform");
        Assert.Contains(ex.Issues, i => i.Column == "$.fields.aid_typ" && i.Message.Contains("aid_type"));
        Assert.Contains(ex.Issues, i => i.Column == "$.fields.description.colum");
        Assert.Contains(ex.Issues, i => i.Column == "$.fields" && i.Message.Contains("'source_key'"));
        Assert.All(ex.Issues, i => Assert.Equal("mine.json", i.Sheet));
    }

    [Fact]
    public void A_users_mapping_file_with_a_value_map_and_strict_list_rejects_unknown_donors()
    {
        var mapping = ImportMapping.Parse(TestData.Text("""
            { "name": "ngo-list", "target": "offers", "key": { "prefix": "ngo:", "column": "Ref" },
              "fields": { "donor": { "column": "Country", "values": { "Norway": "NOR" }, "strict": true },
                          "aid_type": "Kind", "description": { "column": "What" } } }
            """), "ngo.json");
        var parsed = OfferImport.Parse(TestData.Csv("Ref,Country,Kind,What\n1,norway,Humanitarian,Tents\n2,Narnia,Humanitarian,Tents\n", "ngo.csv"), mapping, TestData.KielRates());
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal((3, "Country"), (issue.Line, issue.Column));
        Assert.Contains("'Narnia'", issue.Message);
    }

    [Fact]
    public void A_kiel_file_with_an_unknown_donor_is_rejected_naming_the_countries_column()
    {
        var csv = File.ReadAllText(TestData.KielMainPath).Replace("\nAUH1,Australia,", "\nAUH1,Australasia,");
        var parsed = OfferImport.Parse(TestData.Csv(csv, "kiel.csv"), ImportMapping.Builtin("kiel-ust-main"), TestData.KielRates());
        var issue = Assert.Single(parsed.Issues);
        Assert.Equal("sheet 'kiel.csv', line 2, column 'countries'", issue.ToString()[..issue.ToString().IndexOf(':')]);
        Assert.Contains("'Australasia'", issue.Message);
    }

    [Theory]
    [InlineData("M777 howitzer", "m777-howitzer")]
    [InlineData("  --Javelin (FGM-148)!! ", "javelin-fgm-148")]
    [InlineData("Bushmaster Protected Mobility Vehicles", "bushmaster-protected-mobility-vehicles")]
    [InlineData("Über-Gerät", "ber-ger-t")]
    [InlineData("...", "")]
    public void Slug_lowercases_and_joins_runs_of_other_characters_with_one_dash(string text, string slug)
        => Assert.Equal(slug, Slug.Of(text));

    [Fact]
    public void Slug_is_cut_to_80_characters_without_a_trailing_dash()
    {
        var s = Slug.Of(new string('a', 79) + " b");
        Assert.Equal(new string('a', 79), s);
        Assert.True(Slug.Of(new string('x', 200)).Length == 80);
    }
}
