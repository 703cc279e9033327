using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Nations;

namespace Quartermaster.Domain.Tests;

public class NationCodeTests
{
    [Theory]
    [InlineData("JPN", "JPN")]
    [InlineData("deu", "DEU")]
    [InlineData(" ukr ", "UKR")]
    public void Alpha3_code_is_accepted_and_upper_cased(string input, string expected)
        => Assert.Equal(expected, NationCode.Parse(input));

    [Theory]
    [InlineData("jp")]
    [InlineData("J1N")]
    [InlineData("JAPN")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("J-N")]
    public void Code_that_is_not_three_letters_is_refused_with_field(string? input)
    {
        var ex = Refused.With("code", () => NationCode.Parse(input));
        Assert.Contains("ISO 3166-1 alpha-3", ex.Message);
    }

    [Fact]
    public void Refusal_names_the_callers_field()
        => Refused.With("donor", () => NationCode.Parse("jp", "donor"));

    [Theory]
    [InlineData("XEU", true)]
    [InlineData("XEP", true)]
    [InlineData("DEU", false)]
    public void X_codes_are_organisations(string code, bool isOrganisation)
        => Assert.Equal(isOrganisation, NationCode.IsOrganisationCode(code));
}

public class NationTests
{
    [Fact]
    public void New_nation_normalises_code_and_is_unrestricted_by_default()
    {
        var n = new Nation("jpn", "Japan", NationStatus.Partner);
        Assert.Equal("JPN", n.Code);
        Assert.Equal("JPN", n.LedgerKey);
        Assert.Equal(NationKind.State, n.Kind);
        Assert.False(n.Policy.NonLethalOnly);
        Assert.Empty(n.Policy.ForbiddenCategories);
    }

    [Fact]
    public void Organisation_code_makes_an_organisation()
        => Assert.Equal(NationKind.Organisation, new Nation("XEU", "EU Commission and Council", NationStatus.Member).Kind);

    [Fact]
    public void Nation_with_invalid_code_is_refused()
        => Refused.With("code", () => new Nation("J1N", "Japan", NationStatus.Partner));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Nation_needs_a_name(string name)
        => Refused.With("name", () => new Nation("JPN", name, NationStatus.Partner));

    [Fact]
    public void Set_policy_normalises_and_deduplicates_categories()
    {
        var n = new Nation("JPN", "Japan", NationStatus.Partner);
        n.SetPolicy(true, [" ml4 ", "ML4", "9a", "9A012"], ["ml22"]);
        Assert.True(n.Policy.NonLethalOnly);
        Assert.Equal(["ML4", "9A", "9A012"], n.Policy.ForbiddenCategories);
        Assert.Equal(["ML22"], n.Policy.LicenceRequiredCategories);
    }

    [Fact]
    public void Set_policy_accepts_no_category_lists()
    {
        var n = new Nation("DEU", "Germany", NationStatus.Member);
        n.SetPolicy(false, null, null);
        Assert.Empty(n.Policy.ForbiddenCategories);
        Assert.Empty(n.Policy.LicenceRequiredCategories);
    }

    [Theory]
    [InlineData("ML23")]
    [InlineData("ML0")]
    [InlineData("ML")]
    [InlineData("lethal")]
    [InlineData("9F")]
    [InlineData("9A01")]
    [InlineData("")]
    public void Set_policy_refuses_a_forbidden_category_that_is_not_a_control_list_category(string category)
    {
        var n = new Nation("JPN", "Japan", NationStatus.Partner);
        Refused.With("policy.forbiddenCategories", () => n.SetPolicy(false, [category], null));
    }

    [Fact]
    public void Set_policy_refuses_an_invalid_licence_category()
    {
        var n = new Nation("JPN", "Japan", NationStatus.Partner);
        Refused.With("policy.licenceRequiredCategories", () => n.SetPolicy(false, null, ["ML99"]));
    }

    [Fact]
    public void Refused_policy_leaves_the_previous_policy_in_place()
    {
        var n = new Nation("JPN", "Japan", NationStatus.Partner, NationPolicy.NonLethal());
        Assert.Throws<Common.DomainException>(() => n.SetPolicy(false, ["ML4"], ["bogus"]));
        Assert.True(n.Policy.NonLethalOnly);
        Assert.Empty(n.Policy.ForbiddenCategories);
    }
}

public class NationPolicyTests
{
    [Fact]
    public void Non_lethal_only_nation_is_denied_a_lethal_item()
    {
        var d = NationPolicy.NonLethal().Permits("M777 howitzer", isLethal: true, controlEntry: "ML2");
        Assert.False(d.Allowed);
        Assert.Equal("policy.non-lethal-only", d.Code);
        Assert.Contains("M777 howitzer", d.Reason);
    }

    [Fact]
    public void Non_lethal_only_nation_may_give_a_non_lethal_controlled_item()
    {
        // body armour is on the Munitions List (ML13) but not lethal: Japan gives it
        var d = NationPolicy.NonLethal().Permits("Body armour", isLethal: false, controlEntry: "ML13");
        Assert.True(d.Allowed);
        Assert.Null(d.Code);
    }

    [Fact]
    public void Unrestricted_nation_may_give_a_lethal_item_without_licence()
    {
        var d = NationPolicy.Unrestricted().Permits("Shell 155mm", true, "ML4");
        Assert.True(d.Allowed);
        Assert.False(d.LicenceRequired);
    }

    private static NationPolicy Forbids(params string[] categories)
    {
        var n = new Nation("NZL", "New Zealand", NationStatus.Partner);
        n.SetPolicy(false, categories, null);
        return n.Policy;
    }

    [Theory]
    [InlineData("ML4")]
    [InlineData("ML4.A")]
    [InlineData("ML4.B.1")]
    public void Forbidden_category_ml4_denies_ml4_and_its_sub_items(string entry)
    {
        var d = Forbids("ML4").Permits("item", false, entry);
        Assert.False(d.Allowed);
        Assert.Equal("policy.forbidden-category", d.Code);
        Assert.Contains("ML4", d.Reason);
    }

    [Theory]
    [InlineData("ML41")]
    [InlineData("ML3")]
    public void Forbidden_category_ml4_does_not_deny_other_categories_sharing_its_prefix(string entry)
        => Assert.True(Forbids("ML4").Permits("item", false, entry).Allowed);

    [Fact]
    public void Forbidden_category_ml1_does_not_deny_ml10_to_ml19()
    {
        var p = Forbids("ML1");
        Assert.True(p.Permits("item", false, "ML10").Allowed);
        Assert.True(p.Permits("item", false, "ML19").Allowed);
        Assert.False(p.Permits("item", false, "ML1.A").Allowed);
    }

    [Fact]
    public void Forbidden_category_matching_ignores_case_of_the_entry()
        => Assert.False(Forbids("ML4").Permits("item", false, "ml4.a").Allowed);

    [Theory]
    [InlineData("9A", "9A012")]
    [InlineData("9", "9A012")]
    [InlineData("9A012", "9A012")]
    [InlineData("9A012", "9A012.A")]
    public void Dual_use_prefix_denies_entries_beneath_it(string category, string entry)
        => Assert.False(Forbids(category).Permits("drone", false, entry).Allowed);

    [Fact]
    public void Dual_use_prefix_does_not_deny_another_product_group()
        => Assert.True(Forbids("9A").Permits("software", false, "9D001").Allowed);

    [Fact]
    public void Item_without_control_entry_is_never_denied_by_a_category()
        => Assert.True(Forbids("ML4", "9").Permits("generator", false, null).Allowed);

    [Fact]
    public void Licence_required_category_allows_with_licence_required()
    {
        var n = new Nation("DEU", "Germany", NationStatus.Member);
        n.SetPolicy(false, null, ["ML10", "9A"]);
        Assert.Equal(new PolicyDecision(true, true, null, null) { LicenceCategory = "9A" }, n.Policy.Permits("Drone", false, "9A012"));
        Assert.True(n.Policy.Permits("Aircraft", true, "ML10.A").LicenceRequired);
        Assert.False(n.Policy.Permits("Tank", true, "ML6").LicenceRequired);
        Assert.False(n.Policy.Permits("Generator", false, null).LicenceRequired);
    }

    [Fact]
    public void Forbidden_category_wins_over_licence_required()
    {
        var n = new Nation("DEU", "Germany", NationStatus.Member);
        n.SetPolicy(false, ["ML4"], ["ML4"]);
        var d = n.Policy.Permits("Shell", true, "ML4");
        Assert.False(d.Allowed);
        Assert.False(d.LicenceRequired);
    }

    [Fact]
    public void Policy_of_a_catalogue_item_uses_its_lethality_and_control_entry()
    {
        var item = new CatalogueItem(Guid.NewGuid(), "shell-155", "155 mm shell", "1320", "artillery", true, new FakeCodificationReference());
        item.SetControl("ML4.a");
        Assert.Equal("policy.non-lethal-only", NationPolicy.NonLethal().Permits(item).Code);
        Assert.Equal("policy.forbidden-category", Forbids("ML4").Permits(item).Code);
    }
}
