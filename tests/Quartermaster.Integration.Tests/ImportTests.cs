using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>Nations through the API, then the demo catalogue and the Kiel release-7 file through the import API, once per class.</summary>
public sealed class KielImportFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public JsonNode CatalogueSummary { get; private set; } = null!;
    public JsonNode FirstKielSummary { get; private set; } = null!;
    public long LedgerBeforeKiel { get; private set; }
    public long LedgerAfterKiel { get; private set; }

    protected override async Task SeedAsync()
    {
        await TestData.CreateDemoNationsViaApi(Http);
        using (var r = await Http.PostMultipart("/api/v1/import/catalogue?mapping=catalogue", File.ReadAllBytes(TestData.CatalogueCsvPath), "catalogue.csv"))
            CatalogueSummary = await r.Ok();
        LedgerBeforeKiel = await Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        var watch = Stopwatch.StartNew();
        using (var r = await Http.PostMultipart("/api/v1/import/offers?mapping=kiel-ust-main", File.ReadAllBytes(TestData.KielCsvPath), "bilateral_main_data.csv"))
            FirstKielSummary = await r.Ok();
        Measurements.Record($"Kiel import (first, {TestData.KielRows} rows, via HTTP) on {Kind}: {watch.Elapsed.TotalSeconds:0.00} s");
        LedgerAfterKiel = await Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
    }
}

/// <summary>Imports: all or nothing, idempotent, one ledger event per real change, CSV and XLSX alike, over HTTP and the CLI.</summary>
public abstract class KielImportTests<TKind>(KielImportFixture<TKind> fx) : IClassFixture<KielImportFixture<TKind>> where TKind : IDbKind
{
    private const string KielMapping = "kiel-ust-main";
    private HttpClient Http => fx.Http;

    private Task<long> LedgerCount() => fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");

    private async Task<JsonNode> ImportKiel(byte[] file, string fileName)
    {
        using var r = await Http.PostMultipart($"/api/v1/import/offers?mapping={KielMapping}", file, fileName);
        return await r.Ok();
    }

    private static (IReadOnlyList<string> Headers, List<Dictionary<string, string>> Rows) KielRows()
        => (Csv.Headers(TestData.KielCsvPath), TestData.ReadCsv(TestData.KielCsvPath));

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static void AssertSummary(JsonNode s, int rows, int created, int updated, int unchanged)
    {
        Assert.True(s["rows"]!.GetValue<int>() == rows && s["created"]!.GetValue<int>() == created
                    && s["updated"]!.GetValue<int>() == updated && s["unchanged"]!.GetValue<int>() == unchanged,
            $"expected rows {rows}, created {created}, updated {updated}, unchanged {unchanged}; got {s}");
    }

    [Fact]
    public async Task Demo_catalogue_then_Kiel_file_import_1032_pledge_lines_each_ledgered()
    {
        Assert.Equal(383, fx.CatalogueSummary["rows"]!.GetValue<int>());
        var s = fx.FirstKielSummary;
        Assert.Equal(TestData.KielRows, s["rows"]!.GetValue<int>());
        Assert.Equal(0, s["updated"]!.GetValue<int>());
        Assert.Equal("offers", s.Str("target"));
        Assert.Equal(KielMapping, s.Str("mapping"));
        var counts = await fx.Db.RowCountsAsync();
        Assert.Equal(TestData.KielRows, counts["offers"]);
        var packages = TestData.ReadCsv(TestData.KielCsvPath).Select(r => (r["countries"], r["ID"])).Distinct().Count();
        Assert.Equal(packages, counts["aid_packages"]);
        // Every line is new; each new pledge line and each new package is ledgered (exchange rates may add more events).
        Assert.Equal(TestData.KielRows, s["created"]!.GetValue<int>());
        Assert.True(fx.LedgerAfterKiel - fx.LedgerBeforeKiel >= TestData.KielRows + packages,
            $"{fx.LedgerAfterKiel - fx.LedgerBeforeKiel} ledger events for {TestData.KielRows + packages} created records");
        var verify = await Http.GetNode("/api/v1/ledger/verify");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
    }

    [Fact]
    public async Task Reimporting_the_same_Kiel_file_reports_every_row_unchanged_and_adds_no_ledger_events()
    {
        var before = await fx.Db.RowCountsAsync();
        var watch = Stopwatch.StartNew();
        var s = await ImportKiel(File.ReadAllBytes(TestData.KielCsvPath), "bilateral_main_data.csv");
        Measurements.Record($"Kiel re-import (all unchanged, via HTTP) on {fx.Kind}: {watch.Elapsed.TotalSeconds:0.00} s");
        AssertSummary(s, TestData.KielRows, 0, 0, TestData.KielRows);
        Assert.Equal(before, await fx.Db.RowCountsAsync());
    }

    [Fact]
    public async Task Changing_one_quantity_updates_exactly_that_offer_and_ledgers_one_change()
    {
        var (headers, rows) = KielRows();
        var index = rows.FindIndex(r => r["ID"] == "AUM4" && r["No. of Units"] == "20");
        Assert.True(index >= 0, "AUM4 with 20 Bushmasters is in the source file");
        rows[index]["No. of Units"] = "21";
        var ledgerBefore = await LedgerCount();
        var rowsBefore = await fx.Db.RowCountsAsync();
        try
        {
            var s = await ImportKiel(Utf8(Csv.Write(headers, rows)), "bilateral_main_data.csv");
            AssertSummary(s, TestData.KielRows, 0, 1, TestData.KielRows - 1);
            Assert.Equal(ledgerBefore + 1, await LedgerCount());
            var page = await Http.GetNode("/api/v1/ledger?pageSize=1");
            var e = page["items"]![0]!;
            Assert.Equal("Offer.Updated", e.Str("eventType"));
            Assert.Equal(AppFixture<TKind>.OperatorName, e.Str("actor"));
            Assert.Contains("import offers", e.Str("command"));
            var payload = JsonNode.Parse(e.Str("payload"))!;
            Assert.Equal(["QuantityAnnounced"], payload["changed"]!.AsObject().Select(p => p.Key).ToList());
            Assert.Equal(20, payload["changed"]!["QuantityAnnounced"]!["from"]!.GetValue<int>());
            Assert.Equal(21, payload["changed"]!["QuantityAnnounced"]!["to"]!.GetValue<int>());
            var offer = await Http.GetNode($"/api/v1/offers/{e.Str("entityId")}");
            Assert.Equal(21, offer["quantityAnnounced"]!.GetValue<int>());
            Assert.Equal("AUS", offer.Str("donorCode"));
            var rowsAfter = await fx.Db.RowCountsAsync();
            rowsAfter["ledger_events"]--;
            Assert.Equal(rowsBefore, rowsAfter);
        }
        finally
        {
            // Put the original back for the other tests of this class (one more change, ledgered).
            var restore = await ImportKiel(File.ReadAllBytes(TestData.KielCsvPath), "bilateral_main_data.csv");
            AssertSummary(restore, TestData.KielRows, 0, 1, TestData.KielRows - 1);
        }
    }

    [Fact]
    public async Task Same_content_as_xlsx_imports_with_the_same_result_as_the_csv()
    {
        var (headers, rows) = KielRows();
        var sheet = rows.Select(r => headers.ToDictionary(h => h, h => (object)r[h])).ToList();
        using var xlsx = new MemoryStream();
        await MiniExcel.SaveAsAsync(xlsx, sheet, sheetName: "Bilateral assistance, MAIN DATA", excelType: ExcelType.XLSX,
            cancellationToken: TestContext.Current.CancellationToken);
        var ledgerBefore = await LedgerCount();
        var s = await ImportKiel(xlsx.ToArray(), "bilateral_main_data.xlsx");
        AssertSummary(s, TestData.KielRows, 0, 0, TestData.KielRows);
        Assert.Equal(ledgerBefore, await LedgerCount());
    }

    [Fact]
    public async Task File_with_several_bad_lines_is_rejected_with_422_listing_every_issue_and_the_database_is_exactly_as_before()
    {
        var (headers, rows) = KielRows();
        rows[0]["countries"] = "Atlantis";                   // line 2: unknown donor
        rows[3]["Type of Aid General"] = "Bribery";          // line 5: unknown aid type
        var bushmaster = rows.FindIndex(r => r["ID"] == "AUM4");
        rows[bushmaster]["No. of Units"] = "a few";         // unreadable quantity
        var ledgerCount = await LedgerCount();
        var before = await fx.Db.RowCountsAsync();

        using var r = await Http.PostMultipart($"/api/v1/import/offers?mapping={KielMapping}", Utf8(Csv.Write(headers, rows)), "broken.csv");
        var problem = await r.Problem(422);
        var issues = problem["issues"]!.AsArray();
        var lines = issues.Select(i => i!["line"]!.GetValue<int>()).ToHashSet();
        foreach (var expected in new[] { 2, 5, bushmaster + 2 })
            Assert.True(lines.Contains(expected), $"line {expected} is not among the issues: {issues.ToJsonString()}");
        foreach (var issue in issues)
        {
            Assert.False(string.IsNullOrWhiteSpace(issue!["sheet"]?.ToString()), issue.ToJsonString());
            Assert.False(string.IsNullOrWhiteSpace(issue["column"]?.ToString()), issue.ToJsonString());
            Assert.False(string.IsNullOrWhiteSpace(issue["message"]?.ToString()), issue.ToJsonString());
        }
        Assert.Contains(issues, i => i!["line"]!.GetValue<int>() == 2 && i["column"]!.ToString() == "countries");
        Assert.Equal(before, await fx.Db.RowCountsAsync());
        Assert.Equal(ledgerCount, await LedgerCount());
    }

    [Fact]
    public async Task A_problem_in_a_later_block_of_lines_rolls_back_the_blocks_already_written_and_reports_it()
    {
        // Lines are matched and written a block of 1,000 at a time inside the import's one transaction: here the first
        // block changes a quantity (written), and the second block has a line the donor's policy refuses (Japan gives
        // non-lethal items only; line 1,008 is a cannon). The whole file is refused and the change is not kept.
        var (headers, rows) = KielRows();
        Assert.True(rows.Count > 1_000, "the Kiel file spans two blocks");
        var changed = rows.FindIndex(r => r["ID"] == "AUM4" && r["No. of Units"] == "20");
        Assert.InRange(changed, 0, 999);
        rows[changed]["No. of Units"] = "21";
        var cannon = rows.FindIndex(r => r["Item"] == "MK44 cannon");
        Assert.InRange(cannon, 1_000, rows.Count - 1);
        rows[cannon]["countries"] = "Japan";
        var ledgerCount = await LedgerCount();
        var before = await fx.Db.RowCountsAsync();
        var quantityBefore = await fx.Db.ScalarLongAsync("SELECT SUM(\"QuantityAnnounced\") FROM offers");

        using var r = await Http.PostMultipart($"/api/v1/import/offers?mapping={KielMapping}", Utf8(Csv.Write(headers, rows)), "late-problem.csv");
        var issues = (await r.Problem(422))["issues"]!.AsArray();
        var issue = Assert.Single(issues);
        Assert.Equal(cannon + 2, issue!["line"]!.GetValue<int>());
        Assert.Contains("non-lethal", issue["message"]!.ToString());
        Assert.Equal(before, await fx.Db.RowCountsAsync());
        Assert.Equal(ledgerCount, await LedgerCount());
        Assert.Equal(quantityBefore, await fx.Db.ScalarLongAsync("SELECT SUM(\"QuantityAnnounced\") FROM offers"));
    }

    [Fact]
    public async Task Import_takes_the_file_as_the_raw_request_body_csv_and_xlsx()
    {
        using var csv = await Http.PostFile($"/api/v1/import/offers?mapping={KielMapping}&fileName=bilateral_main_data.csv",
            File.ReadAllBytes(TestData.KielCsvPath), "text/csv");
        AssertSummary(await csv.Ok(), TestData.KielRows, 0, 0, TestData.KielRows);
        using var noType = await Http.PostFile($"/api/v1/import/offers?mapping={KielMapping}&fileName=bilateral_main_data.csv",
            File.ReadAllBytes(TestData.KielCsvPath), "application/octet-stream");
        AssertSummary(await noType.Ok(), TestData.KielRows, 0, 0, TestData.KielRows);
    }

    [Fact]
    public async Task Demo_requirements_import_through_the_api_and_reimport_unchanged()
    {
        var path = TestData.PathOf("demo/requirements.csv");
        var expectedRows = TestData.ReadCsv(path).Count;
        using (var first = await Http.PostMultipart("/api/v1/import/requirements?mapping=requirements", File.ReadAllBytes(path), "requirements.csv"))
        {
            var s = await first.Ok();
            Assert.Equal(expectedRows, s["rows"]!.GetValue<int>());
        }
        var ledger = await LedgerCount();
        using var second = await Http.PostMultipart("/api/v1/import/requirements?mapping=requirements", File.ReadAllBytes(path), "requirements.csv");
        AssertSummary(await second.Ok(), expectedRows, 0, 0, expectedRows);
        Assert.Equal(ledger, await LedgerCount());
    }

    [Fact]
    public async Task Cli_import_of_the_Kiel_file_reports_every_row_unchanged()
    {
        var ledger = await LedgerCount();
        var r = await Qm.Run("import", "offers", TestData.KielCsvPath, "--mapping", KielMapping, "--db", fx.Db.DbArgument, "--operator", "cli-operator");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"{TestData.KielRows} rows, 0 created, 0 updated, {TestData.KielRows} unchanged", r.Out);
        Assert.Equal(ledger, await LedgerCount());
    }

    [Fact]
    public async Task Cli_import_of_a_bad_file_exits_non_zero_lists_the_issues_and_changes_nothing()
    {
        var (headers, rows) = KielRows();
        rows[0]["countries"] = "Atlantis";
        rows[1]["countries"] = "Lemuria";
        var dir = Directory.CreateTempSubdirectory("qm-it-cli-");
        try
        {
            var file = Path.Combine(dir.FullName, "broken.csv");
            await File.WriteAllTextAsync(file, Csv.Write(headers, rows), TestContext.Current.CancellationToken);
            var before = await fx.Db.RowCountsAsync();
            var r = await Qm.Run("import", "offers", file, "--mapping", KielMapping, "--db", fx.Db.DbArgument);
            Assert.True(r.ExitCode != 0, r.ToString());
            Assert.Contains("line 2", r.Err);
            Assert.Contains("line 3", r.Err);
            Assert.Contains("qm: error: nothing was imported", r.Err);
            Assert.Equal(before, await fx.Db.RowCountsAsync());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

public sealed class KielImportOnSqlite(KielImportFixture<OnSqlite> fx) : KielImportTests<OnSqlite>(fx);

public sealed class KielImportOnPostgres(KielImportFixture<OnPostgres> fx) : KielImportTests<OnPostgres>(fx);
