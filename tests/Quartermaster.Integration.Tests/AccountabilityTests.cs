using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>Custody, inventories, delinquency and the accountability report through HTTP, on both databases.</summary>
public abstract class AccountabilityTests<TKind>(DeliveryFixture<TKind> fx) : IClassFixture<DeliveryFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private async Task<JsonNode> Post(string path, object? body, HttpClient? as_ = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var r = await (as_ ?? Http).PostJson(path, body ?? new { });
        return await r.Ok(expected);
    }

    private static string Iso(DateTime d) => d.ToString("yyyy-MM-ddTHH:mm:ssZ");

    /// <summary>Three monitored missiles of a new allocation, handed over <paramref name="daysAgo"/> days ago and received by <paramref name="unit"/>.</summary>
    private async Task<(string Tag, string ShipmentId, string ReceiptId)> Received(int daysAgo, string unit)
    {
        var (_, _, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Stinger, 3, value: 178_000m);
        var shipment = await Post("/api/v1/shipments", new { lines = new[] { new { allocationId, quantity = 3 } } }, null, HttpStatusCode.Created);
        var id = shipment["summary"].Str("id");
        var tag = "S" + Guid.NewGuid().ToString("N")[..6];
        await Post($"/api/v1/shipments/{id}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { $"{tag}-1", $"{tag}-2", $"{tag}-3" } } } });
        var now = DateTime.UtcNow;
        await Post($"/api/v1/shipments/{id}/dispatch", new { at = Iso(now.AddDays(-daysAgo - 10)) });
        await Post($"/api/v1/shipments/{id}/arrive-hub", new { at = Iso(now.AddDays(-daysAgo - 5)) });
        await Post($"/api/v1/shipments/{id}/hand-over", new { at = Iso(now.AddDays(-daysAgo)) }, fx.Recipient);
        var receipt = await Post("/api/v1/receipts", new { shipmentId = id, number = "R-" + tag, receivingUnit = unit, lines = new[] { new { lineNumber = 1, accepted = 3, remainingMissing = false,
            serials = new[] { new { serial = $"{tag}-1" }, new { serial = $"{tag}-2" }, new { serial = $"{tag}-3" } } } } }, fx.Recipient, HttpStatusCode.Created);
        return (tag, id, receipt["summary"].Str("id"));
    }

    private async Task<List<JsonNode>> Delinquent()
        => (await Http.GetNode("/api/v1/accountability/delinquent?pageSize=500"))["items"]!.AsArray().Select(x => x!).ToList();

    [Fact]
    public async Task A_received_monitored_item_gets_custody_owes_its_inventory_within_90_days_and_is_delinquent_after()
    {
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..6];
        var (tag, _, _) = await Received(120, unit);
        var custody = Assert.Single((await Http.GetNode($"/api/v1/custody?serial={tag}-1")).AsArray())!;
        Assert.Equal(unit, custody.Str("holderUnit"));
        Assert.Equal("Lviv", custody.Str("location"));
        Assert.Equal("in service", custody.Str("statusLabel"));
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-120)).AddDays(90).ToString("yyyy-MM-dd"), custody.Str("nextInventoryDue"));
        Assert.Equal("received", custody["history"]![0].Str("kind"));
        var late = (await Delinquent()).Where(d => d.Str("serial").StartsWith(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, late.Count);
        Assert.All(late, d => Assert.InRange(d["daysOverdue"]!.GetValue<int>(), 29, 31));
        Assert.Equal(59333.33m, late[0].Dec("valueEur"));
        var report = await Http.GetNode("/api/v1/accountability/report");
        Assert.True(report["delinquent"]!.GetValue<int>() >= 3);
        Assert.True(report["compliancePercent"]!.GetValue<decimal>() < 100m);
    }

    [Fact]
    public async Task An_inventory_records_dispositions_flags_late_losses_and_shows_what_was_expected_but_not_found()
    {
        var unit = "unit-" + Guid.NewGuid().ToString("N")[..6];
        var (tag, _, receiptId) = await Received(100, unit);
        var now = DateTime.UtcNow;
        var csv = $"serial,status,evidence,manual\n{tag}-1,in service,scanned,no\n{tag}-2,under repair,workshop ticket 42,yes\n";
        JsonNode inventory;
        using (var r = await Http.PostFile($"/api/v1/inventories?number=INV-{tag}&unit={unit}", Encoding.UTF8.GetBytes(csv), "text/csv"))
            inventory = await r.Ok(HttpStatusCode.Created);
        Assert.Equal([$"{tag}-3"], inventory["expectedNotFound"]!.AsArray().Select(x => x!.GetValue<string>()));
        var stillLate = (await Delinquent()).Where(d => d.Str("serial").StartsWith(tag, StringComparison.Ordinal)).Select(d => d.Str("serial")).ToList();
        Assert.Equal([$"{tag}-3"], stillLate);
        var repaired = Assert.Single((await Http.GetNode($"/api/v1/custody?serial={tag}-2")).AsArray())!;
        Assert.Equal("under repair", repaired.Str("statusLabel"));
        var seen = repaired["history"]!.AsArray().Last()!;
        Assert.True(seen["manualEntry"]!.GetValue<bool>());
        Assert.Equal("workshop ticket 42", seen.Str("evidence"));
        Assert.Equal("expected, not found", Assert.Single((await Http.GetNode($"/api/v1/custody?serial={tag}-3")).AsArray())!["history"]!.AsArray().Last()!.Str("kind"));

        // The same inventory again is a replay; a different one under the same number is a conflict.
        using (var again = await Http.PostFile($"/api/v1/inventories?number=INV-{tag}&unit={unit}", Encoding.UTF8.GetBytes(csv), "text/csv"))
            Assert.True((await again.Ok())["replayed"]!.GetValue<bool>());

        // A loss noticed 40 days before it is reported is flagged late; it cannot be lost again.
        var loss = new { number = $"LOSS-{tag}", unit, lines = new[] { new { serial = $"{tag}-3", status = "Lost", noticedAt = Iso(now.AddDays(-40)), evidence = "convoy ambushed near Izium" } } };
        Assert.Equal(1, (await Post("/api/v1/inventories", loss, fx.Recipient, HttpStatusCode.Created))["lossesReportedLate"]!.GetValue<int>());
        using (var twice = await fx.Recipient.PostJson("/api/v1/inventories", new { number = $"LOSS2-{tag}", unit, lines = new[] { new { serial = $"{tag}-3", status = "Lost" } } }))
            await twice.Problem(400, "lines[0].status");
        using (var never = await fx.Recipient.PostJson("/api/v1/inventories", new { number = $"X-{tag}", unit, lines = new[] { new { serial = $"{tag}-404", status = "Lost" } } }))
            Assert.Contains("never received", (await never.Problem(400, "lines[0].serial"))["detail"]!.GetValue<string>());
        var report = await Http.GetNode("/api/v1/accountability/report");
        Assert.True(report["lossesReportedLate"]!.GetValue<int>() >= 1);
        var row = report["reconciliation"]!.AsArray().Single(x => x!.Str("donorCode") == "USA" && x.Str("itemCode") == DeliveryFixture<TKind>.Stinger)!;
        Assert.True(row["reconciles"]!.GetValue<bool>());

        // A receipt whose serials already have a custody history cannot be reversed.
        using (var reverse = await fx.Recipient.PostJson($"/api/v1/receipts/{receiptId}/reverse", new { number = $"REV-{tag}", reason = "test" }))
            await reverse.Problem(400, "corrects");
    }

    [Fact]
    public async Task Custody_moves_by_transfer_and_a_point_of_contact_sees_only_its_own_nations_custody()
    {
        var (tag, _, _) = await Received(5, "unit-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(2, (await Post("/api/v1/custody/transfers", new { serials = new[] { $"{tag}-1", $"{tag}-2" }, toUnit = "93rd Brigade", location = "Kramatorsk" }, fx.Recipient))["transferred"]!.GetValue<int>());
        var moved = Assert.Single((await Http.GetNode($"/api/v1/custody?serial={tag}-1")).AsArray())!;
        Assert.Equal("93rd Brigade", moved.Str("holderUnit"));
        Assert.Equal("transferred", moved["history"]!.AsArray().Last()!.Str("kind"));
        Assert.Empty((await fx.JpnPoc.GetNode($"/api/v1/custody?serial={tag}-1")).AsArray());
        Assert.Single((await fx.UsaPoc.GetNode($"/api/v1/custody?serial={tag}-1")).AsArray());
        using (var poc = await fx.UsaPoc.GetAsync("/api/v1/inventories", TestContext.Current.CancellationToken)) Assert.Equal(HttpStatusCode.Forbidden, poc.StatusCode);
    }
}

public sealed class AccountabilityOnSqlite(DeliveryFixture<OnSqlite> fx) : AccountabilityTests<OnSqlite>(fx);

public sealed class AccountabilityOnPostgres(DeliveryFixture<OnPostgres> fx) : AccountabilityTests<OnPostgres>(fx);
