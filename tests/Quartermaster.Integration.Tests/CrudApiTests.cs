using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests;

/// <summary>A server with small body limits (so that 413 is cheap to provoke) and one valid donor and item to refer to.</summary>
public sealed class CrudFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public const long JsonLimit = 64 * 1024;
    public const long UploadLimit = 512 * 1024;
    public const string Donor = "QVD";
    public const string Item = "it-valid-item";
    public const string LethalItem = "it-valid-lethal-item";

    protected override WebOptions Options(WebOptions defaults) => defaults with { MaxJsonBytes = JsonLimit, MaxUploadBytes = UploadLimit };

    protected override async Task SeedAsync()
    {
        (await Http.PostJson("/api/v1/nations", new { code = Donor, name = "Validland", status = "Member" })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = Item, name = "valid helmet", supplyClass = "8470", coalition = "protection", isLethal = false })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = LethalItem, name = "valid howitzer", supplyClass = "1025", coalition = "artillery", isLethal = true })).EnsureSuccessStatusCode();
    }
}

/// <summary>Create, read, list, update (with ETags) and refuse bad input, for every resource of the REST API.</summary>
public abstract class CrudApiTests<TKind>(CrudFixture<TKind> fx) : IClassFixture<CrudFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Every letter-only 3-character code is a valid nation code; each test takes its own.</summary>
    private static string NationCode() => Api.FreshNationCode();

    /// <summary>
    /// The whole life of one record over HTTP: 201 with Location and ETag, read back, update needs If-Match (428 without),
    /// gets a new ETag, a stale ETag is a 409 conflict, an unknown id is 404.
    /// </summary>
    private async Task<JsonNode> Lifecycle(string collection, object create, Func<JsonNode, string> idOf, object update,
        Action<JsonNode> checkUpdated, string unknownId)
    {
        using var created = await Http.PostJson($"/api/v1/{collection}", create);
        var body = await created.Ok(HttpStatusCode.Created);
        var id = idOf(body);
        Assert.Equal($"/api/v1/{collection}/{id}", created.Headers.Location?.OriginalString);
        var etag1 = created.ETag();

        using var read = await Http.GetAsync(created.Headers.Location, TestContext.Current.CancellationToken);
        var readBody = await read.Ok();
        Assert.Equal(etag1, read.ETag());
        Assert.True(JsonNode.DeepEquals(body, readBody), $"read back differs:\n{body}\n{readBody}");

        using (var missing = await Http.PutJson($"/api/v1/{collection}/{id}", update, ifMatch: null))
            await missing.Problem(428);

        using var updated = await Http.PutJson($"/api/v1/{collection}/{id}", update, etag1);
        var updatedBody = await updated.Ok();
        var putETag = updated.ETag();
        checkUpdated(updatedBody);
        string etag2;
        using (var reread = await Http.GetAsync($"/api/v1/{collection}/{id}", TestContext.Current.CancellationToken))
        {
            checkUpdated(await reread.Ok());
            etag2 = reread.ETag();
        }
        Assert.NotEqual(etag1, etag2);

        using (var stale = await Http.PutJson($"/api/v1/{collection}/{id}", update, etag1))
            await stale.Problem(409);

        using (var notFound = await Http.GetAsync($"/api/v1/{collection}/{unknownId}", TestContext.Current.CancellationToken))
            await notFound.Problem(404);
        using (var notFoundPut = await Http.PutJson($"/api/v1/{collection}/{unknownId}", update, etag2))
            await notFoundPut.Problem(404);

        // The answer to the update must carry the record's new version, so that a client can update again with it.
        Assert.True(putETag == etag2, $"PUT answered ETag {putETag} but the record is now at {etag2}");
        Assert.Equal(updatedBody["version"]?.ToString(), etag2.Trim('W', '/', '"'));
        return updatedBody;
    }

    private async Task<JsonNode> ListPage(string query)
    {
        using var r = await Http.GetAsync(query, TestContext.Current.CancellationToken);
        return await r.Ok();
    }

    private static List<string> Column(JsonNode page, string field) => page["items"]!.AsArray().Select(i => i![field]!.ToString()).ToList();

    [Fact]
    public async Task Nation_is_created_read_and_updated_with_etags_and_refuses_stale_or_missing_if_match()
    {
        var code = NationCode();
        await Lifecycle("nations", new { code, name = "Freedonia", status = "Partner" }, b => b.Str("code"),
            new { code, name = "Freedonia Renamed", status = "Member", nonLethalOnly = true },
            b =>
            {
                Assert.Equal("Freedonia Renamed", b.Str("name"));
                Assert.Equal("Member", b.Str("status"));
                Assert.True(b["nonLethalOnly"]!.GetValue<bool>());
            }, unknownId: "Q9Q");
    }

    [Fact]
    public async Task Catalogue_item_is_created_read_and_updated_with_etags_and_refuses_stale_or_missing_if_match()
    {
        var code = Unique("it-item-");
        await Lifecycle("catalogue",
            new { code, name = "Body armour vest", nsn = "8470-01-520-7373", supplyClass = "8470", coalition = "protection", isLethal = false, tracking = "Lot" },
            b => b.Str("id"),
            new { code, name = "Body armour vest, plate carrier", nsn = "8470-01-520-7373", supplyClass = "8470", coalition = "protection", isLethal = false, unitWeightKg = 7.5 },
            b =>
            {
                Assert.Equal("Body armour vest, plate carrier", b.Str("name"));
                Assert.Equal("8470-01-520-7373", b.Str("nsn"));
                Assert.Equal(7.5m, b.Dec("unitWeightKg"));
            }, unknownId: Guid.NewGuid().ToString());
    }

    [Fact]
    public async Task Requirement_is_created_read_and_updated_with_etags_and_refuses_stale_or_missing_if_match()
    {
        var period = "2031-0" + Random.Shared.Next(1, 9);
        var rank = Random.Shared.Next(1000, 1_000_000);
        await Lifecycle("requirements",
            new { period, priorityRank = rank, itemCode = CrudFixture<TKind>.Item, quantity = 100, neededBy = "2031-12-01", destination = "Lviv" },
            b => b.Str("id"),
            new { period, priorityRank = rank, itemCode = CrudFixture<TKind>.Item, quantity = 250, neededBy = "2031-12-15", destination = "Kharkiv", note = "more" },
            b =>
            {
                Assert.Equal(250, b["quantity"]!.GetValue<int>());
                Assert.Equal("Kharkiv", b.Str("destination"));
                Assert.Equal("2031-12-15", b.Str("neededBy"));
            }, unknownId: Guid.NewGuid().ToString());
    }

    [Fact]
    public async Task Offer_is_created_read_and_updated_with_etags_and_refuses_stale_or_missing_if_match()
    {
        await Lifecycle("offers",
            new { donorCode = CrudFixture<TKind>.Donor, aidType = "Military", itemCode = CrudFixture<TKind>.Item, quantityAnnounced = 500, declaredValue = 125000.50m, declaredCurrency = "EUR", condition = "New" },
            b => b.Str("id"),
            new { donorCode = CrudFixture<TKind>.Donor, aidType = "Military", itemCode = CrudFixture<TKind>.Item, quantityAnnounced = 650, declaredValue = 150000m, declaredCurrency = "EUR", condition = "Refurbished" },
            b =>
            {
                Assert.Equal(650, b["quantityAnnounced"]!.GetValue<int>());
                Assert.Equal(150000m, b.Dec("declaredValue"));
                Assert.Equal("Refurbished", b.Str("condition"));
                Assert.Equal(CrudFixture<TKind>.Item, b.Str("itemCode"));
            }, unknownId: Guid.NewGuid().ToString());
    }

    [Fact]
    public async Task Funding_pledge_is_created_read_and_updated_with_etags_and_refuses_stale_or_missing_if_match()
    {
        await Lifecycle("funding",
            new { donorCode = CrudFixture<TKind>.Donor, pool = Unique("pool-"), amount = 5_000_000m, currency = "EUR", pledgedOn = "2022-10-01" },
            b => b.Str("id"),
            new { donorCode = CrudFixture<TKind>.Donor, amount = 7_500_000m, currency = "USD", note = "raised" },
            b =>
            {
                Assert.Equal(7_500_000m, b.Dec("amount"));
                Assert.Equal("USD", b.Str("currency"));
                Assert.Equal("raised", b.Str("note"));
            }, unknownId: Guid.NewGuid().ToString());
    }

    [Fact]
    public async Task Nations_list_pages_filters_sorts_and_searches()
    {
        var token = "Zq" + Guid.NewGuid().ToString("N")[..6];
        string[] names = [$"{token} Alpha", $"{token} Beta", $"{token} Gamma"];
        for (var i = 0; i < names.Length; i++)
            (await Http.PostJson("/api/v1/nations", new { code = NationCode(), name = names[i], status = i == 1 ? "Partner" : "Member" })).EnsureSuccessStatusCode();

        var p1 = await ListPage($"/api/v1/nations?search={token.ToLowerInvariant()}&sort=-name&pageSize=2&page=1");
        Assert.Equal(3, p1["total"]!.GetValue<int>());
        Assert.Equal([names[2], names[1]], Column(p1, "name"));
        var p2 = await ListPage($"/api/v1/nations?search={token}&sort=-name&pageSize=2&page=2");
        Assert.Equal([names[0]], Column(p2, "name"));
        var partners = await ListPage($"/api/v1/nations?search={token}&status=Partner");
        Assert.Equal([names[1]], Column(partners, "name"));
        using (var badSort = await Http.GetAsync("/api/v1/nations?sort=colour", TestContext.Current.CancellationToken))
            await badSort.Problem(400, "sort");
        using (var badSize = await Http.GetAsync("/api/v1/nations?pageSize=0", TestContext.Current.CancellationToken))
            await badSize.Problem(400, "pageSize");
    }

    [Fact]
    public async Task Catalogue_list_pages_filters_sorts_and_searches()
    {
        var token = "zq" + Guid.NewGuid().ToString("N")[..6];
        (await Http.PostJson("/api/v1/catalogue", new { code = $"{token}-a", name = $"{token} rifle", supplyClass = "1005", coalition = "armour", isLethal = true })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = $"{token}-b", name = $"{token} generator", supplyClass = "6115", coalition = "energy", isLethal = false })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = $"{token}-c", name = $"{token} helmet", supplyClass = "8470", coalition = "protection", isLethal = false })).EnsureSuccessStatusCode();

        var all = await ListPage($"/api/v1/catalogue?search={token}&sort=-code&pageSize=2");
        Assert.Equal(3, all["total"]!.GetValue<int>());
        Assert.Equal([$"{token}-c", $"{token}-b"], Column(all, "code"));
        var nonLethal = await ListPage($"/api/v1/catalogue?search={token}&lethal=false&sort=name");
        Assert.Equal([$"{token} generator", $"{token} helmet"], Column(nonLethal, "name"));
        var energy = await ListPage($"/api/v1/catalogue?search={token}&coalition=energy");
        Assert.Equal([$"{token}-b"], Column(energy, "code"));
    }

    [Fact]
    public async Task Requirements_list_pages_filters_sorts_and_searches()
    {
        var period = $"2040-{Random.Shared.Next(1, 13):00}";
        var town = "Zqtown" + Guid.NewGuid().ToString("N")[..6];
        foreach (var rank in new[] { 3, 1, 2 })
            (await Http.PostJson("/api/v1/requirements", new { period, priorityRank = rank, itemCode = CrudFixture<TKind>.Item, quantity = rank * 10, neededBy = "2040-12-31", destination = $"{town} {rank}" })).EnsureSuccessStatusCode();

        var page = await ListPage($"/api/v1/requirements?period={period}&sort=-priority&pageSize=2");
        Assert.Equal(3, page["total"]!.GetValue<int>());
        Assert.Equal(["3", "2"], Column(page, "priorityRank"));
        var byQuantity = await ListPage($"/api/v1/requirements?period={period}&sort=quantity");
        Assert.Equal(["10", "20", "30"], Column(byQuantity, "quantity"));
        var search = await ListPage($"/api/v1/requirements?search={town.ToLowerInvariant()} 2");
        Assert.Equal([$"{town} 2"], Column(search, "destination"));
        var open = await ListPage($"/api/v1/requirements?period={period}&status=Open");
        Assert.Equal(3, open["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Offers_list_pages_filters_sorts_and_searches()
    {
        var donor = NationCode();
        (await Http.PostJson("/api/v1/nations", new { code = donor, name = "Offerland " + donor, status = "Member" })).EnsureSuccessStatusCode();
        var token = "zqoffer" + Guid.NewGuid().ToString("N")[..6];
        foreach (var q in new[] { 30, 10, 20 })
            (await Http.PostJson("/api/v1/offers", new { donorCode = donor, aidType = "Military", itemCode = CrudFixture<TKind>.Item, description = $"{token} lot {q}", quantityAnnounced = q })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/offers", new { donorCode = donor, aidType = "Humanitarian", description = $"{token} blankets", quantityAnnounced = 1000 })).EnsureSuccessStatusCode();

        var mine = await ListPage($"/api/v1/offers?donor={donor}&aidType=Military&sort=-quantity&pageSize=2");
        Assert.Equal(3, mine["total"]!.GetValue<int>());
        Assert.Equal(["30", "20"], Column(mine, "quantityAnnounced"));
        var second = await ListPage($"/api/v1/offers?donor={donor}&aidType=Military&sort=-quantity&pageSize=2&page=2");
        Assert.Equal(["10"], Column(second, "quantityAnnounced"));
        var search = await ListPage($"/api/v1/offers?search={token.ToUpperInvariant()} BLANKETS");
        Assert.Equal([$"{token} blankets"], Column(search, "description"));
        var offered = await ListPage($"/api/v1/offers?donor={donor}&status=Offered");
        Assert.Equal(4, offered["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Pages_of_a_list_sorted_by_a_column_with_ties_neither_repeat_nor_skip_a_row()
    {
        // Eleven offers of one donor with the same quantity: sorted by donor or by quantity every row ties, and only the
        // tie-breaker (the record's key) makes OFFSET pages stable.
        var donor = NationCode();
        (await Http.PostJson("/api/v1/nations", new { code = donor, name = "Tieland " + donor, status = "Member" })).EnsureSuccessStatusCode();
        foreach (var i in Enumerable.Range(1, 11))
            (await Http.PostJson("/api/v1/offers", new { donorCode = donor, aidType = "Military", itemCode = CrudFixture<TKind>.Item, description = $"tie {i}", quantityAnnounced = 5 })).EnsureSuccessStatusCode();
        foreach (var sort in new[] { "donor", "quantity", "-quantity" })
        {
            var seen = new List<string>();
            for (var page = 1; page <= 4; page++)
                seen.AddRange(Column(await ListPage($"/api/v1/offers?donor={donor}&sort={sort}&pageSize=3&page={page}"), "id"));
            Assert.Equal(11, seen.Count);
            Assert.Equal(11, seen.Distinct().Count());
        }
    }

    [Fact]
    public async Task Funding_list_pages_filters_sorts_and_searches()
    {
        var donor = NationCode();
        (await Http.PostJson("/api/v1/nations", new { code = donor, name = "Fundland " + donor, status = "Partner" })).EnsureSuccessStatusCode();
        var pool = "zqpool" + Guid.NewGuid().ToString("N")[..6];
        foreach (var day in new[] { "2022-03-01", "2022-01-01", "2022-02-01" })
            (await Http.PostJson("/api/v1/funding", new { donorCode = donor, pool, amount = 1000m, currency = "EUR", pledgedOn = day })).EnsureSuccessStatusCode();

        var page = await ListPage($"/api/v1/funding?donor={donor}&sort=-pledgedon&pageSize=2");
        Assert.Equal(3, page["total"]!.GetValue<int>());
        Assert.Equal(["2022-03-01", "2022-02-01"], Column(page, "pledgedOn"));
        var byPool = await ListPage($"/api/v1/funding?pool={pool}&sort=pledgedon");
        Assert.Equal(["2022-01-01", "2022-02-01", "2022-03-01"], Column(byPool, "pledgedOn"));
        var search = await ListPage($"/api/v1/funding?search={pool.ToUpperInvariant()}");
        Assert.Equal(3, search["total"]!.GetValue<int>());
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "catalogue", """{"code":"it-bad-nsn","name":"vest","nsn":"8470-ABC-1","supplyClass":"8470","coalition":"protection","isLethal":false}""", "nsn" },
        { "catalogue", """{"code":"it-bad-fsc","name":"vest","supplyClass":"0001","coalition":"protection","isLethal":false}""", "supplyClass" },
        { "catalogue", """{"code":"it-bad-coalition","name":"vest","supplyClass":"8470","coalition":"cavalry","isLethal":false}""", "coalition" },
        { "offers", $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","aidType":"Military","itemCode":"{{CrudFixture<TKind>.Item}}","quantityAnnounced":5,"declaredValue":100,"declaredCurrency":"EURO"}""", "declaredCurrency" },
        { "offers", $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","aidType":"Military","itemCode":"{{CrudFixture<TKind>.Item}}","quantityAnnounced":-1}""", "quantityAnnounced" },
        { "offers", $$"""{"donorCode":"QZZ","aidType":"Military","itemCode":"{{CrudFixture<TKind>.Item}}","quantityAnnounced":5}""", "donorCode" },
        { "offers", $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","aidType":"Military","itemCode":"no-such-item","quantityAnnounced":5}""", "itemCode" },
        { "offers", $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","aidType":"Military","itemCode":"{{CrudFixture<TKind>.Item}}","quantityAnnounced":"lots"}""", "quantityAnnounced" },
        { "offers", $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","aidType":"Bribes","itemCode":"{{CrudFixture<TKind>.Item}}","quantityAnnounced":5}""", "aidType" },
        { "funding", $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","pool":"p","amount":100,"currency":"EURO","pledgedOn":"2022-10-01"}""", "currency" },
        { "funding", """{"donorCode":"QZZ","pool":"p","amount":100,"currency":"EUR","pledgedOn":"2022-10-01"}""", "donorCode" },
        { "funding", $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","pool":"p","amount":-5,"currency":"EUR","pledgedOn":"2022-10-01"}""", "amount" },
        { "requirements", $$"""{"period":"2022-13","priorityRank":1,"itemCode":"{{CrudFixture<TKind>.Item}}","quantity":1,"neededBy":"2022-12-01","destination":"Kyiv"}""", "period" },
        { "requirements", $$"""{"period":"2041-01","priorityRank":1,"itemCode":"{{CrudFixture<TKind>.Item}}","quantity":-1,"neededBy":"2041-12-01","destination":"Kyiv"}""", "quantity" },
        { "requirements", $$"""{"period":"2041-01","priorityRank":1,"itemCode":"{{CrudFixture<TKind>.Item}}","quantity":1,"neededBy":"next week","destination":"Kyiv"}""", "neededBy" },
        { "nations", """{"code":"JP","name":"Japan","status":"Partner"}""", "code" },
        { "nations", """{"code":"QNN","name":"","status":"Partner"}""", "name" },
        { "nations", """{"code":"QNS","name":"Statusland","status":"Empire"}""", "status" },
        { "nations", """{"code":"QNM","name": }""", "name" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string collection, string json, string field)
    {
        using var response = await Http.PostRaw($"/api/v1/{collection}", json);
        var problem = await response.Problem(400, field);
        Assert.Contains(field, problem["detail"]?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Malformed_json_body_is_a_400_problem_not_a_500()
    {
        using var truncated = await Http.PostRaw("/api/v1/offers", """{"donorCode":"QVD","aidType":""");
        await truncated.Problem(400);
        using var notJson = await Http.PostRaw("/api/v1/funding", "amount=5");
        Assert.True(notJson.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"got {(int)notJson.StatusCode}");
    }

    [Fact]
    public async Task Json_body_over_the_json_limit_is_refused_with_413()
    {
        var huge = new string('x', (int)CrudFixture<TKind>.JsonLimit * 2);
        using var response = await Http.PostRaw("/api/v1/nations", $$"""{"code":"QHB","name":"{{huge}}","status":"Member"}""");
        await response.Problem(413);
    }

    [Fact]
    public async Task Upload_over_the_upload_limit_is_refused_with_413_and_imports_nothing()
    {
        var before = await fx.Db.RowCountsAsync();
        var line = "source_key,donor,aid_type,description,quantity\n";
        var sb = new System.Text.StringBuilder(line);
        for (var i = 0; sb.Length < CrudFixture<TKind>.UploadLimit * 2; i++) sb.Append($"k{i},{CrudFixture<TKind>.Donor},Humanitarian,blankets {i},1\n");
        HttpResponseMessage? response = null;
        try
        {
            response = await Http.PostMultipart("/api/v1/import/offers", System.Text.Encoding.UTF8.GetBytes(sb.ToString()), "big.csv");
            await response.Problem(413);
        }
        catch (HttpRequestException e)
        {
            // The server reads and discards a body it refuses (Hosting/BodyLimit), so the client gets the answer, never a reset.
            Assert.Fail($"the server reset the connection instead of answering 413: {e.Message}");
        }
        finally
        {
            response?.Dispose();
        }
        Assert.Equal(before, await fx.Db.RowCountsAsync());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_offers_endpoints()
    {
        var doc = await Http.GetNode("/openapi/v1.json");
        var paths = doc["paths"]!.AsObject();
        var offers = paths.FirstOrDefault(p => p.Key.TrimEnd('/') == "/api/v1/offers");
        Assert.True(offers.Value is not null, $"no /api/v1/offers in: {string.Join(", ", paths.Select(p => p.Key))}");
        Assert.NotNull(offers.Value!["get"]);
        Assert.NotNull(offers.Value!["post"]);
        Assert.Contains(paths, p => p.Key == "/api/v1/offers/{id}");
    }
}

public sealed class CrudApiOnSqlite(CrudFixture<OnSqlite> fx) : CrudApiTests<OnSqlite>(fx);

public sealed class CrudApiOnPostgres(CrudFixture<OnPostgres> fx) : CrudApiTests<OnPostgres>(fx);
