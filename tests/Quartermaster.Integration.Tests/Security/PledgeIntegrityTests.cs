using System.Net;
using System.Text;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>A point of contact pledges only for its own nation and only what its nation's policy allows: API and import alike.</summary>
public abstract class PledgeIntegrityTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private Task<HttpClient> Jpn() => fx.ClientForAsync("pi-poc-jpn", Role.NationalPointOfContact, "JPN");

    private async Task<(long Ledger, long Offers, long Funding)> Counts()
        => (await fx.LedgerCountAsync(), await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM offers"), await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM funding_pledges"));

    private static Task<HttpResponseMessage> ImportOffers(HttpClient http, string csv)
        => http.PostFile("/api/v1/import/offers?fileName=offers.csv", Encoding.UTF8.GetBytes(csv), "text/csv");

    [Fact]
    public async Task Point_of_contact_posting_an_offer_or_funding_in_another_nations_name_is_refused_and_nothing_is_written()
    {
        using var jpn = await Jpn();
        var before = await Counts();
        using (var offer = await jpn.PostJson("/api/v1/offers", new { donorCode = "USA", aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, quantityAnnounced = 5 }))
            await offer.Problem(400, "donorCode");
        using (var lower = await jpn.PostJson("/api/v1/offers", new { donorCode = "usa", aidType = "Humanitarian", description = "blankets", quantityAnnounced = 5 }))
            await lower.Problem(400, "donorCode");
        using (var funding = await jpn.PostJson("/api/v1/funding", new { donorCode = "USA", pool = "pi-pool", amount = 1000m, currency = "EUR", pledgedOn = "2026-01-01" }))
            await funding.Problem(400, "donorCode");
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Point_of_contact_cannot_move_its_own_offer_or_funding_to_another_donor()
    {
        using var jpn = await Jpn();
        using var created = await jpn.PostJson("/api/v1/offers", new { aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, quantityAnnounced = 5 });
        var id = (await created.Ok(HttpStatusCode.Created)).Str("id");
        using var fund = await jpn.PostJson("/api/v1/funding", new { pool = "pi-own", amount = 10m, currency = "EUR", pledgedOn = "2026-01-01" });
        var fundId = (await fund.Ok(HttpStatusCode.Created)).Str("id");
        var before = await Counts();
        using (var put = await jpn.PutJson($"/api/v1/offers/{id}", new { donorCode = "USA", aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, quantityAnnounced = 5 }, created.ETag()))
            await put.Problem(400, "donorCode");
        using (var put = await jpn.PutJson($"/api/v1/funding/{fundId}", new { donorCode = "USA", amount = 10m, currency = "EUR" }, fund.ETag()))
            await put.Problem(400, "donorCode");
        Assert.Equal(before, await Counts());
        Assert.Equal("JPN", (await jpn.GetNode($"/api/v1/offers/{id}")).Str("donorCode"));
    }

    [Fact]
    public async Task Offers_import_with_one_line_for_another_nation_is_rejected_entirely()
    {
        using var jpn = await Jpn();
        var k = Guid.NewGuid().ToString("N")[..8];
        var csv = "source_key,donor,aid_type,description,item,quantity\n"
                  + $"pi-{k}-1,JPN,Military,helmets,{SecurityFixture<TKind>.Helmet},10\n"
                  + $"pi-{k}-2,USA,Military,helmets for the USA,{SecurityFixture<TKind>.Helmet},10\n"
                  + $"pi-{k}-3,JPN,Humanitarian,blankets,,100\n";
        var before = await Counts();
        using var response = await ImportOffers(jpn, csv);
        var problem = await response.Problem(422);
        var issues = problem["issues"]!.AsArray();
        Assert.Contains(issues, i => i!["line"]!.GetValue<int>() == 3 && i["column"]?.GetValue<string>() == "donor");
        Assert.DoesNotContain(issues, i => i!["line"]!.GetValue<int>() is 2 or 4);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Import_reusing_another_nations_source_key_neither_touches_that_offer_nor_fails_with_500()
    {
        using var usa = await fx.ClientForAsync("pi-poc-usa", Role.NationalPointOfContact, "USA");
        using var jpn = await Jpn();
        var key = "pi-shared-" + Guid.NewGuid().ToString("N")[..8];
        using (var mine = await ImportOffers(usa, $"source_key,donor,aid_type,description,item,quantity\n{key},USA,Military,usa helmets,{SecurityFixture<TKind>.Helmet},7\n"))
            await mine.Ok();
        var usaOffer = (await usa.GetNode($"/api/v1/offers?donor=USA&search=usa%20helmets"))["items"]![0]!;
        using var clash = await ImportOffers(jpn, $"source_key,donor,aid_type,description,item,quantity\n{key},JPN,Military,jpn helmets,{SecurityFixture<TKind>.Helmet},1\n");
        var text = await clash.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)clash.StatusCode < 500, $"{(int)clash.StatusCode}: {text}");
        var after = await usa.GetNode($"/api/v1/offers/{usaOffer.Str("id")}");
        Assert.Equal("usa helmets", after.Str("description"));
        Assert.Equal(7, after["quantityAnnounced"]!.GetValue<int>());
        Assert.Equal("USA", after.Str("donorCode"));
    }

    [Fact]
    public async Task Non_lethal_only_point_of_contact_cannot_pledge_a_lethal_item_via_api_or_import()
    {
        using var jpn = await Jpn();
        var before = await Counts();
        using (var api = await jpn.PostJson("/api/v1/offers", new { aidType = "Military", itemCode = SecurityFixture<TKind>.Howitzer, quantityAnnounced = 2 }))
            await api.Problem(400, "itemCode");
        var k = Guid.NewGuid().ToString("N")[..8];
        var csv = "source_key,donor,aid_type,description,item,quantity\n"
                  + $"pl-{k}-1,JPN,Military,helmets,{SecurityFixture<TKind>.Helmet},10\n"
                  + $"pl-{k}-2,JPN,Military,howitzers,{SecurityFixture<TKind>.Howitzer},2\n";
        using (var import = await ImportOffers(jpn, csv))
            await import.Problem(422);
        Assert.Equal(before, await Counts());

        // Nor by changing an allowed offer into a lethal one.
        using var created = await jpn.PostJson("/api/v1/offers", new { aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, quantityAnnounced = 5 });
        var id = (await created.Ok(HttpStatusCode.Created)).Str("id");
        using (var put = await jpn.PutJson($"/api/v1/offers/{id}", new { aidType = "Military", itemCode = SecurityFixture<TKind>.Howitzer, quantityAnnounced = 5 }, created.ETag()))
            Assert.True(put.StatusCode == HttpStatusCode.BadRequest || (await jpn.GetNode($"/api/v1/offers/{id}")).Str("itemCode") == SecurityFixture<TKind>.Helmet,
                $"the offer now names the lethal item: {(int)put.StatusCode}");
    }

    [Fact]
    public async Task Funding_by_a_non_lethal_only_nation_is_non_lethal_only_whatever_the_request_says()
    {
        using var jpn = await Jpn();
        using var created = await jpn.PostJson("/api/v1/funding", new { pool = "pi-nl", amount = 500m, currency = "EUR", pledgedOn = "2026-01-01", nonLethalOnly = false });
        var body = await created.Ok(HttpStatusCode.Created);
        Assert.True(body["nonLethalOnly"]!.GetValue<bool>());
        using var put = await jpn.PutJson($"/api/v1/funding/{body.Str("id")}", new { amount = 600m, currency = "EUR", nonLethalOnly = false }, created.ETag());
        Assert.True((await put.Ok())["nonLethalOnly"]!.GetValue<bool>());
        // The coordinator pledging JPN's money cannot lift the restriction either.
        using var coord = await fx.Coordinator.PostJson("/api/v1/funding", new { donorCode = "JPN", pool = "pi-nl", amount = 1m, currency = "EUR", pledgedOn = "2026-01-01", nonLethalOnly = false });
        Assert.True((await coord.Ok(HttpStatusCode.Created))["nonLethalOnly"]!.GetValue<bool>());
    }
}

public sealed class PledgeIntegrityOnSqlite(SecurityFixture<OnSqlite> fx) : PledgeIntegrityTests<OnSqlite>(fx);

public sealed class PledgeIntegrityOnPostgres(SecurityFixture<OnPostgres> fx) : PledgeIntegrityTests<OnPostgres>(fx);
