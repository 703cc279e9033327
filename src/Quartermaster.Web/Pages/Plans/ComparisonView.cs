using Quartermaster.Application.Allocations;
using Quartermaster.Planning;

namespace Quartermaster.Web.Pages.Plans;

/// <summary>What the side-by-side comparison partial shows.</summary>
public sealed record ComparisonView(PlanComparison Comparison, string BeforeTitle, string AfterTitle, PlanLabels Labels, bool ShowUnchanged)
{
    public string Label(string requirementId) => Labels.Requirements.GetValueOrDefault(requirementId) ?? requirementId;
}
