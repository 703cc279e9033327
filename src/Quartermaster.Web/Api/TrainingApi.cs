using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Training;
using Quartermaster.Domain.Training;
using Quartermaster.Planning.Training;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The training endpoints: courses and sustainment (the cell), sites and cohorts (the cell or the host nation), cohort progress, crew plans.</summary>
public static class TrainingApi
{
    public sealed record CrewPlanRequest(string? Period, bool Apply = false, double? TimeLimitSeconds = null);

    public static void Map(RouteGroupBuilder g)
    {
        var cell = g.MapGroup("").RequireAuthorization(Policies.Coordinate);
        var host = g.MapGroup("").RequireAuthorization(Policies.Training);
        var progress = g.MapGroup("").RequireAuthorization(Policies.TrainingProgress);

        g.MapGet("/courses", (CoursesService s, CancellationToken ct) => s.List(ct));
        g.MapGet("/courses/{id:guid}", async (Guid id, CoursesService s, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Get(id, ct);
            return http.WithETag(c, c.Version);
        });
        cell.MapPost("/courses", async (CourseInput input, CoursesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/training/courses/{c.Id}";
            return http.WithETag(c, c.Version, 201);
        });
        cell.MapPut("/courses/{id:guid}", async (Guid id, CourseInput input, CoursesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(c, c.Version);
        });

        g.MapGet("/sustainment", (CoursesService s, string? system, CancellationToken ct) => s.Sustainment(system, ct));
        cell.MapPost("/sustainment", async (SustainmentInput input, CoursesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var n = await s.AddSustainment(a.Actor, input, ct);
            return http.WithETag(n, n.Version, 201);
        });
        cell.MapPut("/sustainment/{id:guid}", async (Guid id, SustainmentInput input, CoursesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var n = await s.ChangeSustainment(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(n, n.Version);
        });

        g.MapGet("/sites", (SitesService s, string? hostNation, CancellationToken ct) => s.List(hostNation, ct));
        g.MapGet("/sites/{id:guid}", async (Guid id, SitesService s, HttpContext http, CancellationToken ct) =>
        {
            var site = await s.Get(id, ct);
            return http.WithETag(site, site.Version);
        });
        host.MapPost("/sites", async (SiteInput input, SitesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var site = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/training/sites/{site.Id}";
            return http.WithETag(site, site.Version, 201);
        });
        host.MapPut("/sites/{id:guid}", async (Guid id, SiteInput input, SitesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var site = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(site, site.Version);
        });

        g.MapGet("/cohorts", (CohortsService s, string? site, string? course, Guid? requirementId, CohortState? state, CancellationToken ct)
            => s.List(site, course, requirementId, state, ct));
        g.MapGet("/cohorts/{id:guid}", async (Guid id, CohortsService s, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Get(id, ct);
            return http.WithETag(c, c.Version);
        });
        host.MapPost("/cohorts", async (CohortInput input, CohortsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/training/cohorts/{c.Id}";
            return http.WithETag(c, c.Version, 201);
        });
        progress.MapPost("/cohorts/{id:guid}/start", async (Guid id, CohortsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Start(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(c, c.Version);
        });
        progress.MapPost("/cohorts/{id:guid}/graduate", async (Guid id, GraduationInput input, CohortsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Graduate(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(c, c.Version);
        });
        host.MapPost("/cohorts/{id:guid}/cancel", async (Guid id, CohortsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Cancel(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(c, c.Version);
        });

        cell.MapPost("/crew-plan", async (CrewPlanRequest? request, CrewPlanningService s, CurrentActor a, CancellationToken ct) =>
        {
            var seconds = request?.TimeLimitSeconds ?? 10;
            if (seconds is <= 0 or > 120) throw new RequestException("timeLimitSeconds", $"timeLimitSeconds must be greater than 0 and at most 120 (got {seconds}).");
            var options = new CrewPlannerOptions { TimeLimitSeconds = seconds };
            return request?.Apply == true ? await s.Apply(a.Actor, request.Period, options, null, ct) : await s.Compute(request?.Period, options, null, ct);
        });
    }
}
