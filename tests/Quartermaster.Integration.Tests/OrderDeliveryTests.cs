using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// The delivery world (<see cref="DeliveryFixture{TKind}"/>: hub RZE, the recipient, USA and JPN points of contact, a
/// serial-tracked Javelin) plus a German company making Javelins, a EUR pool with the United States' money, and a fresh
/// requirement line per test.
/// </summary>
public sealed class OrderDeliveryFixture<TKind> : DeliveryFixture<TKind> where TKind : IDbKind
{
    public Guid Product { get; private set; }
    public Guid PoolId { get; private set; }

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        await Http.EnsureNation("DEU", "Germany", "Member");
        using (var r = await Http.PostJson("/api/v1/industry/companies", new { code = "od-deu", name = "od Javelin works", nation = "DEU" }))
        {
            await r.Ok(HttpStatusCode.Created);
            using var v = await Http.Send(HttpMethod.Post, "/api/v1/industry/companies/od-deu/vetting", new { vetting = "Approved", note = "checked" }, r.ETag());
            await v.Ok();
        }
        using (var r = await Http.PostJson("/api/v1/industry/products", new { companyCode = "od-deu", itemCode = Missile, unitPrice = 1000m, currency = "EUR", capacityPerMonth = 1000, leadTimeWeeks = 0 }))
            Product = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/pools", new { code = "od-purl", name = "Order delivery PURL", currency = "EUR", purpose = "PackageFund" }))
            PoolId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }

    public async Task<Guid> PledgeAsync(string donor, decimal amount)
    {
        using var r = await Http.PostJson("/api/v1/funding", new { donorCode = donor, poolId = PoolId, amount, currency = "EUR", pledgedOn = "2026-01-05" });
        return Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }

    public async Task<Guid> RequirementAsync(int quantity)
    {
        using var r = await Http.PostJson("/api/v1/requirements", new
        {
            period = "2031-04", priorityRank = Random.Shared.Next(1, 1_000_000), itemCode = Missile, quantity, neededBy = "2031-06-01", destination = "Lviv",
        });
        return Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }
}

/// <summary>
/// Production orders deliver through the delivery chain: an order's produced units go on a shipment, through the hub to
/// the recipient, whose receipt records the order's delivery (accepted units only) and pays each contribution its share;
/// the requirement counts the units once; accepted serials open custody records; the paying nation follows it all.
/// </summary>
public abstract class OrderDeliveryTests<TKind>(OrderDeliveryFixture<TKind> fx) : IClassFixture<OrderDeliveryFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Month(int ahead) => new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(ahead).ToString("yyyy-MM");

    private static string ETagOf(JsonNode node) => $"W/\"{node.Long("version")}\"";

    private async Task<JsonNode> Act(string path, JsonNode current, object? body = null, HttpClient? http = null)
    {
        using var r = await (http ?? Http).Send(HttpMethod.Post, path, body ?? new { }, ETagOf(current));
        return await r.Ok();
    }

    private async Task<JsonNode> Post(string path, object? body = null, HttpClient? as_ = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var r = await (as_ ?? Http).PostJson(path, body ?? new { });
        return await r.Ok(expected);
    }

    private static async Task<HttpResponseMessage> PostReceipt(HttpClient http, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/receipts") { Content = System.Net.Http.Json.JsonContent.Create(body, options: Api.Json) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await http.SendAsync(request, Ct);
    }

    /// <summary>An order in production for <paramref name="quantity"/> Javelins at EUR 1,000, paid by <paramref name="pledge"/>.</summary>
    private async Task<JsonNode> OrderInProduction(Guid requirement, Guid pledge, int quantity)
    {
        JsonNode order;
        using (var r = await Http.PostJson("/api/v1/industry/orders", new
               {
                   productId = fx.Product, quantity, requirementId = requirement, schedule = new[] { new { month = Month(1), quantity } },
                   funding = new[] { new { pledgeId = pledge, amount = quantity * 1000m } },
               }))
            order = await r.Ok(HttpStatusCode.Created);
        var id = order.Str("id");
        order = await Act($"/api/v1/industry/orders/{id}/contract", order);
        return await Act($"/api/v1/industry/orders/{id}/start", order);
    }

    private async Task<HttpResponseMessage> Ship(string orderId, int quantity)
        => await Http.PostJson($"/api/v1/industry/orders/{orderId}/shipments", new { quantity, hubCode = DeliveryFixture<TKind>.Hub });

    [Fact]
    public async Task An_orders_units_go_through_the_hub_to_a_receipt_that_pays_accepted_units_only_counts_them_once_and_opens_custody()
    {
        var requirement = await fx.RequirementAsync(10);
        var pledge = await fx.PledgeAsync("USA", 50_000m);
        var order = await OrderInProduction(requirement, pledge, 10);
        var id = order.Str("id");

        // Nothing is produced yet: nothing ships. Then 5 are produced: 6 are refused, more than ordered too.
        using (var r = await Ship(id, 1)) await r.Problem(400, "quantity");
        order = await Act($"/api/v1/industry/orders/{id}/production", order, new { quantity = 5 });
        Assert.Equal(5, order["unitsProduced"]!.GetValue<int>());
        using (var r = await Ship(id, 6)) await r.Problem(400, "quantity");
        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/industry/orders/{id}/production", new { quantity = 6 }, ETagOf(order))) await r.Problem(400, "quantity");
        JsonNode shipment;
        using (var r = await Ship(id, 4)) shipment = await r.Ok(HttpStatusCode.Created);
        var sid = shipment["summary"].Str("id");
        Assert.Equal("DEU", shipment["summary"].Str("donorCode")); // the shipper is the producing company's nation
        Assert.Equal(["USA"], shipment["summary"]!["paidBy"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray());
        Assert.Equal(id, shipment["lines"]![0].Str("productionOrderId"));
        // The 4 on the shipment and the 1 produced left: one more shipment of 2 is refused.
        using (var r = await Ship(id, 2)) await r.Problem(400, "quantity");

        // The paying nation's point of contact follows the shipment; another nation's does not see it; neither moves it.
        using (var r = await fx.UsaPoc.GetAsync($"/api/v1/shipments/{sid}", Ct)) await r.Ok();
        using (var r = await fx.JpnPoc.GetAsync($"/api/v1/shipments/{sid}", Ct)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.DoesNotContain(sid, (await fx.JpnPoc.GetNode("/api/v1/shipments?pageSize=200")).ToJsonString(), StringComparison.Ordinal);
        using (var r = await fx.UsaPoc.PostJson($"/api/v1/shipments/{sid}/dispatch", new { })) Assert.NotEqual(HttpStatusCode.OK, r.StatusCode);

        // Serials as for gifts: dispatch needs them all.
        var tag = "OD" + Guid.NewGuid().ToString("N")[..6];
        using (var r = await Http.PostJson($"/api/v1/shipments/{sid}/dispatch", new { })) await r.Problem(400, "serials");
        await Post($"/api/v1/shipments/{sid}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { $"{tag}-1", $"{tag}-2", $"{tag}-3", $"{tag}-4" } } } });
        await Post($"/api/v1/shipments/{sid}/dispatch");
        var inTransit = await Http.GetNode($"/api/v1/industry/orders/{id}");
        Assert.Equal(4, inTransit["unitsInTransit"]!.GetValue<int>());
        Assert.Equal(0, inTransit["quantityDelivered"]!.GetValue<int>());
        // A direct delivery never takes the units on the shipment: 10 − 4 on their way leaves 6.
        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/industry/orders/{id}/deliveries", new { quantity = 7 }, ETagOf(inTransit))) await r.Problem(400, "quantity");
        await Post($"/api/v1/shipments/{sid}/arrive-hub");
        await Post($"/api/v1/shipments/{sid}/hand-over", null, fx.Recipient);

        JsonNode receipt;
        var number = "RCV-" + Guid.NewGuid().ToString("N")[..10];
        using (var r = await PostReceipt(fx.Recipient, number, new
               {
                   shipmentId = sid,
                   lines = new[]
                   {
                       new
                       {
                           lineNumber = 1,
                           serials = new object[]
                           {
                               new { serial = $"{tag}-1" }, new { serial = $"{tag}-2" }, new { serial = $"{tag}-3" },
                               new { serial = $"{tag}-4", outcome = "Rejected", reason = "Damaged" },
                           },
                       },
                   },
               }))
            receipt = await r.Ok(HttpStatusCode.Created);
        Assert.Equal(3, receipt["summary"]!["accepted"]!.GetValue<int>());

        // The order is delivered 3 (the rejected unit neither pays nor counts), 3/10 of the money moved to paid.
        order = await Http.GetNode($"/api/v1/industry/orders/{id}");
        Assert.Equal(3, order["quantityDelivered"]!.GetValue<int>());
        Assert.Equal("InProduction", order.Str("state"));
        Assert.Equal(0, order["unitsInTransit"]!.GetValue<int>());
        Assert.Equal(2, order["readyToShip"]!.GetValue<int>()); // 5 produced − 3 delivered; the rejected unit is owed again
        var share = order["funding"]!.AsArray()[0]!;
        Assert.Equal(3_000m, share.Dec("paid"));
        Assert.Equal(7_000m, share.Dec("committed"));
        var delivery = order["deliveries"]!.AsArray().Single()!;
        Assert.Equal(sid, delivery.Str("shipmentId"));
        Assert.Equal(number, delivery.Str("receipt"));
        Assert.Equal(3, (await Http.GetNode($"/api/v1/requirements/{requirement}"))["quantityDelivered"]!.GetValue<int>());

        // A unit handed over outside the hub chain: recorded directly, counted once more, not twice.
        order = await Act($"/api/v1/industry/orders/{id}/deliveries", order, new { quantity = 1, note = "handed over at the works" });
        Assert.Equal(4, order["quantityDelivered"]!.GetValue<int>());
        Assert.Equal(4_000m, order["funding"]!.AsArray()[0]!.Dec("paid"));
        Assert.Equal(4, (await Http.GetNode($"/api/v1/requirements/{requirement}"))["quantityDelivered"]!.GetValue<int>());

        // Accepted serials are in custody, shipped by Germany and followed by the paying nation; the rejected one is not.
        var custody = (await Http.GetNode($"/api/v1/custody?serial={tag}-1&item={DeliveryFixture<TKind>.Missile}")).AsArray();
        Assert.Single(custody);
        Assert.Contains("DEU", custody.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty((await Http.GetNode($"/api/v1/custody?serial={tag}-4&item={DeliveryFixture<TKind>.Missile}")).AsArray());
        Assert.Single((await fx.UsaPoc.GetNode($"/api/v1/custody?serial={tag}-2&item={DeliveryFixture<TKind>.Missile}")).AsArray());
        Assert.Empty((await fx.JpnPoc.GetNode($"/api/v1/custody?serial={tag}-2&item={DeliveryFixture<TKind>.Missile}")).AsArray());

        // The receipt paid the company: it is not reversed.
        using (var r = await fx.Recipient.PostJson($"/api/v1/receipts/{receipt["summary"].Str("id")}/reverse", new { number = number + "-C", reason = "counted wrong" }))
            await r.Problem(400, "corrects");

        // The pledge pays a live order: it cannot be withdrawn, and the refusal says what would be stranded.
        var pledgeNode = await Http.GetNode($"/api/v1/funding/{pledge}");
        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/funding/{pledge}/withdraw", new { }, ETagOf(pledgeNode)))
        {
            var problem = await r.Problem(400, "status");
            Assert.Contains("6,000.00 EUR committed and 4,000.00 EUR paid", problem.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Equal("Pledged", (await Http.GetNode($"/api/v1/funding/{pledge}")).Str("status"));

        // The ledger has the order's delivery by the receipt, with the recipient's officer as actor.
        var history = await Http.GetNode($"/api/v1/ledger?entityType=ProductionOrder&entityId={id}");
        Assert.Contains("dl-recipient", history.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pledge_that_funds_no_live_order_can_be_withdrawn_and_a_cancelled_order_releases_it()
    {
        var requirement = await fx.RequirementAsync(5);
        var pledge = await fx.PledgeAsync("USA", 10_000m);
        var order = await OrderInProduction(requirement, pledge, 2);
        var pledgeNode = await Http.GetNode($"/api/v1/funding/{pledge}");
        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/funding/{pledge}/withdraw", new { }, ETagOf(pledgeNode))) await r.Problem(400, "status");
        // An order with units on a shipment is not cancelled; once the shipment is cancelled it is.
        order = await Act($"/api/v1/industry/orders/{order.Str("id")}/production", order, new { quantity = 2 });
        JsonNode shipment;
        using (var r = await Ship(order.Str("id"), 2)) shipment = await r.Ok(HttpStatusCode.Created);
        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/industry/orders/{order.Str("id")}/cancel", new { reason = "no longer needed" }, ETagOf(order)))
            await r.Problem(400, "state");
        await Post($"/api/v1/shipments/{shipment["summary"].Str("id")}/cancel", new { reason = "order stopped" });
        order = await Act($"/api/v1/industry/orders/{order.Str("id")}/cancel", order, new { reason = "no longer needed" });
        Assert.Equal("Cancelled", order.Str("state"));
        pledgeNode = await Http.GetNode($"/api/v1/funding/{pledge}");
        var withdrawn = await Act($"/api/v1/funding/{pledge}/withdraw", pledgeNode);
        Assert.Equal("Withdrawn", withdrawn.Str("status"));
    }
}

public sealed class OrderDeliveryOnSqlite(OrderDeliveryFixture<OnSqlite> fx) : OrderDeliveryTests<OnSqlite>(fx);

public sealed class OrderDeliveryOnPostgres(OrderDeliveryFixture<OnPostgres> fx) : OrderDeliveryTests<OnPostgres>(fx);
