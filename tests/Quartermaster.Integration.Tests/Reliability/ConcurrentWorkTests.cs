using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Quartermaster.Application.Access;
using Quartermaster.Application.Demo;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Reliability;

/// <summary>The demo data in one database and two servers on it, as behind a load balancer.</summary>
public sealed class TwoServersFixture<TKind> : IAsyncLifetime where TKind : IDbKind
{
    private readonly List<WebApplication> apps = [];

    public TestDatabase Db { get; private set; } = null!;
    public List<HttpClient> Servers { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(TKind.Kind);
        await using (var db = Db.Open())
        {
            await new DemoLoader(db).Load(Actor.LocalOperator("two-servers"));
            var accounts = new AccountsService(db);
            await accounts.Add(Actor.LocalOperator("two-servers"), "twin-coordinator", "twin-coordinator", Role.Coordinator, null, null, "fixture-password-123");
        }
        for (var i = 0; i < 2; i++)
        {
            var app = await WebApp.CreateAsync(new WebOptions(Db.Target, ["http://127.0.0.1:0"]));
            await app.StartAsync();
            apps.Add(app);
            await using var db = Db.Open();
            var token = await new AccountsService(db).CreateToken(Actor.LocalOperator("two-servers"), "twin-coordinator", "tests", TokenScope.Write, 7);
            var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(3) };
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            Servers.Add(http);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in Servers) h.Dispose();
        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (Db is not null) await Db.DisposeAsync();
    }
}

/// <summary>The same work sent to two servers at the same moment answers cleanly: done once, never an internal error.</summary>
public abstract class ConcurrentWorkTests<TKind>(TwoServersFixture<TKind> fx) : IClassFixture<TwoServersFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_import_posted_to_two_servers_at_once_is_applied_once_and_the_other_answers_unchanged()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rows = TestData.ReadCsv(TestData.CatalogueCsvPath).Take(20).ToList();
        foreach (var r in rows) r["code"] = $"twin-{tag}-{r["code"]}";
        var file = Encoding.UTF8.GetBytes(Csv.Write(Csv.Headers(TestData.CatalogueCsvPath), rows));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            using var r = await fx.Servers[i % 2].PostMultipart("/api/v1/import/catalogue?mapping=catalogue", file, "catalogue.csv");
            var text = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}: {text}");
            return r.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text) : null;
        }));

        var applied = answers.OfType<JsonNode>().ToList();
        Assert.NotEmpty(applied);
        Assert.Equal(rows.Count, applied.Sum(a => a["created"]!.GetValue<int>()));
        Assert.All(applied.Where(a => a["created"]!.GetValue<int>() == 0), a => Assert.Equal(rows.Count, a["unchanged"]!.GetValue<int>()));
        Assert.Equal(rows.Count, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM catalogue_items WHERE \"Code\" LIKE 'twin-{tag}-%'"));
    }

    [Fact]
    public async Task Two_plan_computations_for_one_period_on_two_servers_at_once_both_succeed_as_separate_plans()
    {
        var jobs = await Task.WhenAll(fx.Servers.Select(async http =>
        {
            using var response = await http.PostJson("/api/v1/plans", new { period = "2022-10" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var job = await response.Body();
            var location = response.Headers.Location!.ToString();
            for (var i = 0; i < 1200 && job.Str("state") is "Queued" or "Running"; i++)
            {
                await Task.Delay(250, Ct);
                job = await http.GetNode(location);
            }
            return job;
        }));
        Assert.All(jobs, j => Assert.True(j.Str("state") == "Succeeded", j.ToJsonString()));
        var numbers = new List<int>();
        foreach (var (job, http) in jobs.Zip(fx.Servers))
            numbers.Add((await http.GetNode(job.Str("plan")))["summary"]!["number"]!.GetValue<int>());
        Assert.Equal(2, numbers.Distinct().Count());
    }
}

public sealed class ConcurrentWorkOnSqlite(TwoServersFixture<OnSqlite> fx) : ConcurrentWorkTests<OnSqlite>(fx);

public sealed class ConcurrentWorkOnPostgres(TwoServersFixture<OnPostgres> fx) : ConcurrentWorkTests<OnPostgres>(fx);
