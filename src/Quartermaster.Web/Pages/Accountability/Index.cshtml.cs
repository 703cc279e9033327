using Quartermaster.Application.Accountability;
using Quartermaster.Application.Common;
using Quartermaster.Web.Pages.Delivery;

namespace Quartermaster.Web.Pages.Accountability;

/// <summary>The accountability report: compliance, delinquent value, loss reporting, reconciliation; the delinquency list and inventories due.</summary>
public sealed class AccountabilityModel(AccountabilityReports reports) : DeliveryPage
{
    public AccountabilityReport Report { get; private set; } = null!;
    public Page<DelinquentRow> Delinquent { get; private set; } = new([], 0, 1, 50);
    public Page<DelinquentRow> Due { get; private set; } = new([], 0, 1, 50);
    public int PageNumber { get; private set; } = 1;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = int.TryParse(Request.Query["page"], out var p) && p > 0 ? p : 1;
        Report = await reports.Report(ct);
        Delinquent = await reports.Delinquent(new PageQuery(PageNumber, 50), ct);
        Due = await reports.Due(30, new PageQuery(1, 50), ct);
    }
}
