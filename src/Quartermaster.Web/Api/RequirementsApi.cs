using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Requirements;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The body of a re-rank: the period and each moved line's new rank.</summary>
public sealed record RerankInput(string? Period, Dictionary<Guid, int>? Ranks);

/// <summary>The body of a list approval: the period.</summary>
public sealed record ApproveInput(string? Period);

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
        // Re-ranks lines of one period at once: { "period": "2026-03", "ranks": { "<id>": 2, "<id>": 1 } }; all problems at once.
        w.MapPost("/rerank", (RerankInput input, RequirementsService s, CurrentActor a, CancellationToken ct)
            => s.Rerank(a.Actor, input.Period ?? throw new RequestException("period", "period is required (YYYY-MM)."),
                input.Ranks ?? throw new RequestException("ranks", "ranks is required: an object from requirement id to its new rank."), ct));
        // The coordination cell approves a period's list as it stands: { "period": "2026-03" }.
        g.MapGet("/approval", (string period, RequirementsService s, CancellationToken ct) => s.Approval(period, ct));
        g.MapPost("/approve", (ApproveInput input, RequirementsService s, CurrentActor a, CancellationToken ct)
            => s.Approve(a.Actor, input.Period ?? throw new RequestException("period", "period is required (YYYY-MM)."), ct))
            .RequireAuthorization(Policies.Coordinate);
        w.MapPost("/{id:guid}/cancel", async (Guid id, RequirementsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.Cancel(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(r, r.Version);
        });
    }
}
