using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Ledger;
using Quartermaster.Planning;
using Quartermaster.Storage;

namespace Quartermaster.Application.Allocations;

public sealed record PlanSummaryView(Guid Id, string Period, int Number, DateOnly StartDate, string State, string SolveStatus,
    double Objective, double? Bound, double? Gap, double? GreedyObjective, int Requirements, int RequirementsCoveredOnTime,
    string CreatedBy, DateTime CreatedAt, string? ConfirmedBy, DateTime? ConfirmedAt, long Version)
{
    public static PlanSummaryView Of(AllocationPlan p) => new(p.Id, p.Period, p.Number, p.StartDate, p.State.ToString(), p.SolveStatus,
        p.Objective, p.Bound, p.Gap, p.GreedyObjective, p.Requirements, p.RequirementsCoveredOnTime, p.CreatedBy,
        DateTime.SpecifyKind(p.CreatedAt, DateTimeKind.Utc), p.ConfirmedBy, p.ConfirmedAt is { } c ? DateTime.SpecifyKind(c, DateTimeKind.Utc) : null, p.Version);
}

/// <summary>Names for the planner's ids, so that a plan can be read by people.</summary>
public sealed record PlanLabels(IReadOnlyDictionary<string, string> Requirements, IReadOnlyDictionary<string, string> Offers,
    IReadOnlyDictionary<string, string> RequirementCoalitions);

public sealed record PlanDetail(PlanSummaryView Summary, PlanResult Result, PlanLabels Labels);

/// <summary>
/// Use cases of allocation planning: compute a plan from the database (a versioned, proposed record), read plans,
/// and confirm one, which turns its shipped lines into allocations and moves offers' allocated quantities and
/// requirements' coverage; a previously confirmed plan of the same period is superseded and its allocations released.
/// </summary>
public sealed class AllocationsService(QuartermasterDb db)
{
    public async Task<PlanSummaryView> Compute(Actor actor, string? period, IProgress<PlanProgress>? progress = null, CancellationToken ct = default)
    {
        progress?.Report(new PlanProgress("snapshot", "reading requirements, offers and hubs", 0.02));
        var snapshot = await PlanSnapshot.Take(db, period, ct);
        var result = snapshot.WithUndisclosedExplained(Planner.Solve(snapshot.Scenario, PlannerOptions.Default, progress, ct));
        progress?.Report(new PlanProgress("greedy", "computing the greedy baseline for comparison", 0.95));
        var greedy = GreedyPlanner.Solve(snapshot.Scenario, ct);
        return await CommandRunner.Run(db, actor, $"plan {snapshot.Period}", async () =>
        {
            var number = 1 + (await db.AllocationPlans.Where(p => p.Period == snapshot.Period).MaxAsync(p => (int?)p.Number, ct) ?? 0);
            var plan = new AllocationPlan(Guid.NewGuid(), snapshot.Period, number, snapshot.StartDate, actor.Name, db.Clock.GetUtcNow().UtcDateTime);
            plan.Record(result.Status.ToString(), result.Objective, result.Bound, result.Gap, greedy.Objective,
                result.Coverage.Count, result.Coverage.Count(c => c.FullyCoveredOnTime), PlanResultJson.ToJson(result));
            db.AllocationPlans.Add(plan);
            return PlanSummaryView.Of(plan);
        }, ct);
    }

    public async Task<IReadOnlyList<PlanSummaryView>> List(string? period = null, CancellationToken ct = default)
    {
        var q = db.AllocationPlans.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(period)) q = q.Where(p => p.Period == period);
        var plans = await q.Select(p => new { p.Id, p.Period, p.Number }).ToListAsync(ct);
        var ids = plans.OrderByDescending(p => p.Period).ThenByDescending(p => p.Number).Select(p => p.Id).ToList();
        var full = await db.AllocationPlans.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return ids.Select(id => PlanSummaryView.Of(full[id])).ToList();
    }

    public async Task<PlanDetail> Get(Guid id, CancellationToken ct = default)
    {
        var plan = await Find(id, ct);
        using var json = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(plan.ResultJson));
        var result = PlanResultJson.Read(json);
        return new PlanDetail(PlanSummaryView.Of(plan), result, await Labels(plan.Period, result, ct));
    }

    private async Task<AllocationPlan> Find(Guid id, CancellationToken ct)
        => await db.AllocationPlans.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("Plan", id.ToString());

    /// <summary>Readable names for a plan's requirements and offers of a period.</summary>
    public Task<PlanLabels> LabelsFor(string period, PlanResult result, CancellationToken ct) => Labels(period, result, ct);

    private async Task<PlanLabels> Labels(string period, PlanResult result, CancellationToken ct)
    {
        var requirements = await db.Requirements.AsNoTracking().Where(r => r.Period == period)
            .Join(db.CatalogueItems, r => r.ItemId, i => i.Id, (r, i) => new { r.PriorityRank, r.Quantity, r.Destination, i.Name, i.Coalition })
            .ToListAsync(ct);
        var offerKeys = result.Lines.Select(l => l.OfferId)
            .Concat(result.Coverage.SelectMany(c => c.Explanations.Select(e => e.OfferId)).OfType<string>()).Distinct().ToList();
        var wanted = offerKeys.ToHashSet();
        var offers = (await db.Offers.AsNoTracking().Select(o => new { o.Id, o.SourceKey, o.DonorCode, o.Description }).ToListAsync(ct))
            .Where(o => wanted.Contains(PlanSnapshot.OfferId(o.Id, o.DonorCode, o.SourceKey))).ToList();
        return new PlanLabels(
            requirements.ToDictionary(r => $"{period}#{r.PriorityRank}", r => $"#{r.PriorityRank} {r.Name} → {r.Destination}"),
            offers.ToDictionary(o => PlanSnapshot.OfferId(o.Id, o.DonorCode, o.SourceKey), o => $"{o.DonorCode}: {o.Description}"),
            requirements.ToDictionary(r => $"{period}#{r.PriorityRank}", r => r.Coalition));
    }

    public Task<PlanSummaryView> Confirm(Actor actor, Guid id, long expectedVersion, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"confirm plan {id}", async () =>
        {
            var plan = await Find(id, ct);
            db.ExpectVersion(plan, expectedVersion);
            plan.Confirm(actor.Name, db.Clock.GetUtcNow().UtcDateTime);
            foreach (var earlier in await db.AllocationPlans.Where(p => p.Period == plan.Period && p.Id != plan.Id && p.State == PlanState.Confirmed).ToListAsync(ct))
            {
                earlier.Supersede();
                foreach (var a in await db.Allocations.Where(a => a.PlanId == earlier.Id && !a.Released).ToListAsync(ct))
                {
                    a.Release();
                    (await db.Offers.FirstAsync(o => o.Id == a.OfferId, ct)).ReleaseAllocation(a.Quantity);
                }
            }
            using var json = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(plan.ResultJson));
            var result = PlanResultJson.Read(json);
            var offers = (await db.Offers.ToListAsync(ct)).ToDictionary(o => PlanSnapshot.OfferId(o.Id, o.DonorCode, o.SourceKey));
            var requirements = await db.Requirements.Where(r => r.Period == plan.Period).ToDictionaryAsync(r => $"{r.Period}#{r.PriorityRank}", ct);
            foreach (var line in result.Lines.Where(l => !l.Blocked && l.Quantity > 0))
            {
                var offer = offers.GetValueOrDefault(line.OfferId)
                            ?? throw new ConflictException($"Offer {line.OfferId} of the plan no longer exists; compute a new plan.");
                var requirement = requirements.GetValueOrDefault(line.RequirementId)
                                  ?? throw new ConflictException($"Requirement {line.RequirementId} of the plan no longer exists; compute a new plan.");
                offer.Allocate(line.Quantity);
                db.Allocations.Add(new Allocation(Guid.NewGuid(), plan.Id, offer.Id, requirement.Id, line.HubCode!, line.Quantity,
                    line.ShipWeek!.Value, line.ArrivalWeek!.Value, (decimal)line.Coverage));
            }
            await db.SaveChangesAsync(ct);
            var requirementIds = requirements.Values.Select(r => r.Id).ToList();
            var coverage = (await db.Allocations.AsNoTracking().Where(a => !a.Released && requirementIds.Contains(a.RequirementId)).ToListAsync(ct))
                .GroupBy(a => a.RequirementId).ToDictionary(g => g.Key, g => g.Sum(a => a.Coverage));
            foreach (var r in requirements.Values)
            {
                var covered = coverage.GetValueOrDefault(r.Id);
                if (r.Status is not (Domain.Requirements.RequirementStatus.Cancelled or Domain.Requirements.RequirementStatus.Delivered))
                    r.RecordCoverage(Math.Min(r.Quantity, (int)Math.Floor(covered + 0.000001m)));
            }
            return plan;
        }, p => Task.FromResult(PlanSummaryView.Of(p)), ct);
}
