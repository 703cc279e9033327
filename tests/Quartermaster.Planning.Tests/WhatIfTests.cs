using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning.Tests;

/// <summary>What-if re-planning: changes applied in memory, a proposed plan compared requirement by requirement.</summary>
public class WhatIfTests
{
    private static Build TwoRequirements() => new Build().Item("x").Hub("A", tonnes: 20).Hub("B", tonnes: 20)
        .Req("R1", "x", 10, 1, 10).Req("R2", "x", 10, 2, 10)
        .Offer("O1", "x", 10).Offer("O2", "x", 10, donor: "USA");

    private static WhatIfResult Run(Scenario s, params ScenarioChange[] changes)
    {
        var current = Planner.Solve(s);
        var result = WhatIf.Replan(s, current, changes);
        Assert.Empty(Invariants.Violations(WhatIf.Apply(s, changes), result.Proposed));
        return result;
    }

    private static RequirementDelta Delta(WhatIfResult r, string id) => r.Comparison.Requirements.Single(d => d.RequirementId == id);

    [Fact]
    public void Denying_a_consent_loses_the_lowest_priority_coverage_and_says_why()
    {
        var s = TwoRequirements().Scenario();
        var r = Run(s, new SetConsent("O1", ClearanceStatus.Denied));
        Assert.Equal([CoverageChange.Unchanged], Delta(r, "R1").Changes);
        var lost = Delta(r, "R2");
        Assert.Contains(CoverageChange.Lost, lost.Changes);
        Assert.Equal((10.0, 0.0), (lost.CoveredBefore, lost.CoveredAfter));
        Assert.NotEmpty(lost.Why);
        Assert.Equal(1, r.Comparison.Lost);
        Assert.True(r.Proposed.Objective < r.Current.Objective);
        // Nothing in the input scenario changed.
        Assert.Equal(ClearanceStatus.NotRequired, s.Offers.Single(o => o.Id == "O1").TransferConsent);
    }

    [Fact]
    public void Granting_a_pending_consent_gains_coverage_named_by_the_change()
    {
        var s = TwoRequirements().Scenario();
        s = s with { Offers = [s.Offers[0], s.Offers[1] with { TransferConsent = ClearanceStatus.Pending }] };
        var r = Run(s, new SetConsent("O2", ClearanceStatus.Granted));
        var gained = Delta(r, "R2");
        Assert.Contains(CoverageChange.Gained, gained.Changes);
        Assert.Contains(gained.Why, w => w.Contains("O2") && w.Contains("granted"));
    }

    [Fact]
    public void Closing_a_hub_for_weeks_moves_flow_and_cutting_both_makes_it_late()
    {
        var s = TwoRequirements().Scenario();
        var closed = WhatIf.Apply(s, [new ChangeHubCapacity("A", 1, 52, 0)]);
        Assert.DoesNotContain(Planner.Solve(closed).Lines, l => l.HubCode == "A");
        var r = Run(s, new ChangeHubCapacity("A", 1, 9, 0), new ChangeHubCapacity("B", 1, 9, 0));
        Assert.Contains(CoverageChange.Later, Delta(r, "R1").Changes);
        Assert.True(Delta(r, "R1").MeanArrivalAfter > Delta(r, "R1").MeanArrivalBefore);
        // A hub closed where the other takes everything in the same weeks: nothing is reported as earlier or later.
        var roomy = new Build().Item("x").Hub("A", tonnes: 1000).Hub("B", tonnes: 1000).Req("R1", "x", 10, 1, 10).Offer("O1", "x", 10).Scenario();
        var unused = Run(roomy, new ChangeHubCapacity("B", 1, 52, 0));
        Assert.All(unused.Comparison.Requirements, d => Assert.Equal([CoverageChange.Unchanged], d.Changes));
        Assert.All(r.Proposed.HubLoads.Where(l => l.Week <= 9), l => Assert.Equal(0, l.Tonnes));
        Assert.All(r.Proposed.HubLoads.Where(l => l.Week <= 9), l => Assert.Equal(0, l.CapacityTonnes));
    }

    [Fact]
    public void Adding_a_pledge_gains_and_withdrawing_one_loses()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 10).Req("R2", "x", 10, 2, 10).Offer("O1", "x", 10).Scenario();
        var add = Run(s, new AddOffer(new ScenarioOffer("NEW", "USA", "x", 10, 1, "USA")));
        Assert.Contains(CoverageChange.Gained, Delta(add, "R2").Changes);
        Assert.Contains(Delta(add, "R2").Why, w => w.Contains("NEW"));
        var withdraw = Run(s, new WithdrawOffer("O1"));
        Assert.Contains(CoverageChange.Lost, Delta(withdraw, "R1").Changes);
        Assert.Contains(Delta(withdraw, "R1").Why, w => w.Contains("O1") && w.Contains("withdrawn"));
    }

    [Fact]
    public void Delaying_a_pledge_makes_its_requirement_later()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 5).Offer("O1", "x", 10).Scenario();
        var r = Run(s, new DelayOffer("O1", 6));
        var d = Delta(r, "R1");
        Assert.Contains(CoverageChange.Later, d.Changes);
        Assert.Equal((10.0, 0.0), (d.OnTimeBefore, d.OnTimeAfter));
        Assert.Contains(d.Why, w => w.Contains("O1") && w.Contains("6 weeks later"));
    }

    [Fact]
    public void Re_ranking_a_requirement_moves_the_scarce_offer_to_it()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 10).Req("R2", "x", 10, 2, 10).Offer("O1", "x", 10).Scenario();
        var r = Run(s, new ChangeRequirement("R2", PriorityRank: 1), new ChangeRequirement("R1", PriorityRank: 2));
        Assert.Contains(CoverageChange.Gained, Delta(r, "R2").Changes);
        Assert.Contains(CoverageChange.Lost, Delta(r, "R1").Changes);
        Assert.Contains(Delta(r, "R1").Why, w => w.Contains("rank 2"));
    }

    [Fact]
    public void Raising_a_quantity_and_an_earlier_date_are_applied()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 5, 1, 20).Offer("O1", "x", 10).Scenario();
        var changed = WhatIf.Apply(s, [new ChangeRequirement("R1", Quantity: 8, NeededByWeek: 2)]);
        Assert.Equal((8, 2), (changed.Requirements[0].Quantity, changed.Requirements[0].NeededByWeek));
        var r = Run(s, new ChangeRequirement("R1", Quantity: 8));
        Assert.Contains(CoverageChange.Gained, Delta(r, "R1").Changes);
    }

    [Theory]
    [InlineData("""[{"kind":"withdrawOffer","offer":"NOPE"}]""", "changes[0] (withdrawOffer): no offer has the id 'NOPE'.")]
    [InlineData("""[{"kind":"hubCapacity","hub":"A","fromWeek":5,"toWeek":3,"capacityTonnes":0}]""", "changes[0] (hubCapacity): weeks 5–3 must satisfy")]
    [InlineData("""[{"kind":"requirement","requirement":"R1"}]""", "changes[0] (requirement): give at least one")]
    [InlineData("""[{"kind":"delayOffer","offer":"O1","weeks":-2}]""", "changes[0] (delayOffer): weeks must not be negative")]
    [InlineData("""[{"kind":"requirement","requirement":"R1","quantity":0}]""", "after applying the changes, requirements[0] (id R1)")]
    public void A_bad_change_is_refused_naming_the_change(string json, string message)
    {
        var s = TwoRequirements().Scenario();
        var (_, changes) = WhatIf.ReadChanges(json);
        var e = Assert.Throws<ScenarioException>(() => WhatIf.Apply(s, changes));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_change_list_reads_from_json_with_every_kind()
    {
        var (period, changes) = WhatIf.ReadChanges("""
            { "period": "2022-10", "changes": [
              { "kind": "consent", "offer": "O1", "status": "Denied" },
              { "kind": "licence", "offer": "O2", "status": "Granted" },
              { "kind": "hubCapacity", "hub": "A", "fromWeek": 3, "toWeek": 6, "capacityTonnes": 0 },
              { "kind": "addOffer", "offer": { "id": "N1", "donor": "DEU", "itemId": "x", "quantity": 4, "earliestWeek": 2, "origin": "DEU" } },
              { "kind": "withdrawOffer", "offer": "O2" },
              { "kind": "delayOffer", "offer": "O1", "weeks": 3 },
              { "kind": "requirement", "requirement": "R2", "quantity": 12, "priorityRank": 1, "neededByWeek": 8 },
            ] }
            """);
        Assert.Equal("2022-10", period);
        Assert.Equal(7, changes.Count);
        Assert.IsType<AddOffer>(changes[3]);
        var applied = WhatIf.Apply(TwoRequirements().Scenario(), changes);
        Assert.DoesNotContain(applied.Offers, o => o.Id == "O2");
        Assert.Equal(4, applied.Offers.Single(o => o.Id == "N1").Quantity);
        Assert.Equal(4, applied.Offers.Single(o => o.Id == "O1").EarliestWeek);
        var unknown = Assert.Throws<ScenarioException>(() => WhatIf.ReadChanges("""[{"kind":"teleport"}]"""));
        Assert.Contains("JSON error", unknown.Message);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void A_re_plan_seeded_with_the_current_plan_reaches_the_same_optimum_as_a_cold_solve(int seed)
    {
        var s = ScenarioGenerator.Generate(seed, offers: 120, requirements: 30, hubs: 3, weeks: 60, items: 8, donors: 5);
        var current = Planner.Solve(s);
        var changes = new ScenarioChange[] { new WithdrawOffer(s.Offers[0].Id), new ChangeHubCapacity("HUB1", 10, 20, 0), new ChangeRequirement(s.Requirements[0].Id, PriorityRank: 1) };
        var warm = WhatIf.Replan(s, current, changes);
        var cold = Planner.Solve(WhatIf.Apply(s, changes));
        Assert.Equal(cold.Bound!.Value, warm.Proposed.Bound!.Value, 3);
        Assert.Empty(Invariants.Violations(WhatIf.Apply(s, changes), warm.Proposed));
        Assert.Equal(s.Requirements.Count, warm.Comparison.Requirements.Count);
    }
}
