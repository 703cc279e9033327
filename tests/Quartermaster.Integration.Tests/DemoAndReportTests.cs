using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Quartermaster.Application.Demo;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>The demo loaded once (DemoLoader.Load, as `qm demo` does) into a fresh database, with a server on it.</summary>
public sealed class DemoFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public DemoSummary Summary { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        var watch = Stopwatch.StartNew();
        await using var db = Db.Open();
        Summary = await new DemoLoader(db).Load(Actor.LocalOperator(OperatorName));
        Measurements.Record($"DemoLoader.Load (nations, catalogue, Kiel, requirements) on {Kind}: {watch.Elapsed.TotalSeconds:0.00} s");
    }
}

public abstract class DemoAndReportTests<TKind>(DemoFixture<TKind> fx) : IClassFixture<DemoFixture<TKind>> where TKind : IDbKind
{
    private static readonly string[] Columns = ["donor", "donor_name", "aid_type", "announced_eur", "delivered_eur"];
    private HttpClient Http => fx.Http;

    [Fact]
    public async Task Demo_has_43_donors_and_Japan_is_a_non_lethal_only_partner()
    {
        Assert.Equal(43, fx.Summary.Donors);
        Assert.Equal(TestData.KielRows, fx.Summary.Offers.Rows);
        var japan = await Http.GetNode("/api/v1/nations/JPN");
        Assert.Equal("Partner", japan.Str("status"));
        Assert.True(japan["nonLethalOnly"]!.GetValue<bool>());
        var donors = (await Http.GetNode("/api/v1/reports/burden-sharing")).AsArray().Select(r => r.Str("donor")).Distinct().Count();
        Assert.Equal(43, donors);
    }

    [Fact]
    public async Task Burden_sharing_json_and_csv_have_the_long_format_columns_and_all_three_aid_types()
    {
        var json = (await Http.GetNode("/api/v1/reports/burden-sharing")).AsArray();
        Assert.NotEmpty(json);
        foreach (var c in Columns) Assert.All(json, r => Assert.NotNull(r![c]));
        Assert.Equal(["financial", "humanitarian", "military"], json.Select(r => r.Str("aid_type")).Distinct().Order().ToList());

        using var csvResponse = await Http.GetAsync("/api/v1/reports/burden-sharing?format=csv", TestContext.Current.CancellationToken);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = TestData.ReadCsvText(await csvResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(json.Count, csv.Count);
        foreach (var c in Columns) Assert.True(csv[0].ContainsKey(c), $"csv has no column {c}");
        var fromJson = json.ToDictionary(r => (r.Str("donor"), r.Str("aid_type")), r => r.Dec("announced_eur"));
        foreach (var row in csv)
            Assert.Equal(Math.Round(fromJson[(row["donor"], row["aid_type"])], 2), TestData.Dec(row["announced_eur"]));
    }

    [Fact]
    public async Task Package_AUM3_is_counted_once_in_Australias_military_announced_euros()
    {
        // Independently of the product: one value per package of the source file, converted at the release's rate.
        var rates = TestData.ReadCsv(TestData.PathOf("kiel-ust-release7/exchange_rates.csv"))
            .ToDictionary(r => r["currency"], r => TestData.Dec(r["units_per_eur"]));
        var aus = TestData.ReadCsv(TestData.KielCsvPath).Where(r => r["countries"] == "Australia" && r["Type of Aid General"] == "Military").ToList();
        var aum3 = aus.Where(r => r["ID"] == "AUM3").ToList();
        Assert.Equal(5, aum3.Count);
        Assert.Equal(16_754_909.19m, Math.Round(TestData.Dec(aum3[0]["Monetary Value as Given by Source"]) / rates["AUD"], 2));
        var expected = aus.GroupBy(r => r["ID"])
            .Select(g => g.Select(r => (Value: r["Monetary Value as Given by Source"], Currency: r["Original Currency"]))
                .Where(v => decimal.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).Distinct()
                .Sum(v => Math.Round(TestData.Dec(v.Value) / rates[v.Currency], 2)))
            .Sum();

        JsonNode row = (await Http.GetNode("/api/v1/reports/burden-sharing")).AsArray()
            .Single(r => r.Str("donor") == "AUS" && r.Str("aid_type") == "military")!;
        var announced = row.Dec("announced_eur");
        Assert.True(Math.Abs(announced - expected) < 0.05m, $"AUS military announced_eur {announced}, expected {expected} (AUM3 once)");
        Assert.Equal(aus.Select(r => r["ID"]).Distinct().Count(), row["packages"]!.GetValue<int>());
        Assert.Equal(aus.Count, row["lines"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cli_burden_sharing_csv_has_the_columns_and_the_same_numbers_as_the_api()
    {
        var r = await Qm.Run("report", "burden-sharing", "--format", "csv", "--db", fx.Db.DbArgument);
        Assert.True(r.ExitCode == 0, r.ToString());
        var csv = TestData.ReadCsvText(r.Out);
        foreach (var c in Columns) Assert.True(csv[0].ContainsKey(c), $"csv has no column {c}: {r.Out[..Math.Min(200, r.Out.Length)]}");
        var api = (await Http.GetNode("/api/v1/reports/burden-sharing")).AsArray()
            .ToDictionary(x => (x.Str("donor"), x.Str("aid_type")), x => Math.Round(x.Dec("announced_eur"), 2));
        Assert.Equal(api.Count, csv.Count);
        foreach (var row in csv) Assert.Equal(api[(row["donor"], row["aid_type"])], TestData.Dec(row["announced_eur"]));
    }

    [Fact]
    public async Task The_demo_has_two_illustrative_dual_use_projects_one_released_to_japan_and_one_only_listed_to_it()
    {
        Assert.Equal(2, fx.Summary.Technology!.Projects);
        using var jpn = await fx.ClientForAsync("demo-test-poc-jpn", Domain.Access.Role.NationalPointOfContact, "JPN");
        var projects = (await jpn.GetNode("/api/v1/technology/projects")).AsArray().ToDictionary(p => p!.Str("code"), p => p!);
        Assert.Equal("Full", projects[TechnologyDemo.DroneProject].Str("visibility"));
        Assert.Equal("Listed", projects[TechnologyDemo.QuantumProject].Str("visibility"));
        Assert.All(projects.Values, p => Assert.True(p["illustrative"]!.GetValue<bool>()));
        var drone = await jpn.GetNode($"/api/v1/technology/projects/{projects[TechnologyDemo.DroneProject].Str("id")}");
        Assert.Equal(2, drone["technicalData"]!.AsArray().Count); // the third record is released to the USA only
        Assert.All(drone["participants"]!.AsArray(), c => Assert.EndsWith("(illustrative)", c!.Str("companyName")));
    }

    [Fact]
    public async Task The_demo_has_a_purl_style_package_of_500_million_dollars_from_several_nations_with_japans_share_on_non_lethal_lines()
    {
        Assert.Equal(1, fx.Summary.Industry!.Packages);
        var package = (await Http.GetNode("/api/v1/packages")).AsArray().Single(p => p!.Str("name") == Application.Industry.IndustryDemo.PackageName)!;
        Assert.Equal("USD", package.Str("currency"));
        Assert.Equal(500_000_000m, package.Dec("targetValue"));
        Assert.True(package["illustrative"]!.GetValue<bool>());
        var lines = package["lines"]!.AsArray().Select(l => l!).ToList();
        Assert.Contains(lines, l => l["isLethal"]!.GetValue<bool>());
        Assert.Contains(lines, l => !l["isLethal"]!.GetValue<bool>());
        var accepted = package["contributions"]!.AsArray().Where(c => c!.Str("state") == "Accepted").Select(c => c!.Str("donorCode")).ToList();
        Assert.True(accepted.Count >= 4, string.Join(", ", accepted));
        Assert.Contains("JPN", accepted);
        Assert.Contains(package["contributions"]!.AsArray(), c => c!.Str("state") == "Invited"); // one nation has not answered yet
        // Japan's money is attributed, and only to non-lethal lines.
        var japan = lines.SelectMany(l => l["paidBy"]!.AsArray().Where(b => b!.Str("donorCode") == "JPN").Select(b => (Lethal: l["isLethal"]!.GetValue<bool>(), Amount: b!.Dec("amount")))).ToList();
        Assert.True(japan.Sum(x => x.Amount) > 0);
        Assert.DoesNotContain(japan, x => x.Lethal);
        Assert.True(package.Dec("accepted") >= 300_000_000m, $"accepted {package.Dec("accepted")}");
    }

    [Fact]
    public async Task Running_the_demo_loader_again_changes_nothing()
    {
        var ledger = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        var rows = await fx.Db.RowCountsAsync();
        var watch = Stopwatch.StartNew();
        await using var db = fx.Db.Open();
        var again = await new DemoLoader(db).Load(Actor.LocalOperator("second-run"), null, TestContext.Current.CancellationToken);
        Measurements.Record($"DemoLoader.Load again (nothing to change) on {fx.Kind}: {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(0, again.Offers.Created + again.Offers.Updated);
        Assert.Equal(0, again.Catalogue.Created + again.Catalogue.Updated);
        Assert.Equal(0, again.Requirements.Created + again.Requirements.Updated);
        Assert.Equal(ledger, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
        Assert.Equal(rows, await fx.Db.RowCountsAsync());
    }
}

public sealed class DemoAndReportsOnSqlite(DemoFixture<OnSqlite> fx) : DemoAndReportTests<OnSqlite>(fx);

public sealed class DemoAndReportsOnPostgres(DemoFixture<OnPostgres> fx) : DemoAndReportTests<OnPostgres>(fx);
