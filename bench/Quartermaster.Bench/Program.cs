using System.Diagnostics;
using System.Globalization;
using Quartermaster.Planning;

// Usage: dotnet run -c Release --project bench/Quartermaster.Bench -- planner [--hubs N] [--what-if] [sizes...]
//        ... -- probe SEED OFFERS REQUIREMENTS HUBS WEEKS ITEMS DONORS   (one generated scenario, one line)
//   sizes default to 1000 5000 20000 50000 offers; 5,000 requirements, 52 weeks, 3 hubs, 2,000 items, 50 donors.
//        ... -- purchases [--offers N] [--time-limit S]   (the allocation benchmark plus 200 companies, 2,000 products, 20 pools, 100 contributions)
//        dotnet run -c Release --project bench/Quartermaster.Bench -- ledger [events] [sqlite-path]
//   events default to 1,000,000 (the database is built once and kept in /tmp for the next run).
//        dotnet run -c Release --project bench/Quartermaster.Bench -- readiness [--db SQLITE-PATH|PG-CONNECTION] [--requirements N] [--runs N]
//        dotnet run -c Release --project bench/Quartermaster.Bench -- delivery [--db SQLITE-PATH|PG-CONNECTION] [--serials N] [--custody N] [--reads-only]
//        dotnet run -c Release --project bench/Quartermaster.Bench -- api [--db SQLITE-PATH|PG-CONNECTION] [--seconds S] [--minutes M] [--connections N] [--only TEXT] [--rebuild]
//   the REST API and pages under load on 50,000 offers, 5,000 requirements, 1,000,000 ledger events (database built once and kept).
//   100,000-serial upload and receipt, a 500-line receipt, accountability reads over N (default 1,000,000) serials in custody.
var inv = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "import") return await Quartermaster.Bench.ImportBench.Run(args);
if (args.Length > 0 && args[0] == "import-one") return await Quartermaster.Bench.ImportBench.One(args[1], int.Parse(args[2], inv), args[3]);
if (args.Length > 0 && args[0] == "ledger") return await Quartermaster.Bench.LedgerBench.Run(args);
if (args.Length > 0 && args[0] == "api") return await Quartermaster.Bench.ApiBench.Run(args);
if (args.Length > 0 && args[0] == "api-serve") return await Quartermaster.Bench.ApiBench.Serve(args[1], args[2]);
if (args.Length > 0 && args[0] == "delivery") return await Quartermaster.Bench.DeliveryBench.Run(args);
if (args.Length > 0 && args[0] == "crew") return CrewBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "readiness") return await Quartermaster.Bench.ReadinessBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "purchases") return Quartermaster.Bench.PurchaseBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "probe")
{
    // probe SEED OFFERS REQS HUBS WEEKS ITEMS DONORS
    var a = args.Skip(1).Select(x => int.Parse(x, inv)).ToArray();
    var sc = ScenarioGenerator.Generate(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    var sw0 = Stopwatch.StartNew();
    var r0 = Planner.Solve(sc, null, new SyncProgress(p => { if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.Error.WriteLine($"  [{sw0.Elapsed.TotalSeconds,7:0.00}s] {p.Phase}: {p.Message}"); }));
    Console.WriteLine(string.Create(inv, $"{r0.Status} obj {r0.Objective:N0} bound {r0.Bound:N0} gap {r0.Gap:P4} rounds {r0.Statistics.ColumnGenerationRounds} vars {r0.Statistics.Variables} converged {r0.Statistics.LpConverged} lp {r0.Statistics.LpValue:N0} {sw0.Elapsed.TotalSeconds:0.00}s greedy {GreedyPlanner.Solve(sc).Objective:N0}"));
    return 0;
}
if (args.Length > 0 && args[0] == "probe1")
{
    // probe1 WEEKS HUBS REQS CAP QTY
    var a = args.Skip(1).Select(x => int.Parse(x, inv)).ToArray();
    var rq = new List<ScenarioRequirement>();
    var rnd = new Random(5);
    for (var i = 0; i < a[2]; i++) rq.Add(new ScenarioRequirement($"R{i}", "x", [], 5 + rnd.Next(50), 1 + i, 5 + rnd.Next(a[0] - 10), "KYIV"));
    var hb = Enumerable.Range(0, a[1]).Select(h => new ScenarioHub($"H{h}", a[3], null, 1 + h % 3, null, 1 + (h * 7) % 3)).ToList();
    var sc = new Scenario(a[0], [new ScenarioItem("x", "x", false, null, null, 1000m)], [new ScenarioDonor("DEU", false)], hb, rq,
        [new ScenarioOffer("O1", "DEU", "x", a[4], 1, "DEU")]);
    var sw0 = Stopwatch.StartNew();
    var r0 = Planner.Solve(sc, null, new SyncProgress(p => { if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.Error.WriteLine($"  [{sw0.Elapsed.TotalSeconds,7:0.00}s] {p.Phase}: {p.Message}"); }));
    Console.WriteLine(string.Create(inv, $"{r0.Status} obj {r0.Objective:N0} bound {r0.Bound:N0} gap {r0.Gap:P4} rounds {r0.Statistics.ColumnGenerationRounds} vars {r0.Statistics.Variables} converged {r0.Statistics.LpConverged} lp {r0.Statistics.LpValue:N0} {sw0.Elapsed.TotalSeconds:0.00}s greedy {GreedyPlanner.Solve(sc).Objective:N0}"));
    return 0;
}
if (args.Length == 0 || args[0] != "planner")
{
    Console.Error.WriteLine("usage: Quartermaster.Bench planner [offers...] | import [lines...]");
    return 2;
}
var rest = args.Skip(1).ToList();
var hubs = 3;
var whatIf = rest.Remove("--what-if");
var hubsAt = rest.IndexOf("--hubs");
if (hubsAt >= 0) { hubs = int.Parse(rest[hubsAt + 1], inv); rest.RemoveRange(hubsAt, 2); }
var sizes = rest.Count > 0 ? rest.Select(a => int.Parse(a, inv)).ToArray() : [1000, 5000, 20000, 50000];
const int requirements = 5000, weeks = 52, items = 2000, donors = 50, seed = 42;
Console.WriteLine($"Quartermaster planner benchmark: {requirements} requirements, {weeks} weeks, {hubs} hubs, {items} items, {donors} donors, seed {seed}; {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine($"hubs: {hubs}; load average at start: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine("| offers | groups | LP vars (final) | LP rows | CG rounds | build s | solve s | total s | CPU s | peak WS MB | objective | bound | gap | greedy objective | greedy s |" + (whatIf ? " what-if re-plan s | what-if CPU s | what-if gap |" : ""));
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (whatIf ? "---:|---:|---:|" : ""));
foreach (var n in sizes)
{
    var scenario = ScenarioGenerator.Generate(seed, n, requirements, hubs, weeks, items, donors);
    GC.Collect();
    var sw = Stopwatch.StartNew();
    double buildAt = 0;
    var progress = new SyncProgress(p =>
    {
        if (p.Phase == "build") buildAt = sw.Elapsed.TotalSeconds;
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.Error.WriteLine($"  [{sw.Elapsed.TotalSeconds,7:0.00}s] {p.Phase}: {p.Message}");
    });
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var result = Planner.Solve(scenario, null, progress);
    var total = sw.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    var gsw = Stopwatch.StartNew();
    var greedy = GreedyPlanner.Solve(scenario);
    var greedyS = gsw.Elapsed.TotalSeconds;
    using var proc = Process.GetCurrentProcess();
    proc.Refresh();
    var peakMb = proc.PeakWorkingSet64 / 1024.0 / 1024.0;
    var st = result.Statistics;
    var extra = "";
    if (whatIf)
    {
        // A typical what-if: ten pledges withdrawn, hub 1 closed for five weeks, a requirement moved to rank 1.
        var changes = scenario.Offers.Take(10).Select(o => (ScenarioChange)new WithdrawOffer(o.Id))
            .Append(new ChangeHubCapacity("HUB1", 10, 14, 0)).Append(new ChangeRequirement(scenario.Requirements[^1].Id, PriorityRank: 1)).ToList();
        var wsw = Stopwatch.StartNew();
        var wcpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var w = WhatIf.Replan(scenario, result, changes);
        extra = string.Create(inv, $" {wsw.Elapsed.TotalSeconds:0.00} | {(Process.GetCurrentProcess().TotalProcessorTime - wcpu0).TotalSeconds:0.00} | {w.Proposed.Gap:P4} |");
    }
    Console.WriteLine(string.Create(inv,
        $"| {n:N0} | {st.OfferGroups:N0} | {st.Variables:N0} | {st.Constraints:N0} | {st.ColumnGenerationRounds} | {buildAt:0.00} | {total - buildAt:0.00} | {total:0.00} | {cpu:0.00} | {peakMb:N0} | {result.Objective:N0} | {result.Bound:N0} | {result.Gap:P4} | {greedy.Objective:N0} | {greedyS:0.00} |{extra}"));
}
return 0;

/// <summary>Reports synchronously on the solving thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress(Action<PlanProgress> report) : IProgress<PlanProgress>
{
    public void Report(PlanProgress value) => report(value);
}
