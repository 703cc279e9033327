using System.Globalization;
using System.Text;

namespace Quartermaster.Application.Reports;

/// <summary>The burden-sharing report as CSV (long format), numbers in invariant culture.</summary>
public static class BurdenSharingCsv
{
    public const string Header = "donor,donor_name,donor_status,aid_type,announced_eur,delivered_eur,packages,lines,lines_undisclosed,packages_without_value,source_announced_eur,allocated_eur,received_eur";

    public static string Write(IEnumerable<BurdenSharingRow> rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
            sb.Append(string.Join(',', Quote(r.Donor), Quote(r.DonorName), Quote(r.DonorStatus), Quote(r.AidType),
                Num(r.AnnouncedEur), Num(r.DeliveredEur), r.Packages, r.Lines, r.LinesUndisclosed, r.PackagesWithoutValue,
                r.SourceAnnouncedEur is { } s ? Num(s) : "", Num(r.AllocatedEur), Num(r.ReceivedEur))).Append('\n');
        return sb.ToString();
    }

    private static string Num(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
