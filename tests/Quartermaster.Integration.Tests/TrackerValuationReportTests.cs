using System.Globalization;
using System.Text.Json.Nodes;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// The tracker-method figure of the burden-sharing report reproduces the Kiel tracker's own per-package euro column
/// ("Converted Value in EUR"), summed per donor and aid type, from the raw lines, except for the tracker's own
/// inconsistencies listed in docs/valuation.md, each named here with both values.
/// </summary>
public abstract class TrackerValuationReportTests<TKind>(DemoFixture<TKind> fx) : IClassFixture<DemoFixture<TKind>> where TKind : IDbKind
{
    /// <summary>Package → (donor, aid type, the tracker method's euros, the tracker's own published euros).</summary>
    public static readonly IReadOnlyDictionary<string, (string Donor, string AidType, decimal Ours, decimal Kiel)> Exceptions =
        new Dictionary<string, (string, string, decimal, decimal)>
        {
            ["CAF6"] = ("CAN", "financial", 2_906_757.27m, 0m),        // stated 3,850,000 CAD; the tracker's euro cell is empty
            ["DEM2"] = ("DEU", "military", 30_666_666.00m, 0m),       // stated 30,666,666 EUR; Total and euro cells empty
            ["ESM7"] = ("ESP", "military", 3_843_430.77m, 0m),        // estimate 3,800,000 USD; the euro cell is empty
            ["NOM6"] = ("NOR", "military", 67_508_679.90m, 57_818_671.76m), // the price list's M270 (Norway) price is a text cell: the tracker skipped it
            ["SIM4"] = ("SVN", "military", 17_982_880.35m, 17_779_673.80m), // USD estimate taken as EUR (the line's currency column says EUR)
            ["USM5"] = ("USA", "military", 5_658_946_090.83m, 6_068_574_896.33m), // total typed by hand: 6,000,000,000 USD; the tranches sum to 5,595,000,000
            ["USM6"] = ("USA", "military", 606_857_489.63m, 4_045_716_597.55m),   // total typed by hand: 4,000,000,000 USD; the lines state 600,000,000
        };

    private static decimal Cents(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task Tracker_method_figure_per_donor_and_aid_type_equals_the_trackers_own_euro_column_except_the_named_packages()
    {
        var codes = Application.Import.ImportMapping.Builtin("kiel-ust-main").Field("donor")!.Values;
        // The tracker's own column, read independently of the product: one figure per package, on its first line.
        var kiel = TestData.ReadCsv(TestData.KielCsvPath).GroupBy(r => r["ID"]).Select(g => g.First())
            .GroupBy(r => (codes[r["countries"]], r["Type of Aid General"].ToLowerInvariant()))
            .ToDictionary(g => g.Key, g => g.Sum(r => decimal.TryParse(r["Converted Value in EUR"], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? Cents(v) : 0m));
        foreach (var (_, e) in Exceptions) kiel[(e.Donor, e.AidType)] += e.Ours - e.Kiel;

        var rows = (await fx.Http.GetNode("/api/v1/reports/burden-sharing")).AsArray().Where(r => r!["tracker_announced_eur"] is not null).ToList();
        Assert.Equal(kiel.Count, rows.Count);
        foreach (var r in rows)
            Assert.True(kiel[(r!.Str("donor"), r.Str("aid_type"))] == r.Dec("tracker_announced_eur"),
                $"{r.Str("donor")} {r.Str("aid_type")}: tracker method {r.Dec("tracker_announced_eur")}, tracker's own column {kiel[(r.Str("donor"), r.Str("aid_type"))]}");
    }

    [Fact]
    public async Task Every_package_has_its_basis_counted_and_ours_equals_the_trackers_where_nothing_is_estimated()
    {
        var rows = (await fx.Http.GetNode("/api/v1/reports/burden-sharing")).AsArray().Where(r => r!["tracker_announced_eur"] is not null).ToList();
        int Sum(string c) => rows.Sum(r => r![c]!.GetValue<int>());
        Assert.Equal(293, Sum("tracker_packages_stated"));
        Assert.Equal(87, Sum("tracker_packages_estimated"));
        Assert.Equal(52, Sum("tracker_packages_unknown"));
        Assert.Equal(Sum("packages"), Sum("tracker_packages_stated") + Sum("tracker_packages_estimated") + Sum("tracker_packages_unknown"));
        // Our own figure counts stated amounts only, with the same (baseline) rates: it differs exactly where the tracker
        // estimates. The tracker's method rounds each package to the cent (as its euro column does); ours keeps the storage
        // scale (four places), so the two may differ by at most half a cent per package.
        foreach (var r in rows.Where(r => r!["tracker_packages_estimated"]!.GetValue<int>() == 0))
        {
            var difference = Math.Abs(r!.Dec("tracker_announced_eur") - r.Dec("announced_eur"));
            Assert.True(difference <= 0.005m * r!["packages"]!.GetValue<int>(),
                $"{r.Str("donor")} {r.Str("aid_type")}: tracker method {r.Dec("tracker_announced_eur")}, ours {r.Dec("announced_eur")}");
        }
        // Where the tracker estimates (units × its price list), the estimate counts only in the tracker's figure.
        var estimating = rows.Where(r => r!["tracker_packages_estimated"]!.GetValue<int>() > 0).ToList();
        Assert.NotEmpty(estimating);
        foreach (var r in estimating)
            Assert.True(r!.Dec("tracker_announced_eur") > r.Dec("announced_eur"), $"{r.Str("donor")} {r.Str("aid_type")}: tracker {r.Dec("tracker_announced_eur")}, ours {r.Dec("announced_eur")}");
    }

    [Fact]
    public async Task Burden_sharing_csv_carries_the_tracker_figure_and_basis_columns_with_the_api_numbers()
    {
        var api = (await fx.Http.GetNode("/api/v1/reports/burden-sharing")).AsArray()
            .ToDictionary(x => (x!.Str("donor"), x.Str("aid_type")), x => x!);
        using var response = await fx.Http.GetAsync("/api/v1/reports/burden-sharing?format=csv", TestContext.Current.CancellationToken);
        var csv = TestData.ReadCsvText(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        foreach (var row in csv)
        {
            var j = api[(row["donor"], row["aid_type"])];
            Assert.Equal(j["tracker_announced_eur"] is null ? "" : Cents(j.Dec("tracker_announced_eur")).ToString("0.00", CultureInfo.InvariantCulture), row["tracker_announced_eur"]);
            foreach (var c in new[] { "packages_stated", "tracker_packages_stated", "tracker_packages_estimated", "tracker_packages_unknown" })
                Assert.Equal(j[c]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), row[c]);
        }
    }
}

public sealed class TrackerValuationReportOnSqlite(DemoFixture<OnSqlite> fx) : TrackerValuationReportTests<OnSqlite>(fx);

public sealed class TrackerValuationReportOnPostgres(DemoFixture<OnPostgres> fx) : TrackerValuationReportTests<OnPostgres>(fx);
