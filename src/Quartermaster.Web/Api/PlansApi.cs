using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Planning;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The plans endpoints of the REST API.</summary>
public static class PlansApi
{
    /// <summary>A plan request; with <c>changes</c> (a what-if change list, see docs/planning.md) nothing is saved.</summary>
    public sealed record PlanRequest(string? Period, System.Text.Json.JsonElement? Changes = null);

    private static object JobView(PlanJob j) => new
    {
        id = j.Id, period = j.Period, state = j.State.ToString(), phase = j.Phase, message = j.Message, fraction = j.Fraction,
        planId = j.PlanId, error = j.Error, errorField = j.ErrorField,
        plan = j.PlanId is { } p ? $"/api/v1/plans/{p}" : null,
        whatIf = j.WhatIf is not null ? $"/api/v1/plans/jobs/{j.Id}/what-if" : null,
    };

    /// <summary>The what-if outcome: both plans' figures and lines, and the comparison per requirement.</summary>
    public static object WhatIfBody(WhatIfView v) => new
    {
        period = v.Period,
        changes = v.Result.Changes.Select(c => new { kind = WhatIfKinds.Of(c), description = c.Describe(), change = System.Text.Json.JsonSerializer.SerializeToElement(c, WhatIf.JsonOptions) }),
        current = v.Result.Current,
        proposed = v.Result.Proposed,
        comparison = new
        {
            objectiveBefore = v.Result.Comparison.ObjectiveBefore, objectiveAfter = v.Result.Comparison.ObjectiveAfter,
            gained = v.Result.Comparison.Gained, lost = v.Result.Comparison.Lost, earlier = v.Result.Comparison.Earlier, later = v.Result.Comparison.Later,
            requirements = v.Result.Comparison.Requirements,
        },
        labels = v.Labels,
    };

    private static IReadOnlyList<ScenarioChange>? Changes(PlanRequest? request)
    {
        if (request?.Changes is not { } raw || raw.ValueKind is System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined) return null;
        try
        {
            var (_, changes) = WhatIf.ReadChanges(raw.GetRawText());
            if (changes.Count == 0) throw new RequestException("changes", "Give at least one change, or leave out \"changes\" to compute and save a plan.");
            return changes;
        }
        catch (ScenarioException e) { throw new RequestException("changes", e.Message); }
    }

    public static void Map(RouteGroupBuilder g)
    {
        var w = g.MapGroup("").RequireAuthorization(Policies.Coordinate).Idempotent();
        w.MapPost("/", (PlanRequest? request, PlanJobs jobs, CurrentActor a) =>
        {
            var job = jobs.Enqueue(string.IsNullOrWhiteSpace(request?.Period) ? null : request.Period, a.Actor, a.Viewer!, Changes(request));
            return Results.Accepted($"/api/v1/plans/jobs/{job.Id}", JobView(job));
        });
        g.MapGet("/jobs/{id:guid}", (Guid id, PlanJobs jobs) =>
            jobs.Find(id) is { } job ? Results.Ok(JobView(job)) : throw new NotFoundException("Plan job", id.ToString()));
        g.MapGet("/jobs/{id:guid}/what-if", (Guid id, PlanJobs jobs) =>
            jobs.Find(id) is { WhatIf: { } v } ? Results.Ok(WhatIfBody(v)) : throw new NotFoundException("What-if result", id.ToString()));
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
