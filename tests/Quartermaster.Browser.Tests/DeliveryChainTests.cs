using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Quartermaster.Domain.Delivery;
using Quartermaster.Application.Demo;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Browser.Tests;

/// <summary>
/// One pledge followed in the browser from a confirmed plan to its 90-day inventory: the coordinator ships it with its
/// serial numbers, records the hub and the handover; the recipient's officer signs a receipt with one damaged unit,
/// reviews the discrepancy it raised and posts the unit's serial inventory.
/// </summary>
public sealed class DeliveryChainTests(AppFixture fixture, WritableDemo writable) : IClassFixture<WritableDemo>
{
    private string Url => writable.App.BaseUrl;

    /// <summary>A confirmed allocation of a serial-tracked item with at least three units left to ship and no clearance pending.</summary>
    private async Task<(Guid AllocationId, Guid ItemId, string ItemName, string Hub)> SerialAllocation()
    {
        await using var db = writable.App.Target.Open(TimeProvider.System);
        var ok = new[] { ClearanceStatus.NotRequired, ClearanceStatus.Granted };
        var shipped = await db.ShipmentLines.IgnoreQueryFilters().Where(l => l.AllocationId != null)
            .Join(db.Shipments.IgnoreQueryFilters().Where(s => s.State != ShipmentState.Cancelled), l => l.ShipmentId, s => s.Id, (l, s) => l)
            .GroupBy(l => l.AllocationId!.Value).Select(g => new { g.Key, N = g.Sum(l => l.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.N);
        var candidates = (await db.Allocations.AsNoTracking().Where(a => !a.Released)
            .Join(db.Offers.IgnoreQueryFilters(), a => a.OfferId, o => o.Id, (a, o) => new { a.Id, a.HubCode, a.Quantity, o.ItemId, o.TransferConsent, o.ExportLicence })
            .Join(db.CatalogueItems, x => x.ItemId, i => i.Id, (x, i) => new { x.Id, x.HubCode, x.Quantity, x.TransferConsent, x.ExportLicence, ItemId = i.Id, i.Name, i.Tracking })
            .Where(x => x.Tracking == Tracking.Serial && ok.Contains(x.TransferConsent) && ok.Contains(x.ExportLicence))
            .ToListAsync())
            .Where(x => x.Quantity - shipped.GetValueOrDefault(x.Id) >= 3).ToList();
        Assert.NotEmpty(candidates);
        var pick = candidates.OrderBy(c => c.Name).ThenBy(c => c.Id).First();
        return (pick.Id, pick.ItemId, pick.Name, pick.HubCode);
    }

    [Fact]
    public async Task A_pledge_goes_from_the_confirmed_plan_through_dispatch_hub_and_a_receipt_with_one_damaged_unit_to_its_90_day_inventory()
    {
        // The coordinator computes and confirms the period's plan: its lines become allocations.
        await using var c = await fixture.NewPage(1366, 1000);
        var page = c.Page;
        await c.Go(Url, "/plans");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compute a new plan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/plans/[0-9a-f-]{36}$"), new() { Timeout = 180_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm this plan" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Confirmed");

        var (allocationId, itemId, itemName, hub) = await SerialAllocation();
        var serials = new[] { "E2E-0001", "E2E-0002", "E2E-0003" };
        const string unit = "E2E Test Brigade";

        // The coordinator puts the item under enhanced end-use monitoring, then plans a shipment of three units.
        await c.Go(Url, $"/catalogue/{itemId}/edit");
        await page.GetByLabel("Enhanced monitoring").CheckAsync();
        await page.GetByLabel("Inventory interval (days)").FillAsync("180");
        await page.GetByRole(AriaRole.Group, new() { Name = "Logistics and support" }).ScreenshotAsync(new() { Path = "/tmp/qm-catalogue-monitoring.png" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("enhanced: serial inventory 90 days after handover, then every 180 days");
        await c.Go(Url, "/shipments/new");
        await page.Locator("#AllocationId").SelectOptionAsync(allocationId.ToString());
        await page.Locator("#Quantity").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan the shipment" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/shipments/[0-9a-f-]{36}\?done="));
        var shipmentUrl = page.Url[..page.Url.IndexOf('?')];
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Shipment planned");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Shipment");

        // Dispatch is refused until the serial numbers are complete.
        await page.GetByTestId("dispatch").ClickAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync(new Regex("[Ss]erial"));
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("planned");

        // Serials typed (or scanned) in the page, then dispatch, arrival at the hub and handover.
        await page.Locator("textarea[id^='serials-']").First.FillAsync(string.Join("\n", serials));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save serial numbers" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("done")).ToContainTextAsync("Serial numbers saved");
        await page.GetByTestId("dispatch").ClickAsync();
        await Assertions.Expect(page.GetByTestId("arrive")).ToBeVisibleAsync();
        await page.GetByTestId("arrive").ClickAsync();
        await Assertions.Expect(page.GetByTestId("hand-over")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(hub);
        await page.GetByTestId("hand-over").ClickAsync();
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("handed over");
        Assert.True(c.Errors.Count == 0, string.Join("\n", c.Errors));

        // The recipient's officer signs a receipt: two accepted, one rejected as damaged.
        await using var r = await fixture.NewPage(1366, 1000);
        var rp = r.Page;
        await rp.GotoAsync(shipmentUrl);
        await r.SignIn("recipient", DemoLoader.Accounts.Single(a => a.UserName == "recipient").Password);
        await rp.GotoAsync(shipmentUrl);
        await rp.GetByTestId("receive").ClickAsync();
        await rp.Locator("#Number").FillAsync("E2E-RCPT-1");
        await rp.Locator("#SignedBy").FillAsync("Maj. O. Test");
        await rp.Locator("#ReceivingUnit").FillAsync(unit);
        await rp.Locator("#acc-0").FillAsync("E2E-0001\nE2E-0002");
        await rp.Locator("#rej-0").FillAsync("E2E-0003");
        await rp.Locator("#reason-0").SelectOptionAsync("Damaged");
        await Assertions.Expect(rp.Locator("[data-balance]").First).ToHaveTextAsync("Balances: 2 accepted + 1 rejected + 0 short = 3.");
        await rp.GetByTestId("sign").ClickAsync();
        await rp.WaitForURLAsync(new Regex(@"/shipments/[0-9a-f-]{36}"));
        await Assertions.Expect(rp.Locator("#receipts")).ToContainTextAsync("E2E-RCPT-1");
        await Assertions.Expect(rp.GetByTestId("discrepancies")).ToContainTextAsync("E2E-0003");
        await Assertions.Expect(rp.GetByTestId("discrepancies")).ToContainTextAsync(new Regex("[Dd]amaged"));

        // The discrepancy: reviewed, then resolved as replaced.
        await rp.GetByTestId("discrepancies").GetByRole(AriaRole.Link, new() { Name = "handle" }).ClickAsync();
        var row = rp.Locator("#discrepancies tbody tr", new() { HasText = "E2E-0003" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.GetByLabel("Review note").FillAsync("Photographed at the depot");
        await row.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();
        row = rp.Locator("#discrepancies tbody tr", new() { HasText = "E2E-0003" });
        await row.GetByLabel("Resolution note").FillAsync("Donor replaces the unit");
        await row.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(rp.Locator("#discrepancies tbody tr", new() { HasText = "E2E-0003" })).ToContainTextAsync(new Regex(@"resolved\s*·\s*replaced"));

        // The two accepted units are in custody with an inventory due 90 days after handover; the damaged one is not.
        await rp.GotoAsync(Url + "/custody?serial=E2E-0001");
        var custody = rp.GetByTestId("custody");
        await Assertions.Expect(custody).ToContainTextAsync(unit);
        await Assertions.Expect(custody).ToContainTextAsync(itemName);
        var signedOn = DateOnly.FromDateTime(DateTime.UtcNow);
        var due = await custody.InnerTextAsync();
        var dueDate = DateOnly.ParseExact(Regex.Match(due, @"next inventory due (\d{4}-\d{2}-\d{2})").Groups[1].Value, "yyyy-MM-dd");
        Assert.InRange(dueDate.DayNumber - signedOn.DayNumber, 89, 90);
        await rp.GotoAsync(Url + "/custody?serial=E2E-0003");
        await Assertions.Expect(rp.Locator("main")).ToContainTextAsync("No received serial E2E-0003");

        // The unit's serial inventory finds both; nothing is delinquent or missing for it.
        await rp.GotoAsync(Url + "/inventories/new");
        await rp.Locator("#Number").FillAsync("E2E-INV-1");
        await rp.Locator("#Unit").FillAsync(unit);
        await rp.Locator("#Lines").FillAsync("E2E-0001\nE2E-0002, in service, checked at the depot");
        await rp.GetByTestId("post-inventory").ClickAsync();
        var result = rp.GetByTestId("inventory-result");
        await Assertions.Expect(result).ToContainTextAsync("2 serials observed for " + unit);
        await Assertions.Expect(result).ToContainTextAsync("Every serial the unit holds was found");
        await rp.GotoAsync(Url + "/custody?serial=E2E-0002");
        await Assertions.Expect(rp.GetByTestId("custody")).ToContainTextAsync("checked at the depot");
        // The next inventory is due one interval (180 days, as set on the item) after this one.
        await Assertions.Expect(rp.GetByTestId("custody")).ToContainTextAsync($"next inventory due {signedOn.AddDays(180):yyyy-MM-dd}");
        await rp.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-custody.png", FullPage = true });
        Assert.True(r.Errors.Count == 0, string.Join("\n", r.Errors));
    }
}
