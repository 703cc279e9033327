namespace Quartermaster.Planning.Tests;

/// <summary>Seeded random scenarios: every plan respects every constraint; the optimiser never loses to greedy.</summary>
public class PropertyTests
{
    public static TheoryData<int> Seeds()
    {
        var d = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++) d.Add(seed);
        return d;
    }

    private static Scenario Random(int seed)
    {
        var rnd = new Random(seed);
        return ScenarioGenerator.Generate(seed, offers: 20 + rnd.Next(80), requirements: 5 + rnd.Next(30), hubs: 1 + rnd.Next(3),
            weeks: 52 + rnd.Next(10), items: 4 + rnd.Next(12), donors: 2 + rnd.Next(10));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Optimised_plan_respects_every_constraint(int seed)
    {
        var s = Random(seed);
        var plan = Planner.Solve(s);
        Assert.Empty(Invariants.Violations(s, plan));
        Assert.NotEqual(PlanStatus.Infeasible, plan.Status);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Greedy_plan_respects_every_constraint(int seed)
    {
        var s = Random(seed);
        Assert.Empty(Invariants.Violations(s, GreedyPlanner.Solve(s)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Optimiser_objective_is_never_worse_than_greedy_and_never_above_its_bound(int seed)
    {
        var s = Random(seed);
        var opt = Planner.Solve(s);
        var greedy = GreedyPlanner.Solve(s);
        var tol = 1e-7 * Math.Max(1, Math.Abs(opt.Objective));
        Assert.True(opt.Objective >= greedy.Objective - tol, $"optimiser {opt.Objective} < greedy {greedy.Objective}");
        Assert.True(opt.Objective <= opt.Bound!.Value + tol, $"objective {opt.Objective} above bound {opt.Bound}");
        Assert.True(greedy.Objective <= opt.Bound!.Value + tol, $"greedy {greedy.Objective} above bound {opt.Bound}");
        Assert.InRange(opt.Gap!.Value, 0, 1);
    }

    [Fact]
    public void Generator_is_deterministic_for_a_seed()
    {
        var a = ScenarioJson.ToJson(ScenarioGenerator.Generate(7, 200, 50, 2, 52, 20, 8));
        var b = ScenarioJson.ToJson(ScenarioGenerator.Generate(7, 200, 50, 2, 52, 20, 8));
        Assert.Equal(a, b);
        Assert.NotEqual(a, ScenarioJson.ToJson(ScenarioGenerator.Generate(8, 200, 50, 2, 52, 20, 8)));
    }

    [Fact]
    public void Generated_scenario_round_trips_through_json_and_plans_identically()
    {
        var s = ScenarioGenerator.Generate(3, 150, 40, 2, 52, 15, 6);
        var back = ScenarioJson.Parse(ScenarioJson.ToJson(s));
        // Without the exact repair, whose wall-clock limit (docs/planning.md) can stop two runs at different points on a
        // loaded machine: what is compared is the scenario the file carries, not the timing of one search.
        var deterministic = new PlannerOptions { RepairSeconds = 0 };
        Assert.Equal(Planner.Solve(s, deterministic).Objective, Planner.Solve(back, deterministic).Objective, 6);
    }
}
