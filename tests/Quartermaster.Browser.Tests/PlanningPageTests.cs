using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Quartermaster.Application.Demo;

namespace Quartermaster.Browser.Tests;

/// <summary>What a coordinator sees when computing and confirming an allocation plan in the browser.</summary>
public sealed class PlanningPageTests(AppFixture fixture, WritableDemo writable) : IClassFixture<WritableDemo>
{
    private string Url => writable.App.BaseUrl;

    [Fact]
    public async Task A_coordinator_computes_a_plan_reads_its_shortfalls_and_hub_chart_and_confirms_it()
    {
        await using var w = await fixture.NewPage(1366, 1000);
        var page = w.Page;
        await w.Go(Url, "/plans");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compute a new plan" }).ClickAsync();
        // The job page refreshes itself until the plan is ready, then shows the plan; a failed job stops refreshing and
        // says why, and that reason (or whatever page the browser is on after the wait) is the test's message.
        await PlanReady(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plan 2022-10 #1", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".stat", new() { HasText = "Within the best possible plan" })).ToContainTextAsync(new Regex("proven (optimal|gap)"));
        await Assertions.Expect(page.Locator("nav.toc")).ToContainTextAsync("Shortfalls and why");
        await Assertions.Expect(page.Locator("#coverage-by-coalition")).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("illustrative");
        Assert.True(await page.Locator("#coverage-by-coalition tbody tr").CountAsync() > 3);
        var shortfalls = page.Locator("#shortfalls tbody tr");
        Assert.True(await shortfalls.CountAsync() > 0);
        await Assertions.Expect(page.Locator("#shortfalls")).ToContainTextAsync("no-offer");
        var charts = page.Locator("canvas[id^='chart-hub-']");
        Assert.True(await charts.CountAsync() >= 1);
        await Assertions.Expect(charts.First).ToHaveAttributeAsync("data-rendered", "true");
        var chartWidth = await page.EvaluateAsync<double>("() => document.querySelector(\"canvas[id^='chart-hub-']\").getBoundingClientRect().width");
        Assert.True(chartWidth > 200);
        // Tonnes, load as bars and capacity as a line.
        var spec = await charts.First.GetAttributeAsync("data-chart");
        Assert.Contains("\"unit\":\"t\"", spec);
        Assert.Contains("\"type\":\"line\"", spec);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-plan.png", FullPage = false });
        await page.Locator("#hub-title").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-plan-hubs.png", FullPage = false });

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm this plan" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Confirmed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm this plan" })).ToHaveCountAsync(0);
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    private static async Task PlanReady(IPage page)
    {
        var ready = page.WaitForURLAsync(new Regex(@"/plans/[0-9a-f-]{36}$"), new() { Timeout = 180_000 });
        var failed = page.Locator("#plan-job.notice-error").WaitForAsync(new() { Timeout = 180_000 });
        _ = failed.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // ends with the page: observed
        if (await Task.WhenAny(ready, failed) == failed && failed.IsCompletedSuccessfully)
            Assert.Fail("The plan job failed: " + await page.Locator("#plan-job").InnerTextAsync());
        try
        {
            await ready;
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No plan after 180 s; the browser is at {page.Url}, which says: {await page.Locator("body").InnerTextAsync()}");
        }
    }

    [Fact]
    public async Task A_national_point_of_contact_cannot_open_the_plans()
    {
        await using var w = await fixture.NewPage();
        await w.Page.GotoAsync(Url + "/plans");
        await w.SignIn("poc-usa", DemoLoader.Accounts.Single(a => a.UserName == "poc-usa").Password);
        var response = await w.Page.GotoAsync(Url + "/plans");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(w.Page.GetByRole(AriaRole.Link, new() { Name = "Plans" })).ToHaveCountAsync(0);
    }
}

/// <summary>
/// What-if re-planning in the browser, on a demo of its own: a plan confirmed by another test would leave the current
/// data with nothing unallocated to lose.
/// </summary>
public sealed class WhatIfPageTests(AppFixture fixture, WritableDemo writable) : IClassFixture<WritableDemo>
{
    private string Url => writable.App.BaseUrl;

    [Fact]
    public async Task A_coordinator_tries_a_hub_closure_and_sees_both_plans_side_by_side_without_saving_anything()
    {
        await using var w = await fixture.NewPage(1366, 1000);
        var page = w.Page;
        await w.Go(Url, "/plans/what-if");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What if…", Level = 1 })).ToBeVisibleAsync();
        // Every hub closed for the whole horizon: every requirement that was served loses its coverage.
        var hubs = await page.Locator("#what-if-targets option[value]").EvaluateAllAsync<string[]>(
            "os => os.filter(o => o.textContent.startsWith('hub:')).map(o => o.value)");
        Assert.InRange(hubs.Length, 1, 5);
        var hub = hubs[0];
        for (var i = 1; i <= hubs.Length; i++)
        {
            await page.GetByLabel($"Change {i}", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Close a hub or cut its capacity" });
            await page.GetByLabel($"Target of change {i}").FillAsync(hubs[i - 1]);
            await page.GetByLabel($"From week of change {i}").FillAsync("1");
            await page.GetByLabel($"To week of change {i}").FillAsync("52");
            await page.GetByLabel($"Tonnes a week of change {i}").FillAsync("0");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan what would happen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#what-if-result")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("#what-if-result")).ToContainTextAsync($"hub {hub} closed in weeks 1–52");
        await Assertions.Expect(page.Locator("#what-if-summary")).ToContainTextAsync("that no confirmed plan covers");
        await Assertions.Expect(page.Locator("#comparison thead")).ToContainTextAsync("With the changes");
        Assert.True(await page.Locator("#comparison tbody tr").CountAsync() > 0);
        await Assertions.Expect(page.Locator("#comparison tbody")).ToContainTextAsync("less covered");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-what-if.png", FullPage = false });

        // A bad row is refused with a sentence, not an error page.
        await w.Go(Url, "/plans/what-if");
        await page.GetByLabel("Change 1", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Withdraw a pledge" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan what would happen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#what-if-error")).ToContainTextAsync("Change 1: choose the offer.");

        // Two stored plans side by side.
        await w.Go(Url, "/plans/compare");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compare two plans", Level = 1 })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-compare.png", FullPage = false });
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }
}
