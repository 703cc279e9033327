using System.Net;
using System.Text;
using MiniExcelLibs;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>Issue 8.7, 8.9 and 8.11: safe exports, security headers on every answer, paging overflow, ledger texts, auditor tokens.</summary>
public abstract class HardeningTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Problem_documents_404s_rate_limit_refusals_and_errors_carry_the_security_headers()
    {
        using var coordinator = await fx.ClientForAsync("hd-coordinator", Role.Coordinator, null);
        using var anonymous = fx.Anonymous();
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("404 page", await anonymous.GetAsync("/no-such-page", Ct)),
            ("404 api", await coordinator.GetAsync("/api/v1/no-such-endpoint", Ct)),
            ("404 record", await coordinator.GetAsync($"/api/v1/offers/{Guid.NewGuid()}", Ct)),
            ("400 bad JSON (exception handler)", await coordinator.PostRaw("/api/v1/nations", "{ not json")),
            ("400 validation", await coordinator.GetAsync("/api/v1/offers?pageSize=100000", Ct)),
            ("401", await anonymous.GetAsync("/api/v1/offers", Ct)),
            ("403", await (await fx.ClientForAsync("hd-auditor", Role.Auditor, null, TokenScope.Read)).PostJson("/api/v1/nations", new { code = "HDR", name = "x", status = "Member" })),
            ("static file", await anonymous.GetAsync("/assets/css/site.css", Ct)),
        };
        foreach (var (what, r) in answers)
            using (r)
            {
                foreach (var header in new[] { "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy" })
                    Assert.True(r.Headers.Contains(header) || r.Content.Headers.Contains(header), $"{what} ({(int)r.StatusCode}) has no {header}");
                Assert.Contains("frame-ancestors 'none'", string.Join(";", r.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            }
    }

    [Fact]
    public async Task A_page_number_past_the_integer_range_is_a_400_not_page_one()
    {
        using var coordinator = await fx.ClientForAsync("hd-pager", Role.Coordinator, null);
        foreach (var path in new[] { "/api/v1/offers?page=2147483647&pageSize=50", "/api/v1/nations?page=2147483647&pageSize=500", "/api/v1/ledger?page=2147483647&pageSize=2" })
        {
            using var r = await coordinator.GetAsync(path, Ct);
            var body = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)r.StatusCode} {body}");
            Assert.Contains("\"page\"", body, StringComparison.Ordinal);
        }
        using var last = await coordinator.GetAsync("/api/v1/nations?page=1000&pageSize=50", Ct);
        Assert.Empty((await last.Ok())["items"]!.AsArray());
    }

    [Fact]
    public async Task File_names_with_control_characters_are_refused_naming_the_field_and_long_names_are_cut_in_the_ledger()
    {
        using var coordinator = await fx.ClientForAsync("hd-importer", Role.Coordinator, null);
        var csv = Encoding.UTF8.GetBytes("code,name,supply_class,coalition,is_lethal\nhd-file-name,x,8470,protection,false\n");
        var forged = "evil\r\n2026-01-01 forged event\u001b[31m.csv";
        using (var r = await coordinator.PostFile($"/api/v1/import/catalogue?fileName={Uri.EscapeDataString(forged)}", csv, "text/csv"))
        {
            var body = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode} {body}");
            Assert.Contains("fileName", body, StringComparison.Ordinal);
        }
        var evil = "evil\u202Egpj.csv" + new string('a', 5000) + ".csv";
        using (var r = await coordinator.PostFile($"/api/v1/import/catalogue?fileName={Uri.EscapeDataString(evil)}", csv, "text/csv"))
            await r.Ok();
        var ledger = await coordinator.GetNode("/api/v1/ledger?pageSize=5");
        var command = ledger["items"]!.AsArray().Select(i => i!["command"]!.GetValue<string>()).First(c => c.StartsWith("import catalogue", StringComparison.Ordinal));
        Assert.DoesNotContain(command, c => char.IsControl(c) || c == '\u202E');
        Assert.True(command.Length < 300, $"command text of {command.Length} characters");
        Assert.Contains("evil", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qm_tokens_create_refuses_a_write_token_for_an_auditor_and_gives_a_read_token()
    {
        await fx.EnsureAccountAsync("hd-cli-auditor", Role.Auditor, null);
        var write = await Qm.Run("tokens", "create", "--user", "hd-cli-auditor", "--scope", "Write", "--db", fx.Db.DbArgument);
        Assert.True(write.ExitCode != 0, write.ToString());
        Assert.Contains("qm: error:", write.Err, StringComparison.Ordinal);
        Assert.Contains("auditor", write.Err, StringComparison.Ordinal);
        var read = await Qm.Run("tokens", "create", "--user", "hd-cli-auditor", "--scope", "Read", "--db", fx.Db.DbArgument);
        Assert.True(read.ExitCode == 0, read.ToString());
        await using var db = fx.OpenDb();
        Assert.All((await fx.Accounts(db).Tokens("hd-cli-auditor", Ct)), t => Assert.Equal("Read", t.Scope));
    }

    [Fact]
    public async Task Exports_neutralise_cells_that_a_spreadsheet_would_run_as_formulas()
    {
        using var coordinator = await fx.ClientForAsync("hd-exporter", Role.Coordinator, null);
        var names = new Dictionary<string, string> { ["QFA"] = "=HYPERLINK(\"http://evil.example\")", ["QFB"] = "+1+cmd|' /C calc'!A0", ["QFC"] = "-2+3", ["QFD"] = "@SUM(1)", ["QFE"] = "\tTab", ["QFF"] = "\rReturn" };
        foreach (var (code, name) in names)
        {
            (await coordinator.PostJson("/api/v1/nations", new { code, name, status = "Member" })).EnsureSuccessStatusCode();
            (await coordinator.PostJson("/api/v1/offers", new { donorCode = code, aidType = "Military", description = name, declaredValue = 1000m, declaredCurrency = "EUR" })).EnsureSuccessStatusCode();
        }
        var csv = await coordinator.GetStringAsync("/api/v1/reports/burden-sharing?format=csv", Ct);
        var lines = csv.Split('\n');
        foreach (var (code, name) in names)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith(code + ",", StringComparison.Ordinal));
            Assert.True(line is not null, $"no CSV row for {code}:\n{csv}");
            var cell = line!.Split(',')[1].Trim('"');
            // The domain trims names (tab, CR); what is left must not start a formula.
            Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r', $"{code}: {cell}");
            if (name[0] is '=' or '+' or '-' or '@') Assert.StartsWith("'", cell);
        }
        using var xlsx = await coordinator.GetAsync("/api/v1/reports/burden-sharing?format=xlsx", Ct);
        await using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct));
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        foreach (var (code, name) in names.Where(n => n.Value[0] is '=' or '+' or '-' or '@'))
            Assert.StartsWith("'", rows.Single(r => (string?)r["donor"] == code)["donor_name"]?.ToString());
        Assert.All(rows, r => Assert.IsNotType<string>(r["announced_eur"]));
    }
}

public sealed class HardeningOnSqlite(SecurityFixture<OnSqlite> fx) : HardeningTests<OnSqlite>(fx);

public sealed class HardeningOnPostgres(SecurityFixture<OnPostgres> fx) : HardeningTests<OnPostgres>(fx);
