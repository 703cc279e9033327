using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Readiness;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Requirements;
using Quartermaster.Domain.Training;
using Quartermaster.Planning;
using Quartermaster.Planning.Training;
using Quartermaster.Storage;

namespace Quartermaster.Application.Training;

/// <summary>Names for the crew planner's ids and the calendar of its weeks.</summary>
public sealed record CrewPlanLabels(DateOnly WeekOne, IReadOnlyDictionary<string, string> Requirements, IReadOnlyDictionary<string, string> Courses,
    IReadOnlyDictionary<string, string> Sites);

public sealed record CrewPlanView(CrewPlanResult Result, CrewPlanLabels Labels, int CohortsCreated);

/// <summary>
/// Crew planning from the database: the requirements of a period whose items need a course, the crews still missing
/// per arrival week (arrivals from <see cref="IEquipmentArrivals"/>, crews already in cohorts subtracted), the sites,
/// their start dates and blackouts and the seats existing cohorts take, over 52 weeks from this week's Monday.
/// Apply stores the planned cohorts (state Planned), one per requirement and cohort slot, in one transaction.
/// </summary>
public sealed class CrewPlanningService(QuartermasterDb db, IEquipmentArrivals arrivals)
{
    public const int HorizonWeeks = 52;

    public async Task<CrewPlanView> Compute(string? period, CrewPlannerOptions? options = null, IProgress<PlanProgress>? progress = null, CancellationToken ct = default)
    {
        var (scenario, labels, _) = await Build(period, ct);
        var result = await Task.Run(() => CrewPlanner.Solve(scenario, options, progress, ct), ct);
        return new CrewPlanView(result, labels, 0);
    }

    public async Task<CrewPlanView> Apply(Actor actor, string? period, CrewPlannerOptions? options = null, IProgress<PlanProgress>? progress = null, CancellationToken ct = default)
    {
        var (scenario, labels, context) = await Build(period, ct);
        var result = await Task.Run(() => CrewPlanner.Solve(scenario, options, progress, ct), ct);
        var created = await CommandRunner.Run(db, actor, $"apply crew plan {period}", async () =>
        {
            var taken = new Dictionary<(Guid, Guid, DateOnly), int>();
            foreach (var c in await db.Cohorts.AsNoTracking().Where(c => c.State == CohortState.Planned || c.State == CohortState.InTraining).ToListAsync(ct))
                taken[(c.SiteId, c.CourseId, c.StartDate)] = taken.GetValueOrDefault((c.SiteId, c.CourseId, c.StartDate)) + c.Seats;
            var n = 0;
            foreach (var a in result.Assignments)
            {
                var req = context.Requirements[a.RequirementId];
                var course = context.Courses[a.CourseId];
                var site = context.Sites[a.SiteId];
                var start = Weeks.Add(labels.WeekOne, a.StartWeek - 1);
                var key = (site.Id, course.Id, start);
                var cohort = Cohort.Plan(Guid.NewGuid(), course, site, start, a.Trainees, a.Trainees, req.Destination, req.Id, taken.GetValueOrDefault(key));
                taken[key] = taken.GetValueOrDefault(key) + a.Trainees;
                db.Cohorts.Add(cohort);
                n++;
            }
            return n;
        }, ct);
        return new CrewPlanView(result, labels, created);
    }

    private sealed record Context(Dictionary<string, Requirement> Requirements, Dictionary<string, Course> Courses, Dictionary<string, TrainingSite> Sites);

    private async Task<(CrewScenario, CrewPlanLabels, Context)> Build(string? period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var weekOne = Weeks.MondayOf(today);
        var last = Weeks.Add(weekOne, HorizonWeeks - 1);
        int WeekOf(DateOnly d) => Weeks.Between(weekOne, Weeks.MondayOf(d)) + 1;

        var p = string.IsNullOrWhiteSpace(period) ? await db.Requirements.AsNoTracking().MaxAsync(r => (string?)r.Period, ct) : Requirement.ParsePeriod(period);
        var courses = await db.Courses.AsNoTracking().ToListAsync(ct);
        var sites = await db.TrainingSites.AsNoTracking().ToListAsync(ct);
        var courseById = courses.ToDictionary(c => c.Id);
        var requirements = await (from r in db.Requirements.AsNoTracking()
                                  join i in db.CatalogueItems.AsNoTracking() on r.ItemId equals i.Id
                                  where r.Period == p && r.Status != RequirementStatus.Cancelled && i.TrainingCourseId != null
                                  select new { Requirement = r, i.Name, CourseId = i.TrainingCourseId!.Value }).ToListAsync(ct);
        var reqIds = requirements.Select(r => r.Requirement.Id).ToList();
        var cohorts = await db.Cohorts.AsNoTracking().Where(c => c.State != CohortState.Cancelled).ToListAsync(ct);
        var arrived = await arrivals.For(reqIds, today, ct);

        var crewReqs = new List<CrewRequirement>();
        var reqLabels = new Dictionary<string, string>();
        var context = new Context([], courses.ToDictionary(c => c.Code), sites.ToDictionary(s => s.Code));
        foreach (var x in requirements)
        {
            var r = x.Requirement;
            var course = courseById[x.CourseId];
            var trained = cohorts.Where(c => c.RequirementId == r.Id && c.CourseId == course.Id)
                .Sum(c => c.State == CohortState.Graduated ? c.Passed ?? 0 : c.Trainees) / course.CrewSize;
            // Crews are needed by the week each unit arrives; crews already trained or in cohorts serve the earliest units.
            foreach (var batch in (arrived.GetValueOrDefault(r.Id) ?? []).GroupBy(a => Math.Clamp(WeekOf(a.Date), 1, HorizonWeeks + 1)).OrderBy(g => g.Key))
            {
                var units = batch.Sum(a => a.Units);
                var covered = Math.Min(units, trained);
                trained -= covered;
                if (units - covered <= 0) continue;
                var id = $"{r.Id:N}@{batch.Key}";
                crewReqs.Add(new CrewRequirement(id, course.Code, units - covered, course.CrewSize, r.PriorityRank, batch.Key));
                reqLabels[id] = $"#{r.PriorityRank} {x.Name} (units arriving {Weeks.Add(weekOne, batch.Key - 1):yyyy-MM-dd})";
                context.Requirements[id] = r;
            }
        }
        var scenario = new CrewScenario(HorizonWeeks,
            courses.Select(c => new CrewCourse(c.Code, c.LengthWeeks, c.SeatsPerCohort, c.Prerequisites.Select(pid => courseById[pid].Code).ToList())).ToList(),
            sites.Select(s => new CrewSite(s.Code, s.SeatsPerCohort, s.Courses.Where(courseById.ContainsKey).Select(cid => courseById[cid].Code).ToList(),
                s.StartsBetween(weekOne, last).Select(WeekOf).ToList(),
                s.BlackoutWeeks.Where(b => b >= weekOne && b <= last).Select(WeekOf).ToList())).ToList(),
            crewReqs,
            cohorts.Where(c => c.IsActive && c.StartDate >= weekOne && c.StartDate <= last)
                .Select(c => new SeatsTaken(sites.First(s => s.Id == c.SiteId).Code, courseById[c.CourseId].Code, WeekOf(c.StartDate), c.Seats)).ToList());
        var labels = new CrewPlanLabels(weekOne, reqLabels, courses.ToDictionary(c => c.Code, c => c.Name), sites.ToDictionary(s => s.Code, s => $"{s.Name} ({s.HostNation})"));
        return (scenario, labels, context);
    }
}
