using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Access;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Importing;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Logistics;
using Quartermaster.Application.Nations;
using Quartermaster.Application.Offers;
using Quartermaster.Application.Reports;
using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The REST API under /api/v1. Every handler is a thin call into an application service.</summary>
public static class Endpoints
{
    public static void MapQuartermasterApi(this IEndpointRouteBuilder app)
    {
        // Every API endpoint needs a signed-in person; writes add the policy of their area (see Policies).
        var api = app.MapGroup("/api/v1").DisableAntiforgery().RequireAuthorization(Policies.Read);
        MapNations(api.MapGroup("/nations").WithTags("Nations"));
        MapCatalogue(api.MapGroup("/catalogue").WithTags("Catalogue"));
        MapRequirements(api.MapGroup("/requirements").WithTags("Requirements"));
        MapOffers(api.MapGroup("/offers").WithTags("Offers"));
        MapFunding(api.MapGroup("/funding").WithTags("Funding"));
        api.MapGet("/hubs", (HubsService s, CancellationToken ct) => s.List(ct)).WithTags("Logistics");
        MapImport(api.MapGroup("/import").WithTags("Import"));
        api.MapGet("/me", (CurrentActor a) => new { user = a.Actor.Name, role = a.Actor.Role, nation = a.Actor.Nation }).WithTags("Access");
        MapReports(api.MapGroup("/reports").WithTags("Reports"));
        MapLedger(api.MapGroup("/ledger").WithTags("Ledger").RequireAuthorization(Policies.Audit));
        MapTokens(api.MapGroup("/tokens").WithTags("Access").RequireAuthorization(Policies.OwnTokens).RequireRateLimiting(Policies.TokenLimit));
        MapPlans(api.MapGroup("/plans").WithTags("Planning"));
    }

    private static PageQuery Page(int? page, int? pageSize, string? sort, string? search) => new(page ?? 1, pageSize ?? 50, sort, search);

    private static void MapNations(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Coordinate);
        g.MapGet("/", (NationsService s, int? page, int? pageSize, string? sort, string? search, NationStatus? status, CancellationToken ct)
            => s.List(Page(page, pageSize, sort, search), status, ct));
        g.MapGet("/{code}", async (string code, NationsService s, HttpContext http, CancellationToken ct) =>
        {
            var n = await s.Get(code, ct);
            return http.WithETag(n, n.Version);
        });
        w.MapPost("/", async (NationInput input, NationsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var n = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/nations/{n.Code}";
            return http.WithETag(n, n.Version, 201);
        });
        w.MapPut("/{code}", async (string code, NationInput input, NationsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var n = await s.Update(a.Actor, code, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(n, n.Version);
        });
    }

    private static void MapCatalogue(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Coordinate);
        g.MapGet("/", (CatalogueService s, int? page, int? pageSize, string? sort, string? search, string? coalition, bool? lethal, CancellationToken ct)
            => s.List(Page(page, pageSize, sort, search), coalition, lethal, ct));
        g.MapGet("/{id:guid}", async (Guid id, CatalogueService s, HttpContext http, CancellationToken ct) =>
        {
            var i = await s.Get(id, ct);
            return http.WithETag(i, i.Version);
        });
        w.MapPost("/", async (CatalogueItemInput input, CatalogueService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var (item, warnings) = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/catalogue/{item.Id}";
            foreach (var w in warnings) http.Response.Headers.Append("Warning", $"199 quartermaster \"{w.Replace("\"", "'")}\"");
            return http.WithETag(item, item.Version, 201);
        });
        w.MapPut("/{id:guid}", async (Guid id, CatalogueItemInput input, CatalogueService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var (item, warnings) = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            foreach (var w in warnings) http.Response.Headers.Append("Warning", $"199 quartermaster \"{w.Replace("\"", "'")}\"");
            return http.WithETag(item, item.Version);
        });
    }

    private static void MapRequirements(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Requirements);
        g.MapGet("/", (RequirementsService s, int? page, int? pageSize, string? sort, string? search, string? period, RequirementStatus? status, CancellationToken ct)
            => s.List(Page(page, pageSize, sort, search), period, status, ct));
        g.MapGet("/{id:guid}", async (Guid id, RequirementsService s, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.Get(id, ct);
            return http.WithETag(r, r.Version);
        });
        w.MapPost("/", async (RequirementInput input, RequirementsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/requirements/{r.Id}";
            return http.WithETag(r, r.Version, 201);
        });
        w.MapPut("/{id:guid}", async (Guid id, RequirementInput input, RequirementsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(r, r.Version);
        });
        w.MapPost("/{id:guid}/cancel", async (Guid id, RequirementsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.Cancel(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(r, r.Version);
        });
    }

    private static void MapOffers(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Pledge);
        g.MapGet("/", (OffersService s, int? page, int? pageSize, string? sort, string? search, string? donor, AidType? aidType, OfferStatus? status, CancellationToken ct)
            => s.List(Page(page, pageSize, sort, search), donor, aidType, status, ct));
        g.MapGet("/{id:guid}", async (Guid id, OffersService s, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Get(id, ct);
            return http.WithETag(o, o.Version);
        });
        w.MapPost("/", async (OfferInput input, OffersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/offers/{o.Id}";
            return http.WithETag(o, o.Version, 201);
        });
        w.MapPut("/{id:guid}", async (Guid id, OfferInput input, OffersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(o, o.Version);
        });
        w.MapPost("/{id:guid}/{action:regex(^(accept|withdraw)$)}", async (Guid id, string action, OffersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Transition(a.Actor, id, ETags.IfMatch(http.Request), action, null, ct);
            return http.WithETag(o, o.Version);
        });
    }

    private static void MapFunding(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Pledge);
        g.MapGet("/", (FundingService s, int? page, int? pageSize, string? sort, string? search, string? donor, string? pool, CancellationToken ct)
            => s.List(Page(page, pageSize, sort, search), donor, pool, ct));
        g.MapGet("/{id:guid}", async (Guid id, FundingService s, HttpContext http, CancellationToken ct) =>
        {
            var f = await s.Get(id, ct);
            return http.WithETag(f, f.Version);
        });
        w.MapPost("/", async (FundingInput input, FundingService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var f = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/funding/{f.Id}";
            return http.WithETag(f, f.Version, 201);
        });
        w.MapPut("/{id:guid}", async (Guid id, FundingInput input, FundingService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var f = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(f, f.Version);
        });
    }

    private static void MapImport(RouteGroupBuilder g)
    {
        // The file is the request body (any content type), or the first file of a multipart form.
        MapImportOf(g, "offers", Policies.Pledge);
        MapImportOf(g, "requirements", Policies.Requirements);
        MapImportOf(g, "catalogue", Policies.Coordinate);
    }

    private static void MapImportOf(RouteGroupBuilder g, string target, string policy)
    {
        g.MapPost("/" + target, async ( string? mapping, string? fileName,
            HttpRequest request, ImportService s, CurrentActor a, CancellationToken ct) =>
        {
            Stream body;
            string name;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.FirstOrDefault() ?? throw new RequestException("file", "The form carries no file.");
                body = file.OpenReadStream();
                name = file.FileName;
            }
            else
            {
                body = request.Body;
                name = fileName ?? (request.ContentType?.Contains("spreadsheetml", StringComparison.Ordinal) == true ? "upload.xlsx" : "upload.csv");
            }
            await using var buffered = new MemoryStream();
            await body.CopyToAsync(buffered, ct);
            buffered.Position = 0;
            return Results.Ok(await s.Import(a.Actor, Enum.Parse<ImportKind>(target, true), buffered, name, mapping, null, ct));
        }).DisableAntiforgery().RequireAuthorization(policy);
    }

    private static void MapReports(RouteGroupBuilder g)
    {
        g.MapGet("/burden-sharing", async (ReportsService s, string? format, CancellationToken ct) =>
        {
            var rows = await s.BurdenSharing(ct);
            return format?.ToLowerInvariant() switch
            {
                null or "json" => Results.Ok(rows.Select(r => new
                {
                    donor = r.Donor, donor_name = r.DonorName, donor_status = r.DonorStatus, aid_type = r.AidType,
                    announced_eur = r.AnnouncedEur, delivered_eur = r.DeliveredEur, packages = r.Packages, lines = r.Lines,
                    lines_undisclosed = r.LinesUndisclosed, packages_without_value = r.PackagesWithoutValue, source_announced_eur = r.SourceAnnouncedEur,
                })),
                "csv" => Results.Text(BurdenSharingCsv.Write(rows), "text/csv; charset=utf-8"),
                _ => throw new RequestException("format", $"format must be json or csv (got '{format}')."),
            };
        });
        g.MapGet("/coalitions", (ReportsService s, CancellationToken ct) => s.ByCoalition(ct));
    }

    private static void MapLedger(RouteGroupBuilder g)
    {
        g.MapGet("/", (LedgerService s, int? page, int? pageSize, string? entityType, string? entityId, string? actor, CancellationToken ct)
            => s.List(new PageQuery(page ?? 1, pageSize ?? 50), entityType, entityId, actor, ct));
        g.MapGet("/verify", async (LedgerService s, CancellationToken ct) =>
        {
            var v = await s.Verify(null, ct);
            return Results.Ok(new { intact = v.Intact, eventsChecked = v.EventsChecked, firstBadSequence = v.Break?.Sequence, reason = v.Break?.Reason });
        });
        g.MapGet("/{entityType}/{entityId}", async (string entityType, string entityId, DateTime? asOf, LedgerService s, TimeProvider clock, CancellationToken ct) =>
        {
            var state = await s.AsOf(entityType, entityId, asOf ?? clock.GetUtcNow().UtcDateTime, ct);
            return state is null ? throw new NotFoundException(entityType, entityId) : Results.Ok(state);
        });
    }

    public sealed record PlanRequest(string? Period);

    private static object JobView(PlanJob j) => new
    {
        id = j.Id, period = j.Period, state = j.State.ToString(), phase = j.Phase, message = j.Message, fraction = j.Fraction,
        planId = j.PlanId, error = j.Error, errorField = j.ErrorField,
        plan = j.PlanId is { } p ? $"/api/v1/plans/{p}" : null,
    };

    private static void MapPlans(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Coordinate);
        w.MapPost("/", (PlanRequest? request, PlanJobs jobs, CurrentActor a) =>
        {
            var job = jobs.Enqueue(string.IsNullOrWhiteSpace(request?.Period) ? null : request.Period, a.Actor);
            return Results.Accepted($"/api/v1/plans/jobs/{job.Id}", JobView(job));
        });
        g.MapGet("/jobs/{id:guid}", (Guid id, PlanJobs jobs) =>
            jobs.Find(id) is { } job ? Results.Ok(JobView(job)) : throw new NotFoundException("Plan job", id.ToString()));
        g.RequireAuthorization(Policies.Audit);
        g.MapGet("/", (AllocationsService s, string? period, CancellationToken ct) => s.List(period, ct));
        g.MapGet("/{id:guid}", async (Guid id, AllocationsService s, HttpContext http, CancellationToken ct) =>
        {
            var plan = await s.Get(id, ct);
            return http.WithETag(new { summary = plan.Summary, result = plan.Result, labels = plan.Labels }, plan.Summary.Version);
        });
        w.MapPost("/{id:guid}/confirm", async (Guid id, AllocationsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var plan = await s.Confirm(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(plan, plan.Version);
        });
    }

    public sealed record TokenRequest(string? Name, TokenScope Scope = TokenScope.Read, int Days = 30);

    /// <summary>A signed-in person's own API tokens: created (shown once), listed, revoked.</summary>
    private static void MapTokens(RouteGroupBuilder g)
    {
        g.MapGet("/", (AccountsService s, CurrentActor a, CancellationToken ct) => s.Tokens(a.Actor.Name, ct));
        g.MapPost("/", async (TokenRequest request, AccountsService s, CurrentActor a, CancellationToken ct) =>
        {
            if (request.Scope == TokenScope.Write && a.Actor.Role == nameof(Role.Auditor))
                throw new RequestException("scope", "An auditor reads only: create a read token.");
            var created = await s.CreateToken(a.Actor, a.Actor.Name, request.Name ?? "api", request.Scope, request.Days, ct);
            return Results.Json(new { token = created.Token, info = created.Info }, statusCode: 201);
        });
        g.MapDelete("/{id:guid}", async (Guid id, AccountsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var me = Guid.Parse(http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value);
            return Results.Ok(await s.RevokeToken(a.Actor, id, me, ct));
        });
    }
}
