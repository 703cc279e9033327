using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The plans endpoints of the REST API.</summary>
public static class PlansApi
{
    public sealed record PlanRequest(string? Period);

    private static object JobView(PlanJob j) => new
    {
        id = j.Id, period = j.Period, state = j.State.ToString(), phase = j.Phase, message = j.Message, fraction = j.Fraction,
        planId = j.PlanId, error = j.Error, errorField = j.ErrorField,
        plan = j.PlanId is { } p ? $"/api/v1/plans/{p}" : null,
    };

    public static void Map(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Coordinate).Idempotent();
        w.MapPost("/", (PlanRequest? request, PlanJobs jobs, CurrentActor a) =>
        {
            var job = jobs.Enqueue(string.IsNullOrWhiteSpace(request?.Period) ? null : request.Period, a.Actor);
            return Results.Accepted($"/api/v1/plans/jobs/{job.Id}", JobView(job));
        });
        g.MapGet("/jobs/{id:guid}", (Guid id, PlanJobs jobs) =>
            jobs.Find(id) is { } job ? Results.Ok(JobView(job)) : throw new NotFoundException("Plan job", id.ToString()));
        g.RequireAuthorization(Policies.Audit);
        g.MapGet("/", (AllocationsService s, string? period, CancellationToken ct) => s.List(period, ct));
        g.MapGet("/{id:guid}", async (Guid id, AllocationsService s, HttpContext http, CancellationToken ct) =>
        {
            var plan = await s.Get(id, ct);
            return http.WithETag(new { summary = plan.Summary, result = plan.Result, labels = plan.Labels }, plan.Summary.Version);
        });
        w.MapPost("/{id:guid}/confirm", async (Guid id, AllocationsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var plan = await s.Confirm(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(plan, plan.Version);
        });
    }
}
