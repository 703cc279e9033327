using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Planning;

namespace Quartermaster.Web.Pages.Plans;

/// <summary>Two stored plans side by side, requirement by requirement (any two; by default the two newest).</summary>
public sealed class CompareModel(AllocationsService plans) : PageModel
{
    public IReadOnlyList<PlanSummaryView> Plans { get; private set; } = [];
    public PlanDetail? A { get; private set; }
    public PlanDetail? B { get; private set; }
    public ComparisonView? View { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(Guid? a, Guid? b, CancellationToken ct)
    {
        Plans = await plans.List(null, ct);
        if (Plans.Count < 2 && (a is null || b is null))
        {
            Error = "There are fewer than two plans to compare: compute another plan first.";
            return;
        }
        try
        {
            B = await plans.Get(b ?? Plans[0].Id, ct);
            A = await plans.Get(a ?? Plans.First(p => p.Id != B.Summary.Id).Id, ct);
        }
        catch (NotFoundException e)
        {
            Error = e.Message;
            return;
        }
        var labels = new PlanLabels(
            A.Labels.Requirements.Concat(B.Labels.Requirements).DistinctBy(kv => kv.Key).ToDictionary(),
            A.Labels.Offers.Concat(B.Labels.Offers).DistinctBy(kv => kv.Key).ToDictionary(),
            A.Labels.RequirementCoalitions.Concat(B.Labels.RequirementCoalitions).DistinctBy(kv => kv.Key).ToDictionary());
        View = new ComparisonView(PlanComparison.Compare(A.Result, B.Result), $"{A.Summary.Period} #{A.Summary.Number}",
            $"{B.Summary.Period} #{B.Summary.Number}", labels, ShowUnchanged: false);
    }
}
