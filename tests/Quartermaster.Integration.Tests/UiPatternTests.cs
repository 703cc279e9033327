using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>One donor-free catalogue item to hang requirements on.</summary>
public sealed class UiPatternFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public const string Item = "ui-helmet";

    protected override async Task SeedAsync()
        => (await Http.PostJson("/api/v1/catalogue", new { code = Item, name = "ui helmet", supplyClass = "8470", coalition = "protection", isLethal = false }))
            .EnsureSuccessStatusCode();
}

/// <summary>Re-ranking a period's list, the HTML error pages for browsers (problem documents for the API) and list exports.</summary>
public abstract class UiPatternTests<TKind>(UiPatternFixture<TKind> fx) : IClassFixture<UiPatternFixture<TKind>> where TKind : IDbKind
{
    private static int periodSeed = 1;

    private static string NewPeriod() => $"20{40 + Interlocked.Increment(ref periodSeed):00}-0{1 + periodSeed % 9}";

    private async Task<Guid> Line(string period, int rank, string destination)
    {
        using var r = await fx.Http.PostJson("/api/v1/requirements", new
        {
            period, priorityRank = rank, itemCode = UiPatternFixture<TKind>.Item, quantity = 10, neededBy = "2040-06-30", destination,
        });
        return Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }

    private async Task<List<string>> Order(string period)
    {
        var list = await fx.Http.GetNode($"/api/v1/requirements?period={period}&sort=priority&pageSize=100");
        return list["items"]!.AsArray().Select(i => $"{i!["priorityRank"]}:{i["destination"]}").ToList();
    }

    [Fact]
    public async Task A_swap_and_a_drag_that_shifts_a_cycle_of_lines_rerank_in_one_command_with_unique_ranks()
    {
        var period = NewPeriod();
        var a = await Line(period, 1, "A");
        var b = await Line(period, 2, "B");
        var c = await Line(period, 3, "C");
        var d = await Line(period, 4, "D");

        using (var r = await fx.Http.PostJson("/api/v1/requirements/rerank", new { period, ranks = new Dictionary<Guid, int> { [a] = 2, [b] = 1 } }))
            Assert.Equal(2, (await r.Ok()).AsArray().Count);
        Assert.Equal(["1:B", "2:A", "3:C", "4:D"], await Order(period));

        // Drag D to the top: D→1, B→2, A→3, C→4 (a 4-cycle), and a move into a free rank at the same time.
        using (var r = await fx.Http.PostJson("/api/v1/requirements/rerank", new { period, ranks = new Dictionary<Guid, int> { [d] = 1, [b] = 2, [a] = 3, [c] = 4 } }))
            await r.Ok();
        Assert.Equal(["1:D", "2:B", "3:A", "4:C"], await Order(period));
        using (var r = await fx.Http.PostJson("/api/v1/requirements/rerank", new { period, ranks = new Dictionary<Guid, int> { [c] = 9 } }))
            await r.Ok();
        Assert.Equal(["1:D", "2:B", "3:A", "9:C"], await Order(period));

        // The ledger names the final ranks of every moved line.
        var history = await fx.Http.GetNode($"/api/v1/ledger?entityType=Requirement&entityId={d}");
        Assert.Contains(history["items"]!.AsArray(), e => e!["command"]!.GetValue<string>() == $"re-rank requirements {period}");
    }

    [Fact]
    public async Task A_rerank_with_duplicate_or_bad_ranks_reports_every_problem_and_changes_nothing()
    {
        var period = NewPeriod();
        var a = await Line(period, 1, "A");
        var b = await Line(period, 2, "B");
        var c = await Line(period, 3, "C");
        using var r = await fx.Http.PostJson("/api/v1/requirements/rerank", new { period, ranks = new Dictionary<Guid, int> { [a] = 3, [b] = 0, [Guid.NewGuid()] = 5 } });
        var problem = await r.Problem(400, "ranks");
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("rank 3 is given to 2 lines", detail);
        Assert.Contains("rank must be 1 or more", detail);
        Assert.Contains("is not in period", detail);
        Assert.Equal(["1:A", "2:B", "3:C"], await Order(period));
        _ = c;
    }

    [Fact]
    public async Task A_coordinator_approves_a_periods_list_and_a_later_change_shows_until_it_is_approved_again()
    {
        var period = NewPeriod();
        var a = await Line(period, 1, "A");
        await Line(period, 2, "B");
        var before = await fx.Http.GetNode($"/api/v1/requirements/approval?period={period}");
        Assert.Null(before["approvedBy"]);
        using (var r = await fx.Http.PostJson("/api/v1/requirements/approve", new { period }))
        {
            var approved = await r.Ok();
            Assert.Equal(AppFixture<TKind>.OperatorName, approved.Str("approvedBy"));
            Assert.Equal(2, approved["linesApproved"]!.GetValue<int>());
            Assert.False(approved["changedSince"]!.GetValue<bool>());
        }
        using (var again = await fx.Http.PostJson("/api/v1/requirements/approve", new { period }))
            await again.Problem(409);
        using (var r = await fx.Http.PostJson("/api/v1/requirements/rerank", new { period, ranks = new Dictionary<Guid, int> { [a] = 3 } }))
            await r.Ok();
        Assert.True((await fx.Http.GetNode($"/api/v1/requirements/approval?period={period}"))["changedSince"]!.GetValue<bool>());
        using (var r = await fx.Http.PostJson("/api/v1/requirements/approve", new { period }))
            Assert.False((await r.Ok())["changedSince"]!.GetValue<bool>());
        // A recipient officer maintains the list but does not approve it.
        var officer = await fx.ClientForAsync("ui-officer", Quartermaster.Domain.Access.Role.RecipientOfficer, null);
        using (var r = await officer.PostJson("/api/v1/requirements/approve", new { period }))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    private static HttpRequestMessage Browser(string path)
    {
        var m = new HttpRequestMessage(HttpMethod.Get, path);
        m.Headers.Accept.Clear();
        m.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return m;
    }

    [Fact]
    public async Task A_browser_gets_html_not_found_pages_and_the_api_keeps_problem_documents()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = await fx.SignedInBrowserAsync("ui-browser", Quartermaster.Domain.Access.Role.Coordinator, null);
        using (var page = await browser.SendAsync(Browser($"/requirements/{Guid.NewGuid()}"), ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            var html = await page.Content.ReadAsStringAsync(ct);
            Assert.Contains("data-testid=\"error-page\"", html);
            Assert.Contains("was not found", html);
            Assert.Contains("site-header", html);
        }
        using (var page = await browser.SendAsync(Browser("/no/such/page"), ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("Not found", await page.Content.ReadAsStringAsync(ct));
        }
        using (var api = await fx.Http.GetAsync($"/api/v1/requirements/{Guid.NewGuid()}", ct))
        {
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            await api.Problem(404);
        }
        using (var api = await fx.Http.SendAsync(Browser("/api/v1/no-such-endpoint"), ct))
            Assert.NotEqual("text/html", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_list_export_has_exactly_the_filtered_rows_with_codes_and_formulas_neutralised()
    {
        var ct = TestContext.Current.CancellationToken;
        var period = NewPeriod();
        await Line(period, 1, "=HYPERLINK(\"http://evil\")");
        await Line(period, 2, "Lviv");
        var other = NewPeriod();
        await Line(other, 1, "Elsewhere");
        using var browser = await fx.SignedInBrowserAsync("ui-exporter", Quartermaster.Domain.Access.Role.Coordinator, null);
        using var csv = await browser.GetAsync($"/requirements?period={period}&format=csv&sort=-priority", ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(ct)).TrimStart('\uFEFF').TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("period,priority_rank,item,item_name,quantity", lines[0]);
        Assert.StartsWith($"{period},2,{UiPatternFixture<TKind>.Item},", lines[1]);
        Assert.Contains(",Open,", lines[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[2]);
        using var xlsx = await browser.GetAsync($"/requirements?period={period}&format=xlsx", ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class UiPatternsOnSqlite(UiPatternFixture<OnSqlite> fx) : UiPatternTests<OnSqlite>(fx);

public sealed class UiPatternsOnPostgres(UiPatternFixture<OnPostgres> fx) : UiPatternTests<OnPostgres>(fx);
