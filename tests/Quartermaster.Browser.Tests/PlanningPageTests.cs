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
        // The job page refreshes itself until the plan is ready, then shows the plan.
        await page.WaitForURLAsync(new Regex(@"/plans/[0-9a-f-]{36}$"), new() { Timeout = 180_000 });

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plan 2022-10 #1", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".stat", new() { HasText = "Solver status" })).ToContainTextAsync(new Regex("Optimal|Feasible"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("illustrative");
        Assert.True(await page.Locator("#coverage-by-coalition tbody tr").CountAsync() > 3);
        var shortfalls = page.Locator("#shortfalls tbody tr");
        Assert.True(await shortfalls.CountAsync() > 0);
        await Assertions.Expect(page.Locator("#shortfalls")).ToContainTextAsync("no-offer");
        await Assertions.Expect(page.Locator("#chart-hubs")).ToHaveAttributeAsync("data-rendered", "true");
        var chartWidth = await page.EvaluateAsync<double>("() => document.querySelector('#chart-hubs').getBoundingClientRect().width");
        Assert.True(chartWidth > 200);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-plan.png", FullPage = false });

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm this plan" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Confirmed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm this plan" })).ToHaveCountAsync(0);
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
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
