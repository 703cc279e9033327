namespace Quartermaster.Planning.Tests;

/// <summary>
/// Column generation runs until the LP relaxation is proven optimal whatever the horizon and the number of hubs, and
/// a stop at a round limit rounds the last LP actually solved (never values read from a model changed since).
/// </summary>
public class ConvergenceTests
{
    /// <summary>One offer of 1-tonne units for many requirements through tight hubs: a single-commodity flow, whose LP
    /// optimum is integral, so the plan must reach the bound exactly.</summary>
    private static Scenario OneOffer(int weeks, int hubs, int requirements, decimal capacity, int supply)
    {
        var rnd = new Random(5);
        var reqs = Enumerable.Range(0, requirements)
            .Select(i => new ScenarioRequirement($"R{i}", "x", [], 5 + rnd.Next(50), 1 + i, 5 + rnd.Next(weeks - 10), "KYIV")).ToList();
        var hubList = Enumerable.Range(0, hubs).Select(h => new ScenarioHub($"H{h}", capacity, null, 1 + h % 3, null, 1 + h * 7 % 3)).ToList();
        return new Scenario(weeks, [new ScenarioItem("x", "x", false, null, null, 1000m)], [new ScenarioDonor("DEU", false)], hubList, reqs,
            [new ScenarioOffer("O1", "DEU", "x", supply, 1, "DEU")]);
    }

    [Theory]
    [InlineData(104, 3, 1, 5, 100)]
    [InlineData(104, 3, 50, 3, 5000)]
    [InlineData(104, 10, 50, 3, 5000)]
    [InlineData(156, 3, 50, 2, 5000)]
    [InlineData(208, 10, 80, 2, 20000)]
    public void One_offer_over_a_long_horizon_and_many_hubs_is_proven_optimal(int weeks, int hubs, int requirements, int capacity, int supply)
    {
        var s = OneOffer(weeks, hubs, requirements, capacity, supply);
        var plan = Planner.Solve(s);
        Assert.Empty(Invariants.Violations(s, plan));
        Assert.True(plan.Statistics.LpConverged);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(plan.Bound!.Value, plan.Objective, 6);
        Assert.Equal(0, plan.Gap!.Value, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Stopping_at_a_round_limit_rounds_the_last_solved_LP(int rounds)
    {
        // The LP of this scenario is integral, so flooring the last solved restricted LP loses nothing: the plan is
        // worth at least that LP's value. Reading the values after the last round's columns were added gave zeros.
        var s = OneOffer(156, 3, 50, 2, 5000);
        var plan = Planner.Solve(s, new PlannerOptions { MaxColumnGenerationRounds = rounds });
        Assert.Empty(Invariants.Violations(s, plan));
        Assert.Equal(rounds, plan.Statistics.ColumnGenerationRounds);
        Assert.False(plan.Statistics.LpConverged);
        Assert.Equal(PlanStatus.Feasible, plan.Status);
        Assert.True(plan.Objective >= plan.Statistics.LpValue - 1e-6, $"plan {plan.Objective} below the solved LP {plan.Statistics.LpValue}");
        Assert.True(plan.Bound >= Planner.Solve(s).Objective - 1e-6, "the early bound must stay above the optimum");
    }

    [Theory]
    [InlineData(11, 104, 3)]
    [InlineData(12, 104, 10)]
    [InlineData(13, 130, 6)]
    public void Generated_scenarios_with_long_horizons_and_many_hubs_converge_and_keep_every_constraint(int seed, int weeks, int hubs)
    {
        var s = ScenarioGenerator.Generate(seed, offers: 150, requirements: 40, hubs, weeks, items: 10, donors: 5);
        var plan = Planner.Solve(s);
        Assert.Empty(Invariants.Violations(s, plan));
        Assert.True(plan.Statistics.LpConverged);
        Assert.True(plan.Objective <= plan.Bound!.Value + 1e-6 * Math.Abs(plan.Bound.Value));
        Assert.True(plan.Objective >= GreedyPlanner.Solve(s).Objective - 1e-6);
        Assert.InRange(plan.Gap!.Value, 0, 0.01);
    }

    [Fact]
    public void Units_heavier_than_any_hub_week_can_take_are_not_counted_in_the_bound()
    {
        // 2-tonne units through hubs of 1.5 t a week: nothing can ship, and the bound says so (no fractional units).
        var s = new Build().Item("gun", kg: 2000).Hub("A", tonnes: 1.5m).Hub("B", tonnes: 1.5m).Req("R1", "gun", 10, 1, 20).Offer("O1", "gun", 10).Scenario();
        var plan = Planner.Solve(s);
        Assert.Empty(plan.Lines);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(0, plan.Bound!.Value, 9);
        Assert.Contains(plan.Coverage.Single().Explanations, e => e.Code == "hub-full");
    }

    [Fact]
    public void A_model_with_nothing_eligible_is_optimal()
    {
        var s = new Build().Item("x").Item("y").Hub("A").Req("R1", "x", 10, 1, 10).Offer("O1", "y", 10).Scenario();
        var plan = Planner.Solve(s);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(0, plan.Objective);
        Assert.Equal(0, plan.Bound);
        Assert.Equal(0, plan.Gap);
    }
}
