using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;

namespace Quartermaster.Domain.Tests;

public class NsnTests
{
    private readonly FakeCodificationReference _reference = new();
    private readonly List<string> _warnings = [];

    [Fact]
    public void Valid_stock_number_is_split_into_class_bureau_and_item_number()
    {
        var nsn = Nsn.Parse("1025-12-345-6789", _reference, _warnings);
        Assert.Equal("1025", nsn.SupplyClass);
        Assert.Equal("12", nsn.Bureau);
        Assert.Equal("3456789", nsn.ItemNumber);
        Assert.Equal("1025-12-345-6789", nsn.Value);
        Assert.Equal("1025-12-345-6789", nsn.ToString());
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
        => Assert.Equal("1025-12-345-6789", Nsn.Parse("  1025-12-345-6789 ", _reference, _warnings).Value);

    [Theory]
    [InlineData("1025123456789")]
    [InlineData("1025-12-3456789")]
    [InlineData("1025-12-345-678")]
    [InlineData("1025-12-345-67890")]
    [InlineData("102-512-345-6789")]
    [InlineData("1025-1A-345-6789")]
    [InlineData("")]
    public void Wrong_shape_is_refused_with_field_nsn(string value)
    {
        var ex = Refused.With("nsn", () => Nsn.Parse(value, _reference, _warnings));
        Assert.Contains("NNNN-NN-NNN-NNNN", ex.Message);
    }

    [Fact]
    public void Wrong_shape_refusal_names_the_callers_field()
        => Refused.With("stockNumber", () => Nsn.Parse("12", _reference, _warnings, "stockNumber"));

    [Fact]
    public void Inactive_supply_class_is_refused()
    {
        var ex = Refused.With("nsn", () => Nsn.Parse("9999-12-345-6789", _reference, _warnings));
        Assert.Contains("9999", ex.Message);
    }

    [Fact]
    public void Unknown_bureau_is_accepted_with_a_warning()
    {
        var nsn = Nsn.Parse("1025-99-345-6789", _reference, _warnings);
        Assert.Equal("99", nsn.Bureau);
        var warning = Assert.Single(_warnings);
        Assert.Contains("99", warning);
        Assert.StartsWith("nsn:", warning);
    }
}

public class ControlEntryTests
{
    public static TheoryData<string> MunitionsListCategories()
    {
        var data = new TheoryData<string>();
        for (var i = 1; i <= 22; i++) data.Add($"ML{i}");
        return data;
    }

    [Theory]
    [MemberData(nameof(MunitionsListCategories))]
    public void Munitions_list_categories_ml1_to_ml22_are_accepted(string entry)
        => Assert.Equal(entry, ControlEntry.ParseOptional(entry));

    [Theory]
    [InlineData("ML23")]
    [InlineData("ML0")]
    [InlineData("ML100")]
    [InlineData("ML")]
    [InlineData("MLX")]
    [InlineData("9A01")]
    [InlineData("9F012")]
    [InlineData("lethal")]
    public void Entry_outside_the_lists_is_refused(string entry)
        => Refused.With("controlEntry", () => ControlEntry.ParseOptional(entry));

    [Theory]
    [InlineData("9A012", "9A012")]
    [InlineData("9a012", "9A012")]
    [InlineData("ml3.a", "ML3.A")]
    [InlineData(" ML22 ", "ML22")]
    [InlineData("1C351.d", "1C351.D")]
    public void Entries_are_normalised_to_upper_case(string input, string expected)
        => Assert.Equal(expected, ControlEntry.ParseOptional(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_entry_is_none(string? input)
        => Assert.Null(ControlEntry.ParseOptional(input));

    [Fact]
    public void Munitions_list_entries_are_recognised()
    {
        Assert.True(ControlEntry.IsMunitionsList("ML4"));
        Assert.False(ControlEntry.IsMunitionsList("9A012"));
        Assert.False(ControlEntry.IsMunitionsList(null));
    }

    [Theory]
    [InlineData("ML4", true)]
    [InlineData("ML22", true)]
    [InlineData("ML23", false)]
    [InlineData("9", true)]
    [InlineData("9A", true)]
    [InlineData("9A012", true)]
    [InlineData("9A0", false)]
    [InlineData("A9", false)]
    public void Category_prefixes_a_policy_may_name(string value, bool valid)
        => Assert.Equal(valid, ControlEntry.IsCategoryPrefix(value));
}

public class CoalitionTests
{
    [Theory]
    [InlineData("artillery")]
    [InlineData("IAMD")]
    [InlineData(" Drones ")]
    [InlineData("protection")]
    [InlineData("sustainment")]
    public void Known_coalitions_are_accepted_in_lower_case(string code)
        => Assert.Equal(code.Trim().ToLowerInvariant(), Coalitions.Parse(code));

    [Theory]
    [InlineData("navy")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_coalition_is_refused_with_the_list_of_known_ones(string? code)
    {
        var ex = Refused.With("coalition", () => Coalitions.Parse(code));
        Assert.Contains("artillery", ex.Message);
        Assert.Contains("maritime", ex.Message);
    }

    [Fact]
    public void Brief_lists_eight_coalitions_and_four_further_areas()
        => Assert.Equal(12, Coalitions.All.Count);

    [Fact]
    public void Name_of_a_coalition_is_its_display_name()
    {
        Assert.Equal("Integrated Air and Missile Defence", Coalitions.NameOf("iamd"));
        Assert.Equal("unknown", Coalitions.NameOf("unknown"));
    }
}

public class CatalogueItemTests
{
    private readonly FakeCodificationReference _reference = new();

    private CatalogueItem Item(string code = "m777-howitzer", string supplyClass = "1025", bool lethal = true, string coalition = "artillery")
        => new(Guid.NewGuid(), code, "M777 howitzer", supplyClass, coalition, lethal, _reference);

    [Fact]
    public void New_item_keeps_its_classification()
    {
        var item = Item(code: "M777-Howitzer");
        Assert.Equal("m777-howitzer", item.Code);
        Assert.Equal("1025", item.SupplyClass);
        Assert.Equal("artillery", item.Coalition);
        Assert.True(item.IsLethal);
        Assert.Null(item.Nsn);
        Assert.Equal("EA", item.UnitOfIssue);
        Assert.Equal(item.Id.ToString(), item.LedgerKey);
    }

    [Theory]
    [InlineData("m777 howitzer")]
    [InlineData("-m777")]
    [InlineData("m777_howitzer")]
    [InlineData("m777/howitzer")]
    [InlineData("")]
    public void Item_code_must_be_lower_case_letters_digits_and_dashes(string code)
        => Refused.With("code", () => Item(code: code));

    [Fact]
    public void Item_code_longer_than_80_characters_is_refused()
        => Refused.With("code", () => CatalogueItem.ParseCode(new string('a', 81)));

    [Theory]
    [InlineData("9999")]
    [InlineData("12345")]
    [InlineData("")]
    [InlineData("ab12")]
    public void Supply_class_must_be_an_active_class(string supplyClass)
        => Refused.With("supplyClass", () => Item(supplyClass: supplyClass));

    [Fact]
    public void Coalition_must_be_known()
        => Refused.With("coalition", () => Item(coalition: "navy"));

    [Fact]
    public void Name_is_required()
        => Refused.With("name", () => new CatalogueItem(Guid.NewGuid(), "x", " ", "1025", "artillery", true, _reference));

    [Fact]
    public void Stock_number_in_the_items_supply_class_is_kept()
    {
        var item = Item();
        var warnings = new List<string>();
        item.SetStockNumber("1025-12-345-6789", _reference, warnings);
        Assert.Equal("1025-12-345-6789", item.Nsn);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Stock_number_in_another_supply_class_is_refused()
    {
        var item = Item();
        var ex = Refused.With("nsn", () => item.SetStockNumber("1320-12-345-6789", _reference, []));
        Assert.Contains("1320", ex.Message);
        Assert.Null(item.Nsn);
    }

    [Fact]
    public void Blank_stock_number_clears_it()
    {
        var item = Item();
        item.SetStockNumber("1025-12-345-6789", _reference, []);
        item.SetStockNumber("  ", _reference, []);
        Assert.Null(item.Nsn);
    }

    [Fact]
    public void Supply_class_contradicting_the_stock_number_is_refused()
    {
        var item = Item();
        item.SetStockNumber("1025-12-345-6789", _reference, []);
        Refused.With("supplyClass", () => item.SetClassification("1320", "artillery", true, _reference));
        Assert.Equal("1025", item.SupplyClass);
    }

    [Fact]
    public void Refused_reclassification_leaves_the_item_unchanged()
    {
        var item = Item();
        Assert.Throws<DomainException>(() => item.SetClassification("1320", "navy", false, _reference));
        Assert.Equal("1025", item.SupplyClass);
        Assert.Equal("artillery", item.Coalition);
        Assert.True(item.IsLethal);
    }

    [Fact]
    public void Control_entry_is_validated_and_normalised()
    {
        var item = Item();
        item.SetControl("ml2.a");
        Assert.Equal("ML2.A", item.ControlEntry);
        Refused.With("controlEntry", () => item.SetControl("ML23"));
        item.SetControl(null);
        Assert.Null(item.ControlEntry);
    }

    [Fact]
    public void Logistics_normalise_unit_and_family()
    {
        var item = Item();
        item.SetLogistics(Tracking.Serial, "ea", 4200m, "155MM-NATO");
        Assert.Equal(Tracking.Serial, item.Tracking);
        Assert.Equal("EA", item.UnitOfIssue);
        Assert.Equal(4200m, item.UnitWeightKg);
        Assert.Equal("155mm-nato", item.CompatibilityFamily);
    }

    [Fact]
    public void Negative_unit_weight_is_refused()
        => Refused.With("unitWeightKg", () => Item().SetLogistics(Tracking.Lot, "BX", -1m, null));

    [Fact]
    public void Unit_of_issue_defaults_to_each()
    {
        var item = Item();
        item.SetLogistics(Tracking.None, null, 0m, null);
        Assert.Equal("EA", item.UnitOfIssue);
    }

    private CatalogueItem WithFamily(string code, string? family)
    {
        var item = Item(code: code, supplyClass: "1320");
        item.SetLogistics(Tracking.Lot, "EA", 45m, family);
        return item;
    }

    [Fact]
    public void Nato_155mm_shell_is_never_compatible_with_soviet_152mm()
    {
        var nato = WithFamily("shell-155-m107", "155mm-nato");
        var soviet = WithFamily("shell-152-of540", "152mm-soviet");
        Assert.False(nato.IsCompatibleWith(soviet));
        Assert.False(soviet.IsCompatibleWith(nato));
    }

    [Fact]
    public void Items_of_the_same_family_are_compatible()
    {
        var m107 = WithFamily("shell-155-m107", "155mm-nato");
        var dm121 = WithFamily("shell-155-dm121", "155MM-NATO");
        Assert.True(m107.IsCompatibleWith(dm121));
    }

    [Fact]
    public void Item_is_compatible_with_itself_even_without_a_family()
    {
        var truck = WithFamily("truck", null);
        Assert.True(truck.IsCompatibleWith(truck));
    }

    [Fact]
    public void Item_with_a_family_is_not_compatible_with_one_without()
    {
        var shell = WithFamily("shell-155-m107", "155mm-nato");
        var unknown = WithFamily("shell-unknown", null);
        Assert.False(shell.IsCompatibleWith(unknown));
        Assert.False(unknown.IsCompatibleWith(shell));
    }

    [Fact]
    public void Compatibility_rule_compares_families_ignoring_case()
    {
        Assert.True(Compatibility.Compatible("155mm-nato", "155MM-NATO"));
        Assert.False(Compatibility.Compatible("155mm-nato", "152mm-soviet"));
        Assert.False(Compatibility.Compatible("155mm-nato", null));
    }

    /// <summary>
    /// Documented rule ("an item without a family is compatible only with other items without one"): two different
    /// items that both lack a family count as compatible. Kept here so a change of the rule is a conscious one.
    /// </summary>
    [Fact]
    public void Two_different_items_without_a_family_count_as_compatible()
    {
        Assert.True(Compatibility.Compatible(null, null));
        Assert.True(WithFamily("truck", null).IsCompatibleWith(WithFamily("body-armour", null)));
    }
}
