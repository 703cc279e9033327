using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Common;
using Quartermaster.Application.Reports;
using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Requirements;

namespace Quartermaster.Web.Pages;

public sealed record DonorTotal(string Donor, string DonorName, decimal AnnouncedEur, decimal DeliveredEur);

/// <summary>A data series; <paramref name="Type"/> "bar" (default) or "line", <paramref name="Colour"/> a CSS colour (default by label).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<decimal> Data, string? Type = null, string? Colour = null);

/// <summary>A chart; <paramref name="Unit"/> is the value axis unit (null: euros).</summary>
public sealed record ChartSpec(string Title, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series, bool Horizontal, string? Unit = null);

public sealed class IndexModel(ReportsService reports, RequirementsService requirements, Application.Offers.OffersService offers) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public decimal AnnouncedEur { get; private set; }
    public decimal DeliveredEur { get; private set; }
    public int Donors { get; private set; }
    public int PledgeLines { get; private set; }
    public int LinesUndisclosed { get; private set; }
    public int Packages { get; private set; }
    public int OpenRequirements { get; private set; }
    public int Requirements { get; private set; }
    public bool IsEmpty { get; private set; }
    public IReadOnlyList<Application.Offers.PipelineStage> Pipeline { get; private set; } = [];
    public IReadOnlyList<DonorTotal> TopDonors { get; private set; } = [];
    public IReadOnlyList<CoalitionRow> Coalitions { get; private set; } = [];
    public IReadOnlyList<(string AidType, decimal Announced, decimal Delivered)> ByAidType { get; private set; } = [];
    public string DonorChart { get; private set; } = "";
    public string CoalitionChart { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await reports.BurdenSharing(ct);
        Coalitions = await reports.ByCoalition(ct);
        OpenRequirements = (await requirements.List(new PageQuery(1, 1), null, RequirementStatus.Open, ct)).Total;
        Requirements = (await requirements.List(new PageQuery(1, 1), null, null, ct)).Total;
        Pipeline = await offers.Pipeline(ct);

        AnnouncedEur = rows.Sum(r => r.AnnouncedEur);
        DeliveredEur = rows.Sum(r => r.DeliveredEur);
        Donors = rows.Where(r => r.Lines > 0 || r.Packages > 0).Select(r => r.Donor).Distinct().Count();
        PledgeLines = rows.Sum(r => r.Lines);
        LinesUndisclosed = rows.Sum(r => r.LinesUndisclosed);
        Packages = rows.Sum(r => r.Packages);
        IsEmpty = rows.Count == 0 && Requirements == 0;
        ByAidType = rows.GroupBy(r => r.AidType)
            .Select(g => (g.Key, g.Sum(r => r.AnnouncedEur), g.Sum(r => r.DeliveredEur)))
            .OrderByDescending(t => t.Item2).ToList();

        TopDonors = rows.GroupBy(r => r.Donor)
            .Select(g => new DonorTotal(g.Key, g.First().DonorName, g.Sum(r => r.AnnouncedEur), g.Sum(r => r.DeliveredEur)))
            .OrderByDescending(d => d.AnnouncedEur).ThenBy(d => d.Donor).Take(15).ToList();

        DonorChart = JsonSerializer.Serialize(new ChartSpec("Announced vs delivered by donor (EUR)",
            TopDonors.Select(d => d.DonorName).ToList(),
            [new("Announced", TopDonors.Select(d => Math.Round(d.AnnouncedEur)).ToList()),
             new("Delivered", TopDonors.Select(d => Math.Round(d.DeliveredEur)).ToList())], true), Json);
        CoalitionChart = JsonSerializer.Serialize(new ChartSpec("Announced vs delivered by capability coalition (EUR)",
            Coalitions.Select(c => c.CoalitionName).ToList(),
            [new("Announced", Coalitions.Select(c => Math.Round(c.AnnouncedEur)).ToList()),
             new("Delivered", Coalitions.Select(c => Math.Round(c.DeliveredEur)).ToList())], true), Json);
    }
}
