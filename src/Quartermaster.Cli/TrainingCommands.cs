using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartermaster.Application.Readiness;
using Quartermaster.Application.Training;
using Quartermaster.Planning;
using Quartermaster.Planning.Training;
using Quartermaster.Web.Api;
using Spectre.Console;

namespace Quartermaster.Cli;

/// <summary>qm readiness (the forecast board) and qm training (courses, sites, cohorts, crew plans).</summary>
public static class TrainingCommands
{
    private static readonly Option<string?> Period = new("--period") { Description = "The requirements period YYYY-MM (default: the latest)" };

    public static Command Readiness()
    {
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var coalition = new Option<string?>("--coalition") { Description = "Only requirements of this capability coalition (e.g. artillery)" };
        var priority = new Option<int?>("--priority") { Description = "Only requirements ranked this high or higher (1 = most urgent)" };
        var cmd = Remote.AddTo(new Command("readiness", "The readiness forecast: per requirement its rating, what is lacking, and the date it becomes usable") { Period, format, coalition, priority });
        cmd.SetAction(Shell.Guarded(async (p, ct) =>
        {
            ReadinessBoard board;
            var fmt = p.GetValue(format)!;
            if (Remote.IsRemote(p))
            {
                using var http = Remote.Client(p);
                var query = $"api/v1/readiness?pageSize=500{Q("period", p.GetValue(Period))}{Q("coalition", p.GetValue(coalition))}{Q("priority", p.GetValue(priority)?.ToString())}";
                if (fmt == "csv")
                {
                    Console.Write(await Remote.Read(await http.GetAsync(query + "&format=csv", ct), ct));
                    return 0;
                }
                board = JsonSerializer.Deserialize<ReadinessBoard>(await Remote.Read(await http.GetAsync(query, ct), ct), Shell.Json)!;
            }
            else
            {
                await using var db = await Shell.OpenAsync(p, ct);
                board = await new ReadinessService(db, new PlannedArrivals(db)).Board(
                    new ReadinessFilter(p.GetValue(Period), p.GetValue(coalition), p.GetValue(priority), 1, 500), ct);
            }
            switch (fmt)
            {
                case "csv": Console.Write(ReadinessApi.Csv(board)); break;
                case "json": Console.WriteLine(JsonSerializer.Serialize(board, Shell.Json)); break;
                default:
                    var table = new Table().AddColumns("rank", "item", "qty", "rating", "lacking", "forecast");
                    foreach (var r in board.Rows)
                        table.AddRow(r.PriorityRank.ToString(), Markup.Escape(Cut(r.ItemName, 40)), r.Quantity.ToString("N0"), r.RatingLabel,
                            Markup.Escape(Cut(r.Lacking ?? "", 60)), r.ForecastDate?.ToString("yyyy-MM-dd") ?? "not under current plans");
                    AnsiConsole.Write(table);
                    Console.WriteLine($"Readiness of period {board.Period} on {board.Today:yyyy-MM-dd}: "
                                      + string.Join(", ", board.Ratings.Select(kv => $"{kv.Value} {kv.Key.ToLowerInvariant()}")) + ".");
                    Console.WriteLine($"Equipment from {board.Source}. Demo requirements and training records are illustrative.");
                    break;
            }
            return 0;
        }));
        return cmd;
    }

    public static Command Training()
    {
        var courses = new Command("courses", "List the training courses");
        courses.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var table = new Table().AddColumns("code", "name", "weeks", "crew", "seats", "prerequisites", "systems");
            foreach (var c in await new CoursesService(db).List(ct))
                table.AddRow(c.Code, Markup.Escape(c.Name), c.LengthWeeks.ToString(), c.CrewSize.ToString(), c.SeatsPerCohort.ToString(),
                    string.Join(", ", c.Prerequisites), Markup.Escape(Cut(string.Join(", ", c.Systems), 50)));
            AnsiConsole.Write(table);
            return 0;
        }));
        var sites = new Command("sites", "List the training sites");
        sites.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var table = new Table().AddColumns("code", "name", "host", "seats", "starts", "blackouts", "courses");
            foreach (var s in await new SitesService(db).List(null, ct))
                table.AddRow(s.Code, Markup.Escape(s.Name), s.HostNation, s.SeatsPerCohort.ToString(),
                    s.CadenceFrom is { } f ? $"every {s.CadenceWeeks} weeks from {f:yyyy-MM-dd}" : string.Join(", ", s.StartDates),
                    string.Join(", ", s.BlackoutWeeks.Select(b => b.ToString("yyyy-MM-dd"))), string.Join(", ", s.Courses));
            AnsiConsole.Write(table);
            return 0;
        }));
        var cohorts = new Command("cohorts", "List the cohorts");
        cohorts.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var table = new Table().AddColumns("id", "course", "site", "start", "graduates", "trainees", "state", "passed", "unit");
            foreach (var c in await new CohortsService(db).List(null, null, null, null, ct))
                table.AddRow(c.Id.ToString(), c.CourseCode, c.SiteCode, c.StartDate.ToString("yyyy-MM-dd"), c.GraduationDate.ToString("yyyy-MM-dd"),
                    c.Trainees.ToString(), c.State, c.Passed?.ToString() ?? "", Markup.Escape(c.ReceivingUnit));
            AnsiConsole.Write(table);
            return 0;
        }));

        var id = new Argument<Guid>("COHORT-ID") { Description = "The cohort (see qm training cohorts)" };
        var start = new Command("start", "Record that a planned cohort has started training") { id };
        start.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new CohortsService(db);
            var c = await service.Get(p.GetValue(id), ct);
            c = await service.Start(Shell.Actor(p), c.Id, c.Version, ct);
            Console.WriteLine($"Cohort {c.Id} ({c.CourseCode} at {c.SiteCode}) is in training.");
            return 0;
        }));
        var gid = new Argument<Guid>("COHORT-ID") { Description = "The cohort (see qm training cohorts)" };
        var passed = new Option<int>("--passed") { Description = "How many trainees passed", Required = true };
        var graduate = new Command("graduate", "Record a cohort's graduation and how many passed") { gid, passed };
        graduate.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new CohortsService(db);
            var c = await service.Get(p.GetValue(gid), ct);
            c = await service.Graduate(Shell.Actor(p), c.Id, c.Version, new GraduationInput(p.GetValue(passed)), ct);
            Console.WriteLine($"Cohort {c.Id} ({c.CourseCode} at {c.SiteCode}) graduated: {c.Passed} of {c.Trainees} passed.");
            return 0;
        }));

        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var apply = new Option<bool>("--apply") { Description = "Store the planned cohorts (state Planned)" };
        var limit = new Option<double>("--time-limit") { Description = "Seconds for the solver", DefaultValueFactory = _ => 20 };
        var plan = new Command("plan", "Plan cohorts so that crews graduate by the week their equipment arrives (CP-SAT), compared with the baseline")
        {
            Period, format, apply, limit,
        };
        plan.SetAction(Shell.Guarded(async (p, ct) =>
        {
            if (p.GetValue(limit) is <= 0 or > 600) return Shell.Fail("--time-limit must be greater than 0 and at most 600 seconds");
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new CrewPlanningService(db, new PlannedArrivals(db));
            var options = new CrewPlannerOptions { TimeLimitSeconds = p.GetValue(limit) };
            var view = await Shell.WithProgress("Planning crews", report =>
            {
                var progress = new SyncProgress(report);
                return p.GetValue(apply) ? service.Apply(Shell.Actor(p), p.GetValue(Period), options, progress, ct)
                    : service.Compute(p.GetValue(Period), options, progress, ct);
            });
            if (p.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(view, Shell.Json));
                return 0;
            }
            Console.WriteLine(Describe(view));
            return 0;
        }));
        return new Command("training", "Training courses, sites, cohorts and crew plans") { courses, sites, cohorts, start, graduate, plan };
    }

    public static string Describe(CrewPlanView view)
    {
        var r = view.Result;
        var w = new StringWriter();
        w.WriteLine($"Crew plan ({r.Planner}, {r.Status}): {r.CrewsOnTime} of {r.CrewsNeeded} crews graduate by their equipment's arrival, {r.CrewsPlanned - r.CrewsOnTime} later.");
        w.WriteLine($"  objective {r.Objective:N0}, bound {r.Bound:N0}, gap {r.Gap:P3}; baseline (first free cohort, earliest start): objective {r.Baseline?.Objective:N0}, {r.Baseline?.CrewsOnTime} crews on time.");
        w.WriteLine($"  model: {r.Statistics.Components} components, {r.Statistics.Slots} cohort slots, {r.Statistics.Variables} variables, {r.Statistics.Constraints} constraints, {r.Statistics.Seconds:0.00} s. Week 1 = {view.Labels.WeekOne:yyyy-MM-dd}.");
        if (view.CohortsCreated > 0) w.WriteLine($"  stored {view.CohortsCreated} planned cohorts.");
        foreach (var a in r.Assignments.Take(40))
            w.WriteLine($"  {view.Labels.Requirements.GetValueOrDefault(a.RequirementId, a.RequirementId)}: {a.Crews} crew(s), {a.Trainees} trainees on {a.CourseId}{(a.Prerequisite ? " (prerequisite)" : "")} at {a.SiteId}, weeks {a.StartWeek}–{a.GraduationWeek - 1}");
        if (r.Assignments.Count > 40) w.WriteLine($"  … and {r.Assignments.Count - 40} more cohorts (use --format json)");
        foreach (var c in r.Coverage.Where(c => !c.OnTime))
            foreach (var e in c.Explanations)
                w.WriteLine($"  {view.Labels.Requirements.GetValueOrDefault(c.RequirementId, c.RequirementId)}: {e.Code}: {e.Message}");
        return w.ToString().TrimEnd();
    }

    private static string Q(string name, string? value) => string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value)}";

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private sealed class SyncProgress(Action<double, string> report) : IProgress<PlanProgress>
    {
        private double _last;

        public void Report(PlanProgress value)
        {
            if (value.Fraction is { } f) _last = f;
            report(_last, $"{value.Phase}: {value.Message}");
        }
    }
}
