using System.CommandLine;
using System.Text.Json;
using Quartermaster.Application.Allocations;
using Quartermaster.Planning;

namespace Quartermaster.Cli;

/// <summary>qm plan: compute an allocation plan from the database or from a scenario file; list and confirm plans.</summary>
public static class PlanCommand
{
    public static Command Build()
    {
        var period = new Option<string?>("--period") { Description = "The requirements period YYYY-MM (default: the latest)" };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var scenario = new Option<FileInfo?>("--scenario") { Description = "Plan a self-contained scenario file (JSON, see docs/planning.md) instead of the database" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the result to this file instead of standard output" };
        var greedy = new Option<bool>("--compare-greedy") { Description = "Also run the greedy baseline and show both side by side" };
        var whatIf = new Option<FileInfo?>("--what-if")
        {
            Description = "Re-plan with the changes listed in FILE (JSON, see docs/planning.md) and compare with the current data; saves nothing",
        };
        var cmd = new Command("plan", "Compute the optimal allocation of offers to the prioritised requirements, with every shortfall explained")
        {
            period, format, scenario, outFile, greedy, whatIf,
        };
        Remote.AddTo(cmd);
        cmd.SetAction(Shell.Guarded(async (p, ct) =>
        {
            if (p.GetValue(whatIf) is { } changesFile) return await RunWhatIf(p, changesFile, period, format, scenario, outFile, ct);
            PlanResult result;
            Scenario input;
            string header;
            if (p.GetValue(scenario) is { } file)
            {
                if (!file.Exists) return Shell.Fail($"{file.FullName}: no such file");
                try
                {
                    await using var stream = file.OpenRead();
                    input = Scenario.Load(stream);
                }
                catch (ScenarioException e)
                {
                    return Shell.Fail($"{file.Name}: {e.Message}");
                }
                result = await Shell.WithProgress("Planning", report =>
                    Task.Run(() => Planner.Solve(input, PlannerOptions.Default, new PlanProgressBar(report), ct), ct));
                header = $"Scenario {file.Name}";
            }
            else if (Remote.IsRemote(p))
            {
                using var http = Remote.Client(p);
                using var start = await http.PostAsync("api/v1/plans",
                    System.Net.Http.Json.JsonContent.Create(new { period = p.GetValue(period) }), ct);
                var job = Remote.Json(await Remote.Read(start, ct));
                var location = start.Headers.Location!.ToString().TrimStart('/');
                await Shell.WithProgress("Planning on the server", async report =>
                {
                    while (job["state"]!.GetValue<string>() is "Queued" or "Running")
                    {
                        report(job["fraction"]?.GetValue<double>() ?? 0, $"{job["phase"]}: {job["message"]}");
                        await Task.Delay(500, ct);
                        job = Remote.Json(await Remote.Read(await http.GetAsync(location, ct), ct));
                    }
                    return true;
                });
                if (job["state"]!.GetValue<string>() != "Succeeded") return Shell.Fail($"the plan failed: {job["error"]}");
                var plan = Remote.Json(await Remote.Read(await http.GetAsync($"api/v1/plans/{job["planId"]}", ct), ct));
                result = PlanResultJson.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(plan["result"]!.ToJsonString())));
                input = null!;
                header = $"Plan {plan["summary"]!["number"]} of {plan["summary"]!["period"]} (id {job["planId"]}) on {p.GetValue(Remote.Server)}";
                if (p.GetValue(greedy)) return Shell.Fail("--compare-greedy needs the scenario: run it against the database or a scenario file");
            }
            else
            {
                await using var db = await Shell.OpenAsync(p, ct);
                // The local operator plans for the coordination cell, with what is released to it (as on the server).
                db.RestrictTo(Domain.Access.Viewer.Cell);
                var service = new AllocationsService(db);
                var summary = await Shell.WithProgress("Planning", report =>
                    service.Compute(Shell.Actor(p), p.GetValue(period), new PlanProgressBar(report), ct));
                var detail = await service.Get(summary.Id, ct);
                result = detail.Result;
                input = (await PlanSnapshot.Take(db, summary.Period, ct)).Scenario;
                header = $"Plan {summary.Number} of {summary.Period} (id {summary.Id}, {summary.State}); confirm with: qm plan confirm {summary.Id}";
            }
            var text = p.GetValue(format) == "json"
                ? PlanResultJson.ToJson(result)
                : header + "\n" + (p.GetValue(greedy) ? PlanTable.Compare(result, GreedyPlanner.Solve(input, ct)) + "\n" : "") + PlanTable.Format(result);
            if (p.GetValue(outFile) is { } o)
            {
                await File.WriteAllTextAsync(o.FullName, text, ct);
                Console.WriteLine($"{header}: {result.Status}, objective {result.Objective:N2}, bound {result.Bound:N2}; written to {o.FullName}");
            }
            else Console.WriteLine(text);
            return 0;
        }));

        var list = new Command("list", "List the plans, newest first");
        list.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            foreach (var s in await new AllocationsService(db).List(null, ct))
                Console.WriteLine($"{s.Id}  {s.Period} #{s.Number,-3} {s.State,-10} {s.SolveStatus,-9} objective {s.Objective,14:N2}  "
                                  + $"on time {s.RequirementsCoveredOnTime}/{s.Requirements}  by {s.CreatedBy} {s.CreatedAt:yyyy-MM-dd HH:mm}Z");
            return 0;
        }));
        var planId = new Argument<Guid>("PLAN-ID") { Description = "The plan to confirm (see qm plan list)" };
        var confirm = new Command("confirm", "Confirm a proposed plan: its lines become allocations (a coordinator's decision)") { planId };
        confirm.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new AllocationsService(db);
            var current = (await service.Get(p.GetValue(planId), ct)).Summary;
            var confirmed = await service.Confirm(Shell.Actor(p), current.Id, current.Version, ct);
            Console.WriteLine($"Plan {confirmed.Number} of {confirmed.Period} confirmed by {confirmed.ConfirmedBy}; its lines are now allocations.");
            return 0;
        }));
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(confirm);
        return cmd;
    }

    private static async Task<int> RunWhatIf(ParseResult p, FileInfo changesFile, Option<string?> period, Option<string> format,
        Option<FileInfo?> scenario, Option<FileInfo?> outFile, CancellationToken ct)
    {
        if (!changesFile.Exists) return Shell.Fail($"{changesFile.FullName}: no such file");
        var raw = await File.ReadAllTextAsync(changesFile.FullName, ct);
        string? filePeriod;
        IReadOnlyList<ScenarioChange> changes;
        try { (filePeriod, changes) = WhatIf.ReadChanges(raw); }
        catch (ScenarioException e) { return Shell.Fail($"{changesFile.Name}: {e.Message}"); }
        if (changes.Count == 0) return Shell.Fail($"{changesFile.Name}: the file lists no change");
        var forPeriod = p.GetValue(period) ?? filePeriod;
        WhatIfResult result;
        Func<string, string> label = id => id;
        string header;
        if (p.GetValue(scenario) is { } file)
        {
            if (!file.Exists) return Shell.Fail($"{file.FullName}: no such file");
            Scenario input;
            try
            {
                await using var stream = file.OpenRead();
                input = Scenario.Load(stream);
            }
            catch (ScenarioException e) { return Shell.Fail($"{file.Name}: {e.Message}"); }
            try
            {
                result = await Shell.WithProgress("Planning what if", report => Task.Run(() =>
                {
                    var current = Planner.Solve(input, PlannerOptions.Default, new PlanProgressBar((f, m) => report(f / 2, "current: " + m)), ct);
                    return WhatIf.Replan(input, current, changes, PlannerOptions.Default, new PlanProgressBar((f, m) => report(0.5 + f / 2, "with the changes: " + m)), ct);
                }, ct));
            }
            catch (ScenarioException e) { return Shell.Fail($"{changesFile.Name}: {e.Message}"); }
            header = $"What if, scenario {file.Name}";
        }
        else if (Remote.IsRemote(p))
        {
            using var http = Remote.Client(p);
            using var changesJson = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(changes, WhatIf.JsonOptions));
            using var start = await http.PostAsync("api/v1/plans",
                System.Net.Http.Json.JsonContent.Create(new { period = forPeriod, changes = changesJson.RootElement }), ct);
            var job = Remote.Json(await Remote.Read(start, ct));
            var location = start.Headers.Location!.ToString().TrimStart('/');
            await Shell.WithProgress("Planning what if on the server", async report =>
            {
                while (job["state"]!.GetValue<string>() is "Queued" or "Running")
                {
                    report(job["fraction"]?.GetValue<double>() ?? 0, $"{job["phase"]}: {job["message"]}");
                    await Task.Delay(500, ct);
                    job = Remote.Json(await Remote.Read(await http.GetAsync(location, ct), ct));
                }
                return true;
            });
            if (job["state"]!.GetValue<string>() != "Succeeded") return Shell.Fail($"the what-if failed: {job["error"]}");
            var body = Remote.Json(await Remote.Read(await http.GetAsync(location + "/what-if", ct), ct));
            var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
            var current = PlanResultJson.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body["current"]!.ToJsonString())));
            var proposed = PlanResultJson.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body["proposed"]!.ToJsonString())));
            result = new WhatIfResult(changes, current, proposed, PlanComparison.Compare(current, proposed, changes));
            var names = body["labels"]?["requirements"]?.Deserialize<Dictionary<string, string>>(web) ?? [];
            label = id => names.GetValueOrDefault(id) ?? id;
            header = $"What if, period {body["period"]} on {p.GetValue(Remote.Server)} (nothing saved)";
        }
        else
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new WhatIfService(db, new AllocationsService(db));
            var view = await Shell.WithProgress("Planning what if", report => service.Run(forPeriod, changes, new PlanProgressBar(report), ct));
            result = view.Result;
            label = id => view.Labels.Requirements.GetValueOrDefault(id) ?? id;
            header = $"What if, period {view.Period} (nothing saved)";
        }
        var text = p.GetValue(format) == "json"
            ? System.Text.Json.JsonSerializer.Serialize(new { changes = result.Changes, current = result.Current, proposed = result.Proposed, comparison = result.Comparison }, WhatIf.JsonOptions)
            : header + "\n" + PlanTable.FormatComparison(result, label);
        if (p.GetValue(outFile) is { } o)
        {
            await File.WriteAllTextAsync(o.FullName, text, ct);
            Console.WriteLine($"{header}: {result.Comparison.Gained} gained, {result.Comparison.Lost} lost, {result.Comparison.Earlier} earlier, {result.Comparison.Later} later; written to {o.FullName}");
        }
        else Console.WriteLine(text);
        return 0;
    }

    private sealed class PlanProgressBar(Action<double, string> report) : IProgress<PlanProgress>
    {
        private double _last;

        public void Report(PlanProgress value)
        {
            if (value.Fraction is { } f) _last = f;
            report(_last, $"{value.Phase}: {value.Message}");
        }
    }
}
