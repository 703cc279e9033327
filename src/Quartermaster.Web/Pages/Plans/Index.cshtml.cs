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
        var job = jobs.Enqueue(string.IsNullOrWhiteSpace(Period) ? null : Period.Trim(), actor.Actor);
        return Redirect($"/plans?jobId={job.Id}");
    }

    public static string Percent(double? gap) => gap is { } g ? (g * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";
}
