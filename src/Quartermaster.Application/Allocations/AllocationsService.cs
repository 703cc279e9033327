using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Industry;
using OrderShare = Quartermaster.Domain.Industry.FundingShare;
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
    IReadOnlyDictionary<string, string> RequirementCoalitions)
{
    /// <summary>Product ids ("company:item") → "company name: item name".</summary>
    public IReadOnlyDictionary<string, string> Products { get; init; } = new Dictionary<string, string>();

    /// <summary>Contribution ids → "donor (pool name)".</summary>
    public IReadOnlyDictionary<string, string> Contributions { get; init; } = new Dictionary<string, string>();
}

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
        var productLabels = new Dictionary<string, string>();
        var contributionLabels = new Dictionary<string, string>();
        if (result.Purchases is { Count: > 0 } purchases)
        {
            var products = await db.Products.AsNoTracking()
                .Join(db.Companies, p => p.CompanyId, c => c.Id, (p, c) => new { p.CatalogueItemId, c.Code, CompanyName = c.Name })
                .Join(db.CatalogueItems, x => x.CatalogueItemId, i => i.Id, (x, i) => new { x.Code, x.CompanyName, ItemCode = i.Code, i.Name }).ToListAsync(ct);
            foreach (var p in products) productLabels[PlanSnapshot.ProductId(p.Code, p.ItemCode)] = $"{p.CompanyName}: {p.Name}";
            var pools = await db.FundingPools.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            var pledges = await db.FundingPledges.AsNoTracking().Where(p => p.PoolId != null).Select(p => new { p.Id, p.PoolId, p.DonorCode }).ToListAsync(ct);
            foreach (var p in pledges)
                contributionLabels[PlanSnapshot.ContributionId(pools[p.PoolId!.Value].Code, p.DonorCode, p.Id)] = $"{p.DonorCode} ({pools[p.PoolId.Value].Name})";
        }
        return new PlanLabels(
            requirements.ToDictionary(r => $"{period}#{r.PriorityRank}", r => $"#{r.PriorityRank} {r.Name} → {r.Destination}"),
            offers.ToDictionary(o => PlanSnapshot.OfferId(o.Id, o.DonorCode, o.SourceKey), o => $"{o.DonorCode}: {o.Description}"),
            requirements.ToDictionary(r => $"{period}#{r.PriorityRank}", r => r.Coalition))
        {
            Products = productLabels, Contributions = contributionLabels,
        };
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
                // The superseded plan's proposals are withdrawn with it; contracted and later orders are commitments that stay.
                foreach (var o in await db.ProductionOrders.Where(o => o.PlanId == earlier.Id && o.State == Domain.Industry.OrderState.Proposed).ToListAsync(ct))
                    await Industry.OrdersService.CancelOrder(db, o, $"Superseded by allocation plan {plan.Period} #{plan.Number}.", ct);
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
            await PlaceOrders(plan, result, requirements, ct);
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

    /// <summary>
    /// The plan's purchases become production orders in state Proposed, one per product and requirement, through the
    /// domain's constructor (vetting, stock, lead time, capacity, each contribution's limits and remaining money): the
    /// schedule by calendar month of each line's ship week (stock units in the month they ship, not before this month);
    /// produced units over a month's remaining capacity (other orders, or two plan months in one calendar month) move to
    /// the next month with room; each contribution's share of the plan's cost, converted to the product's currency, becomes
    /// committed money. A refusal (the company suspended, capacity or money taken since) is a conflict: compute a new plan.
    /// </summary>
    private async Task PlaceOrders(AllocationPlan plan, PlanResult result, IReadOnlyDictionary<string, Domain.Requirements.Requirement> requirements, CancellationToken ct)
    {
        var purchases = (result.Purchases ?? []).Where(p => p.Quantity > 0).ToList();
        if (purchases.Count == 0) return;
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
        var companies = await db.Companies.ToDictionaryAsync(c => c.Id, ct);
        var products = (await db.Products.ToListAsync(ct)).ToList();
        var itemIds = products.Select(p => p.CatalogueItemId).Distinct().ToList();
        var items = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var productsById = products.ToDictionary(p => PlanSnapshot.ProductId(companies[p.CompanyId].Code, items[p.CatalogueItemId].Code));
        var pools = await db.FundingPools.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var pledges = (await db.FundingPledges.IgnoreQueryFilters().Where(p => p.PoolId != null).ToListAsync(ct))
            .ToDictionary(p => PlanSnapshot.ContributionId(pools[p.PoolId!.Value].Code, p.DonorCode, p.Id));
        foreach (var group in purchases.GroupBy(p => (p.ProductId, p.RequirementId)).OrderBy(g => g.Key.RequirementId, StringComparer.Ordinal).ThenBy(g => g.Key.ProductId, StringComparer.Ordinal))
        {
            var what = $"the purchase of {group.Sum(p => p.Quantity)} × {group.Key.ProductId} for requirement {group.Key.RequirementId}";
            var product = productsById.GetValueOrDefault(group.Key.ProductId)
                          ?? throw new ConflictException($"The product of {what} no longer exists; compute a new plan.");
            var requirement = requirements.GetValueOrDefault(group.Key.RequirementId)
                              ?? throw new ConflictException($"The requirement of {what} no longer exists; compute a new plan.");
            var company = companies[product.CompanyId];
            var item = items[product.CatalogueItemId];
            var quantity = group.Sum(p => p.Quantity);
            var booked = (await db.ProductionOrders.AsNoTracking().Where(o => o.ProductId == product.Id).ToListAsync(ct))
                .Where(o => o.HoldsMoney).SelectMany(o => o.Schedule).GroupBy(s => s.Month).ToDictionary(g => g.Key, g => g.Sum(s => s.Produced));
            var schedule = Schedule(plan.StartDate, thisMonth, product, group.ToList(), booked)
                           ?? throw new ConflictException($"{company.Name} no longer has the production capacity for {what}; compute a new plan.");
            var shares = new List<OrderShare>();
            var planShares = group.SelectMany(p => p.Funding).GroupBy(f => f.ContributionId).Select(g => (Id: g.Key, Eur: g.Sum(f => f.Amount))).Where(x => x.Eur > 0).ToList();
            var total = planShares.Sum(x => x.Eur);
            if (total <= 0) throw new ConflictException($"The plan names no money for {what}; compute a new plan.");
            var value = quantity * product.UnitPrice;
            var balances = await new FundingPoolsService(db).Balances(planShares.Select(x => pledges.GetValueOrDefault(x.Id)?.Id).OfType<Guid>().ToList(), ct);
            decimal assigned = 0;
            for (var i = 0; i < planShares.Count; i++)
            {
                var pledge = pledges.GetValueOrDefault(planShares[i].Id)
                             ?? throw new ConflictException($"Contribution {planShares[i].Id} of the plan no longer exists; compute a new plan.");
                // Each contribution pays its part of the plan's cost of the order's value (product currency); the last takes the cents left.
                var amount = i == planShares.Count - 1 ? value - assigned : Math.Round(value * planShares[i].Eur / total, 2, MidpointRounding.ToZero);
                assigned += amount;
                var b = balances[pledge.Id];
                shares.Add(new OrderShare(pledge, b.Currency, b.Remaining, amount));
            }
            ProductionOrder order;
            try
            {
                order = new ProductionOrder(Guid.NewGuid(), company, product, item, quantity, schedule, booked, shares, rates, requirement.Id, today,
                    $"From allocation plan {plan.Period} #{plan.Number}.", plan.Id);
                var fromStock = schedule.Sum(s => s.FromStock);
                if (fromStock > 0) product.TakeFromStock(fromStock);
            }
            catch (DomainException ex)
            {
                throw new ConflictException($"{char.ToUpperInvariant(what[0])}{what[1..]} can no longer be ordered ({ex.Field}: {ex.Message}); compute a new plan.");
            }
            db.ProductionOrders.Add(order);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The delivery schedule of one order from its plan lines; null when production cannot fit within 24 months after the plan's.</summary>
    private static List<ScheduledMonth>? Schedule(DateOnly start, DateOnly thisMonth, Product product, IReadOnlyList<PurchaseLine> lines, IReadOnlyDictionary<DateOnly, int> booked)
    {
        static DateOnly MonthOf(DateOnly d) => new(d.Year, d.Month, 1);
        var stock = new Dictionary<DateOnly, int>();
        var produced = new Dictionary<DateOnly, int>();
        foreach (var l in lines)
        {
            var month = MonthOf(start.AddDays(7 * (l.ShipWeek - 1)));
            if (l.Source == PurchaseSource.Stock)
            {
                if (month < thisMonth) month = thisMonth;
                stock[month] = stock.GetValueOrDefault(month) + l.Quantity;
            }
            else produced[month] = produced.GetValueOrDefault(month) + l.Quantity;
        }
        var placed = new Dictionary<DateOnly, int>();
        var carry = 0;
        var last = produced.Count == 0 ? DateOnly.MinValue : produced.Keys.Max().AddMonths(24);
        for (var m = produced.Count == 0 ? DateOnly.MaxValue : produced.Keys.Min(); m <= last && (carry > 0 || m <= produced.Keys.Max()); m = m.AddMonths(1))
        {
            var want = carry + produced.GetValueOrDefault(m);
            var room = Math.Max(0, product.CapacityPerMonth - booked.GetValueOrDefault(m));
            var take = Math.Min(want, room);
            if (take > 0) placed[m] = take;
            carry = want - take;
        }
        if (carry > 0) return null;
        return stock.Keys.Concat(placed.Keys).Distinct().Order()
            .Select(m => new ScheduledMonth(m, stock.GetValueOrDefault(m) + placed.GetValueOrDefault(m), stock.GetValueOrDefault(m))).ToList();
    }
}
