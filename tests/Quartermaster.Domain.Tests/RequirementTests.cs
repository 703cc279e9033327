using Quartermaster.Domain.Common;
using Quartermaster.Domain.Requirements;

namespace Quartermaster.Domain.Tests;

public class RequirementTests
{
    private static readonly Guid Howitzer = Guid.NewGuid();
    private static readonly DateOnly NeededBy = new(2022, 10, 31);

    private static Requirement Line(int quantity = 10, string period = "2022-10", int priority = 1)
        => new(Guid.NewGuid(), period, priority, Howitzer, quantity, NeededBy, "Kyiv", illustrative: true);

    [Fact]
    public void New_requirement_is_open_and_keeps_its_values()
    {
        var r = Line();
        Assert.Equal(RequirementStatus.Open, r.Status);
        Assert.Equal("2022-10", r.Period);
        Assert.Equal(10, r.Quantity);
        Assert.Equal(1, r.PriorityRank);
        Assert.Equal("Kyiv", r.Destination);
        Assert.True(r.Illustrative);
        Assert.Empty(r.Substitutes);
    }

    [Theory]
    [InlineData("2022-01")]
    [InlineData("2022-12")]
    [InlineData(" 2022-10 ")]
    public void Period_yyyy_mm_is_accepted(string period)
        => Assert.Equal(period.Trim(), Requirement.ParsePeriod(period));

    [Theory]
    [InlineData("2022-00")]
    [InlineData("2022-13")]
    [InlineData("2022-1")]
    [InlineData("10/2022")]
    [InlineData("2022-10-01")]
    [InlineData("")]
    [InlineData(null)]
    public void Period_not_in_yyyy_mm_form_is_refused(string? period)
    {
        var ex = Refused.With("period", () => Requirement.ParsePeriod(period));
        Assert.Contains("YYYY-MM", ex.Message);
    }

    [Fact]
    public void Requirement_with_bad_period_cannot_be_created()
        => Refused.With("period", () => Line(period: "Oct 2022"));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Priority_rank_must_be_positive(int rank)
        => Refused.With("priorityRank", () => Line(priority: rank));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Quantity_must_be_positive(int quantity)
        => Refused.With("quantity", () => Line(quantity: quantity));

    [Fact]
    public void Destination_is_required()
        => Refused.With("destination", () => new Requirement(Guid.NewGuid(), "2022-10", 1, Howitzer, 1, NeededBy, " ", false));

    [Fact]
    public void Substitute_for_itself_is_refused()
    {
        var r = Line();
        Refused.With("substitutes", () => r.SetSubstitutes([new Substitute(Howitzer, 1m)]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    public void Substitute_equivalence_factor_must_be_greater_than_zero(double factor)
    {
        var r = Line();
        Refused.With("substitutes.equivalenceFactor", () => r.SetSubstitutes([new Substitute(Guid.NewGuid(), (decimal)factor)]));
    }

    [Fact]
    public void Substitute_listed_twice_is_refused()
    {
        var r = Line();
        var other = Guid.NewGuid();
        Refused.With("substitutes", () => r.SetSubstitutes([new Substitute(other, 1m), new Substitute(other, 2m)]));
    }

    [Fact]
    public void Refused_substitute_list_leaves_the_previous_list()
    {
        var r = Line();
        var kept = new Substitute(Guid.NewGuid(), 0.5m);
        r.SetSubstitutes([kept]);
        Assert.Throws<DomainException>(() => r.SetSubstitutes([new Substitute(Guid.NewGuid(), 1m), new Substitute(Howitzer, 1m)]));
        Assert.Equal([kept], r.Substitutes);
    }

    [Fact]
    public void Valid_substitutes_are_kept_in_order()
    {
        var r = Line();
        var a = new Substitute(Guid.NewGuid(), 1m);
        var b = new Substitute(Guid.NewGuid(), 2.5m);
        r.SetSubstitutes([a, b]);
        Assert.Equal([a, b], r.Substitutes);
    }

    [Fact]
    public void Partial_coverage_makes_the_requirement_partly_covered()
    {
        var r = Line(quantity: 10);
        r.RecordCoverage(4);
        Assert.Equal(RequirementStatus.PartlyCovered, r.Status);
        Assert.Equal(4, r.QuantityCovered);
    }

    [Fact]
    public void Full_coverage_makes_the_requirement_covered()
    {
        var r = Line(quantity: 10);
        r.RecordCoverage(10);
        Assert.Equal(RequirementStatus.Covered, r.Status);
    }

    [Fact]
    public void Coverage_withdrawn_to_zero_reopens_the_requirement()
    {
        var r = Line(quantity: 10);
        r.RecordCoverage(10);
        r.RecordCoverage(0);
        Assert.Equal(RequirementStatus.Open, r.Status);
    }

    [Fact]
    public void Negative_coverage_is_refused()
        => Refused.With("quantityCovered", () => Line().RecordCoverage(-1));

    [Fact]
    public void Full_delivery_makes_the_requirement_delivered()
    {
        var r = Line(quantity: 10);
        r.RecordCoverage(10);
        r.RecordDelivered(10);
        Assert.Equal(RequirementStatus.Delivered, r.Status);
        Assert.Equal(10, r.QuantityDelivered);
    }

    [Fact]
    public void Partial_delivery_keeps_the_coverage_status()
    {
        var r = Line(quantity: 10);
        r.RecordCoverage(10);
        r.RecordDelivered(3);
        Assert.Equal(RequirementStatus.Covered, r.Status);
    }

    [Fact]
    public void Negative_delivery_is_refused()
        => Refused.With("quantityDelivered", () => Line().RecordDelivered(-1));

    [Fact]
    public void Delivered_requirement_can_no_longer_change()
    {
        var r = Line(quantity: 2);
        r.RecordDelivered(2);
        Refused.With("status", () => r.Update(1, 2, NeededBy, "Kyiv", null));
        Refused.With("status", () => r.RecordCoverage(1));
        Refused.With("status", () => r.SetSubstitutes([]));
    }

    [Fact]
    public void Delivered_requirement_cannot_be_cancelled()
    {
        var r = Line(quantity: 2);
        r.RecordDelivered(2);
        Refused.With("status", r.Cancel);
        Assert.Equal(RequirementStatus.Delivered, r.Status);
    }

    [Fact]
    public void Open_requirement_can_be_cancelled()
    {
        var r = Line();
        r.Cancel();
        Assert.Equal(RequirementStatus.Cancelled, r.Status);
    }

    [Fact]
    public void Cancelled_requirement_can_no_longer_change_or_receive_deliveries()
    {
        var r = Line();
        r.Cancel();
        Refused.With("status", () => r.Update(1, 5, NeededBy, "Kyiv", null));
        Refused.With("status", () => r.RecordCoverage(1));
        Refused.With("status", () => r.RecordDelivered(1));
        Assert.Equal(RequirementStatus.Cancelled, r.Status);
    }

    [Fact]
    public void Update_changes_priority_quantity_date_destination_and_note()
    {
        var r = Line();
        r.Update(3, 20, new DateOnly(2022, 12, 1), " Kharkiv ", " urgent ");
        Assert.Equal(3, r.PriorityRank);
        Assert.Equal(20, r.Quantity);
        Assert.Equal(new DateOnly(2022, 12, 1), r.NeededBy);
        Assert.Equal("Kharkiv", r.Destination);
        Assert.Equal("urgent", r.Note);
    }

    [Fact]
    public void Raising_quantity_above_coverage_turns_covered_into_partly_covered()
    {
        var r = Line(quantity: 10);
        r.RecordCoverage(10);
        r.Update(1, 12, NeededBy, "Kyiv", null);
        Assert.Equal(RequirementStatus.PartlyCovered, r.Status);
    }

    [Fact]
    public void Quantity_below_what_is_already_covered_is_refused()
    {
        var r = Line(quantity: 10);
        r.RecordCoverage(8);
        var ex = Refused.With("quantity", () => r.Update(1, 5, NeededBy, "Kyiv", null));
        Assert.Contains("8", ex.Message);
    }

    [Fact]
    public void Refused_update_leaves_the_requirement_unchanged()
    {
        var r = Line(quantity: 10, priority: 1);
        r.RecordCoverage(8);
        Assert.Throws<DomainException>(() => r.Update(7, 5, NeededBy, "Kyiv", null));
        Assert.Equal(10, r.Quantity);
        Assert.Equal(1, r.PriorityRank);
        Assert.Equal(RequirementStatus.PartlyCovered, r.Status);
    }
}
