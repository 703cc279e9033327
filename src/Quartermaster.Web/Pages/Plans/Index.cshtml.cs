using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Plans;

/// <summary>Allocation plans: the list, and a button that computes a new plan in the background.</summary>
public sealed class IndexModel(AllocationsService plans, PlanJobs jobs, CurrentActor actor) : PageModel
{
    public IReadOnlyList<PlanSummaryView> Plans { get; private set; } = [];
    public PlanJob? Job { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid? JobId { get; set; }

    [BindProperty]
    public string? Period { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (JobId is { } id)
        {
            Job = jobs.Find(id);
            if (Job is { State: PlanJobState.Succeeded, PlanId: { } planId }) return Redirect($"/plans/{planId}");
        }
        Plans = await plans.List(null, ct);
        return Page();
    }

    public IActionResult OnPost()
    {
        if (!User.IsInRole(nameof(Domain.Access.Role.Coordinator))) return Forbid();
        var job = jobs.Enqueue(string.IsNullOrWhiteSpace(Period) ? null : Period.Trim(), actor.Actor, actor.Viewer!);
        return Redirect($"/plans?jobId={job.Id}");
    }

    /// <summary>Objective values are large weighted sums: shown compactly (1.17e10 → "11.75 bn"), exact in the title.</summary>
    public static string Compact(double? v)
    {
        if (v is not { } x) return "—";
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var a = Math.Abs(x);
        return a >= 1e9 ? (x / 1e9).ToString("0.00", inv) + " bn" : a >= 1e6 ? (x / 1e6).ToString("0.00", inv) + " m" : x.ToString("N0", inv);
    }

    public static string Percent(double? gap) => gap is { } g ? (g * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";
}
