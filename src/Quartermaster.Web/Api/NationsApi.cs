using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Nations;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The nations endpoints of the REST API.</summary>
public static class NationsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Coordinate).Idempotent();
        g.MapGet("/", (NationsService s, int? page, int? pageSize, string? sort, string? search, NationStatus? status, CancellationToken ct)
            => s.List(ApiQuery.Page(page, pageSize, sort, search), status, ct));
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
}
