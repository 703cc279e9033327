using Quartermaster.Application.Funding;
using Quartermaster.Domain.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Funding;

/// <summary>A bar of the contributions-by-nation chart (pledged, with the committed and paid parts).</summary>
public sealed record NationBar(string Nation, decimal Pledged, decimal Committed, decimal Paid);

/// <summary>A server-rendered SVG bar chart (no script): one row per nation, pledged in full, committed and paid within it.</summary>
public static class PoolChart
{
    public const int Width = 560, Row = 26, Label = 110;

    public static IReadOnlyList<NationBar> Bars(FundingPoolView pool)
    {
        var bars = pool.Contributors.Select(c => new NationBar(c.DonorCode, c.Balance.Pledged, c.Balance.Committed, c.Balance.Paid)).ToList();
        if (pool.OtherContributors is { } o) bars.Add(new NationBar("others", o.Pledged, o.Committed, o.Paid));
        return bars.OrderByDescending(b => b.Pledged).ToList();
    }

    public static double Scale(IReadOnlyList<NationBar> bars) => bars.Count == 0 || bars.Max(b => b.Pledged) <= 0 ? 0 : (Width - Label - 130) / (double)bars.Max(b => b.Pledged);
}

/// <summary>Funding pools with balances and a chart of contributions by nation. A point of contact sees its own nation's contributions and the rest as one aggregate.</summary>
public sealed class PoolsModel(FundingPoolsService pools, CurrentActor actor) : PageModel
{
    public IReadOnlyList<FundingPoolView> Pools { get; private set; } = [];
    public bool Aggregated => actor.Viewer?.Role is not (Role.Coordinator or Role.Auditor);

    public async Task OnGetAsync(CancellationToken ct) => Pools = await pools.List(actor.Actor, ct);
}

/// <summary>One pool: its balances, contributions with their limits (as far as the viewer may see them) and the chart.</summary>
public sealed class PoolModel(FundingPoolsService pools, PoolsReport report, CurrentActor actor) : PageModel
{
    public FundingPoolView Pool { get; private set; } = null!;
    public IReadOnlyList<PoolPaymentRow> Payments { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Pool = await pools.Get(actor.Actor, id, ct);
        Payments = (await report.Build(actor.Actor, ct)).Payments.Where(p => p.PoolCode == Pool.Code).ToList();
    }
}
