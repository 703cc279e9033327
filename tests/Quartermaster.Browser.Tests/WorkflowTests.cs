using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Quartermaster.Application.Common;
using Quartermaster.Application.Demo;
using Quartermaster.Application.Requirements;

namespace Quartermaster.Browser.Tests;

/// <summary>A server of its own for the end-to-end walks, so that their changes never reach the shared server's exact counts.</summary>
public sealed class WorkflowDemo : IAsyncLifetime
{
    private RunningApp? app;

    public RunningApp App => app ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => app = await RunningApp.Start(withDemo: true);

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}

/// <summary>Each role walks its main task end to end in the browser, with the shared patterns (saved message, confirmation, history).</summary>
public sealed class WorkflowTests(AppFixture fixture, WorkflowDemo server) : IClassFixture<WorkflowDemo>
{
    private string Url => server.App.BaseUrl;

    private async Task<WatchedPage> SignedInAs(string userName, string path, int width = 1366)
    {
        var w = await fixture.NewPage(width);
        await w.Page.GotoAsync(Url + path);
        Assert.Equal("/signin", new Uri(w.Page.Url).AbsolutePath);
        await w.SignIn(userName, DemoLoader.Accounts.Single(a => a.UserName == userName).Password);
        return w;
    }

    private async Task<IReadOnlyList<RequirementView>> Requirements(string period)
    {
        await using var db = server.App.Target.Open(TimeProvider.System);
        return (await new RequirementsService(db).List(new PageQuery(1, PageQuery.MaxPageSize, "priority"), period, ct: TestContext.Current.CancellationToken)).Items;
    }

    [Fact]
    public async Task A_recipient_officer_adds_edits_reranks_and_cancels_a_requirement_and_sees_its_history()
    {
        await using var w = await SignedInAs("recipient", "/requirements/new?period=2031-04");
        var page = w.Page;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New requirement", Level = 1 })).ToBeVisibleAsync();

        // Everything missing is reported at once, next to each field.
        await page.Locator("#PriorityRank").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add requirement" }).ClickAsync();
        var errors = page.GetByTestId("form-errors");
        await Assertions.Expect(errors).ToContainTextAsync("5 problems");
        await Assertions.Expect(page.Locator("#err-itemCode")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#err-quantity")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#err-neededBy")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#err-destination")).ToBeVisibleAsync();

        await page.Locator("#PriorityRank").FillAsync("1");
        await page.Locator("#ItemCode").FillAsync("helmet");
        await page.Locator("#Quantity").FillAsync("1200");
        await page.Locator("#NeededBy").FillAsync("2031-04-20");
        await page.Locator("#Destination").FillAsync("Lviv depot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add requirement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("saved");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("#1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-requirement-detail.png", FullPage = true });

        // Edit: the quantity changes, and the history says from what to what and who.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.Locator("#Quantity").FillAsync("1500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("saved");
        var history = page.GetByTestId("history");
        await Assertions.Expect(history).ToContainTextAsync("recipient");
        await Assertions.Expect(history.Locator("tr", new() { HasText = "Quantity" }).First).ToContainTextAsync("1200");
        await Assertions.Expect(history.Locator("tr", new() { HasText = "Quantity" }).First).ToContainTextAsync("1500");

        // A second line, then swap the two by number on the period's list.
        await w.Page.GotoAsync(Url + "/requirements/new?period=2031-04");
        await Assertions.Expect(page.Locator("#PriorityRank")).ToHaveValueAsync("2");
        await page.Locator("#ItemCode").FillAsync("helmet");
        await page.Locator("#Quantity").FillAsync("40");
        await page.Locator("#NeededBy").FillAsync("2031-04-25");
        await page.Locator("#Destination").FillAsync("Kharkiv");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add requirement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("saved");

        await w.Page.GotoAsync(Url + "/requirements?period=2031-04");
        var lines = await Requirements("2031-04");
        Assert.Equal(["Lviv depot", "Kharkiv"], lines.Select(l => l.Destination));
        await page.Locator($"#rank-{lines[0].Id}").FillAsync("2");
        await page.Locator($"#rank-{lines[1].Id}").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save ranks" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("2 lines of 2031-04 moved");
        Assert.Equal(["Kharkiv", "Lviv depot"], (await Requirements("2031-04")).Select(l => l.Destination));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-requirements-rerank.png", FullPage = true });

        // Cancelling asks first; keeping it changes nothing, confirming cancels it.
        var kharkiv = (await Requirements("2031-04"))[0];
        await w.Page.GotoAsync(Url + $"/requirements/{kharkiv.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel this requirement…" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm")).ToContainTextAsync("cannot be reopened");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-requirement-cancel.png", FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "Keep it as it is" }).ClickAsync();
        Assert.Equal("Open", (await Requirements("2031-04"))[0].Status);
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel this requirement…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the requirement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("cancelled");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Cancelled");
        Assert.Equal("Cancelled", (await Requirements("2031-04"))[0].Status);
        Assert.Empty(w.Errors);
    }

    [Fact]
    public async Task A_point_of_contact_pledges_updates_consent_accepts_and_withdraws_its_own_offer()
    {
        await using var w = await SignedInAs("poc-jpn", "/offers/new");
        var page = w.Page;
        // Japan gives non-lethal items only: the picker offers no lethal item at all.
        var options = await page.Locator("#catalogue-items option").AllAsync();
        Assert.NotEmpty(options);
        foreach (var o in options) Assert.DoesNotContain("(lethal)", await o.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#catalogue-items option[value='m777-howitzer']").CountAsync());
        await Assertions.Expect(page.Locator("#hint-itemCode")).ToContainTextAsync("Japan");

        await page.Locator("#ItemCode").FillAsync("helmet");
        await page.Locator("#QuantityAnnounced").FillAsync("300");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge offer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Offer saved");
        var detail = page.Url;

        // Consent and licence updates are an edit of the offer; the history shows the change.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.Locator("#ExportLicence").SelectOptionAsync(new SelectOptionValue { Label = "Pending" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Offer saved");
        var change = page.GetByTestId("history").Locator("tr", new() { HasText = "Export licence" }).First;
        await Assertions.Expect(change).ToContainTextAsync("Not required");
        await Assertions.Expect(change).ToContainTextAsync("Pending");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-offer-detail.png", FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "Accept…" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm")).ToContainTextAsync("cannot be undone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the offer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Accepted");

        await page.GetByRole(AriaRole.Link, new() { Name = "Withdraw this offer…" }).ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-offer-withdraw.png", FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw the offer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("withdrawn");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Withdrawn");
        Assert.Equal(detail, page.Url);
        Assert.Empty(w.Errors);
    }

    /// <summary>The page is no wider than the phone, and every input and button of the form is inside it and big enough to tap.</summary>
    private static async Task AssertFitsPhone(IPage page, string shot)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"{page.Url}: the page is {width} px wide on a 390 px phone");
        foreach (var control in await page.Locator("main form.record-form input:not([type=hidden]), main form.record-form select, main form.record-form textarea, main form button[type=submit]").AllAsync())
        {
            var box = await control.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{page.Url}: a control reaches {box.X + box.Width} px");
            if (await control.GetAttributeAsync("type") is not ("checkbox" or "radio"))
                Assert.True(box.Height >= 40, $"{page.Url}: a control is {box.Height} px tall, too small to tap");
        }
    }

    [Fact]
    public async Task The_recipient_officers_forms_are_usable_on_a_390_px_phone()
    {
        await using var w = await SignedInAs("recipient", "/requirements/new?period=2031-07", width: 390);
        var page = w.Page;
        await AssertFitsPhone(page, "/tmp/qm-390-requirement-new.png");
        // With every error shown, the form still fits.
        await page.Locator("#PriorityRank").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add requirement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToBeVisibleAsync();
        await AssertFitsPhone(page, "/tmp/qm-390-requirement-errors.png");

        await page.Locator("#PriorityRank").FillAsync("1");
        await page.Locator("#ItemCode").FillAsync("helmet");
        await page.Locator("#Quantity").FillAsync("60");
        await page.Locator("#NeededBy").FillAsync("2031-07-20");
        await page.Locator("#Destination").FillAsync("Odesa");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add requirement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToBeVisibleAsync();
        await AssertFitsPhone(page, "/tmp/qm-390-requirement-detail.png");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await AssertFitsPhone(page, "/tmp/qm-390-requirement-edit.png");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel this requirement…" }).ClickAsync();
        await AssertFitsPhone(page, "/tmp/qm-390-requirement-cancel.png");
        await w.Page.GotoAsync(Url + "/requirements?period=2031-07");
        await AssertFitsPhone(page, "/tmp/qm-390-requirements.png");
        Assert.Empty(w.Errors);
    }

    [Fact]
    public async Task The_dashboard_shows_the_pipeline_and_every_figure_opens_the_list_behind_it()
    {
        await using var w = await SignedInAs("coordinator", "/");
        var page = w.Page;
        var pipeline = page.GetByTestId("pipeline");
        await Assertions.Expect(pipeline).ToContainTextAsync("Announced");
        await Assertions.Expect(pipeline).ToContainTextAsync("Allocated");
        await Assertions.Expect(pipeline).ToContainTextAsync("Shipped");
        await Assertions.Expect(pipeline).ToContainTextAsync("Received");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-dashboard.png", FullPage = true });
        var offered = pipeline.Locator("[data-stage=Offered] a.pipeline-figure");
        var lines = int.Parse((await offered.InnerTextAsync()).Split(' ')[0].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        await offered.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/offers\\?status=Offered$"));
        await Assertions.Expect(page.Locator(".pager-summary").First).ToContainTextAsync("of " + lines.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        // Every headline figure is a link.
        await page.GotoAsync(Url + "/");
        foreach (var stat in await page.Locator("dl.stats dd").AllAsync())
            Assert.Equal(1, await stat.Locator("a").CountAsync());
    }

    [Fact]
    public async Task A_coordinator_edits_a_nations_policy_adds_an_item_changes_a_hub_and_manages_an_account()
    {
        await using var w = await SignedInAs("coordinator", "/nations/NZL");
        var page = w.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit nation and policy" }).ClickAsync();
        await page.Locator("#LicenceRequiredCategories").FillAsync("ML4, ML8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("saved");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("ML4, ML8");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("coordinator");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-nation-detail.png", FullPage = true });

        // A new catalogue item: every missing field at once, then saved.
        await page.GotoAsync(Url + "/catalogue/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToContainTextAsync("4 problems");
        await page.Locator("#Code").FillAsync("field-ration-pack");
        await page.Locator("#Name").FillAsync("Field ration pack");
        await page.Locator("#SupplyClass").FillAsync("8970");
        await page.Locator("#Coalition").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#UnitWeightKg").FillAsync("0.8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Field ration pack (field-ration-pack) saved");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-catalogue-item.png", FullPage = true });

        // A hub's capacity.
        await page.GotoAsync(Url + "/hubs");
        await page.Locator("table.data tbody tr td:nth-child(2) a").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit hub" }).ClickAsync();
        await page.Locator("#WeeklyCapacityTonnes").FillAsync("1234.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("saved");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("1,234.5 tonnes");

        // An account: added with a generated password shown once, its role changed, then disabled after a confirmation.
        await page.GotoAsync(Url + "/accounts");
        await page.Locator("#UserName").FillAsync("poc-nzl-2");
        await page.Locator("#Role").SelectOptionAsync("NationalPointOfContact");
        await page.Locator("#Nation").SelectOptionAsync("NZL");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-password")).ToContainTextAsync("poc-nzl-2");
        Assert.True((await page.Locator("#new-password").InputValueAsync()).Length >= 12);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-accounts.png", FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "poc-nzl-2" }).ClickAsync();
        await page.Locator("#Role").SelectOptionAsync("Auditor");
        await page.Locator("#Nation").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save role" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("is now Auditor");
        await Assertions.Expect(page.GetByTestId("history").Locator("tr", new() { HasText = "Role" }).First).ToContainTextAsync("National point of contact");
        await page.GetByRole(AriaRole.Link, new() { Name = "Disable the account…" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm")).ToContainTextAsync("stops working at once");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable the account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Disabled");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-account-detail.png", FullPage = true });
        Assert.Empty(w.Errors);
    }

    [Fact]
    public async Task A_missing_record_or_page_shows_the_html_not_found_page_in_the_layout()
    {
        await using var w = await SignedInAs("auditor", "/");
        var response = await w.Page.GotoAsync(Url + $"/requirements/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(w.Page.GetByTestId("error-page")).ToContainTextAsync("Requirement");
        await Assertions.Expect(w.Page.Locator("nav.site-nav")).ToBeVisibleAsync();
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-404-record.png", FullPage = true });

        response = await w.Page.GotoAsync(Url + "/no-such-page");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(w.Page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task List_headers_sort_the_list_and_the_export_has_exactly_the_filtered_rows()
    {
        await using var w = await SignedInAs("auditor", "/requirements?status=Open");
        var page = w.Page;
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Quantity") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("sort=quantity"));
        await Assertions.Expect(page.Locator("th[aria-sort='ascending']")).ToContainTextAsync("Quantity");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Quantity") }).ClickAsync();
        await Assertions.Expect(page.Locator("th[aria-sort='descending']")).ToContainTextAsync("Quantity");
        var shown = await page.Locator("table.data tbody tr td:nth-child(5)").AllInnerTextsAsync();
        var numbers = shown.Select(s => int.Parse(s.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.OrderByDescending(n => n), numbers);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-requirements-sorted.png", FullPage = true });

        var csvHref = await page.GetByTestId("export").GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href");
        Assert.Contains("status=Open", csvHref);
        var csv = await page.APIRequest.GetAsync(Url + csvHref);
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        var rows = text.TrimEnd().Split('\n');
        Assert.StartsWith("period,priority_rank,item", rows[0].TrimStart('\uFEFF'));
        var open = (await page.Locator(".pager-summary").First.InnerTextAsync());
        var total = int.Parse(Regex.Match(open, @"of ([\d,]+)").Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(total, rows.Length - 1);
        Assert.All(rows.Skip(1), r => Assert.Contains(",Open,", r));
        var xlsx = await page.APIRequest.GetAsync(Url + csvHref!.Replace("format=csv", "format=xlsx"));
        Assert.Equal(200, xlsx.Status);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await xlsx.BodyAsync())[..2]));
    }
}
