using System.Net;
using System.Text;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>A non-lethal-only nation can neither give nor fund a lethal item, whichever way the data comes in.</summary>
public abstract class PolicyTests<TKind>(CrudFixture<TKind> fx) : IClassFixture<CrudFixture<TKind>> where TKind : IDbKind
{
    private const string NonLethalDonor = "QJP";
    private HttpClient Http => fx.Http;

    private async Task EnsureNonLethalDonor()
    {
        using var r = await Http.PostJson("/api/v1/nations", new { code = NonLethalDonor, name = "Non-lethal Japan-like partner", status = "Partner", nonLethalOnly = true });
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)r.StatusCode}");
    }

    [Fact]
    public async Task Non_lethal_only_nation_cannot_offer_a_lethal_item_through_the_api()
    {
        await EnsureNonLethalDonor();
        var offersBefore = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM offers");
        using var refused = await Http.PostJson("/api/v1/offers", new { donorCode = NonLethalDonor, aidType = "Military", itemCode = CrudFixture<TKind>.LethalItem, quantityAnnounced = 4 });
        var problem = await refused.Problem(400, "itemCode");
        Assert.Contains("lethal", problem["detail"]!.ToString());
        Assert.Equal(offersBefore, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM offers"));

        using var allowed = await Http.PostJson("/api/v1/offers", new { donorCode = NonLethalDonor, aidType = "Military", itemCode = CrudFixture<TKind>.Item, quantityAnnounced = 4 });
        await allowed.Ok(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Non_lethal_only_nation_cannot_import_a_lethal_offer_and_the_file_is_refused_with_422_naming_the_line()
    {
        await EnsureNonLethalDonor();
        var csv = new StringBuilder("source_key,donor,aid_type,description,item,quantity\n")
            .Append($"pol-1,{NonLethalDonor},Military,helmets,{CrudFixture<TKind>.Item},100\n")
            .Append($"pol-2,{NonLethalDonor},Military,howitzers,{CrudFixture<TKind>.LethalItem},2\n")
            .ToString();
        var before = await fx.Db.RowCountsAsync();
        using var r = await Http.PostMultipart("/api/v1/import/offers?mapping=offers", Encoding.UTF8.GetBytes(csv), "policy.csv");
        var problem = await r.Problem(422);
        var issues = problem["issues"]!.AsArray();
        Assert.Single(issues);
        Assert.Equal(3, issues[0]!["line"]!.GetValue<int>());
        Assert.Equal("policy.csv", issues[0]!["sheet"]!.ToString());
        Assert.Contains("lethal", issues[0]!["message"]!.ToString());
        Assert.False(string.IsNullOrWhiteSpace(issues[0]!["column"]?.ToString()));
        Assert.Equal(before, await fx.Db.RowCountsAsync());
    }

    [Fact]
    public async Task Funding_pledge_of_a_non_lethal_only_donor_is_restricted_to_non_lethal_items()
    {
        await EnsureNonLethalDonor();
        using var r = await Http.PostJson("/api/v1/funding", new { donorCode = NonLethalDonor, pool = "pool-nonlethal", amount = 30_000_000m, currency = "USD", pledgedOn = "2022-09-01", nonLethalOnly = false });
        var pledge = await r.Ok(HttpStatusCode.Created);
        Assert.True(pledge["nonLethalOnly"]!.GetValue<bool>());
        var read = await Http.GetNode($"/api/v1/funding/{pledge.Str("id")}");
        Assert.True(read["nonLethalOnly"]!.GetValue<bool>());
    }
}

public sealed class PolicyOnSqlite(CrudFixture<OnSqlite> fx) : PolicyTests<OnSqlite>(fx);

public sealed class PolicyOnPostgres(CrudFixture<OnPostgres> fx) : PolicyTests<OnPostgres>(fx);
