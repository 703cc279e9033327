using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Offers;
using Quartermaster.Application.Reports;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Browser.Tests;

/// <summary>What a person sees in the browser, on a server with the demo (Kiel UST release 7) loaded.</summary>
public sealed class UiTests(AppFixture fixture)
{
    private string Url => fixture.Demo.BaseUrl;

    private static decimal Euros(string text)
        => decimal.Parse(text.Replace("€", "").Replace(",", "").Trim(), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static int Count(string text) => int.Parse(text.Replace(",", "").Trim(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Dashboard_shows_totals_two_rendered_charts_and_the_citation()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/");
        var page = w.Page;

        Assert.Equal("Dashboard · Quartermaster", await page.TitleAsync());
        Assert.Equal("43", (await page.Locator("[data-stat=donors] dd").InnerTextAsync()).Trim());
        Assert.Equal("1,032", (await page.Locator("[data-stat=lines] dd").InnerTextAsync()).Trim());
        Assert.Equal("432", (await page.Locator("[data-stat=packages] dd").InnerTextAsync()).Trim());
        Assert.Matches(@"^\d[\d,]*$", (await page.Locator("[data-stat=open-requirements] dd").InnerTextAsync()).Trim());
        Assert.True(Count(await page.Locator("[data-stat=open-requirements] dd").InnerTextAsync()) > 0);

        await using (var db = fixture.Demo.Target.Open(TimeProvider.System))
        {
            var rows = await new ReportsService(db).BurdenSharing(TestContext.Current.CancellationToken);
            Assert.Equal(rows.Sum(r => r.AnnouncedEur), Euros(await page.Locator("[data-stat=announced] dd").GetAttributeAsync("title") ?? ""), 0);
            Assert.Equal(rows.Sum(r => r.DeliveredEur), Euros(await page.Locator("[data-stat=delivered] dd").GetAttributeAsync("title") ?? ""), 0);
        }
        Assert.Matches(@"^€[\d.,]+ (bn|m)$", (await page.Locator("[data-stat=announced] dd").InnerTextAsync()).Trim());

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Announced vs delivered by donor" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Announced vs delivered by capability coalition" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("canvas[data-rendered=true]")).ToHaveCountAsync(2);

        var charts = await page.EvaluateAsync<ChartInfo[]>(
            @"() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => {
                const chart = window.Chart && window.Chart.getChart(c);
                const box = c.getBoundingClientRect();
                return { id: c.id, width: box.width, height: box.height, pixelWidth: c.width,
                         labels: chart ? chart.data.labels.length : 0, datasets: chart ? chart.data.datasets.length : 0,
                         nonZero: chart ? chart.data.datasets[0].data.filter(v => v > 0).length : 0 };
            })");
        Assert.Equal(2, charts.Length);
        Assert.Equal(2, await page.EvaluateAsync<int>("() => Object.keys(window.Chart.instances).length"));
        foreach (var c in charts)
        {
            Assert.True(c.Width > 200 && c.Height > 200 && c.PixelWidth > 0, $"{c.Id} is {c.Width}x{c.Height}");
            Assert.Equal(2, c.Datasets);
            Assert.True(c.NonZero > 0, $"{c.Id} has no bars");
        }
        Assert.Equal(15, charts.Single(c => c.Id == "chart-donors").Labels);
        Assert.True(charts.Single(c => c.Id == "chart-coalitions").Labels >= 3);
        await Assertions.Expect(page.GetByText("tracker's own estimates").First).ToBeVisibleAsync();

        var citation = page.Locator("aside.citation");
        await Assertions.Expect(citation).ToContainTextAsync(Quartermaster.Application.Demo.DemoLoader.Citation);
        await Assertions.Expect(citation).ToContainTextAsync("data/kiel-ust-release7/SOURCE.md");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-dashboard.png", FullPage = true });
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    public sealed class ChartInfo
    {
        public string Id { get; set; } = "";
        public double Width { get; set; }
        public double Height { get; set; }
        public int PixelWidth { get; set; }
        public int Labels { get; set; }
        public int Datasets { get; set; }
        public int NonZero { get; set; }
    }

    [Fact]
    public async Task Navigation_reaches_every_page_without_errors()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/");
        foreach (var (link, heading) in new[]
                 {
                     ("Requirements", "Requirements"), ("Offers", "Offers"), ("Nations", "Nations"), ("Catalogue", "Catalogue"),
                     ("Burden-sharing", "Burden-sharing"), ("Ledger", "Ledger"), ("Dashboard", "Dashboard"),
                 })
        {
            await w.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(w.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(w.Page.Locator($"nav.site-nav a[aria-current=page]")).ToHaveTextAsync(link);
        }
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task Offers_search_for_M777_shows_only_M777_lines_with_paging_text()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/offers");
        var page = w.Page;
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync("Showing 1–50 of 1,032");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("M777");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("search=M777"));

        var rows = page.Locator("table.data tbody tr");
        var n = await rows.CountAsync();
        Assert.True(n > 0);
        for (var i = 0; i < n; i++)
            Assert.Contains("m777", (await rows.Nth(i).InnerTextAsync()).ToLowerInvariant());
        await Assertions.Expect(page.Locator(".pager-summary").First).ToHaveTextAsync($"Showing 1–{n} of {n}");
        await Assertions.Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" })).ToHaveValueAsync("M777");

        // Paging through the whole list keeps the filters and moves the window.
        await w.Go(Url, "/offers?aidType=Military");
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync("Showing 1–50 of 701");
        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync("Showing 51–100 of 701");
        Assert.Contains("aidType=Military", page.Url);
        await page.GetByRole(AriaRole.Link, new() { Name = "← Previous" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync("Showing 1–50 of 701");
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task Offers_show_undisclosed_for_an_unstated_quantity_never_zero_and_the_raw_announced_date()
    {
        Page<OfferView> expected;
        await using (var db = fixture.Demo.Target.Open(TimeProvider.System))
            expected = await new OffersService(db).List(new PageQuery(1, 500), null, AidType.Military, null, TestContext.Current.CancellationToken);
        var undisclosed = expected.Items.Where(o => o.QuantityAnnounced is null).ToList();
        Assert.NotEmpty(undisclosed);

        await using var w = await fixture.NewPage();
        await w.Go(Url, "/offers?aidType=Military&pageSize=500");
        var cells = w.Page.Locator("table.data tbody tr td:nth-child(5)");
        var texts = await cells.AllInnerTextsAsync();
        Assert.Equal(expected.Items.Count, texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var q = expected.Items[i].QuantityAnnounced;
            Assert.Equal(q is null ? "undisclosed" : q.Value.ToString("N0", CultureInfo.InvariantCulture), texts[i].Trim());
        }

        // A line whose exact announcement date is unknown shows the source's own text.
        var raw = expected.Items.FirstOrDefault(o => o.AnnouncedOn is null && !string.IsNullOrWhiteSpace(o.AnnouncedRaw));
        if (raw is not null)
            await Assertions.Expect(w.Page.Locator(".raw-date", new() { HasTextString = raw.AnnouncedRaw!.Trim() }).First).ToBeVisibleAsync();
        await Assertions.Expect(w.Page.Locator("aside.citation")).ToContainTextAsync("Kiel Institute");
    }

    [Fact]
    public async Task Offers_donor_filter_lists_only_that_donor()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/offers");
        await w.Page.GetByLabel("Donor", new() { Exact = true }).SelectOptionAsync("AUS");
        await w.Page.WaitForURLAsync(new Regex("donor=AUS"));
        var donors = await w.Page.Locator("table.data tbody tr td:first-child").AllInnerTextsAsync();
        Assert.NotEmpty(donors);
        Assert.All(donors, d => Assert.Equal("AUS", d.Trim()));
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task Requirements_page_shows_the_illustrative_banner_filters_and_paging()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/requirements");
        var page = w.Page;
        var banner = page.GetByTestId("illustrative-banner");
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToContainTextAsync("ILLUSTRATIVE");
        await Assertions.Expect(banner).ToContainTextAsync("not public");

        var ranks = (await page.Locator("table.data tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(Count).ToList();
        Assert.NotEmpty(ranks);

        await w.Go(Url, "/requirements?pageSize=10");
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync(new Regex(@"Showing 1–10 of \d+"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync(new Regex(@"Showing 11–\d+ of \d+"));
        Assert.Contains("pageSize=10", page.Url);

        await w.Go(Url, "/requirements?search=Kyiv");
        var destinations = await page.Locator("table.data tbody tr td:nth-child(9)").AllInnerTextsAsync();
        Assert.NotEmpty(destinations);

        await w.Go(Url, "/requirements?status=Cancelled");
        await Assertions.Expect(page.Locator("table.data tbody td.empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".pager-summary").First).ToHaveTextAsync("No matching records");

        await w.Go(Url, "/requirements?sort=bogus");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Cannot sort by 'bogus'");
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task Burden_sharing_totals_equal_the_sum_of_the_rows_and_downloads_work()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/reports/burden-sharing");
        var page = w.Page;
        var table = page.Locator("table#burden-sharing");
        var headers = await table.Locator("thead th").AllInnerTextsAsync();
        Assert.Equal(["donor", "donor_name", "aid_type", "announced_eur", "delivered_eur", "packages", "lines", "lines_undisclosed", "tracker_announced_eur", "basis", "allocated_eur", "received_eur"],
            headers.Select(h => h.Trim()).ToArray());

        var rows = table.Locator("tbody tr");
        var n = await rows.CountAsync();
        Assert.True(n > 43);
        decimal announced = 0, delivered = 0, shownAnnounced = 0, tracker = 0;
        int packages = 0, lines = 0;
        for (var i = 0; i < n; i++)
        {
            var cells = rows.Nth(i).Locator("td");
            announced += decimal.Parse(await cells.Nth(3).GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture);
            delivered += decimal.Parse(await cells.Nth(4).GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture);
            shownAnnounced += Euros(await cells.Nth(3).InnerTextAsync());
            packages += Count(await cells.Nth(5).InnerTextAsync());
            lines += Count(await cells.Nth(6).InnerTextAsync());
            if (await cells.Nth(8).GetAttributeAsync("data-value") is { Length: > 0 } t) tracker += decimal.Parse(t, CultureInfo.InvariantCulture);
        }
        var total = table.Locator("tfoot tr td");
        Assert.Equal(announced, decimal.Parse(await total.Nth(0).GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture));
        Assert.Equal(delivered, decimal.Parse(await total.Nth(1).GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture));
        Assert.True(Math.Abs(shownAnnounced - Euros(await total.Nth(0).InnerTextAsync())) <= n, "shown euros add up (to rounding)");
        Assert.Equal(packages, Count(await total.Nth(2).InnerTextAsync()));
        Assert.Equal(lines, Count(await total.Nth(3).InnerTextAsync()));
        // The tracker-method column (docs/valuation.md) totals its rows too.
        Assert.Equal(tracker, decimal.Parse(await total.Nth(5).GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture));
        Assert.True(tracker > 0);
        Assert.Equal(1032, lines);
        Assert.Equal(432, packages);

        await Assertions.Expect(page.Locator("aside.citation")).ToContainTextAsync("data/kiel-ust-release7/SOURCE.md");
        var csvHref = await page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href");
        Assert.Equal("/api/v1/reports/burden-sharing?format=csv", csvHref);
        var csv = await page.APIRequest.GetAsync(Url + csvHref);
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        Assert.Equal(n + 1, (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var json = await page.APIRequest.GetAsync(Url + await page.GetByRole(AriaRole.Link, new() { Name = "JSON" }).GetAttributeAsync("href"));
        Assert.Equal(200, json.Status);
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task Nations_and_catalogue_show_policy_and_classification_with_search()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/nations?search=japan");
        var row = w.Page.Locator("table.data tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("JPN");
        await Assertions.Expect(row).ToContainTextAsync("Partner");
        await Assertions.Expect(row).ToContainTextAsync("non-lethal only");

        await w.Go(Url, "/nations");
        await Assertions.Expect(w.Page.Locator(".pager-summary").First).ToContainTextAsync(new Regex(@"Showing 1–\d+ of \d+"));

        await w.Go(Url, "/catalogue?coalition=artillery&lethal=true");
        var coalitions = await w.Page.Locator("table.data tbody tr td:nth-child(4)").AllInnerTextsAsync();
        Assert.NotEmpty(coalitions);
        Assert.All(coalitions, c => Assert.Equal("Artillery", c.Trim()));
        Assert.All(await w.Page.Locator("table.data tbody tr td:nth-child(5)").AllInnerTextsAsync(), c => Assert.Equal("lethal", c.Trim()));
        await Assertions.Expect(w.Page.GetByLabel("Coalition", new() { Exact = true })).ToHaveValueAsync("artillery");
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task A_name_containing_script_is_shown_as_text_and_never_runs()
    {
        const string name = "<script>window.__qmXss = 1; alert('xss')</script> Evil <b>bold</b> & \"quoted\" item";
        await using (var db = fixture.Demo.Target.Open(TimeProvider.System))
            await new CatalogueService(db).Create(RunningApp.Actor,
                new CatalogueItemInput("xss-probe-item", name, null, "8470", "protection", false, null, null), TestContext.Current.CancellationToken);

        await using var w = await fixture.NewPage();
        var response = await w.Go(Url, "/catalogue?search=xss-probe");
        var html = await response.TextAsync();
        Assert.DoesNotContain("<script>window.__qmXss", html);
        Assert.Contains("&lt;script&gt;window.__qmXss", html);

        var cell = w.Page.Locator("table.data tbody tr td:nth-child(2)");
        await Assertions.Expect(cell).ToHaveCountAsync(1);
        Assert.StartsWith(name, (await cell.InnerTextAsync()).Trim());
        Assert.Equal(0, await w.Page.Locator("table.data b").CountAsync());
        Assert.False(await w.Page.EvaluateAsync<bool>("() => window.__qmXss === 1"));

        // The search box echoes the text back: still only text.
        await w.Go(Url, "/offers?search=" + Uri.EscapeDataString("<script>alert(1)</script>"));
        await Assertions.Expect(w.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" })).ToHaveValueAsync("<script>alert(1)</script>");
        Assert.Empty(w.Dialogs);
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task Ledger_lists_events_and_verifies_the_chain()
    {
        await using var w = await fixture.NewPage();
        await w.Go(Url, "/ledger");
        var page = w.Page;
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync(new Regex(@"Showing the newest 50 events, sequence [\d,]+–[\d,]+"));
        var sequences = (await page.Locator("table.data tbody tr td:first-child").AllInnerTextsAsync()).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(50, sequences.Count);
        Assert.Equal(sequences.OrderByDescending(s => s), sequences);
        await Assertions.Expect(page.Locator("table.data tbody tr").First).ToContainTextAsync("browser-test");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify ledger" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("Ledger intact");
        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("records are as their latest events recorded them");
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task Narrow_screen_keeps_the_navigation_and_tables_usable()
    {
        await using var w = await fixture.NewPage(390, 844);
        await w.Go(Url, "/offers");
        await Assertions.Expect(w.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Ledger", Exact = true })).ToBeVisibleAsync();
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-offers-narrow.png" });
        var wide = await w.Page.EvaluateAsync<string>("() => Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 392 && !e.closest('.table-wrap')).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')");
        var bodyWidth = await w.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(bodyWidth <= 400, $"page scrolls sideways ({bodyWidth}px); only the table should: {wide}");
    }
}

/// <summary>A server on an empty database.</summary>
public sealed class EmptyDatabaseTests(AppFixture fixture)
{
    [Fact]
    public async Task Dashboard_on_an_empty_database_says_how_to_load_the_demo()
    {
        await using var empty = await RunningApp.Start(withDemo: false);
        await using var w = await fixture.NewPage();
        await w.Go(empty.BaseUrl, "/");
        await Assertions.Expect(w.Page.GetByRole(AriaRole.Heading, new() { Name = "No data yet" })).ToBeVisibleAsync();
        await Assertions.Expect(w.Page.Locator("main")).ToContainTextAsync("qm demo");
        await Assertions.Expect(w.Page.Locator("canvas")).ToHaveCountAsync(0);
        foreach (var path in new[] { "/requirements", "/offers", "/nations", "/catalogue", "/reports/burden-sharing", "/ledger" })
            await w.Go(empty.BaseUrl, path);
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }
}
