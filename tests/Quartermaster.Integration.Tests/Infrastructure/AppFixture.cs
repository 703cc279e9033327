using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>
/// One fresh database of kind <typeparamref name="TKind"/> and one running Quartermaster server on it (real Kestrel on
/// 127.0.0.1, a free port), shared by the tests of one class.
/// </summary>
public class AppFixture<TKind> : IAsyncLifetime where TKind : IDbKind
{
    public const string OperatorName = "it-operator";

    private WebApplication? app;

    public DbKind Kind => TKind.Kind;
    public TestDatabase Db { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Options of the server; a subclass may lower limits.</summary>
    protected virtual WebOptions Options(WebOptions defaults) => defaults;

    /// <summary>Runs once the server is up (e.g. to load data every test of the class reads).</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(Kind);
        app = await WebApp.CreateAsync(Options(new WebOptions(Db.Target, ["http://127.0.0.1:0"])));
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
        Http = await ClientForAsync(OperatorName, Role.Coordinator, null);
        await SeedAsync();
    }

    /// <summary>An HTTP client signed in (with a fresh API token) as a new account of the given role.</summary>
    public async Task<HttpClient> ClientForAsync(string userName, Role role, string? nation, TokenScope scope = TokenScope.Write, string? company = null)
    {
        await using var db = Db.Open();
        var accounts = new AccountsService(db);
        var setup = Actor.LocalOperator("fixture");
        if (!(await accounts.List()).Any(a => a.UserName == userName))
            await accounts.Add(setup, userName, userName, role, nation,
                company ?? (role == Role.IndustryRepresentative ? await TestCompanies.EnsureAsync(db, "test-industries") : null), "fixture-password-123");
        var token = await accounts.CreateToken(setup, userName, "tests", scope, 7);
        return Anonymous(token.Token);
    }

    /// <summary>
    /// A client that signs in through the sign-in form as a new account of the given role and then carries the session cookie,
    /// as a browser does (pages take no bearer tokens); it sends the site's Origin, like a browser on the site's own pages.
    /// </summary>
    public async Task<HttpClient> SignedInBrowserAsync(string userName, Role role, string? nation)
    {
        const string password = "fixture-password-123";
        await using (var db = Db.Open())
        {
            var accounts = new AccountsService(db);
            if (!(await accounts.List()).Any(a => a.UserName == userName))
                await accounts.Add(Actor.LocalOperator("fixture"), userName, userName, role, nation, null, password);
        }
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3),
        };
        var ct = TestContext.Current.CancellationToken;
        var form = await http.GetStringAsync("/signin", ct);
        var antiForgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var signIn = await http.PostAsync("/signin", new FormUrlEncodedContent(
            [new("UserName", userName), new("Password", password), new("__RequestVerificationToken", antiForgery)]), ct);
        if (signIn.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {userName} failed: {(int)signIn.StatusCode}");
        http.DefaultRequestHeaders.TryAddWithoutValidation("Origin", BaseAddress.GetLeftPart(UriPartial.Authority));
        return http;
    }

    /// <summary>An HTTP client with no credentials (or with the given bearer token).</summary>
    public HttpClient Anonymous(string? bearer = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (Db is not null) await Db.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
