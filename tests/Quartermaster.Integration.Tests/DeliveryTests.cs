using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>Shipments, serials, dispatch rules, receipts and discrepancies through HTTP, on both databases.</summary>
public abstract class DeliveryTests<TKind>(DeliveryFixture<TKind> fx) : IClassFixture<DeliveryFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonNode> CreateShipment(Guid allocationId, int quantity, HttpClient? as_ = null, object? legs = null)
    {
        using var r = await (as_ ?? Http).PostJson("/api/v1/shipments", new { lines = new[] { new { allocationId, quantity } }, legs });
        return await r.Ok(HttpStatusCode.Created);
    }

    private static string Id(JsonNode shipment) => shipment["summary"].Str("id");

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

    private async Task<decimal> ReceivedEur(string donor)
        => (await Http.GetNode("/api/v1/reports/burden-sharing")).AsArray().Where(r => r!.Str("donor") == donor).Sum(r => r!.Dec("received_eur"));

    private static string Key() => "RCV-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonNode> ToHandedOver(string id)
    {
        await Post($"/api/v1/shipments/{id}/dispatch");
        await Post($"/api/v1/shipments/{id}/arrive-hub");
        return await Post($"/api/v1/shipments/{id}/hand-over");
    }

    [Fact]
    public async Task A_pledge_goes_from_its_allocation_through_dispatch_with_serials_the_hub_and_handover_to_a_receipt_with_one_damaged_unit()
    {
        var (offerId, requirementId, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Missile, 3);
        var shipment = await CreateShipment(allocationId, 3);
        var id = Id(shipment);
        Assert.Equal("Planned", shipment["summary"].Str("state"));
        Assert.Equal("planned", shipment["summary"].Str("stateLabel"));
        Assert.Equal(2, shipment["legs"]!.AsArray().Count);
        Assert.Equal("2026-03-02T08:00:00Z", shipment["summary"].Str("plannedDeparture"));

        using (var noSerials = await Http.PostJson($"/api/v1/shipments/{id}/dispatch", new { }))
        {
            var p = await noSerials.Problem(400, "serials");
            Assert.Contains("0 of 3", p["detail"]!.GetValue<string>());
        }
        var tag = "J" + Guid.NewGuid().ToString("N")[..6];
        using (var csv = await Http.PostFile($"/api/v1/shipments/{id}/serials", Encoding.UTF8.GetBytes($"serial\n{tag}-1\n{tag}-2\n{tag}-3\n"), "text/csv"))
            Assert.Equal(3, (await csv.Ok())["serials"]!.GetValue<int>());
        var dispatched = await Post($"/api/v1/shipments/{id}/dispatch");
        Assert.Equal("Dispatched", dispatched["summary"].Str("state"));
        Assert.Equal("Shipped", (await Http.GetNode($"/api/v1/offers/{offerId}")).Str("status"));
        await Post($"/api/v1/shipments/{id}/arrive-hub");
        var handed = await Post($"/api/v1/shipments/{id}/hand-over", null, fx.Recipient);
        Assert.Equal("HandedOver", handed["summary"].Str("state"));

        var receivedBefore = await ReceivedEur("USA");
        var key = Key();
        var receipt = new
        {
            shipmentId = id, signedBy = "Maj. O. Kovalenko", receivingUnit = "24th Mechanised Brigade",
            lines = new[]
            {
                new { lineNumber = 1, serials = new object[]
                {
                    new { serial = $"{tag}-1", outcome = "Accepted" }, new { serial = $"{tag}-2", outcome = "Accepted" },
                    new { serial = $"{tag}-3", outcome = "Rejected", reason = "Damaged" },
                } },
            },
        };
        JsonNode posted;
        using (var r = await PostReceipt(fx.Recipient, key, receipt)) posted = await r.Ok(HttpStatusCode.Created);
        Assert.Equal(2, posted["summary"]!["accepted"]!.GetValue<int>());
        Assert.Equal(1, posted["summary"]!["rejected"]!.GetValue<int>());
        Assert.Equal("Maj. O. Kovalenko", posted["summary"].Str("signedBy"));
        var discrepancy = Assert.Single(posted["discrepancies"]!.AsArray())!;
        Assert.Equal("Damaged", discrepancy.Str("code"));
        Assert.Equal("Rzeszów", discrepancy.Str("chargedTo"));
        Assert.Equal("Hub", discrepancy.Str("chargedKind"));
        Assert.Equal($"{tag}-3", discrepancy["serials"]![0]!.GetValue<string>());

        var after = await Http.GetNode($"/api/v1/shipments/{id}");
        Assert.Equal("Received", after["summary"].Str("state"));
        Assert.Equal(2, (await Http.GetNode($"/api/v1/offers/{offerId}"))["quantityDelivered"]!.GetValue<int>());
        var requirement = await Http.GetNode($"/api/v1/requirements/{requirementId}");
        Assert.Equal(2, requirement["quantityDelivered"]!.GetValue<int>());
        Assert.NotEqual("Delivered", requirement.Str("status"));
        // Burden-sharing values what was accepted on receipts (2 of 3 units of a 1,000 EUR line), apart from the source's figures.
        Assert.Equal(receivedBefore + 666.67m, await ReceivedEur("USA"));

        // The receipt's content hash is in its ledger event; the chain is intact.
        var hash = posted["summary"].Str("contentHash");
        Assert.Equal(1, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM ledger_events WHERE \"EventType\" = 'Receipt.Created' AND \"Payload\" LIKE '%{hash}%'"));
        Assert.True((await Http.GetNode("/api/v1/ledger/verify"))["intact"]!.GetValue<bool>());

        // Posting the same receipt again returns the first result and changes nothing.
        var events = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        using (var again = await PostReceipt(fx.Recipient, key, receipt))
        {
            var replay = await again.Ok(HttpStatusCode.OK);
            Assert.Equal(posted["summary"].Str("id"), replay["summary"].Str("id"));
            Assert.True(replay["replayed"]!.GetValue<bool>());
        }
        Assert.Equal(events, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
        // The same number with different content is a conflict naming the difference.
        var different = new { shipmentId = id, signedBy = "Maj. O. Kovalenko", receivingUnit = "24th Mechanised Brigade", lines = new[] { new { lineNumber = 1, accepted = 3 } } };
        using (var conflict = await PostReceipt(fx.Recipient, key, different))
        {
            var p = await conflict.Problem(409);
            Assert.Contains("line 1", p["detail"]!.GetValue<string>());
        }
        Assert.Equal(events, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
    }

    [Fact]
    public async Task Dispatch_is_refused_while_consent_is_pending_and_a_denial_cancels_the_planned_shipment_and_releases_the_allocation()
    {
        var (offerId, requirementId, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Helmet, 10, consent: "Pending");
        var id = Id(await CreateShipment(allocationId, 10));
        using (var r = await Http.PostJson($"/api/v1/shipments/{id}/dispatch", new { }))
            Assert.Contains("pending", (await r.Problem(400, "transferConsent"))["detail"]!.GetValue<string>());
        Assert.Equal("Planned", (await Http.GetNode($"/api/v1/shipments/{id}"))["summary"].Str("state"));

        using var read = await Http.GetAsync($"/api/v1/offers/{offerId}", Ct);
        var offer = await read.Ok();
        using (var deny = await Http.PutJson($"/api/v1/offers/{offerId}", new
               {
                   aidType = "Military", itemCode = DeliveryFixture<TKind>.Helmet, quantityAnnounced = 10, declaredValue = 1000m, declaredCurrency = "EUR",
                   transferConsent = "Denied", consentFrom = "USA",
               }, read.ETag()))
            Assert.Equal(0, (await deny.Ok())["quantityAllocated"]!.GetValue<int>());
        var cancelled = await Http.GetNode($"/api/v1/shipments/{id}");
        Assert.Equal("Cancelled", cancelled["summary"].Str("state"));
        Assert.Contains("denied", cancelled.Str("cancelReason"));
        Assert.Equal(1, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM allocations WHERE \"Id\" = '{Sql(allocationId)}' AND \"Released\" = TRUE"));
        Assert.Equal("Open", (await Http.GetNode($"/api/v1/requirements/{requirementId}")).Str("status"));
        Assert.NotNull(offer);
    }

    private string Sql(Guid g) => fx.Kind == DbKind.Sqlite ? g.ToString().ToUpperInvariant() : g.ToString();

    [Fact]
    public async Task A_serial_upload_is_all_or_nothing_and_names_the_line_and_column_of_every_problem()
    {
        var (_, _, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Missile, 3);
        var id = Id(await CreateShipment(allocationId, 3));
        var tag = "U" + Guid.NewGuid().ToString("N")[..6];
        using (var bad = await Http.PostFile($"/api/v1/shipments/{id}/serials", Encoding.UTF8.GetBytes($"serial\n{tag}-1\n{tag}-1\nbad serial!\n"), "text/csv"))
        {
            var p = await bad.Problem(422);
            var issues = p["issues"]!.AsArray();
            Assert.Contains(issues, i => i!["line"]!.GetValue<int>() == 3 && i["column"]!.GetValue<string>() == "serial" && i.Str("message").Contains("twice"));
            Assert.Contains(issues, i => i!["line"]!.GetValue<int>() == 4 && i.Str("message").Contains("bad serial!"));
        }
        Assert.Equal(0, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM shipment_serials WHERE \"Serial\" LIKE '{tag}%'"));

        // A serial of the same item on another shipment is refused, naming it.
        var (_, _, other) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Missile, 1);
        var otherId = Id(await CreateShipment(other, 1));
        await Post($"/api/v1/shipments/{otherId}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { $"{tag}-9" } } } });
        using (var taken = await Http.PostJson($"/api/v1/shipments/{id}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { $"{tag}-7", $"{tag}-8", $"{tag}-9" } } } }))
            Assert.Contains($"{tag}-9", (await taken.Problem(400, "lines[0].serials[2]"))["detail"]!.GetValue<string>());
        using (var few = await Http.PostJson($"/api/v1/shipments/{id}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { $"{tag}-7" } } } }))
            await few.Problem(400, "serials");
        Assert.Equal(0, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM shipment_serials WHERE \"ShipmentId\" = '{Sql(Guid.Parse(id))}'"));
    }

    [Fact]
    public async Task Partial_receipts_balance_line_by_line_and_a_correction_reverses_the_original()
    {
        var (offerId, requirementId, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Helmet, 10);
        var id = Id(await CreateShipment(allocationId, 10));
        using (var early = await PostReceipt(fx.Recipient, Key(), new { shipmentId = id, lines = new[] { new { lineNumber = 1, accepted = 1 } } }))
            Assert.Contains("not been handed over", (await early.Problem(400, "shipmentId"))["detail"]!.GetValue<string>());
        await ToHandedOver(id);
        using (var first = await PostReceipt(fx.Recipient, Key(), new { shipmentId = id, lines = new[] { new { lineNumber = 1, accepted = 6 } } }))
            await first.Ok(HttpStatusCode.Created);
        Assert.Equal("HandedOver", (await Http.GetNode($"/api/v1/shipments/{id}"))["summary"].Str("state"));
        using (var over = await PostReceipt(fx.Recipient, Key(), new { shipmentId = id, lines = new[] { new { lineNumber = 1, accepted = 4, @short = 1 } } }))
            Assert.Contains("does not balance", (await over.Problem(400, "lines[0]"))["detail"]!.GetValue<string>());
        using (var future = await PostReceipt(fx.Recipient, Key(), new { shipmentId = id, signedAt = DateTime.UtcNow.AddDays(2), lines = new[] { new { lineNumber = 1, accepted = 1 } } }))
            await future.Problem(400, "signedAt");
        JsonNode second;
        using (var r = await PostReceipt(fx.Recipient, Key(), new { shipmentId = id, lines = new[] { new { lineNumber = 1, accepted = 3, @short = 1 } } }))
            second = await r.Ok(HttpStatusCode.Created);
        Assert.Equal("Received", (await Http.GetNode($"/api/v1/shipments/{id}"))["summary"].Str("state"));
        Assert.Equal(9, (await Http.GetNode($"/api/v1/offers/{offerId}"))["quantityDelivered"]!.GetValue<int>());
        Assert.Equal("Short", Assert.Single(second["discrepancies"]!.AsArray())!.Str("code"));

        var reversal = await Post($"/api/v1/receipts/{second["summary"].Str("id")}/reverse", new { number = Key(), reason = "the missing helmet was found in the cab" },
            fx.Recipient, HttpStatusCode.Created);
        Assert.Equal(second["summary"].Str("id"), reversal["summary"].Str("correctsId"));
        Assert.Equal(-3, reversal["summary"]!["accepted"]!.GetValue<int>());
        Assert.Equal("HandedOver", (await Http.GetNode($"/api/v1/shipments/{id}"))["summary"].Str("state"));
        Assert.Equal(6, (await Http.GetNode($"/api/v1/offers/{offerId}"))["quantityDelivered"]!.GetValue<int>());
        Assert.Equal("Voided", (await Http.GetNode($"/api/v1/discrepancies/{second["discrepancies"]![0].Str("id")}")).Str("state"));
        using (var twice = await fx.Recipient.PostJson($"/api/v1/receipts/{reversal["summary"].Str("id")}/reverse", new { number = Key(), reason = "again" }))
            await twice.Problem(400, "corrects");

        using (var last = await PostReceipt(fx.Recipient, Key(), new { shipmentId = id, lines = new[] { new { lineNumber = 1, accepted = 4 } } }))
            await last.Ok(HttpStatusCode.Created);
        Assert.Equal("Received", (await Http.GetNode($"/api/v1/shipments/{id}"))["summary"].Str("state"));
        Assert.Equal("Delivered", (await Http.GetNode($"/api/v1/requirements/{requirementId}")).Str("status"));
    }

    [Fact]
    public async Task A_serial_that_was_never_shipped_opens_a_not_expected_discrepancy_and_is_never_added()
    {
        var (offerId, _, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Missile, 2);
        var id = Id(await CreateShipment(allocationId, 2));
        var tag = "N" + Guid.NewGuid().ToString("N")[..6];
        await Post($"/api/v1/shipments/{id}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { $"{tag}-1", $"{tag}-2" } } } });
        await ToHandedOver(id);
        JsonNode posted;
        using (var r = await PostReceipt(fx.Recipient, Key(), new
               {
                   shipmentId = id,
                   lines = new[] { new { lineNumber = 1, serials = new object[] { new { serial = $"{tag}-1" }, new { serial = $"{tag}-X" } }, remainingMissing = true } },
               }))
            posted = await r.Ok(HttpStatusCode.Created);
        Assert.Equal(1, posted["summary"]!["accepted"]!.GetValue<int>());
        Assert.Equal(1, posted["summary"]!["short"]!.GetValue<int>());
        Assert.Equal(1, posted["summary"]!["unexpected"]!.GetValue<int>());
        var codes = posted["discrepancies"]!.AsArray().Select(d => d!.Str("code")).Order().ToList();
        Assert.Equal(["NotExpected", "Short"], codes);
        Assert.Equal(0, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM shipment_serials WHERE \"Serial\" = '{tag}-X'"));
        Assert.Equal(1, (await Http.GetNode($"/api/v1/offers/{offerId}"))["quantityDelivered"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_discrepancy_is_reviewed_and_resolved_by_the_recipient_and_contested_only_by_its_donor()
    {
        var (_, _, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Helmet, 5);
        var id = Id(await CreateShipment(allocationId, 5));
        await ToHandedOver(id);
        JsonNode posted;
        using (var r = await PostReceipt(fx.Recipient, Key(), new { shipmentId = id, lines = new[] { new { lineNumber = 1, accepted = 4, rejected = new[] { new { reason = "WrongItem", quantity = 1 } } } } }))
            posted = await r.Ok(HttpStatusCode.Created);
        var d = Assert.Single(posted["discrepancies"]!.AsArray())!;
        Assert.Equal("Donor", d.Str("chargedKind"));
        var did = d.Str("id");
        using (var jpn = await fx.JpnPoc.PostJson($"/api/v1/discrepancies/{did}/contest", new { note = "not ours" })) await jpn.Problem(404);
        await Post($"/api/v1/discrepancies/{did}/contest", new { note = "the box was sealed at the depot" }, fx.UsaPoc);
        using (var resolveEarly = await fx.Recipient.PostJson($"/api/v1/discrepancies/{did}/resolve", new { resolution = "Credited" })) await resolveEarly.Problem(400, "state");
        await Post($"/api/v1/discrepancies/{did}/review", new { note = "checking the photos" }, fx.Recipient);
        var resolved = await Post($"/api/v1/discrepancies/{did}/resolve", new { resolution = "Replaced", note = "replacement in the next shipment" }, fx.Recipient);
        Assert.Equal("Resolved", resolved.Str("state"));
        Assert.Equal("Replaced", resolved.Str("resolution"));
        Assert.Contains((await fx.UsaPoc.GetNode("/api/v1/discrepancies?pageSize=500"))["items"]!.AsArray(), x => x!.Str("id") == did);
        Assert.DoesNotContain((await fx.JpnPoc.GetNode("/api/v1/discrepancies?pageSize=500"))["items"]!.AsArray(), x => x!.Str("id") == did);
    }

    [Fact]
    public async Task A_point_of_contact_sees_and_ships_only_its_own_nations_shipments()
    {
        var (_, _, usa) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Helmet, 4);
        var (_, _, jpn) = await fx.AllocateAsync("JPN", DeliveryFixture<TKind>.Helmet, 4);
        var usaShipment = Id(await CreateShipment(usa, 4));
        using (var steal = await fx.JpnPoc.PostJson("/api/v1/shipments", new { lines = new[] { new { allocationId = usa, quantity = 1 } } }))
            await steal.Problem(400, "lines[0].allocationId");
        var jpnShipment = Id(await CreateShipment(jpn, 4, fx.JpnPoc));
        var seen = (await fx.JpnPoc.GetNode("/api/v1/shipments?pageSize=500"))["items"]!.AsArray().Select(s => s!.Str("donorCode")).Distinct().ToList();
        Assert.Equal(["JPN"], seen);
        using (var get = await fx.JpnPoc.GetAsync($"/api/v1/shipments/{usaShipment}", Ct)) Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using (var dispatch = await fx.JpnPoc.PostJson($"/api/v1/shipments/{usaShipment}/dispatch", new { })) Assert.Equal(HttpStatusCode.NotFound, dispatch.StatusCode);
        using (var cancel = await fx.JpnPoc.PostJson($"/api/v1/shipments/{usaShipment}/cancel", new { reason = "x" })) Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        var all = (await fx.Recipient.GetNode("/api/v1/shipments?pageSize=500"))["items"]!.AsArray().Select(s => s!.Str("id")).ToList();
        Assert.Contains(usaShipment, all);
        Assert.Contains(jpnShipment, all);
        await Post($"/api/v1/shipments/{jpnShipment}/dispatch", null, fx.JpnPoc);
    }

    [Fact]
    public async Task A_hub_over_its_weekly_tonnes_refuses_dispatch_unless_a_coordinator_overrides_with_a_reason()
    {
        var legs = new object[]
        {
            new { from = "Ramstein depot", to = DeliveryFixture<TKind>.Hub, mode = "Rail", custodian = "DB Cargo", custodianKind = "Carrier", plannedDeparture = "2026-05-04T08:00:00Z", plannedArrival = "2026-05-06T08:00:00Z" },
            new { from = DeliveryFixture<TKind>.Hub, to = "Lviv", mode = "Road", custodian = "Rzeszów", custodianKind = "Hub", plannedDeparture = "2026-05-07T08:00:00Z", plannedArrival = "2026-05-08T08:00:00Z" },
        };
        var (_, _, a1) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Helmet, 5000);
        var (_, _, a2) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Helmet, 5000);
        var first = Id(await CreateShipment(a1, 5000, legs: legs));
        var second = Id(await CreateShipment(a2, 5000, fx.UsaPoc, legs));
        await Post($"/api/v1/shipments/{first}/dispatch");
        using (var refused = await fx.UsaPoc.PostJson($"/api/v1/shipments/{second}/dispatch", new { overrideReason = "we insist" }))
        {
            var detail = (await refused.Problem(400, "hub"))["detail"]!.GetValue<string>();
            Assert.Contains("2026-05-04", detail);
            Assert.Contains("7.5 t", detail);
        }
        using (var noReason = await Http.PostJson($"/api/v1/shipments/{second}/dispatch", new { })) await noReason.Problem(400, "hub");
        var overridden = await Post($"/api/v1/shipments/{second}/dispatch", new { overrideReason = "winter kit before the frost" });
        Assert.Equal("winter kit before the frost", overridden.Str("capacityOverride"));
        Assert.True(await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"Payload\" LIKE '%winter kit before the frost%'") > 0);
    }
}

public sealed class DeliveryOnSqlite(DeliveryFixture<OnSqlite> fx) : DeliveryTests<OnSqlite>(fx);

public sealed class DeliveryOnPostgres(DeliveryFixture<OnPostgres> fx) : DeliveryTests<OnPostgres>(fx);
