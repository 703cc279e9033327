using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Technology;
using Quartermaster.Domain.Technology;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>
/// Dual-use technology projects: anyone signed in lists and reads what the release rule lets them see (a project or a
/// technical-data record not released to the caller is 404); the coordinator records and changes them.
/// </summary>
public static class TechnologyApi
{
    /// <summary>The caller as the technology gate sees them (an industry representative through their company).</summary>
    public static Task<TechnologyViewer> ViewerAsync(this TechnologyAccess access, CurrentActor actor, HttpContext http, CancellationToken ct)
        => access.ViewerOf(actor.Actor, http.User.FindFirstValue(Claims.Company), ct);

    public static void Map(RouteGroupBuilder g)
    {
        var cell = g.MapGroup("").RequireAuthorization(Policies.Coordinate);

        g.MapGet("/projects", async (TechnologyDomain? domain, string? company, string? nation, int? minTrl, string? q,
            ProjectsService s, TechnologyAccess access, CurrentActor a, HttpContext http, CancellationToken ct)
            => await s.List(await access.ViewerAsync(a, http, ct), new ProjectFilter(domain, company, nation, minTrl, q), ct));
        g.MapGet("/projects/{id:guid}", async (Guid id, ProjectsService s, TechnologyAccess access, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Get(id, await access.ViewerAsync(a, http, ct), ct);
            return p.Version is { } v ? http.WithETag(p, v) : Results.Ok(p);
        });
        g.MapGet("/projects/{id:guid}/technical-data", async (Guid id, ProjectsService s, TechnologyAccess access, CurrentActor a, HttpContext http, CancellationToken ct)
            => await s.TechnicalData(id, await access.ViewerAsync(a, http, ct), ct));
        g.MapGet("/projects/{id:guid}/technical-data/{recordId:guid}", async (Guid id, Guid recordId, ProjectsService s, TechnologyAccess access, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.TechnicalDataRecord(id, recordId, await access.ViewerAsync(a, http, ct), ct);
            return http.WithETag(r, r.Version);
        });

        cell.MapPost("/projects", async (ProjectInput input, ProjectsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/technology/projects/{p.Id}";
            return http.WithETag(p, p.Version!.Value, 201);
        });
        cell.MapPut("/projects/{id:guid}", async (Guid id, ProjectInput input, ProjectsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(p, p.Version!.Value);
        });
        cell.MapPost("/projects/{id:guid}/trl", async (Guid id, TrlInput input, ProjectsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.ChangeTrl(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(p, p.Version!.Value);
        });
        cell.MapPost("/projects/{id:guid}/milestones/{number:int}", async (Guid id, int number, MilestoneDoneInput input, ProjectsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.CompleteMilestone(a.Actor, id, number, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(p, p.Version!.Value);
        });
        cell.MapPost("/projects/{id:guid}/technical-data", async (Guid id, TechnicalDataInput input, ProjectsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.AddTechnicalData(a.Actor, id, input, ct);
            http.Response.Headers.Location = $"/api/v1/technology/projects/{id}/technical-data/{r.Id}";
            return http.WithETag(r, r.Version, 201);
        });
        cell.MapPut("/projects/{id:guid}/technical-data/{recordId:guid}", async (Guid id, Guid recordId, TechnicalDataInput input, ProjectsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var r = await s.UpdateTechnicalData(a.Actor, id, recordId, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(r, r.Version);
        });
    }
}
