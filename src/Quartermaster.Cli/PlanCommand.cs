using System.CommandLine;
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
        var cmd = new Command("plan", "Compute the optimal allocation of offers to the prioritised requirements, with every shortfall explained")
        {
            period, format, scenario, outFile, greedy,
        };
        cmd.SetAction(Shell.Guarded(async (p, ct) =>
        {
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
