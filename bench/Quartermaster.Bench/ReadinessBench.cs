using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Readiness;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Requirements;
using Quartermaster.Domain.Training;
using Quartermaster.Storage;

namespace Quartermaster.Bench;

/// <summary>
/// dotnet run -c Release --project bench/Quartermaster.Bench -- readiness [--db SQLITE-PATH|PG-CONNECTION] [--requirements N] [--runs N]
/// The readiness board's first page (50 rows) over one period of N (default 5,000) requirements: 400 systems linked to
/// 200 courses, 100 sustainment items (half ammunition, FSC 1305, half of the systems' class 1005; 300 needs), 30 training sites and a planned cohort for every other requirement.
/// The database is built once (kept in /tmp/qm-bench-readiness.db) through the domain model, ledgered; then the board
/// is computed by <see cref="ReadinessService.Board"/> in a new context per run, as one request would.
/// </summary>
internal static class ReadinessBench
{
    private const string Period = "2027-01";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> Run(string[] args)
    {
        string Opt(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var target = DatabaseTarget.Resolve(Opt("--db", "/tmp/qm-bench-readiness.db"));
        var requirements = int.Parse(Opt("--requirements", "5000"), Inv);
        var runs = int.Parse(Opt("--runs", "10"), Inv);
        var clock = TimeProvider.System;
        await ReferenceDataSeeder.PrepareAsync(target, clock);
        var built = Stopwatch.StartNew();
        var made = await Build(target, clock, requirements);
        if (made) Console.WriteLine($"built the database in {built.Elapsed.TotalSeconds:0.0} s");

        await using (var db = target.Open(clock))
            Console.WriteLine($"Readiness board benchmark on {(target.IsPostgres ? "PostgreSQL" : "SQLite")} ({target.Display}): period {Period}, "
                + $"{await db.Requirements.CountAsync(r => r.Period == Period):N0} requirements, {await db.Courses.CountAsync():N0} courses, "
                + $"{await db.TrainingSites.CountAsync():N0} sites, {await db.Cohorts.CountAsync():N0} cohorts, {await db.SustainmentNeeds.CountAsync():N0} sustainment needs; "
                + $"{Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var times = new List<double>();
        ReadinessBoard? board = null;
        for (var i = 0; i <= runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var db = target.Open(clock);
            board = await new ReadinessService(db, new PlannedArrivals(db)).Board(new ReadinessFilter(Period));
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        var warm = times.Skip(1).Order().ToList();
        Console.WriteLine("| requirements in the period | rows on the page | first run ms (cold) | median ms | max ms | ratings |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|");
        Console.WriteLine(string.Create(Inv, $"| {board!.Total:N0} | {board.Rows.Count} | {times[0]:0.0} | {warm[warm.Count / 2]:0.0} | {warm[^1]:0.0} | {string.Join(", ", board.Ratings.Select(r => $"{r.Key} {r.Value:N0}"))} |"));
        return 0;
    }

    /// <summary>Builds the period once; false when it is there already.</summary>
    private static async Task<bool> Build(DatabaseTarget target, TimeProvider clock, int requirements)
    {
        await using var db = target.Open(clock);
        if (await db.Requirements.AnyAsync(r => r.Period == Period)) return false;
        var actor = Actor.LocalOperator("bench:readiness");
        var monday = Weeks.MondayOf(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        await CommandRunner.Run(db, actor, $"bench: readiness period {Period} with {requirements} requirements", async () =>
        {
            var reference = CodificationReference.Shared;
            var courses = Enumerable.Range(0, 200).Select(c => new Course(Guid.NewGuid(), $"rb-course-{c}", $"bench course {c}", 2 + c % 10, 3 + c % 9, 12 + c % 4 * 6)).ToList();
            db.Courses.AddRange(courses);
            var systems = Enumerable.Range(0, 400).Select(i =>
            {
                var item = new CatalogueItem(Guid.NewGuid(), $"rb-system-{i}", $"bench system {i}", "1005", Coalitions.All[i % Coalitions.All.Count].Code, i % 3 == 0, reference);
                item.LinkCourse(courses[i % courses.Count].Id);
                return item;
            }).ToList();
            var supplies = Enumerable.Range(0, 100).Select(j => new CatalogueItem(Guid.NewGuid(), $"rb-supply-{j}", $"bench supply {j}", j % 2 == 0 ? "1305" : "1005", "artillery", false, reference)).ToList();
            db.CatalogueItems.AddRange(systems);
            db.CatalogueItems.AddRange(supplies);
            var kinds = Enum.GetValues<SustainmentKind>();
            for (var n = 0; n < 300; n++)
                db.SustainmentNeeds.Add(new SustainmentNeed(Guid.NewGuid(), systems[n % systems.Count].Id, supplies[n % supplies.Count].Id, kinds[n % kinds.Length], 1 + n % 5));
            var sites = Enumerable.Range(0, 30).Select(s =>
            {
                var site = new TrainingSite(Guid.NewGuid(), $"rb-site-{s}", $"bench site {s}", new[] { "DEU", "POL", "GBR", "FRA", "USA", "NLD" }[s % 6], 36);
                site.SetCourses(courses.Where((_, c) => c % 30 == s || (c + 7) % 30 == s).Select(c => c.Id));
                site.SetSchedule(null, monday, 2);
                return site;
            }).ToList();
            db.TrainingSites.AddRange(sites);
            var lines = Enumerable.Range(0, requirements).Select(k =>
                new Requirement(Guid.NewGuid(), Period, k + 1, systems[k % systems.Count].Id, 1 + k % 20, monday.AddDays(7 * (8 + k % 40)), "Kyiv", false)).ToList();
            db.Requirements.AddRange(lines);
            // A planned cohort for every other requirement, at a site running its course, on the first start with seats left.
            var taken = new Dictionary<(Guid Site, Guid Course, DateOnly Start), int>();
            for (var k = 0; k < lines.Count; k += 2)
            {
                var course = courses[k % systems.Count % courses.Count];
                var site = sites.First(s => s.Runs(course.Id));
                var seats = Math.Min(course.SeatsPerCohort, course.CrewSize * (1 + k % 3));
                for (var week = 0; ; week += 2)
                {
                    var start = monday.AddDays(7 * week);
                    var key = (site.Id, course.Id, start);
                    if (taken.GetValueOrDefault(key) + seats > Math.Min(site.SeatsPerCohort, course.SeatsPerCohort)) continue;
                    db.Cohorts.Add(Cohort.Plan(Guid.NewGuid(), course, site, start, seats, seats, $"unit {k}", lines[k].Id, taken.GetValueOrDefault(key)));
                    taken[key] = taken.GetValueOrDefault(key) + seats;
                    break;
                }
            }
            return lines.Count;
        });
        return true;
    }
}
