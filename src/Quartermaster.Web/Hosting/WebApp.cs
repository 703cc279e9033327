using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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
}

/// <summary>Builds the web application: REST API under /api/v1, OpenAPI at /openapi/v1.json, and the web UI.</summary>
public static class WebApp
{
    /// <summary>What a request sees before anyone has signed in: only records released to all participants.</summary>
    private static readonly Viewer Anonymous = new(Role.IndustryRepresentative, null);

    public static async Task<WebApplication> CreateAsync(WebOptions options, CancellationToken ct = default)
    {
        await options.Database.MigrateAsync(options.Clock, ct);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
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
        builder.Services.AddScoped<NationsService>();
        builder.Services.AddScoped<CatalogueService>();
        builder.Services.AddScoped<RequirementsService>();
        builder.Services.AddScoped<OffersService>();
        builder.Services.AddScoped<FundingService>();
        builder.Services.AddScoped<HubsService>();
        builder.Services.AddScoped<ReportsService>();
        builder.Services.AddScoped<LedgerService>();
        builder.Services.AddScoped<ImportService>();
        builder.Services.AddScoped<AllocationsService>();
        builder.Services.AddScoped<Application.Training.CoursesService>();
        builder.Services.AddScoped<Application.Training.SitesService>();
        builder.Services.AddScoped<Application.Training.CohortsService>();
        builder.Services.AddScoped<Application.Training.CrewPlanningService>();
        builder.Services.AddScoped<Application.Readiness.IEquipmentArrivals, Application.Readiness.PlannedArrivals>();
        builder.Services.AddScoped<Application.Readiness.ReadinessService>();
        builder.Services.AddSingleton<PlanJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PlanJobs>());
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
                o.Conventions.AuthorizeFolder("/Offers", Policies.Pledge);
                o.Conventions.AuthorizePage("/Funding/New", Policies.Pledge);
                o.Conventions.AllowAnonymousToPage("/SignIn");
                o.Conventions.AllowAnonymousToPage("/Denied");
            })
            .AddApplicationPart(typeof(WebApp).Assembly);
        builder.Services.AddAntiforgery();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.Use((http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api/v1/import")
                && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = options.MaxJsonBytes;
            return next(http);
        });
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebApp).Assembly, "Quartermaster.Web.Assets"),
            RequestPath = "/assets",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use((http, next) =>
        {
            // The signed-in person's visibility applies to every query of this request (Viewer, one rule).
            http.RequestServices.GetRequiredService<QuartermasterDb>().RestrictTo(Claims.ViewerOf(http.User) ?? Anonymous);
            return next(http);
        });
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Policies.Read);
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription().AllowAnonymous();
        app.MapQuartermasterApi();
        app.MapRazorPages();
        return app;
    }
}
