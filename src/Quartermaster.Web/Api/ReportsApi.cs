using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Reports;
using Quartermaster.Web.Hosting;

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
                    allocated_eur = r.AllocatedEur, received_eur = r.ReceivedEur, lines_without_rate = r.LinesWithoutRate,
                    packages_stated = r.PackagesStated, tracker_announced_eur = r.TrackerAnnouncedEur, tracker_packages_stated = r.TrackerPackagesStated,
                    tracker_packages_estimated = r.TrackerPackagesEstimated, tracker_packages_unknown = r.TrackerPackagesUnknown,
                })),
                "csv" => Results.Text(BurdenSharingCsv.Write(rows), "text/csv; charset=utf-8"),
                "xlsx" => Results.File(BurdenSharingCsv.WriteXlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "burden-sharing.xlsx"),
                _ => throw new RequestException("format", $"format must be json, csv or xlsx (got '{format}')."),
            };
        });
        g.MapGet("/coalitions", (ReportsService s, CancellationToken ct) => s.ByCoalition(ct));
        // Per pool and per nation: who paid (or committed) how much for what (a point of contact sees its own nation's rows).
        g.MapGet("/pools", async (Application.Funding.PoolsReport s, CurrentActor a, string? format, CancellationToken ct) =>
        {
            var report = await s.Build(a.Actor, ct);
            return format?.ToLowerInvariant() switch
            {
                null or "json" => Results.Ok(report),
                "csv" => Results.Text(TableExport.Csv(Application.Funding.PoolsReport.Columns, report.Payments), "text/csv; charset=utf-8"),
                _ => throw new RequestException("format", $"format must be json or csv (got '{format}')."),
            };
        });
        // Per package: which contributor's money pays how much of which line (a point of contact sees its own nation's money; others as one aggregate).
        g.MapGet("/packages", async (Application.Funding.PackagesReport s, CurrentActor a, string? format, CancellationToken ct) =>
        {
            var report = await s.Build(a.Actor, ct);
            return format?.ToLowerInvariant() switch
            {
                null or "json" => Results.Ok(report),
                "csv" => Results.Text(TableExport.Csv(Application.Funding.PackagesReport.Columns, report.Payments), "text/csv; charset=utf-8"),
                _ => throw new RequestException("format", $"format must be json or csv (got '{format}')."),
            };
        });
    }
}
