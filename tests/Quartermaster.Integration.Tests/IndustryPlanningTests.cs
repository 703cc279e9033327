using System.Net;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Planning;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// A period with two requirement lines and no gifts: 300 shells (lethal, rank 1) and 50 generators (non-lethal, rank 2).
/// An approved German company sells shells at 100 EUR (500 a month); a suspended company sells them at 50 EUR; an approved
/// Japanese company sells generators at 1,000 EUR (20 in stock, 100 a month). One EUR pool: Germany's 20,000 EUR and
/// Japan's 1,000,000 EUR (non-lethal only by its policy).
/// </summary>
public sealed class IndustryPlanningFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public const string Period = "2031-03";
    public Guid DeuPledge { get; private set; }
    public Guid JpnPledge { get; private set; }
    public Actor Setup { get; } = Actor.LocalOperator("industry-planning-fixture");

    protected override async Task SeedAsync()
    {
        await Http.EnsureNation("DEU", "Germany", "Member");
        await Http.EnsureNation("JPN", "Japan", "Partner", nonLethalOnly: true);
        await Http.EnsureNation("UKR", "Ukraine", "Recipient");
        await (await Http.PostJson("/api/v1/catalogue", new { code = "ip-shell", name = "planned shell", supplyClass = "1320", coalition = "artillery", isLethal = true, controlEntry = "ML3", unitWeightKg = 40m })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/catalogue", new { code = "ip-generator", name = "planned generator", supplyClass = "6115", coalition = "energy", isLethal = false, unitWeightKg = 100m })).Ok(HttpStatusCode.Created);
        await using (var db = Db.Open())
            await CommandRunner.Run(db, Setup, "seed hub", () =>
            {
                var hub = new Hub("IPH", "Industry planning hub", "DEU", 1000m);
                hub.SetTransit(1, 1);
                db.Hubs.Add(hub);
                return Task.FromResult(0);
            });
        foreach (var (code, nation, suspend) in new[] { ("ip-deu", "DEU", false), ("ip-cheap", "DEU", true), ("ip-jpn", "JPN", false) })
        {
            using var r = await Http.PostJson("/api/v1/industry/companies", new { code, name = code + " works", nation });
            await r.Ok(HttpStatusCode.Created);
            using var v = await Http.Send(HttpMethod.Post, $"/api/v1/industry/companies/{code}/vetting", new { vetting = "Approved", note = "checked" }, r.ETag());
            await v.Ok();
            if (suspend)
            {
                using var s = await Http.Send(HttpMethod.Post, $"/api/v1/industry/companies/{code}/vetting", new { vetting = "Suspended", note = "under investigation" }, v.ETag());
                await s.Ok();
            }
        }
        await (await Http.PostJson("/api/v1/industry/products", new { companyCode = "ip-deu", itemCode = "ip-shell", unitPrice = 100m, currency = "EUR", capacityPerMonth = 500, leadTimeWeeks = 2, minimumOrder = 10 })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/industry/products", new { companyCode = "ip-cheap", itemCode = "ip-shell", unitPrice = 50m, currency = "EUR", capacityPerMonth = 5000, leadTimeWeeks = 0, minimumOrder = 1, stockOnHand = 1000 })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/industry/products", new { companyCode = "ip-jpn", itemCode = "ip-generator", unitPrice = 1_000m, currency = "EUR", capacityPerMonth = 100, leadTimeWeeks = 4, minimumOrder = 5, stockOnHand = 20 })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/requirements", new { period = Period, priorityRank = 1, itemCode = "ip-shell", quantity = 300, neededBy = "2031-08-01", destination = "Dnipro" })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/requirements", new { period = Period, priorityRank = 2, itemCode = "ip-generator", quantity = 50, neededBy = "2031-08-01", destination = "Dnipro" })).Ok(HttpStatusCode.Created);
        Guid pool;
        using (var r = await Http.PostJson("/api/v1/pools", new { code = "ip-purl", name = "Planning test PURL", currency = "EUR", purpose = "PackageFund" }))
            pool = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/funding", new { donorCode = "DEU", poolId = pool, amount = 20_000m, currency = "EUR", pledgedOn = "2026-01-05" }))
            DeuPledge = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/funding", new { donorCode = "JPN", poolId = pool, amount = 1_000_000m, currency = "EUR", pledgedOn = "2026-01-05" }))
            JpnPledge = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }

    public async Task<PlanDetail> ComputePlan()
    {
        await using var db = Db.Open();
        var service = new AllocationsService(db);
        var summary = await service.Compute(Setup, Period, ct: TestContext.Current.CancellationToken);
        return await service.Get(summary.Id, TestContext.Current.CancellationToken);
    }

    public string Contribution(Guid pledge) => PlanSnapshot.ContributionId("ip-purl", pledge == DeuPledge ? "DEU" : "JPN", pledge);
}

/// <summary>The planner's purchases from the database: what it may buy, with whose money (read-only: each test computes a plan).</summary>
public abstract class IndustryPlanningTests<TKind>(IndustryPlanningFixture<TKind> fx) : IClassFixture<IndustryPlanningFixture<TKind>> where TKind : IDbKind
{
    private const string Shells = IndustryPlanningFixture<TKind>.Period + "#1";
    private const string Generators = IndustryPlanningFixture<TKind>.Period + "#2";

    [Fact]
    public async Task A_shortfall_no_gift_meets_is_bought_from_an_approved_companys_product_with_pool_money()
    {
        var plan = await fx.ComputePlan();
        var purchases = plan.Result.Purchases ?? [];
        var generators = purchases.Where(p => p.RequirementId == Generators).ToList();
        Assert.Equal(50, generators.Sum(p => p.Quantity));
        Assert.All(generators, p => Assert.Equal(PlanSnapshot.ProductId("ip-jpn", "ip-generator"), p.ProductId));
        Assert.All(generators, p => Assert.Equal(p.Cost, p.Funding.Sum(f => f.Amount)));
        Assert.All(generators, p => Assert.All(p.Funding, f => Assert.Equal("ip-purl", f.PoolId)));
        var coverage = plan.Result.Coverage.Single(c => c.RequirementId == Generators);
        Assert.Equal(0, coverage.FromGifts);
        Assert.Equal(50, coverage.FromStock + coverage.FromProduction, 6);
        Assert.Equal("EUR", plan.Result.Currency);
        Assert.Equal("ip-jpn works: planned generator", plan.Labels.Products[PlanSnapshot.ProductId("ip-jpn", "ip-generator")]);
    }

    [Fact]
    public async Task Japans_non_lethal_only_money_never_pays_for_a_lethal_purchase()
    {
        var plan = await fx.ComputePlan();
        var shells = (plan.Result.Purchases ?? []).Where(p => p.RequirementId == Shells).ToList();
        Assert.NotEmpty(shells);
        Assert.All(shells, p => Assert.All(p.Funding, f => Assert.Equal("DEU", f.Donor)));
        // Germany's 20,000 EUR (less the 1 EUR rounding reserve) buys 199 shells at 100 EUR; Japan's idle million cannot pay for more.
        Assert.Equal(199, shells.Sum(p => p.Quantity));
        var coverage = plan.Result.Coverage.Single(c => c.RequirementId == Shells);
        Assert.False(coverage.FullyCoveredOnTime);
        Assert.Contains(coverage.Explanations, e => e.Code.StartsWith("funds.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suspended_company_is_not_bought_from_even_when_cheaper()
    {
        var plan = await fx.ComputePlan();
        Assert.DoesNotContain(plan.Result.Purchases ?? [], p => p.CompanyId == "ip-cheap");
        Assert.Contains(plan.Result.Purchases ?? [], p => p.CompanyId == "ip-deu");
    }
}

/// <summary>Confirming a plan that buys: proposed production orders with committed money, and the units are not bought again.</summary>
public abstract class IndustryPlanConfirmTests<TKind>(IndustryPlanningFixture<TKind> fx) : IClassFixture<IndustryPlanningFixture<TKind>> where TKind : IDbKind
{
    [Fact]
    public async Task Confirming_creates_proposed_orders_with_committed_money_and_planning_again_does_not_buy_the_same_units()
    {
        var ct = TestContext.Current.CancellationToken;
        var plan = await fx.ComputePlan();
        var rival = await fx.ComputePlan(); // the same purchases, to be confirmed after the money is committed
        var purchases = plan.Result.Purchases ?? [];
        Assert.NotEmpty(purchases);
        var ledgerBefore = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        await using (var db = fx.Db.Open())
            await new AllocationsService(db).Confirm(fx.Setup, plan.Summary.Id, plan.Summary.Version, ct);

        await using (var db = fx.Db.Open())
        {
            var orders = await db.ProductionOrders.AsNoTracking().ToListAsync(ct);
            Assert.Equal(purchases.Select(p => (p.ProductId, p.RequirementId)).Distinct().Count(), orders.Count);
            Assert.All(orders, o => Assert.Equal(OrderState.Proposed, o.State));
            Assert.Equal(purchases.Sum(p => p.Quantity), orders.Sum(o => o.Quantity));
            Assert.All(orders, o => Assert.Equal(o.Value, o.Funding.Sum(f => f.Amount)));
            Assert.All(orders, o => Assert.Equal(o.Quantity, o.Schedule.Sum(s => s.Quantity)));
            var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            var generatorOrder = orders.Single(o => o.Quantity == 50);
            Assert.Equal(50, generatorOrder.Quantity);
            // Stock sold through the plan leaves the product's stock on hand.
            Assert.Equal(20 - generatorOrder.Schedule.Sum(s => s.FromStock), products[generatorOrder.ProductId].StockOnHand);

            var balances = await new FundingPoolsService(db).Balances([fx.DeuPledge, fx.JpnPledge], ct);
            foreach (var pledge in new[] { fx.DeuPledge, fx.JpnPledge })
            {
                var planned = purchases.SelectMany(p => p.Funding).Where(f => f.ContributionId == fx.Contribution(pledge)).Sum(f => f.Amount);
                Assert.Equal(planned, balances[pledge].Committed);
            }
            Assert.True(balances[fx.DeuPledge].Committed > 0);
            Assert.True(balances[fx.JpnPledge].Committed > 0);
        }
        Assert.True(await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"EntityType\" = 'ProductionOrder'") >= 2);
        Assert.True(await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events") > ledgerBefore);

        // Confirming another plan of the period supersedes the first: its proposed orders are cancelled (releasing their
        // money, capacity and stock, ledgered), so the new plan's purchases are ordered in their place.
        var ordersBefore = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM production_orders");
        await using (var db = fx.Db.Open())
            await new AllocationsService(db).Confirm(fx.Setup, rival.Summary.Id, rival.Summary.Version, ct);
        await using (var db = fx.Db.Open())
        {
            var orders = await db.ProductionOrders.AsNoTracking().ToListAsync(ct);
            Assert.Equal(2 * ordersBefore, orders.Count);
            var superseded = orders.Where(o => o.PlanId == plan.Summary.Id).ToList();
            Assert.All(superseded, o => Assert.Equal(OrderState.Cancelled, o.State));
            Assert.All(superseded, o => Assert.StartsWith("Superseded by allocation plan", o.CancelReason));
            Assert.All(orders.Where(o => o.PlanId == rival.Summary.Id), o => Assert.Equal(OrderState.Proposed, o.State));
            var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            var generatorOrder = orders.Single(o => o.Quantity == 50 && o.PlanId == rival.Summary.Id);
            // The cancelled order's stock units went back on the shelf and the new order took them again.
            Assert.Equal(20 - generatorOrder.Schedule.Sum(s => s.FromStock), products[generatorOrder.ProductId].StockOnHand);
        }
        Assert.True(await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"EntityType\" = 'ProductionOrder' AND \"Command\" LIKE 'confirm plan%'") >= 2 * ordersBefore);

        // Planning again: the generators are all on an order (not planned again); the shells' ordered units are taken off.
        await using (var db = fx.Db.Open())
        {
            var snapshot = await PlanSnapshot.Take(db, IndustryPlanningFixture<TKind>.Period, ct);
            Assert.DoesNotContain(snapshot.Scenario.Requirements, r => r.Id == IndustryPlanningFixture<TKind>.Period + "#2");
            Assert.Equal(300 - 199, snapshot.Scenario.Requirements.Single(r => r.Id == IndustryPlanningFixture<TKind>.Period + "#1").Quantity);
            Assert.Equal(50, snapshot.OrderedUnits[IndustryPlanningFixture<TKind>.Period + "#2"]);
        }
        var again = await fx.ComputePlan();
        Assert.DoesNotContain(again.Result.Purchases ?? [], p => p.RequirementId == IndustryPlanningFixture<TKind>.Period + "#2");
        // Germany's money is committed: nothing is left to buy shells with.
        Assert.Empty(again.Result.Purchases ?? []);
    }
}

public sealed class IndustryPlanningOnSqlite(IndustryPlanningFixture<OnSqlite> fx) : IndustryPlanningTests<OnSqlite>(fx);

public sealed class IndustryPlanningOnPostgres(IndustryPlanningFixture<OnPostgres> fx) : IndustryPlanningTests<OnPostgres>(fx);

public sealed class IndustryPlanConfirmOnSqlite(IndustryPlanningFixture<OnSqlite> fx) : IndustryPlanConfirmTests<OnSqlite>(fx);

public sealed class IndustryPlanConfirmOnPostgres(IndustryPlanningFixture<OnPostgres> fx) : IndustryPlanConfirmTests<OnPostgres>(fx);
