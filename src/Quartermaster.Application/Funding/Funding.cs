using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Storage;

namespace Quartermaster.Application.Funding;

/// <summary>A pledge of money into a pool (<c>Pool</c> is the pool's code) with the donor's limits that travel with it.</summary>
public sealed record FundingView(Guid Id, string DonorCode, string Pool, decimal Amount, string Currency, DateOnly PledgedOn,
    bool NonLethalOnly, string? Note, string Status, string Releasability, IReadOnlyList<string> ReleasedTo, long Version)
{
    public Guid? PoolId { get; init; }
    public IReadOnlyList<string> ForbiddenCategories { get; init; } = [];
    public string? EarmarkCoalition { get; init; }
    public Guid? EarmarkItemId { get; init; }
}

/// <summary>
/// A pledge. The pool is named by <c>poolId</c>, or by <c>pool</c> (a pool's code or name; a name no pool has yet creates a
/// General pool in the pledge's currency, as free-text pools did before pool records). Limits: the donor's policy always
/// applies; <c>forbiddenCategories</c> adds control-list categories; <c>earmarkCoalition</c> or <c>earmarkItemCode</c> earmarks.
/// </summary>
[StoredAs(typeof(FundingPledge))]
public sealed record FundingInput(string? DonorCode, string? Pool, decimal Amount, string? Currency, DateOnly? PledgedOn,
    bool NonLethalOnly = false, string? Note = null, Releasability? Releasability = null, IReadOnlyList<string>? ReleasedTo = null)
{
    public Guid? PoolId { get; init; }
    public IReadOnlyList<string>? ForbiddenCategories { get; init; }
    public string? EarmarkCoalition { get; init; }
    public string? EarmarkItemCode { get; init; }
}

/// <summary>Use cases on funding pledges. A non-lethal-only donor's money is always restricted to non-lethal items.</summary>
public sealed class FundingService(QuartermasterDb db)
{
    private static readonly Dictionary<string, Expression<Func<FundingPledge, object?>>> Sorts = new()
    {
        ["donor"] = f => f.DonorCode,
        ["pool"] = f => f.Pool,
        ["pledgedon"] = f => f.PledgedOn,
        ["status"] = f => f.Status,
    };

    public Task<Page<FundingView>> List(PageQuery page, string? donor = null, string? pool = null, CancellationToken ct = default)
    {
        var q = db.FundingPledges.AsQueryable();
        if (!string.IsNullOrWhiteSpace(donor)) q = q.Where(f => f.DonorCode == donor.ToUpper());
        if (!string.IsNullOrWhiteSpace(pool)) q = q.Where(f => f.Pool == pool);
        if (!string.IsNullOrWhiteSpace(page.Search))
        {
            var like = Queries.Like(page.Search);
            // The pool's code or its name (what people type), or the donor.
            var pools = db.FundingPools.Where(p => EF.Functions.Like(p.Name.ToLower(), like, "\\")).Select(p => p.Id);
            q = q.Where(f => EF.Functions.Like(f.Pool.ToLower(), like, "\\") || EF.Functions.Like(f.DonorCode.ToLower(), like, "\\")
                             || (f.PoolId != null && pools.Contains(f.PoolId.Value)));
        }
        return q.ToPage(db, page, "pledgedon", Sorts, View, ct);
    }

    public async Task<FundingView> Get(Guid id, CancellationToken ct = default) => View(await Find(id, ct));

    public async Task<FundingPledge> Find(Guid id, CancellationToken ct = default)
        => await db.FundingPledges.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("Funding pledge", id.ToString());

    public Task<FundingView> Create(Actor actor, FundingInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create funding {input.DonorCode} {input.Pool}", async () =>
        {
            var code = Acting.DonorFor(actor, input.DonorCode);
            var donor = await db.Nations.FirstOrDefaultAsync(n => n.Code == code, ct)
                        ?? throw new RequestException("donorCode", $"No nation has the code '{code}'.");
            var currency = await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct);
            var pool = await PoolFor(input, currency, ct);
            var pledge = new FundingPledge(Guid.NewGuid(), donor.Code, pool.Code, new Money(input.Amount, currency),
                input.PledgedOn ?? throw new RequestException("pledgedOn", "pledgedOn is required (yyyy-MM-dd)."),
                donor.Policy.NonLethalOnly || input.NonLethalOnly);
            pledge.PutInto(pool);
            pledge.Change(pledge.Money, input.Note);
            pledge.SetLimits(donor.Policy, input.ForbiddenCategories, input.EarmarkCoalition, await EarmarkItem(input.EarmarkItemCode, ct));
            pledge.Release(input.Releasability ?? Releasability.Coordinators, input.ReleasedTo);
            db.FundingPledges.Add(pledge);
            return pledge;
        }, p => Task.FromResult(View(p)), ct);

    public Task<FundingView> Update(Actor actor, Guid id, long expectedVersion, FundingInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update funding {id}", async () =>
        {
            var pledge = await Find(id, ct);
            Acting.EnsureMayChange(actor, pledge.DonorCode, "Funding pledge", id.ToString());
            db.ExpectVersion(pledge, expectedVersion);
            if (input.DonorCode is not null && NationCode.Parse(input.DonorCode, "donorCode") != pledge.DonorCode)
                throw new RequestException("donorCode", "The donor of a pledge cannot change.");
            pledge.Change(new Money(input.Amount, await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct)), input.Note);
            if (input.NonLethalOnly) pledge.RestrictToNonLethal();
            if (input.ForbiddenCategories is not null || input.EarmarkCoalition is not null || input.EarmarkItemCode is not null)
            {
                var key = FundedByKey(pledge.Id);
                if (await db.ProductionOrders.AnyAsync(o => o.FundedBy.Contains(key), ct))
                    throw new RequestException("earmarkCoalition", "This contribution already pays for production orders: its limits can no longer change.");
                var donor = await db.Nations.FirstAsync(n => n.Code == pledge.DonorCode, ct);
                pledge.SetLimits(donor.Policy, input.ForbiddenCategories ?? pledge.ForbiddenCategoryList.Except(donor.Policy.ForbiddenCategories).ToList(),
                    input.EarmarkCoalition, await EarmarkItem(input.EarmarkItemCode, ct));
            }
            if (input.Releasability is { } release) pledge.Release(release, input.ReleasedTo);
            return pledge;
        }, p => Task.FromResult(View(p)), ct);

    /// <summary>How a pledge appears in <see cref="Domain.Industry.ProductionOrder.FundedBy"/>: one LIKE finds the orders it funds (SQLite and PostgreSQL alike).</summary>
    internal static string FundedByKey(Guid pledgeId) => "|" + pledgeId.ToString("D") + "|";

    /// <summary>
    /// Withdraws a pledge. Refused (naming <c>status</c>, listing what would be stranded) while it funds a production order
    /// that still holds its money (committed to a proposed, contracted or in-production order) or that it has paid for.
    /// </summary>
    public Task<FundingView> Withdraw(Actor actor, Guid id, long expectedVersion, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"withdraw funding {id}", async () =>
        {
            var pledge = await Find(id, ct);
            Acting.EnsureMayChange(actor, pledge.DonorCode, "Funding pledge", id.ToString());
            db.ExpectVersion(pledge, expectedVersion);
            var key = FundedByKey(pledge.Id);
            var orders = await db.ProductionOrders.AsNoTracking().Where(o => o.FundedBy.Contains(key)).ToListAsync(ct);
            var stranded = orders.Select(o => (Order: o, Share: o.Funding.First(f => f.PledgeId == pledge.Id)))
                .Where(x => (x.Order.HoldsMoney && x.Share.Committed > 0) || x.Share.Paid > 0).ToList();
            if (stranded.Count > 0)
            {
                var committed = stranded.Where(x => x.Order.HoldsMoney).Sum(x => x.Share.PoolCommitted);
                var paid = stranded.Sum(x => x.Share.PoolPaid);
                var currency = stranded[0].Share.PoolCurrency;
                throw new RequestException("status", $"This contribution funds {stranded.Count} production order(s) "
                    + $"({string.Join(", ", stranded.Take(5).Select(x => $"{x.Order.Id.ToString()[..8]} {x.Order.State}"))}{(stranded.Count > 5 ? ", …" : "")}): "
                    + $"{committed:N2} {currency} committed and {paid:N2} {currency} paid would be stranded. Cancel those orders first; paid money cannot be withdrawn.");
            }
            pledge.Withdraw();
            return pledge;
        }, p => Task.FromResult(View(p)), ct);

    public const string FilingActorName = "system:migration";

    /// <summary>
    /// Files pledges made before pool records existed (their pool is free text, no pool record) into pools: each name
    /// becomes the pool of that code or name, else a new General pool in the currency of its first pledge, by the rule
    /// a new pledge follows. One command, written to the ledger by <see cref="FilingActorName"/>; run at every start
    /// (after the schema migration that added pools), it finds nothing to do once done. Returns the pledges filed.
    /// </summary>
    public async Task<int> FileUnpooledPledges(CancellationToken ct = default)
    {
        if (!await db.FundingPledges.IgnoreQueryFilters().AnyAsync(f => f.PoolId == null, ct)) return 0;
        return await CommandRunner.Run(db, Actor.LocalOperator(FilingActorName), "file pledges made before pool records into pools", async () =>
        {
            var unpooled = await db.FundingPledges.IgnoreQueryFilters().Where(f => f.PoolId == null).ToListAsync(ct);
            foreach (var group in unpooled.GroupBy(f => f.Pool.Trim().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = group.OrderBy(f => f.PledgedOn).ThenBy(f => f.Id).First();
                var pool = await PoolNamed(first.Pool.Trim(), Currency.Parse(first.Currency), ct);
                foreach (var pledge in group) pledge.PutInto(pool);
            }
            return unpooled.Count;
        }, ct);
    }

    /// <summary>The pool a new pledge goes into: by id, else by code or name, else a new General pool of that name (ledgered with the pledge).</summary>
    private async Task<FundingPool> PoolFor(FundingInput input, Currency currency, CancellationToken ct)
    {
        if (input.PoolId is { } id)
            return await db.FundingPools.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new RequestException("poolId", $"No funding pool has the id {id}.");
        return await PoolNamed(Guard.Required(input.Pool, "pool", 120), currency, ct);
    }

    /// <summary>The pool whose code or name is <paramref name="text"/> (any case), else a new General pool of that name in <paramref name="currency"/>.</summary>
    private async Task<FundingPool> PoolNamed(string text, Currency currency, CancellationToken ct)
    {
        var lower = text.ToLowerInvariant();
        var existing = db.FundingPools.Local.FirstOrDefault(p => p.Code == lower || p.Name.ToLowerInvariant() == lower)
                       ?? await db.FundingPools.FirstOrDefaultAsync(p => p.Code == lower || p.Name.ToLower() == lower, ct);
        if (existing is not null) return existing;
        var code = FundingPool.CodeFor(text);
        if (db.FundingPools.Local.Any(p => p.Code == code) || await db.FundingPools.AnyAsync(p => p.Code == code, ct)) code = $"{code[..Math.Min(code.Length, 51)]}-{Guid.NewGuid().ToString("N")[..8]}";
        var pool = new FundingPool(Guid.NewGuid(), code, text, currency, PoolPurpose.General, null);
        db.FundingPools.Add(pool);
        return pool;
    }

    private async Task<Guid?> EarmarkItem(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var c = code.Trim().ToLowerInvariant();
        return (await db.CatalogueItems.Where(i => i.Code == c).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct))
               ?? throw new RequestException("earmarkItemCode", $"No catalogue item has the code '{code}'.");
    }

    private static FundingView View(FundingPledge f) => new(f.Id, f.DonorCode, f.Pool, f.Amount, f.Currency, f.PledgedOn,
        f.NonLethalOnly, f.Note, f.Status.ToString(), f.Releasability.ToString(), ReleaseList.Decode(f.ReleasedTo), f.Version)
    {
        PoolId = f.PoolId,
        ForbiddenCategories = f.ForbiddenCategoryList,
        EarmarkCoalition = f.EarmarkCoalition,
        EarmarkItemId = f.EarmarkItemId,
    };
}
