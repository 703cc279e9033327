using Microsoft.Playwright;
using Quartermaster.Application.Allocations;

namespace Quartermaster.Browser.Tests;

/// <summary>
/// A server with the demo and a confirmed allocation plan (so that equipment has planned arrivals), for tests that
/// record cohort progress.
/// </summary>
public sealed class ReadinessDemo : IAsyncLifetime
{
    private RunningApp? app;

    public RunningApp App => app ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        app = await RunningApp.Start(withDemo: true);
        await using var db = app.Target.Open(TimeProvider.System);
        var plans = new AllocationsService(db);
        var plan = await plans.Compute(RunningApp.Actor, null);
        await plans.Confirm(RunningApp.Actor, plan.Id, plan.Version);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}

/// <summary>The readiness board as a coordinator reads it, and a requirement that becomes ready when its cohort graduates.</summary>
public sealed class ReadinessBoardTests(AppFixture fixture, ReadinessDemo demo) : IClassFixture<ReadinessDemo>
{
    private string Url => demo.App.BaseUrl;

    private static ILocator Row(IPage page, string item) => page.Locator($"#board tr[data-item='{item}']");

    [Fact]
    public async Task The_board_shows_a_requirement_move_from_not_ready_to_ready_as_its_cohort_graduates()
    {
        await using var w = await fixture.NewPage();
        var page = w.Page;
        await w.Go(Url, "/readiness");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Readiness board", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#illustrative")).ToContainTextAsync("Illustrative data");
        var pzh = Row(page, "panzerhaubitze-2000");
        await Assertions.Expect(pzh.Locator(".rating")).ToHaveTextAsync("Not ready");
        await Assertions.Expect(pzh.Locator(".lacking")).ToContainTextAsync("0 of 6 crews");
        await Assertions.Expect(pzh.Locator(".lacking")).ToContainTextAsync("6 in training");
        await Assertions.Expect(pzh.Locator(".bar-crews")).ToHaveCountAsync(1);
        await Assertions.Expect(pzh.Locator(".bar-equipment")).ToHaveCountAsync(1);
        // The other ratings are on the board too, each with its reason.
        await Assertions.Expect(page.Locator("#board .rating-Ready").First).ToBeVisibleAsync();
        await Assertions.Expect(Row(page, "modified-t-72-tank-t-72a-t-72m1-m1r").Locator(".lacking")).ToContainTextAsync("spares kit");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "qm-readiness-before.png"), FullPage = false });

        // The recipient's graduation is recorded on the training page.
        await w.Go(Url, "/training");
        var cohort = page.Locator("#cohorts tr[data-course='pzh-2000-crew-course']").Filter(new() { Has = page.Locator(".graduate") });
        await Assertions.Expect(cohort).ToHaveCountAsync(1);
        await Assertions.Expect(cohort.Locator(".state")).ToHaveTextAsync("In training");
        await cohort.GetByLabel("Passed").FillAsync("48");
        await cohort.GetByRole(AriaRole.Button, new() { Name = "Graduated" }).ClickAsync();
        await Assertions.Expect(page.Locator("#training-done")).ToContainTextAsync("48 of 48 passed");

        await w.Go(Url, "/readiness");
        await Assertions.Expect(Row(page, "panzerhaubitze-2000").Locator(".rating")).ToHaveTextAsync("Ready");
        await Assertions.Expect(Row(page, "panzerhaubitze-2000").Locator(".lacking")).ToHaveTextAsync("—");
        await Assertions.Expect(Row(page, "panzerhaubitze-2000").Locator(".forecast")).Not.ToHaveTextAsync("not under current plans");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "qm-readiness-after.png"), FullPage = false });
        Assert.Empty(w.Errors);
    }

    [Fact]
    public async Task A_coordinator_tries_a_cohort_in_a_draft_and_sees_the_forecast_move_without_storing_it()
    {
        await using var w = await fixture.NewPage();
        var page = w.Page;
        await w.Go(Url, "/readiness");
        var m777 = Row(page, "m777-howitzer");
        await Assertions.Expect(m777.Locator(".forecast")).ToHaveTextAsync("not under current plans");
        // Fort Sill starts cohorts every 2 weeks from 52 weeks before the demo's week: +2 weeks is a start.
        var monday = DateOnly.FromDateTime(DateTime.UtcNow);
        monday = monday.AddDays(-(((int)monday.DayOfWeek + 6) % 7)).AddDays(14);
        await page.Locator("#draft-course").SelectOptionAsync("m777-crew-course");
        await page.Locator("#draft-site").SelectOptionAsync("fort-sill");
        await page.Locator("#draft-start").FillAsync(monday.ToString("yyyy-MM-dd"));
        await page.Locator("#draft-trainees").FillAsync("48");
        await page.Locator("#draft-requirement").SelectOptionAsync(new SelectOptionValue { Label = "#5 M777 howitzer" });
        await page.Locator("#try-draft").ClickAsync();
        await Assertions.Expect(page.Locator("#what-if-result")).ToContainTextAsync("add a cohort of 48");
        var row = Row(page, "m777-howitzer");
        await Assertions.Expect(row.Locator(".forecast")).ToHaveTextAsync("not under current plans");
        await Assertions.Expect(row.Locator(".draft-forecast")).ToContainTextAsync(monday.AddDays(35).ToString("yyyy-MM-dd"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "qm-readiness-whatif.png"), FullPage = false });

        // Nothing was stored: the board without the draft is unchanged.
        await w.Go(Url, "/readiness");
        await Assertions.Expect(Row(page, "m777-howitzer").Locator(".forecast")).ToHaveTextAsync("not under current plans");
        Assert.Empty(w.Errors);
    }
}
