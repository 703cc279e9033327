namespace Quartermaster.Planning.Tests;

/// <summary>
/// Seeded random scenarios with an industry part: no contribution's money ever pays for what its limits forbid, no
/// contribution is overspent, production never exceeds a month's capacity (checked by <see cref="Invariants"/>), and the
/// optimiser never loses to greedy buy-what-is-left nor exceeds its bound.
/// </summary>
public class PurchasePropertyTests
{
    public static TheoryData<int> Seeds()
    {
        var d = new TheoryData<int>();
        for (var seed = 1; seed <= 30; seed++) d.Add(seed);
        return d;
    }

    private static Scenario Random(int seed)
    {
        var rnd = new Random(seed * 31);
        var items = 4 + rnd.Next(10);
        return ScenarioGenerator.Generate(seed, offers: rnd.Next(60), requirements: 5 + rnd.Next(25), hubs: 1 + rnd.Next(3),
            weeks: 52 + rnd.Next(10), items: items, donors: 2 + rnd.Next(8),
            companies: 1 + rnd.Next(6), products: 2 + rnd.Next(3 * items), pools: 1 + rnd.Next(3), contributions: 1 + rnd.Next(8));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Optimised_plan_with_purchases_respects_every_constraint_and_every_contributions_limits(int seed)
    {
        var s = Random(seed);
        var plan = Planner.Solve(s);
        Assert.Empty(Invariants.Violations(s, plan));
        Assert.True(plan.Objective <= plan.Bound!.Value + 1e-6 * Math.Max(1, Math.Abs(plan.Bound.Value)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Greedy_buy_what_is_left_respects_every_constraint_and_never_beats_the_optimiser(int seed)
    {
        var s = Random(seed);
        var greedy = GreedyPlanner.Solve(s);
        Assert.Empty(Invariants.Violations(s, greedy));
        Assert.True(Planner.Solve(s).Objective >= greedy.Objective - 1e-6 * Math.Max(1, Math.Abs(greedy.Objective)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Restricted_money_is_only_ever_attributed_to_items_its_limits_allow(int seed)
    {
        // Every contribution made restrictive: half non-lethal-only, the rest earmarked to an item some requirement needs.
        var s = Random(seed);
        var needed = s.Requirements.Select(r => r.ItemId).Distinct().ToList();
        s = s with
        {
            Contributions = s.Contributions!.Select((c, i) => i % 2 == 0 ? c with { NonLethalOnly = true } : c with { EarmarkItemId = needed[i % needed.Count] }).ToList(),
        };
        var plan = Planner.Solve(s);
        var items = s.Items.ToDictionary(i => i.Id);
        var products = s.Products!.ToDictionary(p => p.Id);
        var contributions = s.Contributions!.ToDictionary(c => c.Id);
        foreach (var line in plan.Purchases!)
            foreach (var share in line.Funding)
            {
                var item = items[products[line.ProductId].ItemId];
                var c = contributions[share.ContributionId];
                Assert.False(c.NonLethalOnly && item.IsLethal, $"{c.Id} (non-lethal only) pays for lethal {item.Id}");
                Assert.True(c.EarmarkItemId is null || c.EarmarkItemId == item.Id, $"{c.Id} (earmarked {c.EarmarkItemId}) pays for {item.Id}");
            }
        Assert.Empty(Invariants.Violations(s, plan));
    }

    [Fact]
    public void The_industry_part_leaves_the_generated_gift_scenario_unchanged()
    {
        var a = ScenarioGenerator.Generate(5, 40, 12, 2, 52, 8, 5);
        var b = ScenarioGenerator.Generate(5, 40, 12, 2, 52, 8, 5, companies: 3, products: 10, pools: 2, contributions: 4);
        Assert.Equal(a.Offers, b.Offers);
        Assert.Equal(a.Requirements.Select(r => (r.Id, r.ItemId, r.Quantity, r.PriorityRank)), b.Requirements.Select(r => (r.Id, r.ItemId, r.Quantity, r.PriorityRank)));
        Assert.True(Planner.Solve(b).Objective >= Planner.Solve(a).Objective - 1e-6);
    }
}
