using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Reports;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Reports;

public sealed class BurdenSharingModel(ReportsService reports, PoolsReport pools, CurrentActor actor) : PageModel
{
    /// <summary>Money each nation put into funding pools and what it bought (a point of contact: its own nation).</summary>
    public IReadOnlyList<NationPoolMoney> PoolMoney { get; private set; } = [];

    public IReadOnlyList<BurdenSharingRow> Rows { get; private set; } = [];
    public decimal AnnouncedEur => Rows.Sum(r => r.AnnouncedEur);
    public decimal DeliveredEur => Rows.Sum(r => r.DeliveredEur);
    public int Packages => Rows.Sum(r => r.Packages);
    public int Lines => Rows.Sum(r => r.Lines);
    public int LinesUndisclosed => Rows.Sum(r => r.LinesUndisclosed);
    public int Donors => Rows.Select(r => r.Donor).Distinct().Count();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await reports.BurdenSharing(ct);
        PoolMoney = await pools.ByNation(actor.Actor, ct);
    }
}
