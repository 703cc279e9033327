using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quartermaster.Storage;

namespace Quartermaster.Web.Hosting;

/// <summary>Where telemetry (metrics and traces) goes.</summary>
public enum TelemetryExporter { None, Console, Otlp }

/// <summary>
/// The planner's telemetry, recorded by the web shell around each computation (the planner library itself stays free of
/// infrastructure): an activity per computation, a counter and a duration histogram tagged with the period and the outcome.
/// </summary>
public static class PlanningTelemetry
{
    public const string Name = "Quartermaster.Planning";

    public static readonly ActivitySource Source = new(Name, Observability.Version);

    private static readonly Meter Meter = new(Name, Observability.Version);

    public static readonly Counter<long> Computations = Meter.CreateCounter<long>("quartermaster.plan.computations", "{computation}",
        "Plan computations finished, by period and status");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("quartermaster.plan.duration", "s",
        "How long a plan computation took, by period and status");

    public static void Record(string? period, string status, TimeSpan elapsed)
    {
        var tags = new TagList { { "period", period ?? "current" }, { "status", status } };
        Computations.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }
}

/// <summary>
/// Everything an operator watches, in one place: one structured log line per request, OpenTelemetry metrics and traces
/// (HTTP, EF Core, the planner) with an exporter chosen by configuration, liveness and readiness health checks, the
/// server's version, and response compression for the API and static assets.
/// </summary>
public static class Observability
{
    /// <summary>The logger category of the request lines.</summary>
    public const string RequestCategory = "Quartermaster.Requests";

    public const string ReadyTag = "ready";

    /// <summary>The server's version: the assembly's informational version (with the commit, when built from git).</summary>
    public static readonly string Version = typeof(Observability).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Observability).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// The exporter: <c>Telemetry:Exporter</c> (none, console, otlp) when set; else OTLP when an endpoint is configured
    /// (<c>Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); else the caller's default
    /// (<see cref="WebOptions.DefaultTelemetryExporter"/>: none for tests and the demo, console for <c>qm serve</c>).
    /// </summary>
    public static TelemetryExporter ExporterFrom(IConfiguration config, TelemetryExporter fallback)
    {
        var named = config["Telemetry:Exporter"];
        if (!string.IsNullOrWhiteSpace(named))
            return Enum.TryParse<TelemetryExporter>(named.Trim(), true, out var e) && Enum.IsDefined(e)
                ? e
                : throw new InvalidOperationException($"Telemetry:Exporter '{named}' is not one of: none, console, otlp.");
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint(config))) return TelemetryExporter.Otlp;
        return fallback;
    }

    private static string? OtlpEndpoint(IConfiguration config)
        => config["Telemetry:OtlpEndpoint"] is { Length: > 0 } e ? e : config["OTEL_EXPORTER_OTLP_ENDPOINT"];

    public static void AddObservability(this WebApplicationBuilder builder, WebOptions options)
    {
        var config = builder.Configuration;
        // The framework's own request lines carry the full URL with its query string (which may hold a secret): ours replace them.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        if (config.GetValue<bool?>("Logging:Requests") ?? options.LogRequestsByDefault)
            builder.Logging.AddFilter(RequestCategory, LogLevel.Information);
        else
            builder.Logging.AddFilter(RequestCategory, LogLevel.None);
        foreach (var provider in options.LoggerProviders) builder.Logging.AddProvider(provider);

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReachable>("database", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(10))
            .AddCheck<MigrationsApplied>("migrations", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(10));

        builder.Services.AddResponseCompression(o =>
        {
            // Only the paths UseObservability compresses (API JSON/CSV, scripts and styles): never pages carrying anti-forgery tokens (BREACH).
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json", "text/csv", "text/javascript", "application/javascript", "text/css", "image/svg+xml", "text/plain"];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);

        var exporter = ExporterFrom(config, options.DefaultTelemetryExporter);
        if (exporter == TelemetryExporter.None) return;
        var endpoint = OtlpEndpoint(config);
        var interval = config.GetValue<double?>("Telemetry:ConsoleIntervalSeconds") ?? 300;
        var consoleTraces = config.GetValue<bool?>("Telemetry:ConsoleTraces") ?? false;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("quartermaster", serviceVersion: Version))
            .WithTracing(t =>
            {
                t.AddSource(PlanningTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddEntityFrameworkCoreInstrumentation();
                if (exporter == TelemetryExporter.Otlp)
                    t.AddOtlpExporter(o => { if (endpoint is not null) o.Endpoint = new Uri(endpoint); });
                else if (consoleTraces)
                    t.AddConsoleExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter(PlanningTelemetry.Name, "Microsoft.EntityFrameworkCore")
                    .AddAspNetCoreInstrumentation();
                if (exporter == TelemetryExporter.Otlp)
                    m.AddOtlpExporter(o => { if (endpoint is not null) o.Endpoint = new Uri(endpoint); });
                else
                    m.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)TimeSpan.FromSeconds(interval).TotalMilliseconds);
            });
    }

    /// <summary>Outermost: times the whole request and writes its line when it has ended. Then compression for the API and assets.</summary>
    public static void UseObservability(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestCategory);
        if (log.IsEnabled(LogLevel.Information))
            app.Use(async (http, next) =>
            {
                var started = Stopwatch.GetTimestamp();
                var seen = new SeenEndpoint();
                http.Features.Set(seen);
                var status = 0;
                try
                {
                    await next(http);
                    status = http.Response.StatusCode;
                }
                catch
                {
                    status = StatusCodes.Status500InternalServerError;
                    throw;
                }
                finally
                {
                    RequestLine.Write(log, http.Request.Method, RouteOf(seen.Endpoint ?? http.GetEndpoint(), http.Request.Path), status,
                        Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
                        http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous",
                        Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier);
                }
            });
        app.UseWhen(Compressible, b => b.UseResponseCompression());
    }

    /// <summary>Placed after routing: remembers the endpoint the request matched (before any re-execution for an error page).</summary>
    public static void UseEndpointCapture(this WebApplication app)
        => app.Use((http, next) =>
        {
            if (http.Features.Get<SeenEndpoint>() is { Endpoint: null } seen) seen.Endpoint = http.GetEndpoint();
            return next(http);
        });

    /// <summary>
    /// API answers and static assets are compressed; HTML pages are not (they carry anti-forgery tokens next to text a
    /// request can reflect: BREACH), and neither are the token endpoints (a freshly minted secret).
    /// </summary>
    public static bool Compressible(HttpContext http)
        => (http.Request.Path.StartsWithSegments("/api/v1") && !http.Request.Path.StartsWithSegments("/api/v1/tokens"))
           || http.Request.Path.StartsWithSegments("/assets") || http.Request.Path.StartsWithSegments("/openapi");

    /// <summary>The route template (never the path with its ids, nor the query string).</summary>
    public static string RouteOf(Endpoint? endpoint, PathString path) => endpoint switch
    {
        RouteEndpoint r => "/" + (r.RoutePattern.RawText ?? "").TrimStart('/'),
        not null => endpoint.DisplayName ?? "(endpoint)",
        null when path.StartsWithSegments("/assets") => "/assets/*",
        _ => "(no endpoint)",
    };

    /// <summary>GET /health/live, /health/ready and /health (ready, as before): anonymous, with the server's version.</summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health/live", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new { status = "ok", version = Version });
        }).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/health/ready", Ready).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/health", Ready).ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> Ready(HealthCheckService health, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(ReadyTag), ct);
        var checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description });
        if (report.Status == HealthStatus.Healthy)
            return Results.Ok(new { status = "ok", version = Version, checks });
        var failed = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList();
        return Results.Json(new { status = "unavailable", version = Version, failed, checks }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private sealed class SeenEndpoint
    {
        public Endpoint? Endpoint { get; set; }
    }
}

internal static partial class RequestLine
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Method} {Route} {Status} {DurationMs} ms user={User} trace={TraceId}")]
    public static partial void Write(ILogger logger, string method, string route, int status, double durationMs, string user, string traceId);
}

/// <summary>Readiness: the database answers. The reason is named, never the connection string or the exception.</summary>
internal sealed class DatabaseReachable(DatabaseTarget target, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = target.Open(clock);
            return await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy("the database answers")
                : new HealthCheckResult(context.Registration.FailureStatus, "the database cannot be reached");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "the database cannot be reached");
        }
    }
}

/// <summary>Readiness: every migration this build knows has been applied to the database.</summary>
internal sealed class MigrationsApplied(DatabaseTarget target, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = target.Open(clock);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("every migration is applied")
                : new HealthCheckResult(context.Registration.FailureStatus, $"{pending.Count} migration(s) not applied, the latest {pending[^1]}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "the applied migrations cannot be read");
        }
    }
}
