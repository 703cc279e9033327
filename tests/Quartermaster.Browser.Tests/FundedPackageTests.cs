using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quartermaster.Browser.Tests;

/// <summary>A coordinator makes a funded package from open requirements, invites a contribution, accepts it and sees who pays for what.</summary>
public sealed class FundedPackageTests(AppFixture fixture, WritableDemo writable) : IClassFixture<WritableDemo>
{
    private string Url => writable.App.BaseUrl;

    [Fact]
    public async Task A_coordinator_creates_a_package_invites_and_accepts_a_contribution_and_sees_the_attribution()
    {
        await using var w = await fixture.NewPage(1366, 1000);
        var page = w.Page;
        await w.Go(Url, "/funding/pools");
        await page.GetByRole(AriaRole.Link, new() { Name = "Funded packages →" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Funded packages", Level = 1 })).ToBeVisibleAsync();

        var form = page.Locator("#new-package");
        await form.Locator("input[name=Name]").FillAsync("Browser test package");
        await form.Locator("input[name=TargetValue]").FillAsync("500000000");
        var company = await form.Locator("select[name=ProducerCompanyCode] option:not([value=''])").First.GetAttributeAsync("value");
        await form.Locator("select[name=ProducerCompanyCode]").SelectOptionAsync(company!);
        var requirements = form.Locator("select[name=RequirementIds] option");
        var first = await requirements.Nth(0).GetAttributeAsync("value");
        var second = await requirements.Nth(1).GetAttributeAsync("value");
        await form.Locator("select[name=RequirementIds]").SelectOptionAsync(new[] { first!, second! });
        await form.Locator("input[name=UnitValue]").FillAsync("1000");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create package" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/funding/packages/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("#package-state")).ToHaveTextAsync("Open for contributions");
        await Assertions.Expect(page.Locator("#lines tbody tr")).ToHaveCountAsync(2);

        // Invite a contribution whose money has no limits (no restriction or earmark in brackets), for 1,000 (package currency), then accept it.
        var options = page.Locator("#invite select[name=PledgeId] option");
        string? pledge = null;
        for (var i = 0; i < await options.CountAsync() && pledge is null; i++)
            if (await options.Nth(i).InnerTextAsync() is var text && !text.Contains('(')) pledge = await options.Nth(i).GetAttributeAsync("value");
        Assert.NotNull(pledge);
        await page.Locator("#invite select[name=PledgeId]").SelectOptionAsync(pledge!);
        await page.Locator("#invite input[name=Amount]").FillAsync("1000");
        await page.Locator("#invite").GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(page.Locator("#package-done")).ToHaveTextAsync("Contribution invited.");
        await Assertions.Expect(page.Locator("#contributions tbody tr")).ToContainTextAsync("Invited");
        await page.Locator("#contributions").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(page.Locator("#package-done")).ToContainTextAsync("Contribution accepted");
        await Assertions.Expect(page.Locator("#contributions tbody tr")).ToContainTextAsync("Accepted");
        await Assertions.Expect(page.Locator("#package-attributed")).ToContainTextAsync("1,000 USD (unpaid");
        // The 1,000 pays one of the two lines (the attribution names its donor there); the other is still unpaid.
        await Assertions.Expect(page.Locator("#lines tbody tr", new() { HasText = "nobody yet" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-funded-package.png", FullPage = true });
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task A_coordinator_creates_and_renames_a_pool_and_pledges_into_it_with_an_earmark_and_a_forbidden_category()
    {
        await using var w = await fixture.NewPage(1366, 1000);
        var page = w.Page;
        await w.Go(Url, "/funding/pools");
        await page.GetByRole(AriaRole.Link, new() { Name = "New funding pool" }).ClickAsync();
        await page.GetByLabel("Code").FillAsync("browser-energy");
        await page.GetByLabel("Currency").FillAsync("EUR");
        await page.GetByLabel("Name").FillAsync("Browser energy fund");
        await page.GetByLabel("Purpose").SelectOptionAsync("General");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-pool-new.png", FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the pool" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/funding/pools/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Funding pool Browser energy fund (browser-energy) saved.");

        // The code and the currency are fixed; the name changes, and the history says so.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("EUR (fixed: balances are kept in it)");
        await page.GetByLabel("Name").FillAsync("Browser energy and power fund");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Browser energy and power fund");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Browser energy fund");

        // A pledge into it, earmarked for the energy coalition and never buying ML4.
        await w.Go(Url, "/funding/new");
        await page.GetByLabel("Donor").SelectOptionAsync("DEU");
        await page.GetByLabel("Pool").FillAsync("Browser energy and power fund");
        await page.GetByLabel("Amount").FillAsync("2500000");
        await page.GetByLabel("Forbidden control-list categories").FillAsync("ml4, 9A");
        await page.GetByLabel("Earmarked for a coalition").SelectOptionAsync("energy");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-pledge-limits.png", FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge funding" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/funding/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Browser energy and power fund");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("9A, ML4");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("coalition: Energy");

        // Both earmarks at once are refused, naming the field; then the coalition earmark becomes an item earmark.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Earmarked for a coalition")).ToHaveValueAsync("energy");
        await page.GetByLabel("Earmarked for an item").FillAsync("power-generator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#err-earmarkItemCode")).ToContainTextAsync("not both");
        await page.GetByLabel("Earmarked for a coalition").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Funding pledge saved");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("item: ");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("(power-generator)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-pledge-detail.png", FullPage = true });
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }
}
