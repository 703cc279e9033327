using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Storage;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Reliability;

/// <summary>A server of its own on a database target; signed-in clients by API token.</summary>
internal sealed class OwnServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private OwnServer(WebApplication app, DatabaseTarget target)
    {
        this.app = app;
        Target = target;
        BaseAddress = new Uri(app.Urls.First());
    }

    public DatabaseTarget Target { get; }
    public Uri BaseAddress { get; }

    public static async Task<OwnServer> StartAsync(DatabaseTarget target)
    {
        var app = await WebApp.CreateAsync(new WebOptions(target, ["http://127.0.0.1:0"]));
        await app.StartAsync();
        return new OwnServer(app, target);
    }

    public async Task<HttpClient> CoordinatorAsync(string userName)
    {
        await using var db = Target.Open(TimeProvider.System);
        var accounts = new AccountsService(db);
        if (!(await accounts.List()).Any(a => a.UserName == userName))
            await accounts.Add(Actor.LocalOperator("fixture"), userName, userName, Role.Coordinator, null, null, "fixture-password-123");
        var token = await accounts.CreateToken(Actor.LocalOperator("fixture"), userName, "tests", TokenScope.Write, 7);
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>
/// The database going away and coming back: transient faults are retried inside the server, a database that stays
/// away is a 503 with Retry-After (never a 500), and creates re-sent with their Idempotency-Key are never doubled.
/// </summary>
public sealed class PostgresOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage CreateOffer(string description, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/offers")
        {
            Content = JsonContent.Create(new { donorCode = "RTA", aidType = "Humanitarian", description, quantityAnnounced = 1 }, options: Api.Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task SeedDonor(HttpClient http)
        => (await http.PostJson("/api/v1/nations", new { code = "RTA", name = "Restartland", status = "Member" })).EnsureSuccessStatusCode();

    [Fact]
    public async Task Terminated_pooled_connections_are_retried_and_never_answered_500()
    {
        await using var db = await TestDatabase.CreateAsync(DbKind.Postgres);
        await using var server = await OwnServer.StartAsync(db.Target);
        using var http = await server.CoordinatorAsync("outage-terminate");
        await SeedDonor(http);
        // Fill the pool with connections, then kill every one of them behind the server's back.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => http.GetAsync("/api/v1/offers", Ct)));
        var dbName = new NpgsqlConnectionStringBuilder(db.DbArgument).Database;
        await using (var admin = new NpgsqlConnection(await PostgresServer.AdminConnectionString()))
        {
            await admin.OpenAsync(Ct);
            await using var kill = new NpgsqlCommand("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
            kill.Parameters.AddWithValue("db", dbName!);
            Assert.True((long)(await kill.ExecuteScalarAsync(Ct))! > 0);
        }
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var r = i % 2 == 0
                ? await http.GetAsync("/api/v1/offers", Ct)
                : await http.SendAsync(CreateOffer("after-terminate", Guid.NewGuid().ToString()), Ct);
            return (int)r.StatusCode + " " + await r.Content.ReadAsStringAsync(Ct);
        }));
        Assert.All(answers, a => Assert.True(a.StartsWith('2'), a));
        Assert.Equal(4, await db.ScalarLongAsync("SELECT COUNT(*) FROM offers WHERE \"Description\" = 'after-terminate'"));
    }

    [Fact]
    public async Task A_database_that_stays_away_is_a_503_with_Retry_After_and_the_server_recovers_when_it_returns()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var server = await OwnServer.StartAsync(DatabaseTarget.Resolve(cluster.ConnectionString()) with { MaxRetryCount = 2 });
        using var http = await server.CoordinatorAsync("outage-away");
        await SeedDonor(http);
        await cluster.StopAsync();

        var key = Guid.NewGuid().ToString();
        using (var away = await http.SendAsync(CreateOffer("while-away", key), Ct))
        {
            await away.Problem(503);
            Assert.True(away.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        }
        using (var read = await http.GetAsync("/api/v1/offers", Ct))
            await read.Problem(503);

        await cluster.StartAgainAsync();
        using (var back = await http.SendAsync(CreateOffer("while-away", key), Ct))
            await back.Ok(HttpStatusCode.Created);
        using (var list = await http.GetAsync("/api/v1/offers?search=while-away", Ct))
            Assert.Equal(1, (await list.Ok())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_restart_under_load_loses_no_create_doubles_none_and_answers_no_500()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var server = await OwnServer.StartAsync(DatabaseTarget.Resolve(cluster.ConnectionString()));
        using var http = await server.CoordinatorAsync("outage-restart");
        await SeedDonor(http);

        const int workers = 4, perWorker = 12;
        var statuses = new ConcurrentBag<int>();
        var started = new TaskCompletionSource();
        var load = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                var key = $"restart-{w}-{i}";
                for (var attempt = 0; ; attempt++)
                {
                    using var r = await http.SendAsync(CreateOffer($"restart-load {w}-{i}", key), Ct);
                    statuses.Add((int)r.StatusCode);
                    if (i == 2) started.TrySetResult();
                    if (r.StatusCode == HttpStatusCode.Created) break;
                    Assert.True(r.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync(Ct)}");
                    Assert.True(attempt < 30, "the database did not come back");
                    await Task.Delay(TimeSpan.FromSeconds(1), Ct);
                }
            }
        }, Ct)).ToList();

        await started.Task.WaitAsync(TimeSpan.FromMinutes(2), Ct);
        await cluster.StopAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        await cluster.StartAgainAsync();
        await Task.WhenAll(load);

        Assert.DoesNotContain(500, statuses);
        await using var db = server.Target.Open(TimeProvider.System);
        await using var c = new NpgsqlConnection(cluster.ConnectionString());
        await c.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT COUNT(*), COUNT(DISTINCT \"Description\") FROM offers WHERE \"Description\" LIKE 'restart-load %'", c);
        await using var reader = await count.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        Assert.Equal(workers * perWorker, reader.GetInt64(0));
        Assert.Equal(workers * perWorker, reader.GetInt64(1));
    }
}

/// <summary>SQLite: a database file locked by another process past the busy timeout is a 503 with Retry-After, never a 500.</summary>
public sealed class SqliteOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_file_locked_by_another_process_is_a_503_with_Retry_After_and_a_resent_create_is_done_once()
    {
        await using var db = await TestDatabase.CreateAsync(DbKind.Sqlite);
        var target = db.Target with { ConnectionString = db.Target.ConnectionString.Replace("Default Timeout=30", "Default Timeout=1", StringComparison.Ordinal) };
        await using var server = await OwnServer.StartAsync(target);
        using var http = await server.CoordinatorAsync("outage-sqlite");
        (await http.PostJson("/api/v1/nations", new { code = "SLK", name = "Lockland", status = "Member" })).EnsureSuccessStatusCode();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/offers")
            {
                Content = JsonContent.Create(new { donorCode = "SLK", aidType = "Humanitarian", description = "locked-out", quantityAnnounced = 1 }, options: Api.Json),
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        await using (var holder = await db.OpenRawAsync())
        {
            await using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync(Ct);
            using var locked = await http.SendAsync(Create(), Ct);
            await locked.Problem(503);
            Assert.NotNull(locked.Headers.RetryAfter);
            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(Ct);
        }
        using (var again = await http.SendAsync(Create(), Ct))
            await again.Ok(HttpStatusCode.Created);
        using (var twice = await http.SendAsync(Create(), Ct))
            await twice.Ok(HttpStatusCode.Created);
        Assert.Equal(1, await db.ScalarLongAsync("SELECT COUNT(*) FROM offers WHERE Description = 'locked-out'"));
    }
}
