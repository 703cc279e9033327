using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The funding endpoints of the REST API.</summary>
public static class FundingApi
{
    public static void Map(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Pledge).Idempotent();
        g.MapGet("/", (FundingService s, int? page, int? pageSize, string? sort, string? search, string? donor, string? pool, CancellationToken ct)
            => s.List(ApiQuery.Page(page, pageSize, sort, search), donor, pool, ct));
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
        w.MapPost("/{id:guid}/withdraw", async (Guid id, FundingService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var f = await s.Withdraw(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(f, f.Version);
        });
    }

    /// <summary>Funding pools with balances: the cell creates and changes them; everybody reads (a point of contact its own contributions in full, the rest as aggregates).</summary>
    public static void MapPools(RouteGroupBuilder g)
    {
        var cell = g.MapGroup("").RequireAuthorization(Policies.Coordinate).Idempotent();
        g.MapGet("/", (FundingPoolsService s, CurrentActor a, CancellationToken ct) => s.List(a.Actor, ct));
        g.MapGet("/{id:guid}", async (Guid id, FundingPoolsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Get(a.Actor, id, ct);
            return http.WithETag(p, p.Version);
        });
        cell.MapPost("/", async (FundingPoolInput input, FundingPoolsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/pools/{p.Id}";
            return http.WithETag(p, p.Version, 201);
        });
        cell.MapPut("/{id:guid}", async (Guid id, FundingPoolInput input, FundingPoolsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(p, p.Version);
        });
    }

    /// <summary>
    /// Funded packages: the cell creates, invites, closes and cancels; the cell or the donor's point of contact accepts or
    /// declines an invitation. Everybody signed in reads (a point of contact its own nation's contributions in full and the
    /// rest as aggregates; an industry representative only packages its company produces).
    /// </summary>
    public static void MapPackages(RouteGroupBuilder g)
    {
        var cell = g.MapGroup("").RequireAuthorization(Policies.Coordinate).Idempotent();
        var answer = g.MapGroup("").RequireAuthorization(Policies.Pledge).Idempotent();
        g.MapGet("/", (PackagesService s, CurrentActor a, CancellationToken ct) => s.List(a.Actor, ct));
        g.MapGet("/{id:guid}", async (Guid id, PackagesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Get(a.Actor, id, ct);
            return http.WithETag(p, p.Version);
        });
        cell.MapPost("/", async (PackageInput input, PackagesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/packages/{p.Id}";
            return http.WithETag(p, p.Version, 201);
        });
        cell.MapPost("/{id:guid}/invitations", async (Guid id, PackageInvitationInput input, PackagesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Invite(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(p, p.Version);
        });
        answer.MapPost("/{id:guid}/contributions/{pledgeId:guid}/accept", async (Guid id, Guid pledgeId, PackagesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Accept(a.Actor, id, pledgeId, ETags.IfMatch(http.Request), ct);
            return http.WithETag(p, p.Version);
        });
        answer.MapPost("/{id:guid}/contributions/{pledgeId:guid}/decline", async (Guid id, Guid pledgeId, PackagesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Decline(a.Actor, id, pledgeId, ETags.IfMatch(http.Request), ct);
            return http.WithETag(p, p.Version);
        });
        cell.MapPost("/{id:guid}/close", async (Guid id, PackagesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Close(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(p, p.Version);
        });
        cell.MapPost("/{id:guid}/cancel", async (Guid id, PackageReasonInput input, PackagesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Cancel(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(p, p.Version);
        });
    }
}
