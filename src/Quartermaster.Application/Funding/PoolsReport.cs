using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Funding;

/// <summary>One contribution's money in one production order: who paid (or committed) how much for what, in the pool's currency.</summary>
public sealed record PoolPaymentRow(string PoolCode, string PoolName, string PoolCurrency, string DonorCode, Guid OrderId, string CompanyCode,
    string CompanyNation, string ItemCode, string ItemName, bool ItemIsLethal, int Quantity, string OrderState, decimal Committed, decimal Paid);

/// <summary>Money a nation put into pools and what it bought (pool currency converted to EUR with the dated rate table).</summary>
public sealed record NationPoolMoney(string DonorCode, decimal PledgedEur, decimal CommittedEur, decimal PaidEur, IReadOnlyList<string> Bought);

public sealed record PoolsReportView(IReadOnlyList<FundingPoolView> Pools, IReadOnlyList<PoolPaymentRow> Payments, IReadOnlyList<NationPoolMoney> ByNation);

/// <summary>
/// The report per pool of who paid for what: every contribution's share of every production order, and per nation what
/// its pooled money bought. Rows of other nations' money appear only to those who see the pools in full (the cell and
/// auditors); a point of contact gets its own nation's rows and the pools' aggregates.
/// </summary>
public sealed class PoolsReport(QuartermasterDb db)
{
    public static readonly IReadOnlyList<ExportColumn<PoolPaymentRow>> Columns =
    [
        new("pool", r => r.PoolCode), new("pool_currency", r => r.PoolCurrency), new("donor", r => r.DonorCode), new("order", r => r.OrderId),
        new("company", r => r.CompanyCode), new("company_nation", r => r.CompanyNation), new("item", r => r.ItemCode), new("lethal", r => r.ItemIsLethal),
        new("quantity", r => r.Quantity), new("order_state", r => r.OrderState), new("committed", r => r.Committed), new("paid", r => r.Paid),
    ];

    public async Task<PoolsReportView> Build(Actor actor, CancellationToken ct = default)
    {
        var pools = await new FundingPoolsService(db).List(actor, ct);
        var allPools = await db.FundingPools.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var pledges = await db.FundingPledges.IgnoreQueryFilters().AsNoTracking().Where(p => p.PoolId != null).ToDictionaryAsync(p => p.Id, ct);
        var orders = await db.ProductionOrders.AsNoTracking().ToListAsync(ct);
        var companies = await db.Companies.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var itemIds = orders.Select(o => o.CatalogueItemId).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var viewer = Acting.ViewerOf(actor);
        bool Full(Domain.Funding.FundingPledge p) => FundingVisibility.InFull(viewer, p);
        var rows = new List<PoolPaymentRow>();
        foreach (var o in orders)
            foreach (var f in o.Funding)
            {
                if (!pledges.TryGetValue(f.PledgeId, out var pledge) || !Full(pledge)) continue;
                var pool = allPools[pledge.PoolId!.Value];
                var item = items[o.CatalogueItemId];
                var company = companies[o.CompanyId];
                rows.Add(new PoolPaymentRow(pool.Code, pool.Name, pool.Currency, f.DonorCode, o.Id, company.Code, company.Nation, item.Code, item.Name, item.IsLethal,
                    o.Quantity, o.State.ToString(), o.HoldsMoney ? f.PoolCommitted : 0, f.PoolPaid));
            }
        rows = rows.OrderBy(r => r.PoolCode).ThenBy(r => r.DonorCode).ThenBy(r => r.ItemName).ToList();
        return new PoolsReportView(pools, rows, await ByNation(actor, ct));
    }

    /// <summary>Per nation: money pledged into pools, committed (to orders and funded packages) and paid (EUR), and the items it paid for (orders and package lines). A point of contact sees its own nation only.</summary>
    public async Task<IReadOnlyList<NationPoolMoney>> ByNation(Actor actor, CancellationToken ct = default)
    {
        var balances = await new FundingPoolsService(db).Balances(null, ct);
        var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
        var pledges = await db.FundingPledges.IgnoreQueryFilters().AsNoTracking().Where(p => p.PoolId != null).ToListAsync(ct);
        var orders = await db.ProductionOrders.AsNoTracking().ToListAsync(ct);
        var itemIds = orders.Select(o => o.CatalogueItemId).Distinct().ToList();
        var packages = await db.FundedPackages.AsNoTracking().Where(p => p.State != Domain.Funding.PackageState.Cancelled).ToListAsync(ct);
        itemIds.AddRange(packages.SelectMany(p => p.Lines.Select(l => l.ItemId)));
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var viewer = Acting.ViewerOf(actor);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        decimal Eur(decimal amount, string currency) => rates.ToEur(new Domain.Common.Money(amount, Domain.Common.Currency.Parse(currency)), today);
        // The aggregate rule of every report: a contribution enters a nation's figures only if the viewer may see it.
        return pledges.Where(p => viewer.Role == Role.NationalPointOfContact ? p.DonorCode == viewer.Nation : viewer.Sees(p.DonorCode, p.Releasability, p.ReleasedTo))
            .GroupBy(p => p.DonorCode).OrderBy(g => g.Key).Select(g =>
            {
                var ids = g.Select(p => p.Id).ToHashSet();
                var bought = orders.Where(o => o.State != Domain.Industry.OrderState.Cancelled && o.Funding.Any(f => ids.Contains(f.PledgeId)))
                    .Select(o => items[o.CatalogueItemId])
                    // Lines of funded packages its accepted money is attributed to (committed in the balances above).
                    .Concat(packages.SelectMany(p => p.Attributions.Where(a => ids.Contains(a.PledgeId))
                        .Select(a => items[p.Lines.First(l => l.RequirementId == a.RequirementId).ItemId])))
                    .Distinct().Order().ToList();
                return new NationPoolMoney(g.Key, g.Sum(p => Eur(balances[p.Id].Pledged, balances[p.Id].Currency)),
                    g.Sum(p => Eur(balances[p.Id].Committed, balances[p.Id].Currency)), g.Sum(p => Eur(balances[p.Id].Paid, balances[p.Id].Currency)), bought);
            }).ToList();
    }
}
