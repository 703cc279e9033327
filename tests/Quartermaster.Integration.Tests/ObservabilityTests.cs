using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// Issue 13: one request line per request with the route template, status, duration, user and trace id, and never a
/// secret in any log; liveness and readiness; compression only where it is safe; a revoked token or a disabled account
/// changed by another process stops working within the session cache's lifetime.
/// </summary>
public abstract class ObservabilityTests<TKind>(ObservabilityFixture<TKind> fx) : IClassFixture<ObservabilityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Setup = Actor.LocalOperator("observability-tests");

    private async Task<CreatedToken> TokenAsync(string userName, Role role, string password)
    {
        await using var db = fx.Db.Open();
        var accounts = new AccountsService(db);
        if (!(await accounts.List(Ct)).Any(a => a.UserName == userName))
            await accounts.Add(Setup, userName, userName, role, null, null, password, Ct);
        return await accounts.CreateToken(Setup, userName, "observability", TokenScope.Write, 7, Ct);
    }

    private async Task<CapturedLog> RequestLineAsync(Func<CapturedLog, bool> match)
    {
        // The line is written when the request has ended, which may be just after the client has its answer.
        var until = Stopwatch.StartNew();
        while (true)
        {
            var line = fx.Logs.Entries.FirstOrDefault(e => e.Category == Observability.RequestCategory && match(e));
            if (line is not null) return line;
            if (until.Elapsed > TimeSpan.FromSeconds(10))
                Assert.Fail("no such request line; request lines:\n" + string.Join("\n", fx.Logs.Entries.Where(e => e.Category == Observability.RequestCategory)));
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task Requests_are_logged_with_route_template_status_user_and_trace_id_and_no_log_holds_a_token_password_or_query_value()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        var secretQuery = "q" + Guid.NewGuid().ToString("N");
        var created = await TokenAsync("ob-logs", Role.Coordinator, password);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        // A bearer request with a secret-looking query value and a trace context from the caller.
        using (var api = fx.Anonymous(created.Token))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/offers?search={secretQuery}&access_token={Uri.EscapeDataString(created.Token)}");
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            request.Headers.TryAddWithoutValidation("Cookie", "session=" + secretQuery);
            using var r = await api.SendAsync(request, Ct);
            await r.Ok();
            using var me = await api.GetAsync("/api/v1/me", Ct);
            await me.Ok();
            // A record's own address: the line names the route template, not the id.
            using var missing = await api.GetAsync($"/api/v1/offers/{Guid.NewGuid()}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        // A password sign-in through the form, a wrong one, and the request of a signed-in browser.
        var jar = new CookieContainer();
        using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = fx.BaseAddress })
        {
            foreach (var attempt in new[] { wrongPassword, password })
            {
                var form = await browser.GetStringAsync("/signin", Ct);
                var antiForgery = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
                using var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(
                    [new("UserName", "ob-logs"), new("Password", attempt), new("__RequestVerificationToken", antiForgery)]), Ct);
                Assert.Equal(attempt == password ? HttpStatusCode.Redirect : HttpStatusCode.OK, signIn.StatusCode);
            }
            using var page = await browser.GetAsync($"/offers?search={secretQuery}", Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        var line = await RequestLineAsync(e => e.Values.GetValueOrDefault("TraceId") == traceId);
        Assert.Equal("GET", line.Values["Method"]);
        Assert.Equal("/api/v1/offers/", line.Values["Route"]);
        Assert.Equal("200", line.Values["Status"]);
        Assert.Equal("ob-logs", line.Values["User"]);
        Assert.True(double.Parse(line.Values["DurationMs"]!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Equal(LogLevel.Information, line.Level);
        var notFound = await RequestLineAsync(e => e.Values.GetValueOrDefault("Status") == "404" && e.Values.GetValueOrDefault("User") == "ob-logs");
        Assert.Equal("/api/v1/offers/{id:guid}", notFound.Values["Route"]);
        Assert.Matches("^[0-9a-f]{32}$", notFound.Values["TraceId"]!);
        var signInLine = await RequestLineAsync(e => e.Values.GetValueOrDefault("Method") == "POST" && e.Values.GetValueOrDefault("Route") == "/signin" && e.Values.GetValueOrDefault("Status") == "302");
        Assert.Equal("anonymous", signInLine.Values["User"]);
        await RequestLineAsync(e => e.Values.GetValueOrDefault("Route") == "/offers" && e.Values.GetValueOrDefault("User") == "ob-logs");

        var all = fx.Logs.Entries;
        Assert.Contains(all, e => e.Level == LogLevel.Debug); // the capture sees the framework's chatter too
        foreach (var secret in new[] { created.Token, password, wrongPassword, secretQuery })
        {
            var leaks = all.Where(e => e.Everything.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{leaks.Count} log entries hold a secret:\n{string.Join("\n", leaks.Take(5).Select(l => l.Everything))}");
        }
        Assert.DoesNotContain(all.Where(e => e.Category == Observability.RequestCategory), e => e.Message.Contains('?'));
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_200_on_a_migrated_database_with_the_version()
    {
        using var http = fx.Anonymous();
        var live = await http.GetNode("/health/live");
        Assert.Equal("ok", live.Str("status"));
        Assert.Equal(Observability.Version, live.Str("version"));
        Assert.False(string.IsNullOrWhiteSpace(live.Str("version")));
        var ready = await http.GetNode("/health/ready");
        Assert.Equal("ok", ready.Str("status"));
        Assert.Equal("healthy", ready["checks"]!["database"]!.Str("status"));
        Assert.Equal("healthy", ready["checks"]!["migrations"]!.Str("status"));
        var health = await http.GetNode("/health");
        Assert.Equal("ok", health.Str("status"));
        Assert.Equal(Observability.Version, health.Str("version"));
    }

    [Fact]
    public async Task Readiness_is_503_naming_the_migrations_when_one_is_not_applied_while_liveness_stays_200()
    {
        string id, version;
        await using (var c = await fx.Db.OpenRawAsync())
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT \"MigrationId\", \"ProductVersion\" FROM \"__migrations\" ORDER BY \"MigrationId\" DESC LIMIT 1";
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            Assert.True(await reader.ReadAsync(Ct));
            (id, version) = (reader.GetString(0), reader.GetString(1));
        }
        await fx.Db.ExecuteAsync($"DELETE FROM \"__migrations\" WHERE \"MigrationId\" = '{id}'");
        try
        {
            using var http = fx.Anonymous();
            using var ready = await http.GetAsync("/health/ready", Ct);
            var body = await ready.Body();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("unavailable", body.Str("status"));
            Assert.Equal(["migrations"], body["failed"]!.AsArray().Select(f => f!.GetValue<string>()).ToList());
            Assert.Contains(id, body["checks"]!["migrations"]!.Str("description"), StringComparison.Ordinal);
            Assert.Equal("healthy", body["checks"]!["database"]!.Str("status"));
            using var health = await http.GetAsync("/health", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            using var live = await http.GetAsync("/health/live", Ct);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await fx.Db.ExecuteAsync($"INSERT INTO \"__migrations\" (\"MigrationId\", \"ProductVersion\") VALUES ('{id}', '{version}')");
        }
        using var again = fx.Anonymous();
        using var back = await again.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task Api_answers_and_assets_are_compressed_but_pages_with_anti_forgery_tokens_and_tokens_are_not()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false }) { BaseAddress = fx.BaseAddress };
        http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var created = await TokenAsync("ob-compress", Role.Coordinator, "ob-compress-password-1");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);

        using (var api = await http.GetAsync("/api/v1/nations?pageSize=200", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
            Assert.Equal("br", Assert.Single(api.Content.Headers.ContentEncoding));
        }
        using (var page = await http.GetAsync("/signin", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("__RequestVerificationToken", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Empty(page.Content.Headers.ContentEncoding);
        }
        using (var tokens = await http.GetAsync("/api/v1/tokens", Ct))
            Assert.Empty(tokens.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_plan_job_records_an_activity_a_computation_count_and_its_duration_with_period_and_status()
    {
        var period = $"20{60 + (int)TKind.Kind}-0{1 + Random.Shared.Next(9)}";
        var measurements = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, double Value, string? Period, string? Status)>();
        using var meters = new System.Diagnostics.Metrics.MeterListener();
        meters.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == PlanningTelemetry.Name) l.EnableMeasurementEvents(instrument); };
        void Record(System.Diagnostics.Metrics.Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? p = null, st = null;
            foreach (var t in tags)
                if (t.Key == "period") p = t.Value as string;
                else if (t.Key == "status") st = t.Value as string;
            measurements.Enqueue((i.Name, v, p, st));
        }
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        meters.Start();
        var activities = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PlanningTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(spans);

        using var started = await fx.Http.PostJson("/api/v1/plans", new { period });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        var job = await started.Body();
        for (var i = 0; i < 600 && job.Str("state") is "Queued" or "Running"; i++)
        {
            await Task.Delay(100, Ct);
            job = await fx.Http.GetNode(location);
        }
        Assert.True(job.Str("state") is "Succeeded" or "Failed", job.ToJsonString());
        var clock = Stopwatch.StartNew();
        while (!measurements.Any(m => m.Period == period && m.Instrument == "quartermaster.plan.duration") && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50, Ct);
        var mine = measurements.Where(m => m.Period == period).ToList();
        var count = Assert.Single(mine, m => m.Instrument == "quartermaster.plan.computations");
        Assert.Equal(1, count.Value);
        Assert.False(string.IsNullOrEmpty(count.Status));
        Assert.Equal(job.Str("state") == "Failed", count.Status == "failed");
        Assert.True(Assert.Single(mine, m => m.Instrument == "quartermaster.plan.duration").Value >= 0);
        var activity = Assert.Single(activities, a => a.OperationName == "plan.compute" && (a.GetTagItem("period") as string) == period);
        Assert.Equal(count.Status, activity.GetTagItem("status") as string);
    }

    private async Task<TimeSpan> UntilRefusedAsync(Func<Task<HttpStatusCode>> probe)
    {
        var clock = Stopwatch.StartNew();
        while (await probe() != HttpStatusCode.Unauthorized)
        {
            Assert.True(clock.Elapsed < SessionCache.Lifetime + TimeSpan.FromSeconds(3), $"still accepted {clock.Elapsed} after the change");
            await Task.Delay(100, Ct);
        }
        return clock.Elapsed;
    }

    [Fact]
    public async Task A_token_revoked_by_another_process_stops_within_the_session_cache_lifetime_and_at_once_in_this_one()
    {
        var created = await TokenAsync("ob-revoke", Role.Coordinator, "ob-revoke-password-1");
        using var http = fx.Anonymous(created.Token);
        async Task<HttpStatusCode> Me()
        {
            using var r = await http.GetAsync("/api/v1/me", Ct);
            return r.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Me()); // now remembered in the session cache
        var cli = await Qm.Run("tokens", "revoke", created.Info.Id.ToString(), "--db", fx.Db.DbArgument);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var took = await UntilRefusedAsync(Me);
        Assert.True(took <= SessionCache.Lifetime + TimeSpan.FromSeconds(1), $"refused only after {took}");
        TestContext.Current.SendDiagnosticMessage($"revoked by another process: refused after {took.TotalMilliseconds:F0} ms (cache lifetime {SessionCache.Lifetime})");

        // A revocation by this server's own process empties the cache: the very next request is refused.
        var second = await TokenAsync("ob-revoke", Role.Coordinator, "ob-revoke-password-1");
        using var again = fx.Anonymous(second.Token);
        using (var ok = await again.GetAsync("/api/v1/me", Ct)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await using (var db = fx.Db.Open())
            await new AccountsService(db).RevokeToken(Setup, second.Info.Id, null, Ct);
        using var refused = await again.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_account_disabled_by_another_process_loses_its_tokens_and_sessions_within_the_session_cache_lifetime()
    {
        const string password = "ob-disable-password-1";
        var created = await TokenAsync("ob-disabled", Role.Coordinator, password);
        using var api = fx.Anonymous(created.Token);
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = fx.BaseAddress };
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var form = await browser.GetStringAsync("/signin", Ct);
        var antiForgery = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using (var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(
                   [new("UserName", "ob-disabled"), new("Password", password), new("__RequestVerificationToken", antiForgery)]), Ct))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        async Task<HttpStatusCode> Me(HttpClient http)
        {
            using var r = await http.GetAsync("/api/v1/me", Ct);
            return r.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Me(api));
        Assert.Equal(HttpStatusCode.OK, await Me(browser));
        var cli = await Qm.Run("users", "disable", "ob-disabled", "--db", fx.Db.DbArgument);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var clock = Stopwatch.StartNew();
        var tokenTook = await UntilRefusedAsync(() => Me(api));
        await UntilRefusedAsync(() => Me(browser));
        Assert.True(tokenTook <= SessionCache.Lifetime + TimeSpan.FromSeconds(1), $"token refused only after {tokenTook}");
        Assert.True(clock.Elapsed <= SessionCache.Lifetime + TimeSpan.FromSeconds(1), $"session refused only after {clock.Elapsed}");
        TestContext.Current.SendDiagnosticMessage($"disabled by another process: token refused after {tokenTook.TotalMilliseconds:F0} ms, session within {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}

public sealed class ObservabilityOnSqlite(ObservabilityFixture<OnSqlite> fx) : ObservabilityTests<OnSqlite>(fx);

public sealed class ObservabilityOnPostgres(ObservabilityFixture<OnPostgres> fx) : ObservabilityTests<OnPostgres>(fx);
