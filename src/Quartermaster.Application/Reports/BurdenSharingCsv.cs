using Quartermaster.Application.Common;

namespace Quartermaster.Application.Reports;

/// <summary>The burden-sharing report as a table (long format) for CSV and XLSX, written by <see cref="TableExport"/>.</summary>
public static class BurdenSharingCsv
{
    public static readonly IReadOnlyList<ExportColumn<BurdenSharingRow>> Columns =
    [
        new("donor", r => r.Donor),
        new("donor_name", r => r.DonorName),
        new("donor_status", r => r.DonorStatus),
        new("aid_type", r => r.AidType),
        new("announced_eur", r => r.AnnouncedEur, "0.00"),
        new("delivered_eur", r => r.DeliveredEur, "0.00"),
        new("packages", r => r.Packages),
        new("lines", r => r.Lines),
        new("lines_undisclosed", r => r.LinesUndisclosed),
        new("packages_without_value", r => r.PackagesWithoutValue),
        new("source_announced_eur", r => r.SourceAnnouncedEur, "0.00"),
        new("allocated_eur", r => r.AllocatedEur, "0.00"),
        new("received_eur", r => r.ReceivedEur, "0.00"),
        new("packages_stated", r => r.PackagesStated),
        new("tracker_announced_eur", r => r.TrackerAnnouncedEur, "0.00"),
        new("tracker_packages_stated", r => r.TrackerPackagesStated),
        new("tracker_packages_estimated", r => r.TrackerPackagesEstimated),
        new("tracker_packages_unknown", r => r.TrackerPackagesUnknown),
    ];

    public static string Header => string.Join(',', Columns.Select(c => c.Name));

    public static string Write(IEnumerable<BurdenSharingRow> rows) => TableExport.Csv(Columns, rows);

    public static byte[] WriteXlsx(IEnumerable<BurdenSharingRow> rows) => TableExport.Xlsx(Columns, rows, "burden-sharing");
}
