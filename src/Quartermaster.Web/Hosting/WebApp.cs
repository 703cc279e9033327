using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartermaster.Application.Access;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Importing;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Logistics;
using Quartermaster.Application.Nations;
using Quartermaster.Application.Offers;
using Quartermaster.Application.Reports;
using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Access;
using Quartermaster.Storage;
using Quartermaster.Web.Api;

namespace Quartermaster.Web.Hosting;

/// <summary>Options for one running Quartermaster server.</summary>
public sealed record WebOptions(DatabaseTarget Database, string[] Urls)
{
    /// <summary>Largest request body accepted anywhere (uploads included).</summary>
    public long MaxUploadBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest JSON request body.</summary>
    public long MaxJsonBytes { get; init; } = 1L * 1024 * 1024;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Configuration values added on top of the environment's (e.g. "ForwardedHeaders:KnownProxies", "PublicBaseUrl").</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    /// <summary>The checkpoint signing key file; null: configuration <c>Ledger:SigningKeyPath</c>, else $QM_LEDGER_KEY, else the per-user data directory.</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>How often a checkpoint is signed when the ledger has grown (zero: only on demand); null: configuration, else an hour.</summary>
    public TimeSpan? CheckpointEvery { get; init; }

    internal TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether one line per request is logged (category <c>Quartermaster.Requests</c>) when configuration <c>Logging:Requests</c> does not say.</summary>
    public bool LogRequestsByDefault { get; init; }

    /// <summary>The telemetry exporter when configuration names none and no OTLP endpoint is set (see <see cref="Observability.ExporterFrom"/>).</summary>
    public TelemetryExporter DefaultTelemetryExporter { get; init; } = TelemetryExporter.None;

    /// <summary>Logger providers added to the server's (e.g. a test's in-memory capture).</summary>
    public IReadOnlyList<ILoggerProvider> LoggerProviders { get; init; } = [];
}

/// <summary>Builds the web application: REST API under /api/v1, OpenAPI at /openapi/v1.json, and the web UI.</summary>
public static class WebApp
{
    /// <summary>What a request sees before anyone has signed in: only records released to all participants.</summary>
    private static readonly Viewer Anonymous = new(Role.IndustryRepresentative, null);

    /// <summary>Imports (API and the browser's import form) and uploads of serial lists and inventories may be larger than a JSON body.</summary>
    private static bool UploadPath(PathString path)
        => path.StartsWithSegments("/api/v1/import") || path.Equals("/import", StringComparison.OrdinalIgnoreCase)
           || (path.StartsWithSegments("/api/v1") && (path.Value!.EndsWith("/serials", StringComparison.Ordinal) || path.Value.EndsWith("/inventories", StringComparison.Ordinal)));

    public static async Task<WebApplication> CreateAsync(WebOptions options, CancellationToken ct = default)
    {
        await Application.ReferenceData.ReferenceDataSeeder.PrepareAsync(options.Database, options.Clock, ct);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.WebHost.UseKestrelCore().UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes;
            k.AddServerHeader = false;
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxUploadBytes);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            j.SerializerOptions.AllowTrailingCommas = false;
        });
        var signingKey = LedgerSigningKey.LoadOrCreate(LedgerSigningKey.ResolvePath(options.SigningKeyPath ?? builder.Configuration[LedgerSigningKey.ConfigurationKey]));
        builder.Services.AddSingleton(signingKey);
        options.CheckpointInterval = options.CheckpointEvery
            ?? (double.TryParse(builder.Configuration["Ledger:CheckpointIntervalMinutes"], System.Globalization.CultureInfo.InvariantCulture, out var minutes) ? TimeSpan.FromMinutes(minutes) : TimeSpan.FromHours(1));
        builder.Services.AddScoped<CheckpointService>();
        builder.Services.AddHostedService<CheckpointScheduler>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Database);
        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddHttpContextAccessor();
        // Until authentication has run, a request sees only what every participant may see.
        builder.Services.AddScoped(sp =>
        {
            var db = options.Database.Open(options.Clock);
            db.RestrictTo(Anonymous);
            return db;
        });
        builder.Services.AddScoped<AccountsService>();
        builder.Services.AddQuartermasterSecurity(builder.Configuration);
        var proxy = ProxySettings.From(builder.Configuration);
        proxy.AddServices(builder.Services);
        builder.Services.AddScoped<NationsService>();
        builder.Services.AddScoped<CatalogueService>();
        builder.Services.AddScoped<RequirementsService>();
        builder.Services.AddScoped<OffersService>();
        builder.Services.AddScoped<FundingService>();
        builder.Services.AddScoped<HubsService>();
        builder.Services.AddScoped<ReportsService>();
        builder.Services.AddScoped<LedgerService>();
        builder.Services.AddScoped<RecordHistoryService>();
        builder.Services.AddScoped<ImportService>();
        builder.Services.AddScoped<AllocationsService>();
        builder.Services.AddScoped<WhatIfService>();
        builder.Services.AddDelivery();
        builder.Services.AddAccountability();
        builder.Services.AddScoped<Application.Industry.CompaniesService>();
        builder.Services.AddScoped<Application.Industry.ProductsService>();
        builder.Services.AddScoped<Application.Industry.OrdersService>();
        builder.Services.AddScoped<Application.Funding.FundingPoolsService>();
        builder.Services.AddScoped<Application.Funding.PoolsReport>();
        builder.Services.AddScoped<Application.Funding.PackagesService>();
        builder.Services.AddScoped<Application.Funding.PackagesReport>();
        builder.Services.AddScoped<Application.Training.CoursesService>();
        builder.Services.AddScoped<Application.Training.SitesService>();
        builder.Services.AddScoped<Application.Training.CohortsService>();
        builder.Services.AddScoped<Application.Training.CrewPlanningService>();
        builder.Services.AddScoped<Application.Technology.TechnologyAccess>();
        builder.Services.AddScoped<Application.Technology.ProjectsService>();
        builder.Services.AddScoped<Application.Readiness.IEquipmentArrivals, Application.Readiness.PlannedArrivals>();
        builder.Services.AddScoped<Application.Readiness.ReadinessService>();
        builder.Services.AddSingleton<PlanJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PlanJobs>());
        builder.Services.AddSingleton<ImportJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportJobs>());
        builder.Services.AddHostedService<IdempotencyJanitor>();
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/", Policies.Read);
                o.Conventions.AuthorizeFolder("/Plans", Policies.Audit);
                o.Conventions.AuthorizePage("/Ledger", Policies.Audit);
                // Offer forms carry [Authorize(Pledge)] on their models; an offer's detail page is for every reader.
                o.Conventions.AuthorizePage("/Offers/New", Policies.Pledge);
                o.Conventions.AuthorizePage("/Funding/New", Policies.Pledge);
                o.Conventions.AuthorizePage("/Delivery/New", Policies.Ship);
                o.Conventions.AuthorizePage("/Delivery/Receive", Policies.Receive);
                o.Conventions.AuthorizePage("/Accountability/Inventory", Policies.Receive);
                o.Conventions.AllowAnonymousToPage("/SignIn");
                o.Conventions.AllowAnonymousToPage("/Denied");
                o.Conventions.AllowAnonymousToPage("/Error");
            })
            .AddApplicationPart(typeof(WebApp).Assembly);
        builder.Services.AddAntiforgery();
        builder.AddObservability(options);

        var app = builder.Build();
        app.UseObservability();
        app.UseSecurityHeaders();
        proxy.Use(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Browsers get the HTML error page (Pages/Error) with the status the exception stands for; APIs get problem documents.
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = ex => ProblemExceptionHandler.Describe(ex).Status ?? StatusCodes.Status500InternalServerError,
            AllowStatusCode404Response = true,
            // A missing record or a refused rule is an answer, not a fault: only server errors are logged (by ProblemExceptionHandler).
            SuppressDiagnosticsCallback = c => ProblemExceptionHandler.Describe(c.Exception).Status < StatusCodes.Status500InternalServerError,
        });
        app.Use(async (http, next) =>
        {
            var upload = UploadPath(http.Request.Path);
            var limit = upload ? options.MaxUploadBytes : options.MaxJsonBytes;
            if (!upload && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = options.MaxJsonBytes;
            if (http.Request.ContentLength is { } declared && declared > limit)
            {
                await BodyLimit.RefuseAsync(http, declared, limit);
                return;
            }
            await next(http);
        });
        app.UseWhen(h => !ProblemExceptionHandler.WantsHtml(h.Request), b => b.UseStatusCodePages());
        app.UseWhen(h => ProblemExceptionHandler.WantsHtml(h.Request), b => b.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebApp).Assembly, "Quartermaster.Web.Assets"),
            RequestPath = "/assets",
        });
        app.UseRouting();
        app.UseEndpointCapture();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use((http, next) =>
        {
            // The signed-in person's visibility applies to every query of this request (Viewer, one rule).
            http.RequestServices.GetRequiredService<QuartermasterDb>().RestrictTo(Claims.ViewerOf(http.User) ?? Anonymous);
            return next(http);
        });
        app.UseAuthorization();
        app.UseUnsafeRequestGuard();
        app.UseAntiforgery();
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Policies.Read);
        app.MapHealth();
        app.MapQuartermasterApi();
        app.MapRazorPages();
        return app;
    }
}
