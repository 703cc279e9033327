using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Storage;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>A clock the tests move: the server reads it for token expiry and lock-out.</summary>
public sealed class FakeClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;

    public void Reset() => offset = TimeSpan.Zero;
}

/// <summary>
/// A running server like <see cref="AppFixture{TKind}"/>, but exposing the <see cref="WebApplication"/> (for its endpoint
/// inventory) and running on a <see cref="FakeClock"/>. Seeds the attacker's world: JPN (partner, non-lethal only), USA,
/// DEU, UKR; a non-lethal helmet and a lethal howitzer; a requirement.
/// </summary>
public class SecurityFixture<TKind> : IAsyncLifetime where TKind : IDbKind
{
    public const string Password = "attacker-test-password-1";
    public const string Helmet = "sec-helmet";
    public const string Howitzer = "sec-howitzer";

    public WebApplication App { get; private set; } = null!;
    public FakeClock Clock { get; } = new();
    public TestDatabase Db { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public DbKind Kind => TKind.Kind;

    /// <summary>The coordinator (write token) used to seed.</summary>
    public HttpClient Coordinator { get; private set; } = null!;

    public Guid RequirementId { get; private set; }
    public Guid HelmetId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(Kind);
        App = await WebApp.CreateAsync(new WebOptions(Db.Target, ["http://127.0.0.1:0"]) { Clock = Clock });
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First());
        Coordinator = await ClientForAsync("sec-coordinator", Role.Coordinator, null);
        await Coordinator.EnsureNation("JPN", "Japan", "Partner", nonLethalOnly: true);
        await Coordinator.EnsureNation("USA", "United States", "Member");
        await Coordinator.EnsureNation("DEU", "Germany", "Member");
        await Coordinator.EnsureNation("UKR", "Ukraine", "Recipient");
        using (var r = await Coordinator.PostJson("/api/v1/catalogue", new { code = Helmet, name = "combat helmet", supplyClass = "8470", coalition = "protection", isLethal = false }))
            HelmetId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        (await Coordinator.PostJson("/api/v1/catalogue", new { code = Howitzer, name = "155 mm howitzer", supplyClass = "1025", coalition = "artillery", isLethal = true })).EnsureSuccessStatusCode();
        using (var r = await Coordinator.PostJson("/api/v1/requirements", new { period = "2031-01", priorityRank = 1, itemCode = Helmet, quantity = 10, neededBy = "2031-06-01", destination = "Lviv" }))
            RequirementId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }

    public QuartermasterDb OpenDb(TimeProvider? clock = null) => Db.Target.Open(clock ?? Clock);

    public AccountsService Accounts(QuartermasterDb db) => new(db);

    public static Actor Setup => Actor.LocalOperator("security-fixture");

    /// <summary>Creates the account if needed (password <see cref="Password"/>).</summary>
    public async Task EnsureAccountAsync(string userName, Role role, string? nation, string? company = null)
    {
        await using var db = OpenDb();
        var accounts = Accounts(db);
        if (!(await accounts.List()).Any(a => a.UserName == userName))
            await accounts.Add(Setup, userName, userName, role, nation,
                company ?? (role == Role.IndustryRepresentative ? await TestCompanies.EnsureAsync(db, "attack-industries") : null), Password);
    }

    /// <summary>A token of the account (default scope: Write, for an auditor Read: auditors' tokens only read).</summary>
    public async Task<CreatedToken> TokenForAsync(string userName, Role role, string? nation, TokenScope? scope = null, int days = 30)
    {
        await EnsureAccountAsync(userName, role, nation);
        await using var db = OpenDb();
        return await Accounts(db).CreateToken(Setup, userName, "security-tests", scope ?? (role == Role.Auditor ? TokenScope.Read : TokenScope.Write), days);
    }

    public async Task<HttpClient> ClientForAsync(string userName, Role role, string? nation, TokenScope? scope = null)
        => Anonymous((await TokenForAsync(userName, role, nation, scope)).Token);

    public HttpClient Anonymous(string? bearer = null)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }

    /// <summary>A browser-like client: cookies, no automatic redirects.</summary>
    public (HttpClient Http, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false })
        { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        _jars.AddOrUpdate(http, cookies);
        return (http, cookies);
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, CookieContainer> _jars = new();

    /// <summary>The cookie jar of a client made by <see cref="Browser"/> or <see cref="SignedInBrowserAsync"/>.</summary>
    public CookieContainer CookiesOf(HttpClient browser) => _jars.TryGetValue(browser, out var jar) ? jar : throw new ArgumentException("not a browser client");

    /// <summary>GET /signin and read the anti-forgery token of its form (the anti-forgery cookie lands in the client's jar).</summary>
    public static async Task<string> AntiForgeryTokenAsync(HttpClient browser)
    {
        using var page = await browser.GetAsync("/signin", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        Assert.True(m.Success, "the sign-in form carries no anti-forgery token");
        return m.Groups[1].Value;
    }

    public static Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string userName, string password, string? antiForgery)
    {
        var fields = new List<KeyValuePair<string, string>> { new("UserName", userName), new("Password", password) };
        if (antiForgery is not null) fields.Add(new("__RequestVerificationToken", antiForgery));
        return browser.PostAsync("/signin", new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Signs in through the form; asserts the redirect that means success. Like a browser on the site's own pages, the client
    /// then sends the site's Origin with every request (unless <paramref name="sameOrigin"/> is false).
    /// </summary>
    public async Task<HttpClient> SignedInBrowserAsync(string userName, Role role, string? nation, bool sameOrigin = true)
    {
        await EnsureAccountAsync(userName, role, nation);
        var (http, _) = Browser();
        var token = await AntiForgeryTokenAsync(http);
        using var r = await PostSignInAsync(http, userName, Password, token);
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"sign-in of {userName} failed: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        if (sameOrigin) http.DefaultRequestHeaders.TryAddWithoutValidation("Origin", BaseAddress.GetLeftPart(UriPartial.Authority));
        return http;
    }

    public IReadOnlyList<RouteEndpoint> RouteEndpoints()
        => App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    public async Task<long> LedgerCountAsync() => await Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");

    public async ValueTask DisposeAsync()
    {
        Coordinator?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (Db is not null) await Db.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
