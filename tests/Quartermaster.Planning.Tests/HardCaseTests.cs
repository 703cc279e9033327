using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning.Tests;

/// <summary>
/// Hand-made scenarios whose optimum follows by reasoning. With one 1-tonne item, hubs of 1 week in and 1 week out,
/// a 52-week horizon and one priority rank: T = 0.001 × 1 t × (1 + 1) weeks / 1 = 0.002, M = 52 + 0.002 + 1 = 53.002,
/// so an on-time unit is worth 53.002 − 0.002 transport = 53.0 and each week late costs 1.
/// </summary>
public class HardCaseTests
{
    private const double M = 53.002;

    private static PlanResult Optimise(Scenario s)
    {
        var plan = Planner.Solve(s);
        Assert.Empty(Invariants.Violations(s, plan));
        return plan;
    }

    private static RequirementCoverage Cov(PlanResult p, string id) => p.Coverage.Single(c => c.RequirementId == id);

    [Fact]
    public void Single_offer_meeting_a_requirement_on_time_is_optimal_with_the_documented_value()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 10).Offer("O1", "x", 10).Scenario();
        var plan = Optimise(s);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(10 * M - 10 * 0.002, plan.Objective, 6);
        Assert.Equal(plan.Objective, plan.Bound!.Value, 4);
        var line = Assert.Single(plan.Lines);
        Assert.Equal((1, 2, 3), (line.ShipWeek!.Value, line.HubWeek!.Value, line.ArrivalWeek!.Value));
        Assert.True(Cov(plan, "R1").FullyCoveredOnTime);
        Assert.Empty(Cov(plan, "R1").Explanations);
    }

    [Fact]
    public void Non_lethal_only_donor_never_supplies_a_lethal_item_and_the_shortfall_names_the_policy()
    {
        var s = new Build().Item("gun", lethal: true, control: "ML2").Hub("A")
            .Req("R1", "gun", 10, 1, 20)
            .Offer("O-JPN", "gun", 10, donor: "JPN")
            .Offer("O-DEU", "gun", 4, donor: "DEU").Scenario();
        foreach (var plan in new[] { Optimise(s), GreedyPlanner.Solve(s) })
        {
            Assert.DoesNotContain(plan.Lines, l => l.OfferId == "O-JPN");
            Assert.Equal(4, plan.Lines.Single().Quantity);
            var why = Cov(plan, "R1").Explanations;
            Assert.Contains(why, e => e.Code == "policy.non-lethal-only" && e.OfferId == "O-JPN");
        }
    }

    [Fact]
    public void A_155mm_offer_never_meets_a_152mm_requirement_even_when_listed_as_substitute()
    {
        var s = new Build().Item("s152", lethal: true, family: "152mm-soviet", kg: 44).Item("s155", lethal: true, family: "155mm-nato", kg: 45).Hub("A")
            .Req("R1", "s152", 10, 1, 20, new SubstituteRef("s155", 1m))
            .Offer("O1", "s155", 100).Scenario();
        var plan = Optimise(s);
        Assert.Empty(plan.Lines);
        Assert.Equal(0, plan.Objective);
        var why = Cov(plan, "R1").Explanations;
        Assert.Contains(why, e => e.Code == "compatibility");
        Assert.Contains(why, e => e.Code == "no-offer");
        Assert.Empty(GreedyPlanner.Solve(s).Lines);
    }

    [Fact]
    public void Pending_consent_is_matched_only_as_a_blocked_line_that_never_ships_or_loads_a_hub()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 10)
            .Offer("O1", "x", 10, consent: ClearanceStatus.Pending).Scenario();
        var plan = Optimise(s);
        var line = Assert.Single(plan.Lines);
        Assert.True(line.Blocked);
        Assert.Equal("consent.pending", line.BlockedCode);
        Assert.Null(line.HubCode);
        Assert.Null(line.ShipWeek);
        Assert.Equal(10, line.Quantity);
        Assert.All(plan.HubLoads, l => Assert.Equal(0, l.Tonnes));
        Assert.Equal(0, plan.Objective);
        var cov = Cov(plan, "R1");
        Assert.Equal(0, cov.Covered);
        Assert.Equal(10, cov.BlockedCoverage);
        Assert.Contains(cov.Explanations, e => e.Code == "consent.pending" && e.OfferId == "O1");
    }

    [Fact]
    public void Pending_export_licence_is_blocked_with_its_own_code()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 10)
            .Offer("O1", "x", 3, licence: ClearanceStatus.Pending).Scenario();
        var line = Assert.Single(Optimise(s).Lines);
        Assert.Equal("licence.pending", line.BlockedCode);
    }

    [Fact]
    public void Denied_consent_makes_an_offer_ineligible_and_is_explained()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 10)
            .Offer("O1", "x", 10, consent: ClearanceStatus.Denied).Scenario();
        var plan = Optimise(s);
        Assert.Empty(plan.Lines);
        Assert.Contains(Cov(plan, "R1").Explanations, e => e.Code == "consent.denied" && e.OfferId == "O1");
    }

    [Fact]
    public void Full_hub_moves_flow_to_the_other_hub_keeping_everything_on_time()
    {
        // Needed by week 3: only passage in week 2 is on time. Hub A takes 5 t a week, hub B the rest.
        var s = new Build().Item("x").Hub("A", tonnes: 5).Hub("B", tonnes: 100).Req("R1", "x", 10, 1, 3).Offer("O1", "x", 10).Scenario();
        var plan = Optimise(s);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(10, Cov(plan, "R1").CoveredOnTime);
        Assert.Equal(10 * M - 10 * 0.002, plan.Objective, 6);
        Assert.Equal(5, plan.Lines.Where(l => l.HubCode == "A").Sum(l => l.Quantity));
        Assert.Equal(5, plan.Lines.Where(l => l.HubCode == "B").Sum(l => l.Quantity));
    }

    [Fact]
    public void Full_single_hub_moves_flow_to_a_later_week_and_explains_the_lateness()
    {
        var s = new Build().Item("x").Hub("A", tonnes: 5).Req("R1", "x", 10, 1, 3).Offer("O1", "x", 10).Scenario();
        var plan = Optimise(s);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        // 5 pass in week 2 (arrive 3, on time), 5 wait one week at origin and pass in week 3 (arrive 4, one week late).
        Assert.Equal(10 * M - 10 * 0.002 - 5 * 1.0, plan.Objective, 6);
        var cov = Cov(plan, "R1");
        Assert.Equal(10, cov.Covered);
        Assert.Equal(5, cov.CoveredOnTime);
        Assert.Contains(plan.Lines, l => l.ShipWeek == 2 && l.HubWeek == 3 && l.Quantity == 5);
        var e = Assert.Single(cov.Explanations);
        Assert.Equal("late.hub-full", e.Code);
        Assert.Equal(("A", 2), (e.HubCode, e.Week!.Value));
    }

    [Fact]
    public void Substitute_units_count_times_their_equivalence_factor()
    {
        var s = new Build().Item("a", family: "f").Item("b", family: "f").Hub("A")
            .Req("R1", "a", 10, 1, 10, new SubstituteRef("b", 2m))
            .Offer("O1", "b", 10).Scenario();
        var plan = Optimise(s);
        var line = Assert.Single(plan.Lines);
        Assert.Equal(5, line.Quantity);
        Assert.Equal(10, line.Coverage);
        Assert.True(Cov(plan, "R1").FullyCoveredOnTime);
        // T = 0.001 × 1 × 2 / 1 (min factor is 1 with factor 2) → same M; value = 10 × M − 5 × 0.002.
        Assert.Equal(10 * M - 5 * 0.002, plan.Objective, 6);
    }

    [Fact]
    public void Substitute_with_a_factor_below_one_needs_more_units_per_unit_covered()
    {
        var s = new Build().Item("a", family: "f").Item("b", family: "f").Hub("A")
            .Req("R1", "a", 10, 1, 10, new SubstituteRef("b", 0.5m))
            .Offer("O1", "b", 10).Scenario();
        var plan = Optimise(s);
        Assert.Equal(10, plan.Lines.Single().Quantity);
        Assert.Equal(5, Cov(plan, "R1").Covered);
    }

    [Fact]
    public void Late_availability_is_penalised_per_week_and_explained_as_transit()
    {
        // Available in week 5, arrives in week 7; needed by week 4: three weeks late.
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 4).Offer("O1", "x", 10, earliest: 5).Scenario();
        var plan = Optimise(s);
        Assert.Equal(10 * (M - 3) - 10 * 0.002, plan.Objective, 6);
        var cov = Cov(plan, "R1");
        Assert.Equal(10, cov.Covered);
        Assert.Equal(0, cov.CoveredOnTime);
        Assert.Contains(cov.Explanations, e => e.Code == "late.transit" && e.OfferId == "O1");
    }

    [Fact]
    public void Arrival_after_the_horizon_is_not_planned_and_is_explained()
    {
        var s = new Build().Item("x").Hub("A").Req("R1", "x", 10, 1, 52).Offer("O1", "x", 10, earliest: 51).Scenario();
        var plan = Optimise(s);
        Assert.Empty(plan.Lines);
        Assert.Contains(Cov(plan, "R1").Explanations, e => e.Code == "horizon");
    }

    [Fact]
    public void Higher_priority_takes_the_scarce_offer_and_the_lower_one_is_explained_as_taken_by()
    {
        var s = new Build().Item("x").Hub("A")
            .Req("R-low", "x", 10, 2, 10)
            .Req("R-high", "x", 10, 1, 10)
            .Offer("O1", "x", 10).Scenario();
        var plan = Optimise(s);
        Assert.Equal(10, Cov(plan, "R-high").Covered);
        Assert.Equal(0, Cov(plan, "R-low").Covered);
        // K = 2: W(1) = 2M.
        Assert.Equal(10 * 2 * M - 10 * 0.002, plan.Objective, 6);
        Assert.Contains(Cov(plan, "R-low").Explanations, e => e.Code == "taken-by" && e.OtherRequirementId == "R-high");
        Assert.Equal(PlanStatus.Optimal, plan.Status);
    }

    [Fact]
    public void Higher_priority_dominates_even_when_its_delivery_is_late()
    {
        // R-high is needed by week 2 (impossible on time: arrival 3 at best); R-low could be served on time.
        var s = new Build().Item("x").Hub("A")
            .Req("R-high", "x", 10, 1, 2)
            .Req("R-low", "x", 10, 2, 40)
            .Offer("O1", "x", 10).Scenario();
        var plan = Optimise(s);
        Assert.Equal(10, Cov(plan, "R-high").Covered);
        Assert.Equal(0, Cov(plan, "R-low").Covered);
    }

    [Fact]
    public void Requirement_without_any_offer_is_explained_as_no_offer()
    {
        var s = new Build().Item("x").Item("y").Hub("A").Req("R1", "x", 10, 1, 10).Offer("O1", "y", 10).Scenario();
        var plan = Optimise(s);
        Assert.Contains(Cov(plan, "R1").Explanations, e => e.Code == "no-offer");
    }

    [Fact]
    public void Forbidden_category_keeps_an_offer_out_of_the_plan()
    {
        var b = new Build().Item("mine-clearing", lethal: false, control: "ML4").Hub("A").Req("R1", "mine-clearing", 5, 1, 10).Offer("O1", "mine-clearing", 5, donor: "NOR");
        b.Donors.Add(new ScenarioDonor("NOR", false, ["ML4"]));
        var plan = Optimise(b.Scenario());
        Assert.Empty(plan.Lines);
        Assert.Contains(Cov(plan, "R1").Explanations, e => e.Code == "policy.forbidden-category");
    }
}

/// <summary>A donor whose policy requires an export licence for a category ships such an item only once it is granted.</summary>
public class LicenceRequiredTests
{
    private static Build WithLicensingDonor(ClearanceStatus licence)
    {
        var b = new Build().Item("gun", lethal: true, control: "ML2.a", kg: 1000).Item("tent", kg: 100).Hub("A")
            .Req("R1", "gun", 10, 1, 20).Req("R2", "tent", 5, 2, 20)
            .Offer("O-GUN", "gun", 10, donor: "SWE", licence: licence).Offer("O-TENT", "tent", 5, donor: "SWE");
        b.Donors.Add(new ScenarioDonor("SWE", false, [], ["ML2"]));
        return b;
    }

    [Theory]
    [InlineData(ClearanceStatus.NotRequired, "licence.required")]
    [InlineData(ClearanceStatus.Pending, "licence.pending")]
    public void An_item_in_a_licence_required_category_is_matched_only_as_blocked_until_the_licence_is_granted(ClearanceStatus licence, string code)
    {
        var s = WithLicensingDonor(licence).Scenario();
        foreach (var plan in new[] { Planner.Solve(s), GreedyPlanner.Solve(s) })
        {
            Assert.Empty(Invariants.Violations(s, plan));
            var gun = Assert.Single(plan.Lines, l => l.OfferId == "O-GUN");
            Assert.True(gun.Blocked);
            Assert.Equal(code, gun.BlockedCode);
            Assert.Null(gun.HubCode);
            var cov = plan.Coverage.Single(c => c.RequirementId == "R1");
            Assert.Equal(0, cov.Covered);
            Assert.Equal(10, cov.BlockedCoverage);
            var why = Assert.Single(cov.Explanations, e => e.Code == code);
            Assert.Equal("O-GUN", why.OfferId);
            if (code == "licence.required") Assert.Contains("ML2", why.Message);
            // The unlicensed category stays unaffected.
            Assert.False(plan.Lines.Single(l => l.OfferId == "O-TENT").Blocked);
        }
    }

    [Fact]
    public void A_granted_licence_lets_the_item_ship()
    {
        var s = WithLicensingDonor(ClearanceStatus.Granted).Scenario();
        var plan = Planner.Solve(s);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        var gun = Assert.Single(plan.Lines, l => l.OfferId == "O-GUN");
        Assert.False(gun.Blocked);
        Assert.Equal(10, gun.Quantity);
    }

    [Fact]
    public void A_donor_without_the_licence_requirement_ships_the_same_item_with_no_licence()
    {
        var s = new Build().Item("gun", lethal: true, control: "ML2", kg: 1000).Hub("A").Req("R1", "gun", 10, 1, 20).Offer("O1", "gun", 10, donor: "DEU").Scenario();
        Assert.False(Planner.Solve(s).Lines.Single().Blocked);
    }
}
