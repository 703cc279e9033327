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

        // Invite a contribution whose money has no restriction, for 1,000 (package currency), then accept it.
        var options = page.Locator("#invite select[name=PledgeId] option");
        string? pledge = null;
        for (var i = 0; i < await options.CountAsync() && pledge is null; i++)
            if (!(await options.Nth(i).InnerTextAsync()).Contains("non-lethal only", StringComparison.Ordinal)) pledge = await options.Nth(i).GetAttributeAsync("value");
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
}
