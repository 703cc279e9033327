using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>One nation's point of contact attacks another nation's records: nothing is revealed, nothing changes.</summary>
public abstract class CrossNationTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> Status(Task<HttpResponseMessage> call)
    {
        using var r = await call;
        return r.StatusCode;
    }

    private static Task<HttpResponseMessage> PostWithIfMatch(HttpClient http, string path, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return http.SendAsync(request, Ct);
    }

    private static async Task<bool> ListContains(HttpClient http, string collection, string id, string query)
    {
        var page = await http.GetNode($"/api/v1/{collection}?pageSize=500{query}");
        return page["items"]!.AsArray().Any(i => i!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Another_nations_offer_is_not_found_for_reading_changing_or_withdrawing_until_released_and_then_only_readable()
    {
        using var jpn = await fx.ClientForAsync("xn-poc-jpn", Role.NationalPointOfContact, "JPN");
        using var usa = await fx.ClientForAsync("xn-poc-usa", Role.NationalPointOfContact, "USA");
        using var deu = await fx.ClientForAsync("xn-poc-deu", Role.NationalPointOfContact, "DEU");
        var marker = "xn-offer-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await jpn.PostJson("/api/v1/offers", new { aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, description = marker, quantityAnnounced = 100 });
        var offer = await created.Ok(HttpStatusCode.Created);
        Assert.Equal("JPN", offer.Str("donorCode"));
        var id = offer.Str("id");
        var etag = created.ETag();
        var update = new { aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, description = "hijacked", quantityAnnounced = 1 };

        foreach (var other in new[] { usa, deu })
        {
            Assert.Equal(HttpStatusCode.NotFound, await Status(other.GetAsync($"/api/v1/offers/{id}", Ct)));
            Assert.Equal(HttpStatusCode.NotFound, await Status(other.PutJson($"/api/v1/offers/{id}", update, etag)));
            Assert.Equal(HttpStatusCode.NotFound, await Status(PostWithIfMatch(other, $"/api/v1/offers/{id}/withdraw", etag)));
            Assert.Equal(HttpStatusCode.NotFound, await Status(PostWithIfMatch(other, $"/api/v1/offers/{id}/accept", etag)));
            Assert.False(await ListContains(other, "offers", id, ""));
            Assert.False(await ListContains(other, "offers", id, "&donor=JPN"));
            Assert.False(await ListContains(other, "offers", id, $"&search={marker}"));
        }

        // JPN releases the offer to the USA only.
        using var released = await jpn.PutJson($"/api/v1/offers/{id}", new { aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, description = marker, quantityAnnounced = 100, releasability = "ListedNations", releasedTo = new[] { "USA" } }, etag);
        var releasedBody = await released.Ok();
        Assert.Equal("ListedNations", releasedBody.Str("releasability"));
        etag = released.ETag();

        using (var read = await usa.GetAsync($"/api/v1/offers/{id}", Ct))
            Assert.Equal(marker, (await read.Ok()).Str("description"));
        Assert.True(await ListContains(usa, "offers", id, "&donor=JPN"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(usa.PutJson($"/api/v1/offers/{id}", update, etag)));
        Assert.Equal(HttpStatusCode.NotFound, await Status(PostWithIfMatch(usa, $"/api/v1/offers/{id}/withdraw", etag)));
        // Released to the USA is not released to Germany.
        Assert.Equal(HttpStatusCode.NotFound, await Status(deu.GetAsync($"/api/v1/offers/{id}", Ct)));
        Assert.False(await ListContains(deu, "offers", id, "&donor=JPN"));

        using var after = await jpn.GetAsync($"/api/v1/offers/{id}", Ct);
        var final = await after.Ok();
        Assert.Equal(marker, final.Str("description"));
        Assert.Equal(100, final["quantityAnnounced"]!.GetValue<int>());
        Assert.Equal("Offered", final.Str("status"));
    }

    [Fact]
    public async Task Another_nations_funding_is_not_found_for_reading_or_changing_and_is_not_listed()
    {
        using var jpn = await fx.ClientForAsync("xn-poc-jpn", Role.NationalPointOfContact, "JPN");
        using var usa = await fx.ClientForAsync("xn-poc-usa", Role.NationalPointOfContact, "USA");
        var pool = "xn-pool-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await jpn.PostJson("/api/v1/funding", new { pool, amount = 1_000_000m, currency = "EUR", pledgedOn = "2026-01-01" });
        var pledge = await created.Ok(HttpStatusCode.Created);
        Assert.Equal("JPN", pledge.Str("donorCode"));
        var id = pledge.Str("id");
        var etag = created.ETag();

        Assert.Equal(HttpStatusCode.NotFound, await Status(usa.GetAsync($"/api/v1/funding/{id}", Ct)));
        Assert.Equal(HttpStatusCode.NotFound, await Status(usa.PutJson($"/api/v1/funding/{id}", new { amount = 1m, currency = "EUR" }, etag)));
        Assert.False(await ListContains(usa, "funding", id, $"&pool={pool}"));
        Assert.False(await ListContains(usa, "funding", id, "&donor=JPN"));
        Assert.Equal(1_000_000m, (await jpn.GetNode($"/api/v1/funding/{id}")).Dec("amount"));
    }

    [Fact]
    public async Task Funding_released_to_a_listed_nation_becomes_readable_by_it_but_not_changeable()
    {
        using var jpn = await fx.ClientForAsync("xn-poc-jpn", Role.NationalPointOfContact, "JPN");
        using var usa = await fx.ClientForAsync("xn-poc-usa", Role.NationalPointOfContact, "USA");
        using var deu = await fx.ClientForAsync("xn-poc-deu", Role.NationalPointOfContact, "DEU");
        var pool = "xn-pool-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await jpn.PostJson("/api/v1/funding", new { pool, amount = 2_000_000m, currency = "EUR", pledgedOn = "2026-01-01" });
        var id = (await created.Ok(HttpStatusCode.Created)).Str("id");
        Assert.Equal(HttpStatusCode.NotFound, await Status(usa.GetAsync($"/api/v1/funding/{id}", Ct)));

        using var released = await jpn.PutJson($"/api/v1/funding/{id}", new { amount = 2_000_000m, currency = "EUR", releasability = "ListedNations", releasedTo = new[] { "USA" } }, created.ETag());
        var body = await released.Ok();
        Assert.Equal("ListedNations", body.Str("releasability"));
        using (var read = await usa.GetAsync($"/api/v1/funding/{id}", Ct))
            Assert.Equal(pool, (await read.Ok()).Str("pool"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(usa.PutJson($"/api/v1/funding/{id}", new { amount = 1m, currency = "EUR" }, released.ETag())));
        Assert.Equal(HttpStatusCode.NotFound, await Status(deu.GetAsync($"/api/v1/funding/{id}", Ct)));
        Assert.Equal(2_000_000m, (await jpn.GetNode($"/api/v1/funding/{id}")).Dec("amount"));
    }

    [Fact]
    public async Task Funding_created_already_released_to_a_listed_nation_is_readable_by_it_but_not_changeable()
    {
        using var jpn = await fx.ClientForAsync("xn-poc-jpn", Role.NationalPointOfContact, "JPN");
        using var usa = await fx.ClientForAsync("xn-poc-usa", Role.NationalPointOfContact, "USA");
        using var deu = await fx.ClientForAsync("xn-poc-deu", Role.NationalPointOfContact, "DEU");
        var pool = "xn-pool-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await jpn.PostJson("/api/v1/funding", new { pool, amount = 3_000_000m, currency = "EUR", pledgedOn = "2026-01-01", releasability = "ListedNations", releasedTo = new[] { "USA" } });
        var id = (await created.Ok(HttpStatusCode.Created)).Str("id");
        using (var read = await usa.GetAsync($"/api/v1/funding/{id}", Ct))
            Assert.Equal(pool, (await read.Ok()).Str("pool"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(usa.PutJson($"/api/v1/funding/{id}", new { amount = 1m, currency = "EUR" }, created.ETag())));
        Assert.Equal(HttpStatusCode.NotFound, await Status(deu.GetAsync($"/api/v1/funding/{id}", Ct)));
        Assert.Equal(3_000_000m, (await jpn.GetNode($"/api/v1/funding/{id}")).Dec("amount"));
    }

    [Fact]
    public async Task A_random_id_is_not_found_for_every_role()
    {
        var clients = new[]
        {
            await fx.ClientForAsync("xn-coordinator", Role.Coordinator, null),
            await fx.ClientForAsync("xn-poc-jpn", Role.NationalPointOfContact, "JPN"),
            await fx.ClientForAsync("xn-recipient", Role.RecipientOfficer, "UKR"),
            await fx.ClientForAsync("xn-auditor", Role.Auditor, null),
            await fx.ClientForAsync("xn-industry", Role.IndustryRepresentative, null),
        };
        foreach (var http in clients)
        {
            foreach (var collection in new[] { "offers", "funding", "catalogue", "requirements" })
                Assert.Equal(HttpStatusCode.NotFound, await Status(http.GetAsync($"/api/v1/{collection}/{Guid.NewGuid()}", Ct)));
            http.Dispose();
        }
    }
}

public sealed class CrossNationOnSqlite(SecurityFixture<OnSqlite> fx) : CrossNationTests<OnSqlite>(fx);

public sealed class CrossNationOnPostgres(SecurityFixture<OnPostgres> fx) : CrossNationTests<OnPostgres>(fx);
