using System.Diagnostics;
using System.Globalization;
using Quartermaster.Planning;

namespace Quartermaster.Bench;

/// <summary>
/// The planner buys (issue 12): the allocation benchmark's scenario (5,000 requirements, 52 weeks, 3 hubs, 2,000 items,
/// 50 donors, seed 42) with 200 companies, 2,000 products, 20 pools and 100 contributions. Reports the optimiser's time,
/// status and gap, and its objective against (a) the plan without purchases — the same scenario with no money, scored
/// with the same objective — and (b) greedy buy-what-is-left.
/// Usage: purchases [--offers N (1000)] [--time-limit S (0 = to convergence)]
/// </summary>
internal static class PurchaseBench
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var rest = args.ToList();
        int Take(string name, int dflt)
        {
            var at = rest.IndexOf(name);
            if (at < 0) return dflt;
            var v = int.Parse(rest[at + 1], inv);
            rest.RemoveRange(at, 2);
            return v;
        }
        var offers = Take("--offers", 1000);
        var limit = Take("--time-limit", 0);
        const int seed = 42, requirements = 5000, hubs = 3, weeks = 52, items = 2000, donors = 50;
        const int companies = 200, products = 2000, pools = 20, contributions = 100;
        var scenario = ScenarioGenerator.Generate(seed, offers, requirements, hubs, weeks, items, donors, companies, products, pools, contributions);
        Console.WriteLine(string.Create(inv, $"Quartermaster purchase benchmark: {offers} offers, {requirements} requirements, {weeks} weeks, {hubs} hubs, {items} items, {donors} donors, {companies} companies, {products} products, {pools} pools, {contributions} contributions, seed {seed}; {Environment.ProcessorCount} cores; load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        var options = new PlannerOptions { TimeLimitSeconds = limit };

        var (plan, wall, cpu) = Timed(() => Planner.Solve(scenario, options, Verbose()));
        var money = plan.Purchases!.Sum(p => p.Cost);
        var total = scenario.Contributions!.Sum(c => c.Amount);
        Console.WriteLine(string.Create(inv, $"optimiser: {plan.Status}, objective {plan.Objective:N0}, bound {plan.Bound:N0}, gap {plan.Gap:P4}, {plan.Statistics.ColumnGenerationRounds} CG rounds, {plan.Statistics.Variables:N0} LP columns, {plan.Statistics.Constraints:N0} rows, {wall:0.00} s wall, {cpu:0.00} s CPU"));
        Console.WriteLine(string.Create(inv, $"  {plan.Purchases!.Count:N0} purchase lines ({plan.Purchases.Count(p => p.Source == PurchaseSource.Stock):N0} stock, {plan.Purchases.Count(p => p.Source == PurchaseSource.Production):N0} production), {money:N0} of {total:N0} EUR spent; coverage gifts {plan.Coverage.Sum(c => c.FromGifts):N0}, stock {plan.Coverage.Sum(c => c.FromStock):N0}, production {plan.Coverage.Sum(c => c.FromProduction):N0}; {plan.Coverage.Count(c => c.FullyCoveredOnTime):N0} requirements fully on time"));

        var noMoney = scenario with { Contributions = [] };
        var (gifts, gw, gc) = Timed(() => Planner.Solve(noMoney, options));
        Console.WriteLine(string.Create(inv, $"(a) without purchases (no money, same objective): {gifts.Status}, objective {gifts.Objective:N0}, gap {gifts.Gap:P4}, {gw:0.00} s wall, {gc:0.00} s CPU; optimiser − (a) = {plan.Objective - gifts.Objective:N0}"));

        var (greedy, rw, rc) = Timed(() => GreedyPlanner.Solve(scenario));
        Console.WriteLine(string.Create(inv, $"(b) greedy buy-what-is-left: objective {greedy.Objective:N0}, {greedy.Purchases!.Sum(p => p.Cost):N0} EUR spent, {rw:0.00} s; optimiser − (b) = {plan.Objective - greedy.Objective:N0} ({(plan.Objective - greedy.Objective) / Math.Max(1, Math.Abs(greedy.Objective)):P2})"));
        return 0;
    }

    private static (PlanResult, double Wall, double Cpu) Timed(Func<PlanResult> solve)
    {
        GC.Collect();
        using var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = solve();
        proc.Refresh();
        return (r, sw.Elapsed.TotalSeconds, (proc.TotalProcessorTime - cpu0).TotalSeconds);
    }

    private static SyncProgress? Verbose()
    {
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") != "1") return null;
        var sw = Stopwatch.StartNew();
        return new SyncProgress(p => Console.Error.WriteLine($"  [{sw.Elapsed.TotalSeconds,7:0.00}s] {p.Phase}: {p.Message}"));
    }
}
