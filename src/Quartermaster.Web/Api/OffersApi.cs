using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Offers;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The offers endpoints of the REST API.</summary>
public static class OffersApi
{
    public static void Map(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Pledge).Idempotent();
        g.MapGet("/", (OffersService s, int? page, int? pageSize, string? sort, string? search, string? donor, AidType? aidType, OfferStatus? status, CancellationToken ct)
            => s.List(ApiQuery.Page(page, pageSize, sort, search), donor, aidType, status, ct));
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
}
