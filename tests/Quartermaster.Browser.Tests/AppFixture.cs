using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Quartermaster.Application.Demo;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Web.Hosting;

[assembly: AssemblyFixture(typeof(Quartermaster.Browser.Tests.AppFixture))]

namespace Quartermaster.Browser.Tests;

/// <summary>One running server on a temporary SQLite file, started empty or with the demo loaded, driven by Debian's chromium.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string dir;

    private RunningApp(WebApplication app, string dir, DatabaseTarget target, string baseUrl)
    {
        this.app = app;
        this.dir = dir;
        Target = target;
        BaseUrl = baseUrl;
    }

    public DatabaseTarget Target { get; }
    public string BaseUrl { get; }
    public static readonly Actor Actor = Actor.LocalOperator("browser-test");

    /// <summary>The coordinator account every browser test signs in with.</summary>
    public const string UserName = "browser-test";
    public const string Password = "browser-test-password";

    public static async Task<RunningApp> Start(bool withDemo)
    {
        var dir = Directory.CreateTempSubdirectory("qm-browser-").FullName;
        var target = DatabaseTarget.Resolve(Path.Combine(dir, "quartermaster.db"));
        var app = await WebApp.CreateAsync(new WebOptions(target, ["http://127.0.0.1:0"]));
        await app.StartAsync();
        var url = app.Urls.First().TrimEnd('/');
        await using (var setup = target.Open(TimeProvider.System))
            await new Quartermaster.Application.Access.AccountsService(setup).Add(Actor, UserName, "Browser test", Quartermaster.Domain.Access.Role.Coordinator,
                null, null, Password);
        if (withDemo)
        {
            await using var db = target.Open(TimeProvider.System);
            await new DemoLoader(db).Load(Actor);
        }
        return new RunningApp(app, dir, target, url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class AppFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private RunningApp? demo;
    private IBrowser? browser;

    public RunningApp Demo => demo ?? throw new InvalidOperationException("not started");
    public IBrowser Browser => browser ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        demo = await RunningApp.Start(withDemo: true);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh page whose script errors, dialogs and failed requests are recorded for the test to check.</summary>
    public async Task<WatchedPage> NewPage(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        return new WatchedPage(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        if (demo is not null) await demo.DisposeAsync();
    }
}

public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext context;

    public WatchedPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, m) => { if (m.Type == "error") Errors.Add("console: " + m.Text); };
        page.PageError += (_, e) => Errors.Add("page error: " + e);
        page.Dialog += async (_, d) => { Dialogs.Add(d.Message); await d.DismissAsync(); };
        page.Response += (_, r) => { if (r.Status >= 400) Errors.Add($"HTTP {r.Status} {r.Url}"); };
    }

    public IPage Page { get; }
    public List<string> Errors { get; } = [];
    public List<string> Dialogs { get; } = [];

    public async Task<IResponse> Go(string baseUrl, string path)
    {
        var response = await Page.GotoAsync(baseUrl + path) ?? throw new InvalidOperationException("no response");
        if (new Uri(Page.Url).AbsolutePath == "/signin" && path != "/signin")
        {
            await SignInAsTestCoordinator(baseUrl);
            response = await Page.GotoAsync(baseUrl + path) ?? throw new InvalidOperationException("no response");
        }
        Assert.Equal(200, response.Status);
        return response;
    }

    /// <summary>
    /// The coordinator's sign-in cookie per server: the first page signs in through the form, later pages reuse the cookie,
    /// so that the tests stay under the sign-in rate limit (10 attempts a minute per address).
    /// </summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<Cookie>>>> Sessions = new();

    private async Task SignInAsTestCoordinator(string baseUrl)
    {
        var mine = new Lazy<Task<IReadOnlyList<Cookie>>>(async () =>
        {
            await SignIn(RunningApp.UserName, RunningApp.Password);
            return (await context.CookiesAsync([baseUrl])).Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }).ToList();
        });
        var session = Sessions.GetOrAdd(baseUrl, mine);
        var cookies = await session.Value;
        if (!ReferenceEquals(session, mine)) await context.AddCookiesAsync(cookies);
    }

    /// <summary>
    /// Signs in on the sign-in page the browser is showing. The wait for the page after it is long: in CI the browser tests
    /// share two cores with the integration tests and with servers computing plans, and the password hash plus the first
    /// render of the target page once took longer than Playwright's default 30 s (nothing was wrong but the load).
    /// </summary>
    public async Task SignIn(string userName, string password)
    {
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { Timeout = 120_000 });
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
