using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Training;
using Quartermaster.Storage;
using Sylvan.Data.Csv;

namespace Quartermaster.Application.Training;

public sealed record TrainingDemoSummary(int Courses, int SustainmentNeeds, int Sites, int Cohorts, bool PlanConfirmed);

/// <summary>
/// The demo's illustrative training data (data/demo: courses, sustainment, sites, cohorts; see its SOURCE.md), loaded
/// through the same services a user has. Courses come first (the catalogue links to them); the rest after the
/// requirements: sustainment needs, sites, optionally a confirmed allocation plan (so that equipment has planned arrivals) and
/// cohorts, whose dates are offsets in weeks from this week's Monday. Running it again changes nothing.
/// </summary>
public sealed class TrainingDemo(QuartermasterDb db)
{
    public async Task<int> LoadCourses(Actor actor, CancellationToken ct)
    {
        var service = new CoursesService(db);
        var existing = (await service.List(ct)).ToDictionary(c => c.Code);
        var n = 0;
        foreach (var row in Rows("demo/courses.csv"))
        {
            var input = new CourseInput(row["code"], row["name"], Int(row["length_weeks"]), Int(row["crew_size"]), Int(row["seats_per_cohort"]),
                Empty(row["language"]), row["language_level"] is "" ? null : Int(row["language_level"]), List(row["prerequisites"]), Illustrative: true);
            if (!existing.TryGetValue(input.Code!, out var c)) await service.Create(actor, input, ct);
            else if (c.Name != input.Name || c.LengthWeeks != input.LengthWeeks || c.CrewSize != input.CrewSize || c.SeatsPerCohort != input.SeatsPerCohort
                     || c.Language != input.Language || c.LanguageLevel != input.LanguageLevel || !c.Prerequisites.SequenceEqual(input.Prerequisites!))
                await service.Update(actor, c.Id, c.Version, input, ct);
            n++;
        }
        return n;
    }

    public async Task<TrainingDemoSummary> LoadRest(Actor actor, int courses, bool confirmPlan, CancellationToken ct)
    {
        var courseService = new CoursesService(db);
        var needs = (await courseService.Sustainment(null, ct)).Select(s => (s.SystemCode, s.ItemCode)).ToHashSet();
        var sustainment = 0;
        foreach (var row in Rows("demo/sustainment.csv"))
        {
            sustainment++;
            if (needs.Contains((row["system"], row["item"]))) continue;
            await courseService.AddSustainment(actor, new SustainmentInput(row["system"], row["item"], Enum.Parse<SustainmentKind>(row["kind"]),
                decimal.Parse(row["quantity_per_unit"], CultureInfo.InvariantCulture), Illustrative: true), ct);
        }

        var monday = Weeks.MondayOf(DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));
        var siteService = new SitesService(db);
        var sites = (await siteService.List(null, ct)).Select(s => s.Code).ToHashSet();
        var siteCount = 0;
        foreach (var row in Rows("demo/sites.csv"))
        {
            siteCount++;
            if (sites.Contains(row["code"])) continue;
            await siteService.Create(actor, new SiteInput(row["code"], row["name"], row["host_nation"], Int(row["seats_per_cohort"]), List(row["courses"]),
                null, Weeks.Add(monday, Int(row["cadence_from_offset_weeks"])), Int(row["cadence_weeks"]),
                List(row["blackout_offset_weeks"]).Select(w => Weeks.Add(monday, Int(w))).ToList(), Illustrative: true), ct);
        }

        // Readiness counts planned arrivals: the demo confirms one allocation plan of the period if none is confirmed.
        var confirmed = false;
        var period = await db.Requirements.MaxAsync(r => (string?)r.Period, ct);
        if (confirmPlan && period is not null && !await db.AllocationPlans.AnyAsync(p => p.Period == period && p.State == PlanState.Confirmed, ct))
        {
            var plans = new AllocationsService(db);
            var plan = await plans.Compute(actor, period, null, ct);
            await plans.Confirm(actor, plan.Id, plan.Version, ct);
            confirmed = true;
        }

        var cohorts = 0;
        if (!await db.Cohorts.AnyAsync(ct) && period is not null)
        {
            var ranks = await db.Requirements.Where(r => r.Period == period).ToDictionaryAsync(r => r.PriorityRank, r => r.Id, ct);
            var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
            await CommandRunner.Run(db, actor, "demo: illustrative cohorts", async () =>
            {
                var service = new CohortsService(db);
                var added = new List<Cohort>();
                foreach (var row in Rows("demo/cohorts.csv"))
                {
                    var cohort = await service.Plan(actor, new CohortInput(row["course"], row["site"], Weeks.Add(monday, Int(row["start_offset_weeks"])),
                        Int(row["trainees"]), Int(row["trainees"]), row["receiving_unit"], ranks[Int(row["requirement_rank"])], Illustrative: true), ct, added);
                    if (row["state"] is "InTraining" or "Graduated") cohort.Start(today);
                    if (row["state"] == "Graduated") cohort.Graduate(Int(row["passed"]), today);
                    added.Add(cohort);
                }
                db.Cohorts.AddRange(added);
                cohorts = added.Count;
                return added.Count;
            }, ct);
        }
        else cohorts = await db.Cohorts.CountAsync(ct);
        return new TrainingDemoSummary(courses, sustainment, siteCount, cohorts, confirmed);
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static List<string> List(string s) => [.. s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<Dictionary<string, string>> Rows(string path)
    {
        using var stream = EmbeddedData.Open(path);
        using var csv = CsvDataReader.Create(new StreamReader(stream));
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < csv.FieldCount; i++) row[csv.GetName(i)] = csv.GetString(i);
            rows.Add(row);
        }
        return rows;
    }
}
