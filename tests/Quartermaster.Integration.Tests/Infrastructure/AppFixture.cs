using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
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
        app = await WebApp.CreateAsync(Options(new WebOptions(Db.Target, ["http://127.0.0.1:0"], OperatorName)));
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await SeedAsync();
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
