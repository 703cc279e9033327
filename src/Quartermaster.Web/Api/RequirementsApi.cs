using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Requirements;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The requirements endpoints of the REST API.</summary>
public static class RequirementsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Requirements).Idempotent();
        g.MapGet("/", (RequirementsService s, int? page, int? pageSize, string? sort, string? search, string? period, RequirementStatus? status, CancellationToken ct)
            => s.List(ApiQuery.Page(page, pageSize, sort, search), period, status, ct));
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
}
