using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Reports;

namespace Quartermaster.Web.Api;

/// <summary>The reports endpoints of the REST API.</summary>
public static class ReportsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/burden-sharing", async (ReportsService s, string? format, CancellationToken ct) =>
        {
            var rows = await s.BurdenSharing(ct);
            return format?.ToLowerInvariant() switch
            {
                null or "json" => Results.Ok(rows.Select(r => new
                {
                    donor = r.Donor, donor_name = r.DonorName, donor_status = r.DonorStatus, aid_type = r.AidType,
                    announced_eur = r.AnnouncedEur, delivered_eur = r.DeliveredEur, packages = r.Packages, lines = r.Lines,
                    lines_undisclosed = r.LinesUndisclosed, packages_without_value = r.PackagesWithoutValue, source_announced_eur = r.SourceAnnouncedEur,
                    allocated_eur = r.AllocatedEur, received_eur = r.ReceivedEur,
                })),
                "csv" => Results.Text(BurdenSharingCsv.Write(rows), "text/csv; charset=utf-8"),
                _ => throw new RequestException("format", $"format must be json or csv (got '{format}')."),
            };
        });
        g.MapGet("/coalitions", (ReportsService s, CancellationToken ct) => s.ByCoalition(ct));
    }
}
