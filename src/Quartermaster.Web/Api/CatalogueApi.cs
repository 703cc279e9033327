using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The catalogue endpoints of the REST API.</summary>
public static class CatalogueApi
{
    public static void Map(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Coordinate).Idempotent();
        g.MapGet("/", (CatalogueService s, int? page, int? pageSize, string? sort, string? search, string? coalition, bool? lethal, CancellationToken ct)
            => s.List(ApiQuery.Page(page, pageSize, sort, search), coalition, lethal, ct));
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
}
