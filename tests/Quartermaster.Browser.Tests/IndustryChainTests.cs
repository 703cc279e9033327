using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quartermaster.Browser.Tests;

/// <summary>
/// From a shortfall to a funded production order, on a demo of its own: the coordinator computes a plan, sees what it buys
/// and with whose money, confirms it, and opens the proposed production order the purchase became.
/// </summary>
public sealed class IndustryChainTests(AppFixture fixture, WritableDemo writable) : IClassFixture<WritableDemo>
{
    private string Url => writable.App.BaseUrl;

    [Fact]
    public async Task A_coordinator_follows_a_shortfall_to_a_funded_production_order()
    {
        await using var w = await fixture.NewPage(1366, 1000);
        var page = w.Page;
        await w.Go(Url, "/plans");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compute a new plan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/plans/[0-9a-f-]{36}$"), new() { Timeout = 180_000 });

        // What the plan buys: company and product, source, quantity, order week, cost and the contributions that pay.
        await Assertions.Expect(page.Locator("nav.toc")).ToContainTextAsync("Purchases");
        var purchase = page.Locator("#plan-purchases tbody tr").First;
        await Assertions.Expect(purchase).ToBeVisibleAsync();
        var cells = purchase.Locator("td");
        var product = (await cells.Nth(1).InnerTextAsync()).Trim();
        var quantity = Regex.Match(await cells.Nth(3).InnerTextAsync(), @"[\d,]+").Value;
        Assert.Matches("^(stock|production)$", (await cells.Nth(2).InnerTextAsync()).Trim());
        Assert.Matches(@"^W\d+$", (await cells.Nth(4).InnerTextAsync()).Trim());
        Assert.Matches(@"^[A-Z]{3} \(.+\) [\d,]+\.\d\d", (await cells.Nth(8).InnerTextAsync()).Trim());
        Assert.True(await page.Locator("#plan-sources tbody tr").CountAsync() > 0);
        await purchase.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-plan-purchases.png", FullPage = false });
        var company = product[..product.IndexOf(": ", StringComparison.Ordinal)];
        var item = product[(product.IndexOf(": ", StringComparison.Ordinal) + 2)..];

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm this plan" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Confirmed");
        await page.GetByRole(AriaRole.Link, new() { Name = "See the production orders" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Production orders", Level = 1 })).ToBeVisibleAsync();
        var row = page.Locator("#orders tbody tr").Filter(new() { HasText = company }).Filter(new() { HasText = item }).Filter(new() { HasText = "Proposed" })
            .Filter(new() { Has = page.Locator("td.num", new() { HasTextRegex = new Regex("^" + Regex.Escape(quantity) + "$") }) });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link, new() { Name = item }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(item);
        await Assertions.Expect(page.Locator("#order-state")).ToHaveTextAsync("Proposed");
        await Assertions.Expect(page.Locator("#order-requirement")).ToContainTextAsync("open: ordered units do not close it until they are received");
        Assert.True(await page.Locator("#funding tbody tr").CountAsync() > 0);
        Assert.True(await page.Locator("#schedule tbody tr").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-plan-order.png", FullPage = false });
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }
}
