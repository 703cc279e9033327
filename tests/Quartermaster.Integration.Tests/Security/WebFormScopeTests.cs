using System.Net;
using System.Text.RegularExpressions;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>A READ-scoped API token reads; it must not pledge through the web forms either (pages accept bearer tokens).</summary>
public abstract class WebFormScopeTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    [Fact]
    public async Task Read_scoped_token_cannot_open_or_post_the_pledge_forms()
    {
        var ct = TestContext.Current.CancellationToken;
        var read = await fx.TokenForAsync("form-coordinator-read", Role.Coordinator, null, TokenScope.Read);
        var (http, _) = fx.Browser();
        http.DefaultRequestHeaders.Authorization = new("Bearer", read.Token);
        using var form = await http.GetAsync("/funding/new", ct);
        if (form.StatusCode == HttpStatusCode.NotFound) return; // the form does not exist (yet)
        var html = await form.Content.ReadAsStringAsync(ct);
        var before = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM funding_pledges");
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (m.Success)
        {
            using var post = await http.PostAsync("/funding/new", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = m.Groups[1].Value, ["DonorCode"] = "USA", ["Pool"] = "read-token-pool", ["Amount"] = "1000",
                ["Currency"] = "EUR", ["PledgedOn"] = "2026-01-01", ["Releasability"] = "Coordinators",
            }), ct);
            Assert.Equal(before, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM funding_pledges"));
        }
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        using var offer = await http.GetAsync("/offers/new", ct);
        Assert.Equal(HttpStatusCode.Forbidden, offer.StatusCode);
    }
}

public sealed class WebFormScopeOnSqlite(SecurityFixture<OnSqlite> fx) : WebFormScopeTests<OnSqlite>(fx);

public sealed class WebFormScopeOnPostgres(SecurityFixture<OnPostgres> fx) : WebFormScopeTests<OnPostgres>(fx);
