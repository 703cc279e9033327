using Quartermaster.Application.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Microsoft.EntityFrameworkCore;

namespace Quartermaster.Application.Funding;

/// <summary>One contributor's money attributed to one line of a package (donor "other contributions": the aggregate of those the viewer does not see in full).</summary>
public sealed record PackagePaymentRow(Guid PackageId, string PackageName, string PackageState, string Currency, string? ProducerNation, string? ProducerCompany,
    Guid RequirementId, string ItemCode, string ItemName, bool ItemIsLethal, int Quantity, decimal LineValue, string DonorCode, decimal Amount);

public sealed record PackagesReportView(IReadOnlyList<PackageView> Packages, IReadOnlyList<PackagePaymentRow> Payments);

/// <summary>
/// The report per package of who paid for what: every line with the contributions attributed to it, under the same
/// visibility as the package views (<see cref="FundingVisibility"/>): a point of contact sees its own nation's money per
/// line and the others as one aggregate; money not released to the viewer is in no figure. Unpaid remainders are a row with donor "unpaid".
/// </summary>
public sealed class PackagesReport(QuartermasterDb db)
{
    public static readonly IReadOnlyList<ExportColumn<PackagePaymentRow>> Columns =
    [
        new("package", r => r.PackageName), new("package_id", r => r.PackageId), new("state", r => r.PackageState), new("currency", r => r.Currency),
        new("producer_nation", r => r.ProducerNation), new("producer_company", r => r.ProducerCompany), new("requirement", r => r.RequirementId),
        new("item", r => r.ItemCode), new("lethal", r => r.ItemIsLethal), new("quantity", r => r.Quantity), new("line_value", r => r.LineValue),
        new("donor", r => r.DonorCode), new("amount", r => r.Amount),
    ];

    public async Task<PackagesReportView> Build(Actor actor, CancellationToken ct = default)
    {
        var packages = await new PackagesService(db).List(actor, ct);
        var rows = new List<PackagePaymentRow>();
        foreach (var p in packages.Where(p => p.State != nameof(Domain.Funding.PackageState.Cancelled)))
            foreach (var l in p.Lines)
            {
                PackagePaymentRow Row(string donor, decimal amount) => new(p.Id, p.Name, p.State, p.Currency, p.ProducerNation, p.ProducerCompanyCode,
                    l.RequirementId, l.ItemCode, l.ItemName, l.IsLethal, l.Quantity, l.Value, donor, amount);
                rows.AddRange(l.PaidBy.Select(b => Row(b.DonorCode, b.Amount)));
                if (l.Unpaid > 0) rows.Add(Row("unpaid", l.Unpaid));
            }
        return new PackagesReportView(packages, rows);
    }
}
