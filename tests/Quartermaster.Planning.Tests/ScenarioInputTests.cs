using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning.Tests;

public class ScenarioInputTests
{
    private static Build Valid() => new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 10).Offer("O1", "x", 10);

    private static ScenarioException Bad(Scenario s) => Assert.Throws<ScenarioException>(() => Planner.Solve(s));

    [Fact]
    public void Negative_offer_quantity_is_rejected_naming_the_record()
    {
        var b = Valid().Offer("O-17", "x", -3);
        var e = Bad(b.Scenario());
        Assert.Equal("offers[1] (id O-17): quantity must not be negative (got -3).", e.Message);
        Assert.Equal("offers[1] (id O-17)", e.Record);
    }

    [Fact]
    public void Negative_requirement_quantity_is_rejected()
        => Assert.Contains("requirements[1] (id R2): quantity must not be negative", Bad(Valid().Req("R2", "x", -1, 2, 10).Scenario()).Message);

    [Fact]
    public void Unknown_item_is_rejected()
        => Assert.Contains("offers[1] (id O2): unknown item 'nope'", Bad(Valid().Offer("O2", "nope", 1).Scenario()).Message);

    [Fact]
    public void Unknown_donor_is_rejected()
        => Assert.Contains("offers[1] (id O2): unknown donor 'XXX'", Bad(Valid().Offer("O2", "x", 1, donor: "XXX").Scenario()).Message);

    [Fact]
    public void Hub_without_a_route_to_a_destination_is_rejected()
    {
        var b = Valid();
        b.Hubs.Add(new ScenarioHub("B", 10, null, 1, new Dictionary<string, int> { ["ODESA"] = 1 }, null));
        Assert.Contains("requirements[0] (id R1): hub B has no route to destination 'KYIV'", Bad(b.Scenario()).Message);
    }

    [Fact]
    public void Hub_without_a_route_from_an_origin_is_rejected()
    {
        var b = Valid();
        b.Hubs.Add(new ScenarioHub("B", 10, new Dictionary<string, int> { ["POL"] = 1 }, null, null, 1));
        Assert.Contains("offers[0] (id O1): hub B has no route from origin 'DEU'", Bad(b.Scenario()).Message);
    }

    [Fact]
    public void Cycle_of_substitutes_is_rejected()
    {
        var b = new Build().Item("a", family: "f").Item("b", family: "f").Item("c", family: "f").Hub("A")
            .Req("R1", "a", 1, 1, 10, new SubstituteRef("b", 1m))
            .Req("R2", "b", 1, 2, 10, new SubstituteRef("c", 1m))
            .Req("R3", "c", 1, 3, 10, new SubstituteRef("a", 1m));
        Assert.Contains("cycle of substitutes", Bad(b.Scenario()).Message);
    }

    [Fact]
    public void Substitute_of_itself_is_rejected()
        => Assert.Contains("requirements[1] (id R2)", Bad(Valid().Req("R2", "x", 1, 2, 10, new SubstituteRef("x", 1m)).Scenario()).Message);

    [Fact]
    public void Duplicate_offer_id_is_rejected()
        => Assert.Contains("offers[1] (id O1): duplicate offer id 'O1'", Bad(Valid().Offer("O1", "x", 1).Scenario()).Message);

    [Fact]
    public void Duplicate_requirement_id_is_rejected()
        => Assert.Contains("duplicate requirement id 'R1'", Bad(Valid().Req("R1", "x", 1, 2, 10).Scenario()).Message);

    [Fact]
    public void Duplicate_item_id_is_rejected()
        => Assert.Contains("items[1] (id x): duplicate item id 'x'", Bad(Valid().Item("x").Scenario()).Message);

    [Fact]
    public void Horizon_shorter_than_52_weeks_is_rejected()
    {
        var b = Valid();
        b.Horizon = 20;
        Assert.Contains("horizonWeeks", Bad(b.Scenario()).Message);
    }

    [Fact]
    public void Invalid_control_entry_is_rejected_through_the_domain_parser()
        => Assert.Contains("items[1] (id y)", Bad(Valid().Item("y", control: "ML99").Scenario()).Message);

    [Fact]
    public void Greedy_rejects_the_same_bad_input()
        => Assert.Throws<ScenarioException>(() => GreedyPlanner.Solve(Valid().Offer("O2", "nope", 1).Scenario()));

    [Fact]
    public void Json_syntax_error_reports_line_and_position()
    {
        const string json = "{\n  \"horizonWeeks\": 52,\n  \"items\": [ { \"id\": \"x\" ,, } ]\n}";
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse(json));
        Assert.Contains("line 3, position", e.Message);
    }

    [Fact]
    public void Json_unknown_property_is_reported()
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse("{ \"horizonWeeks\": 52, \"hubz\": [] }"));
        Assert.Contains("hubz", e.Message);
    }

    [Fact]
    public void Json_with_an_inconsistent_record_names_it()
    {
        var s = ScenarioJson.ToJson(Valid().Scenario()).Replace("\"quantity\": 10,\n      \"earliestWeek\"", "\"quantity\": -5,\n      \"earliestWeek\"", StringComparison.Ordinal);
        var e = Assert.Throws<ScenarioException>(() => Scenario.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(s))));
        Assert.Equal("offers[0] (id O1): quantity must not be negative (got -5).", e.Message);
    }

    [Fact]
    public void Clearance_values_are_read_as_names()
    {
        var s = Scenario.Parse(ScenarioJson.ToJson(Valid().Offer("O2", "x", 1, consent: ClearanceStatus.Pending).Scenario()));
        Assert.Equal(ClearanceStatus.Pending, s.Offers[1].TransferConsent);
    }
}
