using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Planning;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Plans;

/// <summary>Coverage of a coalition's requirements; shares are per requirement (units of different items are never added up).</summary>
public sealed record CoalitionCoverage(string Coalition, int Requirements, int FullyOnTime, double MeanCoveredShare, double MeanOnTimeShare)
{
    public double FullyOnTimeShare => Requirements == 0 ? 0 : (double)FullyOnTime / Requirements;
}

/// <summary>One hub's chart: load as bars, capacity as a line, in tonnes per week.</summary>
public sealed record HubChart(string Hub, string Spec, double PeakTonnes, double CapacityTonnes, int FullWeeks);

/// <summary>One plan: summary, coverage by coalition, shortfalls with explanations, hub load per week, the lines.</summary>
public sealed class DetailModel(AllocationsService plans, CurrentActor actor) : PageModel
{
    public PlanDetail Plan { get; private set; } = null!;
    public IReadOnlyList<CoalitionCoverage> ByCoalition { get; private set; } = [];
    public IReadOnlyList<RequirementCoverage> Shortfalls { get; private set; } = [];
    public IReadOnlyList<HubChart> HubCharts { get; private set; } = [];
    /// <summary>Units covered as a share of units needed, per requirement then averaged (0..1), and on time.</summary>
    public double MeanCovered { get; private set; }
    public double MeanOnTime { get; private set; }
    public int Blocked { get; private set; }

    private static readonly string[] Palette = ["#2f6db5", "#e08a1e", "#2a9d8f", "#8e44ad", "#c0392b", "#6b8e23", "#d35400", "#34495e", "#16a085", "#7f8c8d"];
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

    private static double Share(RequirementCoverage c) => c.Quantity <= 0 ? 1 : Math.Min(1, c.Covered / c.Quantity);

    private static double OnTimeShare(RequirementCoverage c) => c.Quantity <= 0 ? 1 : Math.Min(1, c.CoveredOnTime / c.Quantity);

    private async Task Load(Guid id, CancellationToken ct)
    {
        Plan = await plans.Get(id, ct);
        var result = Plan.Result;
        ByCoalition = result.Coverage
            .GroupBy(c => Plan.Labels.RequirementCoalitions.GetValueOrDefault(c.RequirementId) ?? "unknown")
            .Select(g => new CoalitionCoverage(Coalitions.NameOf(g.Key), g.Count(), g.Count(c => c.FullyCoveredOnTime),
                g.Average(Share), g.Average(OnTimeShare)))
            .OrderBy(c => c.Coalition).ToList();
        MeanCovered = result.Coverage.Count == 0 ? 0 : result.Coverage.Average(Share);
        MeanOnTime = result.Coverage.Count == 0 ? 0 : result.Coverage.Average(OnTimeShare);
        Blocked = result.Lines.Count(l => l.Blocked);
        Shortfalls = result.Coverage.Where(c => !c.FullyCoveredOnTime).OrderBy(c => c.PriorityRank).ToList();
        var weeks = result.HubLoads.Select(l => l.Week).Distinct().Order().ToList();
        var lastUsed = result.HubLoads.Where(l => l.Tonnes > 0).Select(l => l.Week).DefaultIfEmpty(1).Max();
        weeks = weeks.Where(w => w <= Math.Max(lastUsed + 1, 4)).ToList();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        HubCharts = result.HubLoads.GroupBy(l => l.HubCode).Select((g, i) =>
        {
            var byWeek = g.ToDictionary(l => l.Week);
            var colour = Palette[i % Palette.Length];
            var spec = new Pages.ChartSpec($"Hub {g.Key}: tonnes per week", weeks.Select(w => $"W{w}").ToList(),
            [
                new Pages.ChartSeries("load (t)", weeks.Select(w => (decimal)Math.Round(byWeek.GetValueOrDefault(w)?.Tonnes ?? 0, 1)).ToList(), "bar", colour),
                new Pages.ChartSeries("capacity (t)", weeks.Select(w => (decimal)(byWeek.GetValueOrDefault(w)?.CapacityTonnes ?? 0)).ToList(), "line", "#222"),
            ], false, "t");
            return new HubChart(g.Key, JsonSerializer.Serialize(spec, json), g.Max(l => l.Tonnes), g.Max(l => l.CapacityTonnes),
                g.Count(l => l.CapacityTonnes > 0 && l.Tonnes >= l.CapacityTonnes - 1e-6));
        }).ToList();
    }
}
