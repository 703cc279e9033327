using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Planning;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Plans;

public sealed record CoalitionCoverage(string Coalition, int Requirements, int FullyOnTime, double Needed, double Covered, double OnTime);

/// <summary>One plan: summary, coverage by coalition, shortfalls with explanations, hub load per week, the lines.</summary>
public sealed class DetailModel(AllocationsService plans, CurrentActor actor) : PageModel
{
    public PlanDetail Plan { get; private set; } = null!;
    public IReadOnlyList<CoalitionCoverage> ByCoalition { get; private set; } = [];
    public IReadOnlyList<RequirementCoverage> Shortfalls { get; private set; } = [];
    public string HubChart { get; private set; } = "";
    public string? Error { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => await Load(id, ct);

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, long version, CancellationToken ct)
    {
        if (!User.IsInRole(nameof(Domain.Access.Role.Coordinator))) return Forbid();
        try
        {
            await plans.Confirm(actor.Actor, id, version, ct);
            return Redirect($"/plans/{id}");
        }
        catch (Exception e) when (e is Application.Common.ConflictException or Domain.Common.DomainException or Application.Common.NotFoundException)
        {
            Error = e.Message;
            await Load(id, ct);
            return Page();
        }
    }

    public string Label(string requirementId) => Plan.Labels.Requirements.GetValueOrDefault(requirementId) ?? requirementId;

    public string OfferLabel(string offerId) => Plan.Labels.Offers.GetValueOrDefault(offerId) ?? offerId;

    private async Task Load(Guid id, CancellationToken ct)
    {
        Plan = await plans.Get(id, ct);
        var result = Plan.Result;
        ByCoalition = result.Coverage
            .GroupBy(c => Plan.Labels.RequirementCoalitions.GetValueOrDefault(c.RequirementId) ?? "unknown")
            .Select(g => new CoalitionCoverage(Coalitions.NameOf(g.Key), g.Count(), g.Count(c => c.FullyCoveredOnTime),
                g.Sum(c => (double)c.Quantity), g.Sum(c => c.Covered), g.Sum(c => c.CoveredOnTime)))
            .OrderBy(c => c.Coalition).ToList();
        Shortfalls = result.Coverage.Where(c => !c.FullyCoveredOnTime).OrderBy(c => c.PriorityRank).ToList();
        var weeks = result.HubLoads.Select(l => l.Week).Distinct().Order().ToList();
        var lastUsed = result.HubLoads.Where(l => l.Tonnes > 0).Select(l => l.Week).DefaultIfEmpty(1).Max();
        weeks = weeks.Where(w => w <= Math.Max(lastUsed + 1, 4)).ToList();
        HubChart = JsonSerializer.Serialize(new Pages.ChartSpec("Hub load per week (tonnes)",
            weeks.Select(w => $"W{w}").ToList(),
            result.HubLoads.GroupBy(l => l.HubCode).SelectMany(g => new[]
            {
                new Pages.ChartSeries($"{g.Key} load", weeks.Select(w => (decimal)Math.Round(g.FirstOrDefault(l => l.Week == w)?.Tonnes ?? 0, 1)).ToList()),
                new Pages.ChartSeries($"{g.Key} capacity", weeks.Select(w => (decimal)(g.FirstOrDefault(l => l.Week == w)?.CapacityTonnes ?? 0)).ToList()),
            }).ToList(), false), new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
}
