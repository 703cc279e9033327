using System.Diagnostics;
using System.Globalization;
using Quartermaster.Planning;
using Quartermaster.Planning.Training;

/// <summary>
/// dotnet run -c Release --project bench/Quartermaster.Bench -- crew [requirements courses sites weeks [time-limit-seconds]]
/// (default 5000 200 30 52, 20 s): the CP-SAT crew plan and the baseline on a generated scenario (seed 42).
/// </summary>
internal static class CrewBench
{
    public static int Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        int Arg(int i, int d) => args.Length > i ? int.Parse(args[i], inv) : d;
        int requirements = Arg(0, 5000), courses = Arg(1, 200), sites = Arg(2, 30), weeks = Arg(3, 52);
        var limit = args.Length > 4 ? double.Parse(args[4], inv) : 20;
        var scenario = CrewScenarioGenerator.Generate(42, requirements, courses, sites, weeks);
        Console.WriteLine($"Crew planner benchmark: {requirements} requirements ({scenario.Requirements.Sum(r => r.Crews):N0} crews), {courses} courses, {sites} sites, {weeks} weeks, seed 42, time limit {limit} s; {Environment.ProcessorCount} cores");
        var sw = Stopwatch.StartNew();
        var progress = new CrewSyncProgress(p =>
        {
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.Error.WriteLine($"  [{sw.Elapsed.TotalSeconds,7:0.00}s] {p.Phase}: {p.Message}");
        });
        var result = CrewPlanner.Solve(scenario, new CrewPlannerOptions { TimeLimitSeconds = limit }, progress);
        var total = sw.Elapsed.TotalSeconds;
        using var proc = Process.GetCurrentProcess();
        proc.Refresh();
        var st = result.Statistics;
        var codes = result.Coverage.SelectMany(c => c.Explanations).GroupBy(e => e.Code).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine("| components | slots | variables | constraints | total s | peak WS MB | status | objective | bound | gap | crews on time | baseline objective | baseline on time | baseline s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(inv,
            $"| {st.Components:N0} | {st.Slots:N0} | {st.Variables:N0} | {st.Constraints:N0} | {total:0.00} | {proc.PeakWorkingSet64 / 1048576.0:N0} | {result.Status} | {result.Objective:N0} | {result.Bound:N0} | {result.Gap:P4} | {result.CrewsOnTime:N0} of {result.CrewsNeeded:N0} | {result.Baseline!.Objective:N0} | {result.Baseline.CrewsOnTime:N0} | {result.Baseline.Seconds:0.00} |"));
        Console.WriteLine($"Explanations: {string.Join(", ", codes)}");
        return 0;
    }
}

internal sealed class CrewSyncProgress(Action<PlanProgress> report) : IProgress<PlanProgress>
{
    public void Report(PlanProgress value) => report(value);
}
