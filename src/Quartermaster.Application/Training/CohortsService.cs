using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Training;
using Quartermaster.Storage;

namespace Quartermaster.Application.Training;

/// <summary>Use cases on cohorts: plan one, record its start and graduation, cancel it.</summary>
public sealed class CohortsService(QuartermasterDb db)
{
    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<CohortView>> List(string? siteCode = null, string? courseCode = null, Guid? requirementId = null,
        CohortState? state = null, CancellationToken ct = default)
    {
        var q = db.Cohorts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(siteCode)) q = q.Where(c => db.TrainingSites.Any(s => s.Id == c.SiteId && s.Code == siteCode.Trim().ToLower()));
        if (!string.IsNullOrWhiteSpace(courseCode)) q = q.Where(c => db.Courses.Any(s => s.Id == c.CourseId && s.Code == courseCode.Trim().ToLower()));
        if (requirementId is not null) q = q.Where(c => c.RequirementId == requirementId);
        if (state is not null) q = q.Where(c => c.State == state);
        return await Views(await q.OrderBy(c => c.StartDate).ThenBy(c => c.Id).Take(5000).ToListAsync(ct), ct);
    }

    public async Task<CohortView> Get(Guid id, CancellationToken ct = default) => (await Views([await Find(id, ct)], ct))[0];

    public async Task<Cohort> Find(Guid id, CancellationToken ct = default)
        => await db.Cohorts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Cohort", id.ToString());

    public Task<CohortView> Create(Actor actor, CohortInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"plan cohort {input.CourseCode} at {input.SiteCode}", async () =>
        {
            var cohort = await Plan(actor, input, ct);
            db.Cohorts.Add(cohort);
            return cohort;
        }, async c => (await Views([c], ct))[0], ct);

    /// <summary>A new cohort from input, checked against its site, course, requirement and the seats other cohorts already take.</summary>
    internal async Task<Cohort> Plan(Actor actor, CohortInput input, CancellationToken ct, IReadOnlyCollection<Cohort>? alsoPlanned = null)
    {
        var site = await SiteByCode(input.SiteCode, ct);
        TrainingAccess.EnsureMayManage(actor, site.HostNation, "Training site", input.SiteCode ?? "");
        var course = await CourseByCode(input.CourseCode, ct);
        var start = input.StartDate ?? throw new RequestException("startDate", "startDate is required (a Monday, yyyy-MM-dd).");
        if (input.RequirementId is { } rid && !await db.Requirements.AnyAsync(r => r.Id == rid, ct))
            throw new RequestException("requirementId", $"No requirement has the id {rid}.");
        var taken = await db.Cohorts.Where(c => c.SiteId == site.Id && c.CourseId == course.Id && c.StartDate == start
                                                && (c.State == CohortState.Planned || c.State == CohortState.InTraining)).SumAsync(c => c.Seats, ct)
                    + (alsoPlanned ?? []).Where(c => c.SiteId == site.Id && c.CourseId == course.Id && c.StartDate == start).Sum(c => c.Seats);
        var cohort = Cohort.Plan(Guid.NewGuid(), course, site, start, input.Seats, input.Trainees, input.ReceivingUnit!, input.RequirementId, taken);
        cohort.MarkIllustrative(input.Illustrative);
        return cohort;
    }

    public Task<CohortView> Start(Actor actor, Guid id, long expectedVersion, CancellationToken ct = default)
        => Change(actor, id, expectedVersion, "start", c => c.Start(Today), progress: true, ct);

    public Task<CohortView> Graduate(Actor actor, Guid id, long expectedVersion, GraduationInput input, CancellationToken ct = default)
        => Change(actor, id, expectedVersion, "graduate", c => c.Graduate(input.Passed, Today), progress: true, ct);

    public Task<CohortView> Cancel(Actor actor, Guid id, long expectedVersion, CancellationToken ct = default)
        => Change(actor, id, expectedVersion, "cancel", c => c.Cancel(), progress: false, ct);

    private Task<CohortView> Change(Actor actor, Guid id, long expectedVersion, string verb, Action<Cohort> change, bool progress, CancellationToken ct)
        => CommandRunner.Run(db, actor, $"{verb} cohort {id}", async () =>
        {
            var cohort = await Find(id, ct);
            if (progress) TrainingAccess.EnsureMayRecordProgress(actor, cohort.HostNation, id.ToString());
            else TrainingAccess.EnsureMayManage(actor, cohort.HostNation, "Cohort", id.ToString());
            db.ExpectVersion(cohort, expectedVersion);
            change(cohort);
            return cohort;
        }, async c => (await Views([c], ct))[0], ct);

    internal async Task<TrainingSite> SiteByCode(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new RequestException("siteCode", "siteCode is required.");
        var c = code.Trim().ToLowerInvariant();
        return await db.TrainingSites.FirstOrDefaultAsync(s => s.Code == c, ct) ?? throw new RequestException("siteCode", $"No training site has the code '{code}'.");
    }

    internal async Task<Course> CourseByCode(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new RequestException("courseCode", "courseCode is required.");
        var c = code.Trim().ToLowerInvariant();
        return await db.Courses.AsNoTracking().FirstOrDefaultAsync(s => s.Code == c, ct) ?? throw new RequestException("courseCode", $"No course has the code '{code}'.");
    }

    private async Task<List<CohortView>> Views(IReadOnlyList<Cohort> cohorts, CancellationToken ct)
    {
        var courseIds = cohorts.Select(c => c.CourseId).Distinct().ToList();
        var siteIds = cohorts.Select(c => c.SiteId).Distinct().ToList();
        var courses = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (c.Code, c.Name), ct);
        var sites = await db.TrainingSites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (s.Code, s.Name), ct);
        return cohorts.Select(c => new CohortView(c.Id, courses[c.CourseId].Code, courses[c.CourseId].Name, sites[c.SiteId].Code, sites[c.SiteId].Name,
            c.HostNation, c.StartDate, c.GraduationDate, c.LengthWeeks, c.Seats, c.Trainees, c.ReceivingUnit, c.RequirementId, c.State.ToString(),
            c.Passed, c.Illustrative, c.Version)).ToList();
    }
}
