using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>
/// Issue 8.2 and 8.6: a READ-scoped token never changes anything, on any surface (bearer tokens authenticate the API only;
/// write scope is checked where every unsafe request passes); a cookie-authenticated unsafe API request must be same-origin
/// or carry the anti-forgery token. Signs in three browsers (the sign-in rate limit is 10 a minute).
/// </summary>
public abstract class WebFormScopeTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_scoped_token_opens_no_page_and_cannot_compute_a_plan_or_pledge_through_a_page_form()
    {
        var read = await fx.TokenForAsync("form-coordinator-read", Role.Coordinator, null, TokenScope.Read);
        var (http, _) = fx.Browser();
        using var _ = http;
        var antiForgery = await SecurityFixture<TKind>.AntiForgeryTokenAsync(http);
        http.DefaultRequestHeaders.Authorization = new("Bearer", read.Token);
        foreach (var page in new[] { "/plans", "/funding/new", "/offers/new", "/" })
        {
            using var get = await http.GetAsync(page, Ct);
            Assert.True(get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.OriginalString.StartsWith("/signin", StringComparison.Ordinal),
                $"{page}: {(int)get.StatusCode} {get.Headers.Location}");
        }
        var funding = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM funding_pledges");
        var ledger = await fx.LedgerCountAsync();
        using (var post = await http.PostAsync("/funding/new", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = antiForgery, ["DonorCode"] = "USA", ["Pool"] = "read-token-pool", ["Amount"] = "1000",
                   ["Currency"] = "EUR", ["PledgedOn"] = "2026-01-01", ["Releasability"] = "Coordinators",
               }), Ct))
            Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        using (var plan = await http.PostAsync("/plans", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiForgery, ["Period"] = "2031-01" }), Ct))
            Assert.False(plan.Headers.Location?.OriginalString.Contains("jobId", StringComparison.Ordinal) == true, "a plan job was queued with a read token");
        Assert.Equal(funding, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM funding_pledges"));
        Assert.Equal(ledger, await fx.LedgerCountAsync());
    }

    [Fact]
    public async Task Read_scoped_token_gets_403_on_every_unsafe_api_request_even_where_its_role_may_write()
    {
        using var read = await fx.ClientForAsync("api-coordinator-read", Role.Coordinator, null, TokenScope.Read);
        var ledger = await fx.LedgerCountAsync();
        using (var r = await read.PostJson("/api/v1/plans", new { period = "2031-01" }))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await read.PostJson("/api/v1/nations", new { code = "RDO", name = "Readonlia", status = "Member" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("read-only", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using (var r = await read.PostFile("/api/v1/import/catalogue", Encoding.UTF8.GetBytes("code,name,supply_class,coalition,is_lethal\nro-x,x,8470,protection,false\n"), "text/csv"))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(ledger, await fx.LedgerCountAsync());
    }

    [Fact]
    public async Task Cross_site_cookie_post_to_the_api_creates_nothing_and_same_origin_or_anti_forgery_requests_work()
    {
        using var browser = await fx.SignedInBrowserAsync("xs-coordinator", Role.Coordinator, null, sameOrigin: false);
        var nations = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM nations");
        var items = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM catalogue_items");

        // What a hostile page's <form enctype="text/plain"> or fetch(..., {mode: "no-cors"}) sends with the victim's cookie.
        async Task<HttpStatusCode> Send(string path, string body, string type, Action<HttpRequestMessage> headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, type) };
            headers(request);
            using var r = await browser.SendAsync(request, Ct);
            return r.StatusCode;
        }
        var csv = "code,name,supply_class,coalition,is_lethal\nxs-evil,evil,8470,protection,false\n";
        var json = "{\"code\":\"XSS\",\"name\":\"Crosssitia\",\"status\":\"Member\"}";
        Assert.Equal(HttpStatusCode.Forbidden, await Send("/api/v1/import/catalogue", csv, "text/plain", r =>
        {
            r.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
            r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        }));
        Assert.Equal(HttpStatusCode.Forbidden, await Send("/api/v1/import/catalogue", csv, "text/plain", r => r.Headers.TryAddWithoutValidation("Origin", "https://evil.example")));
        Assert.Equal(HttpStatusCode.Forbidden, await Send("/api/v1/nations", json, "text/plain", r => r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-site")));
        Assert.Equal(HttpStatusCode.Forbidden, await Send("/api/v1/nations", json, "application/json", _ => { }));
        Assert.Equal(nations, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM nations"));
        Assert.Equal(items, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM catalogue_items"));

        // The site's own pages (same origin) and a request carrying the anti-forgery token may change things.
        Assert.Equal(HttpStatusCode.Created, await Send("/api/v1/nations", json, "application/json", r => r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin")));
        Assert.Equal(HttpStatusCode.Created, await Send("/api/v1/nations", json.Replace("XSS", "XSO"), "application/json",
            r => r.Headers.TryAddWithoutValidation("Origin", fx.BaseAddress.GetLeftPart(UriPartial.Authority))));
        var antiForgery = await SecurityFixture<TKind>.AntiForgeryTokenAsync(browser);
        Assert.Equal(HttpStatusCode.Created, await Send("/api/v1/nations", json.Replace("XSS", "XSA"), "application/json",
            r => r.Headers.TryAddWithoutValidation("RequestVerificationToken", antiForgery)));
    }
}

public sealed class WebFormScopeOnSqlite(SecurityFixture<OnSqlite> fx) : WebFormScopeTests<OnSqlite>(fx);

public sealed class WebFormScopeOnPostgres(SecurityFixture<OnPostgres> fx) : WebFormScopeTests<OnPostgres>(fx);
