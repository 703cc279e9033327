using System.Text.Json;

namespace Quartermaster.Planning.Tests;

public class ExampleAndOutputTests
{
    private static Scenario Example()
    {
        using var f = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "scenarios", "example.json"));
        return Scenario.Load(f);
    }

    [Fact]
    public void Example_scenario_loads_and_plans_with_its_hard_cases_explained()
    {
        var s = Example();
        Assert.InRange(s.Requirements.Count, 5, 10);
        Assert.Equal(2, s.Hubs.Count);
        Assert.Contains(s.Donors, d => d.Code == "JPN" && d.NonLethalOnly);
        var plan = Planner.Solve(s);
        Assert.Empty(Invariants.Violations(s, plan));
        Assert.NotEqual(PlanStatus.Infeasible, plan.Status);
        Assert.Contains(plan.Lines, l => l.Blocked && l.OfferId == "O-7" && l.BlockedCode == "consent.pending");
        Assert.DoesNotContain(plan.Lines, l => l.OfferId == "O-9" || l.OfferId == "O-10");
        var r1 = plan.Coverage.Single(c => c.RequirementId == "R-1");
        Assert.Contains(r1.Explanations, e => e.Code == "compatibility");
        var r6 = plan.Coverage.Single(c => c.RequirementId == "R-6");
        Assert.Contains(r6.Explanations, e => e.Code == "policy.non-lethal-only" && e.OfferId == "O-9");
        Assert.True(plan.Objective >= GreedyPlanner.Solve(s).Objective - 1e-6);
    }

    [Fact]
    public void Plan_json_holds_objective_bound_lines_coverage_and_hub_loads()
    {
        var plan = Planner.Solve(Example());
        using var ms = new MemoryStream();
        PlanResultJson.Write(plan, ms);
        using var doc = JsonDocument.Parse(ms.ToArray());
        var root = doc.RootElement;
        Assert.Equal(plan.Objective, root.GetProperty("objective").GetDouble(), 6);
        Assert.True(root.TryGetProperty("bound", out _));
        Assert.Equal(plan.Status.ToString(), root.GetProperty("status").GetString());
        Assert.Equal(plan.Lines.Count, root.GetProperty("lines").GetArrayLength());
        Assert.Equal(7, root.GetProperty("coverage").GetArrayLength());
        Assert.Equal(2 * 52, root.GetProperty("hubLoads").GetArrayLength());
        ms.Position = 0;
        Assert.Equal(plan.Objective, PlanResultJson.Read(ms).Objective, 6);
    }

    [Fact]
    public void Plan_table_shows_lines_coverage_and_explanations()
    {
        var plan = Planner.Solve(Example());
        var text = PlanTable.Format(plan);
        Assert.Contains("Planner: optimiser", text);
        Assert.Contains("O-1", text);
        Assert.Contains("[compatibility]", text);
        Assert.Contains("[consent.pending]", text);
        var cmp = PlanTable.Compare(plan, GreedyPlanner.Solve(Example()));
        Assert.Contains("greedy", cmp);
        Assert.Contains("Objective", cmp);
    }

    [Fact]
    public void Solve_reports_progress_phases()
    {
        var seen = new List<string>();
        Planner.Solve(Example(), null, new Sync(p => seen.Add(p.Phase)));
        Assert.Equal("compile", seen[0]);
        Assert.Contains("build", seen);
        Assert.Contains("solve", seen);
        Assert.Equal("done", seen[^1]);
    }

    [Fact]
    public void Cancelled_solve_throws_operation_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Planner.Solve(Example(), null, null, cts.Token));
    }

    private sealed class Sync(Action<PlanProgress> a) : IProgress<PlanProgress>
    {
        public void Report(PlanProgress value) => a(value);
    }
}
