using System.Net;
using System.Text.RegularExpressions;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>
/// Issue 8.8: behind a TLS proxy. Forwarded headers count only from configured proxies; the session cookie is Secure when
/// the original request was HTTPS; redirects never carry the request's Host; AllowedHosts refuses other hosts.
/// </summary>
public abstract class ProxyTests<TKind> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Password = "proxy-test-password-1";

    private static async Task<(Microsoft.AspNetCore.Builder.WebApplication App, Uri Base)> Start(TestDatabase db, Dictionary<string, string?> settings)
    {
        var app = await WebApp.CreateAsync(new WebOptions(db.Target, ["http://127.0.0.1:0"]) { Settings = settings });
        await app.StartAsync(Ct);
        return (app, new Uri(app.Urls.First()));
    }

    private static HttpClient Client(Uri baseAddress) => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    { BaseAddress = baseAddress };

    private static async Task<HttpResponseMessage> SignIn(HttpClient http, Action<HttpRequestMessage> headers)
    {
        var html = await http.GetStringAsync("/signin", Ct);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "proxy-user", ["Password"] = Password, ["__RequestVerificationToken"] = token }),
        };
        headers(request);
        return await http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Forwarded_headers_count_only_from_configured_proxies_and_make_the_cookie_secure_and_redirects_never_use_the_host_header()
    {
        await using var db = await TestDatabase.CreateAsync(TKind.Kind);
        await using (var q = db.Open())
            await new AccountsService(q).Add(Actor.LocalOperator("proxy-test"), "proxy-user", "Proxy User", Role.Auditor, null, null, Password, Ct);

        // No proxy configured: X-Forwarded-Proto is a client's claim and ignored; X-Forwarded-For does not dodge the rate limit.
        var (direct, directBase) = await Start(db, []);
        await using (direct)
        {
            using var http = Client(directBase);
            using (var r = await SignIn(http, m => m.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https")))
            {
                Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
                Assert.DoesNotContain("secure", Assert.Single(r.Headers.GetValues("Set-Cookie"), c => c.StartsWith("qm.auth=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
            }
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 11; i++)
            {
                using var anon = Client(directBase);
                using var r = await SignIn(anon, m => m.Headers.TryAddWithoutValidation("X-Forwarded-For", $"203.0.113.{i + 1}"));
                statuses.Add(r.StatusCode);
            }
            Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
            using var evil = new HttpRequestMessage(HttpMethod.Get, "/offers");
            evil.Headers.Host = "evil.example";
            using var redirect = await Client(directBase).SendAsync(evil, Ct);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.DoesNotContain("evil.example", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.False(redirect.Headers.Location.IsAbsoluteUri, redirect.Headers.Location.OriginalString);
        }

        // Behind a configured proxy (the test client is the proxy) with a public address.
        var (proxied, proxiedBase) = await Start(db, new() { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1", ["PublicBaseUrl"] = "https://qm.example.org" });
        await using (proxied)
        {
            using var http = Client(proxiedBase);
            using var r = await SignIn(http, m => m.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https"));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains("secure", Assert.Single(r.Headers.GetValues("Set-Cookie"), c => c.StartsWith("qm.auth=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
        }

        // AllowedHosts: any other Host header is refused.
        var (filtered, filteredBase) = await Start(db, new() { ["AllowedHosts"] = "qm.example.org;127.0.0.1" });
        await using (filtered)
        {
            using var evil = new HttpRequestMessage(HttpMethod.Get, "/signin");
            evil.Headers.Host = "evil.example";
            using var refused = await Client(filteredBase).SendAsync(evil, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            using var fine = await Client(filteredBase).GetAsync("/signin", Ct);
            Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        }
    }
}

public sealed class ProxyOnSqlite : ProxyTests<OnSqlite>;

public sealed class ProxyOnPostgres : ProxyTests<OnPostgres>;
