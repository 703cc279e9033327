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
}
