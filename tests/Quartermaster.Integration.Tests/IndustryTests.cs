using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// Two approved companies (DEU shells, JPN generators), a PURL-style pool in EUR with Germany's and Japan's money (Japan
/// non-lethal only by policy), and a requirement line for shells.
/// </summary>
public sealed class IndustryFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public Guid ShellRequirement { get; private set; }
    public Guid PoolId { get; private set; }
    public Guid DeuPledge { get; private set; }
    public Guid JpnPledge { get; private set; }
    public Guid ShellProduct { get; private set; }
    public HttpClient DeuRep { get; private set; } = null!;
    public HttpClient JpnRep { get; private set; } = null!;
    public HttpClient JpnPoc { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        await Http.EnsureNation("DEU", "Germany", "Member");
        await Http.EnsureNation("JPN", "Japan", "Partner", nonLethalOnly: true);
        await Http.EnsureNation("UKR", "Ukraine", "Recipient");
        await (await Http.PostJson("/api/v1/catalogue", new { code = "in-shell", name = "industry shell", supplyClass = "1320", coalition = "artillery", isLethal = true, controlEntry = "ML3" })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/catalogue", new { code = "in-generator", name = "industry generator", supplyClass = "6115", coalition = "energy", isLethal = false })).Ok(HttpStatusCode.Created);
        foreach (var (code, nation) in new[] { ("in-deu", "DEU"), ("in-jpn", "JPN") })
        {
            using var r = await Http.PostJson("/api/v1/industry/companies", new { code, name = code + " works", nation });
            await r.Ok(HttpStatusCode.Created);
            using var v = await Http.Send(HttpMethod.Post, $"/api/v1/industry/companies/{code}/vetting", new { vetting = "Approved", note = "checked" }, r.ETag());
            await v.Ok();
        }
        using (var r = await Http.PostJson("/api/v1/requirements", new { period = "2031-02", priorityRank = 1, itemCode = "in-shell", quantity = 1000, neededBy = "2031-06-01", destination = "Dnipro" }))
            ShellRequirement = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/pools", new { code = "in-purl", name = "Industry test PURL", currency = "EUR", purpose = "PackageFund" }))
            PoolId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/funding", new { donorCode = "DEU", poolId = PoolId, amount = 1_000_000m, currency = "EUR", pledgedOn = "2026-01-05" }))
            DeuPledge = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/funding", new { donorCode = "JPN", poolId = PoolId, amount = 500_000m, currency = "EUR", pledgedOn = "2026-01-05" }))
            JpnPledge = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        DeuRep = await ClientForAsync("in-rep-deu", Role.IndustryRepresentative, null, company: "in-deu");
        JpnRep = await ClientForAsync("in-rep-jpn", Role.IndustryRepresentative, null, company: "in-jpn");
        JpnPoc = await ClientForAsync("in-poc-jpn", Role.NationalPointOfContact, "JPN");
        using (var r = await DeuRep.PostJson("/api/v1/industry/products", new { itemCode = "in-shell", unitPrice = 100m, currency = "EUR", capacityPerMonth = 500, leadTimeWeeks = 0, minimumOrder = 10 }))
            ShellProduct = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }
}

/// <summary>Companies, products, pools and production orders through the REST API, with every bad input named and nothing half-written.</summary>
public abstract class IndustryTests<TKind>(IndustryFixture<TKind> fx) : IClassFixture<IndustryFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private static string Month(int ahead) => new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(ahead).ToString("yyyy-MM");

    private async Task<HttpResponseMessage> NewOrder(int quantity, object[] funding, object[]? schedule = null, Guid? product = null)
        => await Http.PostJson("/api/v1/industry/orders", new
        {
            productId = product ?? fx.ShellProduct, quantity, requirementId = product is null ? fx.ShellRequirement : (Guid?)null,
            schedule = schedule ?? [new { month = Month(1), quantity }], funding,
        });

    private async Task<JsonNode> Act(string path, string etag, object? body = null, HttpClient? http = null)
    {
        using var r = await (http ?? Http).Send(HttpMethod.Post, path, body ?? new { }, etag);
        return await r.Ok();
    }

    private static string ETagOf(JsonNode node) => $"W/\"{node.Long("version")}\"";

    private async Task<JsonNode> Contribution(Guid pledge)
        => (await Http.GetNode($"/api/v1/pools/{fx.PoolId}"))["contributions"]!.AsArray().Single(c => c!.Str("pledgeId") == pledge.ToString())!["balance"]!;

    [Fact]
    public async Task A_representative_keeps_only_its_own_companys_products_and_sees_only_its_company()
    {
        using (var r = await fx.JpnRep.PostJson("/api/v1/industry/products", new { itemCode = "in-generator", unitPrice = 9_000m, currency = "USD", capacityPerMonth = 40, leadTimeWeeks = 6, stockOnHand = 5 }))
            Assert.Equal("in-jpn", (await r.Ok(HttpStatusCode.Created)).Str("companyCode"));
        // Naming another company: as if it did not exist.
        using (var r = await fx.JpnRep.PostJson("/api/v1/industry/products", new { companyCode = "in-deu", itemCode = "in-generator", unitPrice = 1m, currency = "EUR", capacityPerMonth = 1, leadTimeWeeks = 1 }))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await fx.JpnRep.PutJson($"/api/v1/industry/products/{fx.ShellProduct}", new { unitPrice = 1m, currency = "EUR", capacityPerMonth = 1, leadTimeWeeks = 1 }, "W/\"0\""))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var own = (await fx.JpnRep.GetNode("/api/v1/industry/products")).AsArray();
        Assert.All(own, p => Assert.Equal("in-jpn", p!.Str("companyCode")));
        Assert.Single((await fx.JpnRep.GetNode("/api/v1/industry/companies")).AsArray());
        using (var r = await fx.JpnRep.GetAsync("/api/v1/industry/companies/in-deu", TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        // Others read every company and product.
        var all = (await fx.JpnPoc.GetNode("/api/v1/industry/products")).AsArray();
        Assert.Contains(all, p => p!.Str("companyCode") == "in-deu");
        // A representative cannot create companies.
        using (var r = await fx.JpnRep.PostJson("/api/v1/industry/companies", new { code = "in-x", name = "x", nation = "JPN" }))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task An_industry_representative_bound_to_an_unknown_company_is_refused_naming_the_company()
    {
        await using var db = fx.Db.Open();
        var e = await Assert.ThrowsAsync<RequestException>(() => new AccountsService(db).Add(Actor.LocalOperator("t"), "in-ghost", "ghost",
            Role.IndustryRepresentative, null, "no-such-company", "fixture-password-123", TestContext.Current.CancellationToken));
        Assert.Equal("company", e.Field);
    }

    [Fact]
    public async Task Bad_orders_are_refused_naming_the_field_and_write_nothing()
    {
        var ledger = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        // Japan's money is non-lethal only (its policy), also in a pool.
        await (await NewOrder(100, [new { pledgeId = fx.JpnPledge, amount = 10_000m }])).Problem(400, "funding[0].pledgeId");
        // Over the monthly capacity of 500.
        await (await NewOrder(600, [new { pledgeId = fx.DeuPledge, amount = 60_000m }])).Problem(400, "schedule[0].quantity");
        // Above the contribution's remaining balance.
        await (await NewOrder(20_000, [new { pledgeId = fx.DeuPledge, amount = 2_000_000m }],
            Enumerable.Range(13, 40).Select(m => (object)new { month = Month(m), quantity = 500 }).ToArray())).Problem(400, "funding[0].amount");
        // Shares that do not add up to the order's value; a month that is not a month.
        await (await NewOrder(100, [new { pledgeId = fx.DeuPledge, amount = 5m }])).Problem(400, "funding");
        await (await NewOrder(100, [new { pledgeId = fx.DeuPledge, amount = 10_000m }], [new { month = "07/2031", quantity = 100 }])).Problem(400, "schedule[0].month");
        // A product with zero capacity and a positive order.
        Guid stockOnly;
        using (var r = await fx.DeuRep.PostJson("/api/v1/industry/products", new { itemCode = "in-generator", unitPrice = 10m, currency = "EUR", capacityPerMonth = 0, leadTimeWeeks = 0, stockOnHand = 30 }))
            stockOnly = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        ledger = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        await (await NewOrder(10, [new { pledgeId = fx.DeuPledge, amount = 100m }], product: stockOnly)).Problem(400, "quantity");
        // An unknown currency and an unknown coalition earmark on a contribution.
        await (await Http.PostJson("/api/v1/funding", new { donorCode = "DEU", poolId = fx.PoolId, amount = 5m, currency = "XQZ", pledgedOn = "2026-01-05" })).Problem(400, "currency");
        await (await Http.PostJson("/api/v1/funding", new { donorCode = "DEU", poolId = fx.PoolId, amount = 5m, currency = "EUR", pledgedOn = "2026-01-05", earmarkCoalition = "cavalry" })).Problem(400, "earmarkCoalition");
        await (await Http.PostJson("/api/v1/pools", new { code = "in-bad", name = "bad", currency = "XQZ" })).Problem(400, "currency");
        Assert.Equal(ledger, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
    }

    [Fact]
    public async Task An_order_commits_money_pays_it_on_deliveries_and_closes_the_requirement_only_on_receipt()
    {
        JsonNode order;
        using (var r = await NewOrder(200, [new { pledgeId = fx.DeuPledge, amount = 20_000m }], [new { month = Month(1), quantity = 100 }, new { month = Month(2), quantity = 100 }]))
            order = await r.Ok(HttpStatusCode.Created);
        var id = order.Str("id");
        Assert.Equal("Proposed", order.Str("state"));
        Assert.False(order["requirementClosed"]!.GetValue<bool>());
        var before = await Contribution(fx.DeuPledge);
        Assert.True(before.Dec("committed") >= 20_000m);

        // The second month is now booked to 100 of 500: another order of 450 in that month exceeds the capacity.
        await (await NewOrder(450, [new { pledgeId = fx.DeuPledge, amount = 45_000m }], [new { month = Month(2), quantity = 450 }])).Problem(400, "schedule[0].quantity");

        order = await Act($"/api/v1/industry/orders/{id}/contract", ETagOf(order));
        // A payment above the committed amount is refused; an advance within it moves money to paid.
        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/industry/orders/{id}/payments", new { pledgeId = fx.DeuPledge, amount = 20_000.01m }, ETagOf(order)))
            await r.Problem(400, "amount");
        order = await Act($"/api/v1/industry/orders/{id}/payments", ETagOf(order), new { pledgeId = fx.DeuPledge, amount = 2_000m });
        order = await Act($"/api/v1/industry/orders/{id}/start", ETagOf(order));
        order = await Act($"/api/v1/industry/orders/{id}/deliveries", ETagOf(order), new { quantity = 50 });
        var share = order["funding"]!.AsArray()[0]!;
        Assert.Equal(5_000m, share.Dec("paid")); // 50 of 200 units: a quarter, the advance included
        Assert.Equal(15_000m, share.Dec("committed"));
        Assert.Equal("InProduction", order.Str("state"));
        var requirement = await Http.GetNode($"/api/v1/requirements/{fx.ShellRequirement}");
        Assert.True(requirement["quantityDelivered"]!.GetValue<int>() >= 50);

        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/industry/orders/{id}/deliveries", new { quantity = 151 }, ETagOf(order)))
            await r.Problem(400, "quantity");
        order = await Act($"/api/v1/industry/orders/{id}/deliveries", ETagOf(order), new { quantity = 150 });
        Assert.Equal("Delivered", order.Str("state"));
        Assert.Equal(20_000m, order["funding"]!.AsArray()[0]!.Dec("paid"));
        var schedule = order["schedule"]!.AsArray();
        Assert.Equal(200, schedule.Max(s => s!["receivedCumulative"]!.GetValue<int>()));

        var after = await Contribution(fx.DeuPledge);
        Assert.Equal(before.Dec("paid") + 20_000m, after.Dec("paid"));
        Assert.Equal(before.Dec("committed") - 20_000m, after.Dec("committed"));
        Assert.Equal(after.Dec("pledged") - after.Dec("committed") - after.Dec("paid"), after.Dec("remaining"));
        // Every step is ledgered with the real actor: created, contracted, paid, started, two deliveries.
        var history = await Http.GetNode($"/api/v1/ledger?entityType=ProductionOrder&entityId={id}");
        Assert.Equal(6, history["items"]!.AsArray().Count);
        Assert.False(history["hasMore"]!.GetValue<bool>());
        Assert.Contains("it-operator", history.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_representative_reads_only_the_orders_placed_with_its_company()
    {
        string id;
        using (var r = await NewOrder(10, [new { pledgeId = fx.DeuPledge, amount = 1_000m }]))
            id = (await r.Ok(HttpStatusCode.Created)).Str("id");
        using (var r = await fx.JpnRep.GetAsync($"/api/v1/industry/orders/{id}", TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.DoesNotContain((await fx.JpnRep.GetNode("/api/v1/industry/orders")).AsArray(), o => o!.Str("id") == id);
        Assert.Equal("in-deu", (await fx.DeuRep.GetNode($"/api/v1/industry/orders/{id}")).Str("companyCode"));
        // A representative cannot move an order along.
        using (var r = await fx.DeuRep.Send(HttpMethod.Post, $"/api/v1/industry/orders/{id}/contract", new { }, "W/\"0\""))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        // Japan's point of contact does not pay for it: not found; it sees the pool only as aggregates plus its own contribution.
        using (var r = await fx.JpnPoc.GetAsync($"/api/v1/industry/orders/{id}", TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var pool = await fx.JpnPoc.GetNode($"/api/v1/pools/{fx.PoolId}");
        Assert.All(pool["contributions"]!.AsArray(), c => Assert.Equal("JPN", c!.Str("donorCode")));
        // Germany's contribution is released to the cell only, so it is in no figure Japan gets (issue 8's aggregate rule:
        // a total must not let a nation difference out a record not released to it): the total is Japan's own.
        Assert.Null(pool["otherContributors"]);
        Assert.Equal(pool["contributions"]!.AsArray().Sum(c => c!["balance"]!.Dec("pledged")), pool["total"]!.Dec("pledged"));
        Assert.True(pool["total"]!.Dec("pledged") >= 500_000m);
        Assert.True((await Http.GetNode($"/api/v1/pools/{fx.PoolId}"))["total"]!.Dec("pledged") >= 1_500_000m); // the cell sees it all
    }

    [Fact]
    public async Task The_pages_show_companies_orders_against_schedule_and_pools_with_a_chart_and_hide_other_companies_orders()
    {
        string id;
        using (var r = await NewOrder(10, [new { pledgeId = fx.DeuPledge, amount = 1_000m }]))
            id = (await r.Ok(HttpStatusCode.Created)).Str("id");
        var ct = TestContext.Current.CancellationToken;
        using var coordinator = await fx.SignedInBrowserAsync("in-page-coordinator", Role.Coordinator, null);
        Assert.Contains("in-deu works", await coordinator.GetStringAsync("/industry", ct));
        var orderPage = await coordinator.GetStringAsync($"/industry/orders/{id}", ct);
        Assert.Contains("ordered units do not close it until they are received", orderPage);
        Assert.Contains("Schedule against deliveries", orderPage);
        var pools = await coordinator.GetStringAsync("/funding/pools", ct);
        Assert.Contains("<svg", pools);
        Assert.Contains("data-nation=\"DEU\"", pools);
        Assert.DoesNotContain("<script src=\"http", await coordinator.GetStringAsync($"/funding/pools/{fx.PoolId}", ct));
        using var rep = await fx.SignedInBrowserAsync("in-rep-jpn", Role.IndustryRepresentative, null);
        using (var r = await rep.GetAsync($"/industry/orders/{id}", ct))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.DoesNotContain("in-deu works", await rep.GetStringAsync("/industry", ct));
    }

    [Fact]
    public async Task The_pools_report_says_who_paid_for_what_and_the_openapi_document_lists_the_new_endpoints()
    {
        using (var r = await NewOrder(10, [new { pledgeId = fx.DeuPledge, amount = 1_000m }]))
            await r.Ok(HttpStatusCode.Created);
        var report = await Http.GetNode("/api/v1/reports/pools");
        Assert.Contains(report["payments"]!.AsArray(), p => p!.Str("donorCode") == "DEU" && p.Str("itemCode") == "in-shell" && p.Str("poolCode") == "in-purl");
        Assert.Contains(report["byNation"]!.AsArray(), n => n!.Str("donorCode") == "DEU" && n!["bought"]!.AsArray().Any(b => b!.GetValue<string>() == "industry shell"));
        using (var csv = await Http.GetAsync("/api/v1/reports/pools?format=csv", TestContext.Current.CancellationToken))
            Assert.StartsWith("pool,pool_currency,donor,order", await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // Japan's point of contact: its own nation's rows only.
        Assert.All((await fx.JpnPoc.GetNode("/api/v1/reports/pools"))["payments"]!.AsArray(), p => Assert.Equal("JPN", p!.Str("donorCode")));
        var paths = (await Http.GetNode("/openapi/v1.json"))["paths"]!.AsObject().Select(p => p.Key.TrimEnd('/')).ToHashSet();
        foreach (var path in new[] { "/api/v1/pools", "/api/v1/pools/{id}", "/api/v1/industry/companies", "/api/v1/industry/companies/{code}/vetting",
                     "/api/v1/industry/products", "/api/v1/industry/products/{id}", "/api/v1/industry/orders", "/api/v1/industry/orders/{id}/deliveries",
                     "/api/v1/industry/orders/{id}/payments", "/api/v1/reports/pools" })
            Assert.True(paths.Contains(path), $"no {path} in the OpenAPI document");
    }

    [Fact]
    public async Task The_command_line_lists_industry_and_reports_who_paid_for_what_and_names_bad_input()
    {
        using (var r = await NewOrder(10, [new { pledgeId = fx.DeuPledge, amount = 1_000m }]))
            await r.Ok(HttpStatusCode.Created);
        var companies = await Qm.Run("industry", "companies", "--db", fx.Db.DbArgument);
        Assert.True(companies.ExitCode == 0, companies.ToString());
        Assert.Contains("in-deu", companies.Out);
        var products = await Qm.Run("industry", "products", "--company", "in-deu", "--db", fx.Db.DbArgument);
        Assert.Contains("in-shell", products.Out);
        var csv = await Qm.Run("pools", "report", "--format", "csv", "--db", fx.Db.DbArgument);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.StartsWith("pool,pool_currency,donor,order", csv.Out);
        Assert.Contains("in-purl,EUR,DEU,", csv.Out);
        var bad = await Qm.Run("industry", "add-product", "--company", "in-jpn", "--item", "in-shell", "--price", "5", "--currency", "XQZ",
            "--capacity", "1", "--lead-weeks", "1", "--db", fx.Db.DbArgument);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("currency", bad.Err);
    }

    [Fact]
    public async Task Earmarked_money_pays_only_for_its_coalition()
    {
        Guid earmarked;
        using (var r = await Http.PostJson("/api/v1/funding", new { donorCode = "DEU", poolId = fx.PoolId, amount = 50_000m, currency = "EUR", pledgedOn = "2026-01-05", earmarkCoalition = "energy" }))
            earmarked = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        var problem = await (await NewOrder(10, [new { pledgeId = earmarked, amount = 1_000m }])).Problem(400, "funding[0].pledgeId");
        Assert.Contains("funds.earmark", problem.ToJsonString());
    }
}

public sealed class IndustryOnSqlite(IndustryFixture<OnSqlite> fx) : IndustryTests<OnSqlite>(fx);

public sealed class IndustryOnPostgres(IndustryFixture<OnPostgres> fx) : IndustryTests<OnPostgres>(fx);
