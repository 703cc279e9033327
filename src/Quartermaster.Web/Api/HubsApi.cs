using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Logistics;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The logistics hubs endpoints of the REST API.</summary>
public static class HubsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/", (HubsService s, CancellationToken ct) => s.List(ct));
        g.MapGet("/{code}", async (string code, HubsService s, HttpContext http, CancellationToken ct) =>
        {
            var h = await s.Get(code, ct);
            return http.WithETag(h, h.Version);
        });
        g.MapPut("/{code}", async (string code, HubInput input, HubsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var h = await s.Update(a.Actor, code, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(h, h.Version);
        }).RequireAuthorization(Policies.Coordinate);
    }
}
