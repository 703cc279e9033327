using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Funding;

public sealed record FundingPoolInput(string? Code, string? Name, string? Currency, PoolPurpose? Purpose, string? Description = null, bool Illustrative = false);

public sealed record BalanceView(decimal Pledged, decimal Committed, decimal Paid, decimal Remaining)
{
    public static BalanceView Of(BalanceTotals t) => new(t.Pledged, t.Committed, t.Paid, t.Remaining);
}

/// <summary>One contribution in a pool with its limits and balance (in the pool's currency).</summary>
public sealed record ContributionView(Guid PledgeId, string DonorCode, decimal Amount, string Currency, DateOnly PledgedOn, bool NonLethalOnly,
    IReadOnlyList<string> ForbiddenCategories, string? EarmarkCoalition, Guid? EarmarkItemId, string Status, BalanceView Balance);

/// <summary>A contributor's (nation's) totals in a pool.</summary>
public sealed record ContributorView(string DonorCode, BalanceView Balance);

/// <summary>
/// A pool with its balances. <c>Contributions</c> and <c>Contributors</c> list only what the viewer may see in full (a point
/// of contact: its own nation's; the cell and auditors: those released to them); <c>OtherContributors</c> sums the other
/// contributions the viewer may see but not in full. <c>Total</c> sums exactly what the viewer may see (the aggregate
/// rule of every report, <see cref="FundingVisibility"/>): a contribution not released to the viewer is in no figure it
/// gets, so it cannot be differenced out of a total.
/// </summary>
public sealed record FundingPoolView(Guid Id, string Code, string Name, string Currency, string Purpose, string? Description, bool Illustrative,
    BalanceView Total, IReadOnlyList<ContributorView> Contributors, BalanceView? OtherContributors, IReadOnlyList<ContributionView> Contributions, long Version);

/// <summary>Funding pools: the coordinator creates them; everybody reads their aggregates; balances come from pledges and production orders.</summary>
public sealed class FundingPoolsService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<FundingPoolView>> List(Actor actor, CancellationToken ct = default)
    {
        var pools = await db.FundingPools.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        return await Views(actor, pools, ct);
    }

    public async Task<FundingPoolView> Get(Actor actor, Guid id, CancellationToken ct = default)
        => (await Views(actor, [await Find(id, ct)], ct))[0];

    public async Task<FundingPool> Find(Guid id, CancellationToken ct = default)
        => await db.FundingPools.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("Funding pool", id.ToString());

    public Task<FundingPoolView> Create(Actor actor, FundingPoolInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create funding pool {input.Code}", async () =>
        {
            if (Acting.RoleOf(actor) != Role.Coordinator) throw new RequestException("code", "Only a coordinator creates funding pools.");
            var code = FundingPool.ParseCode(input.Code);
            if (await db.FundingPools.AnyAsync(p => p.Code == code, ct)) throw new ConflictException($"Funding pool '{code}' already exists.");
            var currency = await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct);
            var pool = new FundingPool(Guid.NewGuid(), code, input.Name!, currency, input.Purpose ?? PoolPurpose.General, input.Description);
            pool.MarkIllustrative(input.Illustrative);
            db.FundingPools.Add(pool);
            return pool;
        }, async p => (await Views(actor, [p], ct))[0], ct);

    public Task<FundingPoolView> Update(Actor actor, Guid id, long expectedVersion, FundingPoolInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update funding pool {id}", async () =>
        {
            if (Acting.RoleOf(actor) != Role.Coordinator) throw new RequestException("name", "Only a coordinator changes funding pools.");
            var pool = await Find(id, ct);
            db.ExpectVersion(pool, expectedVersion);
            if (input.Currency is not null && Currency.Parse(input.Currency, "currency").Code != pool.Currency)
                throw new RequestException("currency", "A pool's currency cannot change (its balances are kept in it).");
            pool.Update(input.Name!, input.Purpose ?? pool.Purpose, input.Description);
            return pool;
        }, async p => (await Views(actor, [p], ct))[0], ct);

    /// <summary>Every contribution's balance in its pool's currency (all of them, whoever asks: callers decide what to show).</summary>
    public async Task<Dictionary<Guid, ContributionBalance>> Balances(IReadOnlyCollection<Guid>? pledgeIds = null, CancellationToken ct = default)
    {
        var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
        var pledges = db.FundingPledges.IgnoreQueryFilters().AsNoTracking();
        if (pledgeIds is not null) pledges = pledges.Where(p => pledgeIds.Contains(p.Id));
        var list = await pledges.ToListAsync(ct);
        var poolIds = list.Select(p => p.PoolId).OfType<Guid>().Distinct().ToList();
        var currencies = await db.FundingPools.AsNoTracking().Where(p => poolIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Currency, ct);
        var orders = await db.ProductionOrders.AsNoTracking().ToListAsync(ct);
        var packages = await db.FundedPackages.AsNoTracking().Where(p => p.State != PackageState.Cancelled).ToListAsync(ct);
        return list.ToDictionary(p => p.Id, p => ContributionBalance.Of(p,
            Currency.Parse(p.PoolId is { } pool ? currencies[pool] : p.Currency), orders, rates, packages));
    }

    private async Task<List<FundingPoolView>> Views(Actor actor, IReadOnlyList<FundingPool> pools, CancellationToken ct)
    {
        var ids = pools.Select(p => p.Id).ToList();
        var pledges = await db.FundingPledges.IgnoreQueryFilters().AsNoTracking().Where(p => p.PoolId != null && ids.Contains(p.PoolId.Value)).ToListAsync(ct);
        var balances = await Balances(pledges.Select(p => p.Id).ToList(), ct);
        var viewer = Acting.ViewerOf(actor);
        return pools.Select(pool =>
        {
            var inPool = pledges.Where(p => p.PoolId == pool.Id && FundingVisibility.Counts(viewer, p)).ToList();
            var shown = inPool.Where(p => FundingVisibility.InFull(viewer, p)).ToList();
            var hidden = inPool.Except(shown).ToList();
            return new FundingPoolView(pool.Id, pool.Code, pool.Name, pool.Currency, pool.Purpose.ToString(), pool.Description, pool.Illustrative,
                BalanceView.Of(BalanceTotals.Sum(pool.Currency, inPool.Select(p => balances[p.Id]))),
                shown.GroupBy(p => p.DonorCode).OrderBy(g => g.Key)
                    .Select(g => new ContributorView(g.Key, BalanceView.Of(BalanceTotals.Sum(pool.Currency, g.Select(p => balances[p.Id]))))).ToList(),
                hidden.Count == 0 ? null : BalanceView.Of(BalanceTotals.Sum(pool.Currency, hidden.Select(p => balances[p.Id]))),
                shown.OrderBy(p => p.DonorCode).ThenBy(p => p.PledgedOn).Select(p => new ContributionView(p.Id, p.DonorCode, p.Amount, p.Currency, p.PledgedOn,
                    p.NonLethalOnly, p.ForbiddenCategoryList, p.EarmarkCoalition, p.EarmarkItemId, p.Status.ToString(),
                    BalanceView.Of(BalanceTotals.Sum(pool.Currency, [balances[p.Id]])))).ToList(),
                pool.Version);
        }).ToList();
    }
}

/// <summary>
/// What a viewer gets of a contribution, in one place (pools, packages, reports): <see cref="Counts"/> — it enters any
/// figure the viewer sees (totals, aggregates) only if it is released to the viewer (<see cref="Viewer.Sees"/>, the
/// aggregate rule of the burden-sharing report); <see cref="InFull"/> — listed with its donor and limits: a point of
/// contact its own nation's, the cell and auditors those released to them, nobody else any.
/// </summary>
public static class FundingVisibility
{
    public static bool Counts(Viewer viewer, FundingPledge p) => viewer.Sees(p.DonorCode, p.Releasability, p.ReleasedTo);

    public static bool InFull(Viewer viewer, FundingPledge p) => viewer.Role switch
    {
        Role.NationalPointOfContact => p.DonorCode == viewer.Nation,
        Role.Coordinator or Role.Auditor => Counts(viewer, p),
        _ => false,
    };
}
