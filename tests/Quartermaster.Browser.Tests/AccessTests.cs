using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Demo;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Offers;

namespace Quartermaster.Browser.Tests;

/// <summary>
/// A second server with the demo loaded, for tests that add records (offers, funding, tokens, failed sign-ins): the
/// shared server's dashboard and ledger tests count exact numbers and must not see these changes.
/// </summary>
public sealed class WritableDemo : IAsyncLifetime
{
    private RunningApp? app;

    public RunningApp App => app ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => app = await RunningApp.Start(withDemo: true);

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}

/// <summary>Signing in as the demo's accounts, what each role may do in the browser, the pledge forms and API tokens.</summary>
public sealed class AccessTests(AppFixture fixture, WritableDemo writable) : IClassFixture<WritableDemo>
{
    private string Url => writable.App.BaseUrl;

    private static DemoAccount Demo(string userName) => DemoLoader.Accounts.Single(a => a.UserName == userName);

    /// <summary>Opens a page that needs signing in and signs in on the sign-in page it is redirected to.</summary>
    private async Task<WatchedPage> SignedInAs(string userName, string path)
    {
        var w = await fixture.NewPage();
        await w.Page.GotoAsync(Url + path);
        Assert.Equal("/signin", new Uri(w.Page.Url).AbsolutePath);
        await w.SignIn(userName, Demo(userName).Password);
        Assert.Equal(path, new Uri(w.Page.Url).PathAndQuery);
        return w;
    }

    private async Task<IReadOnlyList<OfferView>> OffersOf(string donor)
    {
        await using var db = writable.App.Target.Open(TimeProvider.System);
        return (await new OffersService(db).List(new PageQuery(1, PageQuery.MaxPageSize, null), donor, ct: TestContext.Current.CancellationToken)).Items;
    }

    [Fact]
    public async Task A_point_of_contact_downloads_the_latest_signed_checkpoint_and_its_signature_verifies()
    {
        // Signed on demand on the server's machine, with the server's key file, as qm ledger checkpoint --db does.
        await using (var db = writable.App.Target.Open(TimeProvider.System))
        using (var signing = Quartermaster.Application.Ledger.LedgerSigningKey.LoadOrCreate(Quartermaster.Application.Ledger.LedgerSigningKey.ResolvePath(null)))
            await new Quartermaster.Application.Ledger.CheckpointService(db, signing).Create(TestContext.Current.CancellationToken);
        await using var w = await SignedInAs("poc-jpn", "/ledger/checkpoints");
        var page = w.Page;
        await Assertions.Expect(page.GetByTestId("latest-checkpoint")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Checkpoints" })).ToBeVisibleAsync();
        var keyId = await page.GetByTestId("key-id").InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-checkpoints.png", FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Download checkpoint") }).ClickAsync());
        var file = await download.PathAsync();
        var doc = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
        Assert.Equal(keyId, doc["keyId"]!.GetValue<string>());
        var text = $"quartermaster-ledger-checkpoint/v1\nsize {doc["treeSize"]}\nroot {doc["rootHash"]}\ntime {doc["issuedAt"]}\nkey {doc["keyId"]}\n";
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(doc["publicKey"]!.GetValue<string>()), out _);
        Assert.True(key.VerifyData(System.Text.Encoding.UTF8.GetBytes(text), Convert.FromBase64String(doc["signature"]!.GetValue<string>()),
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task A_non_lethal_only_nation_cannot_pledge_a_lethal_item_but_can_pledge_a_helmet()
    {
        await using var w = await SignedInAs("poc-jpn", "/offers/new");
        var page = w.Page;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New offer", Level = 1 })).ToBeVisibleAsync();

        // A national point of contact pledges for their own nation: shown as text, no donor select.
        await Assertions.Expect(page.GetByTestId("donor")).ToContainTextAsync("Japan (JPN)");
        await Assertions.Expect(page.Locator("select#DonorCode")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-offers-new-poc-jpn.png", FullPage = true });

        var before = (await OffersOf("JPN")).Count;
        await page.Locator("#ItemCode").FillAsync("m777-howitzer");
        await page.Locator("#QuantityAnnounced").FillAsync("6");
        await page.Locator("#OriginDepot").FillAsync("Sagami depot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge offer" }).ClickAsync();

        var errors = page.GetByTestId("form-errors");
        await Assertions.Expect(errors).ToBeVisibleAsync();
        await Assertions.Expect(errors).ToContainTextAsync("Item");
        await Assertions.Expect(errors).ToContainTextAsync("M777 howitzer");
        await Assertions.Expect(errors).ToContainTextAsync("non-lethal items only");
        await Assertions.Expect(page.Locator("#err-itemCode")).ToContainTextAsync("M777 howitzer");
        await Assertions.Expect(page.Locator("#ItemCode")).ToHaveAttributeAsync("aria-invalid", "true");
        // The input is kept.
        await Assertions.Expect(page.Locator("#ItemCode")).ToHaveValueAsync("m777-howitzer");
        await Assertions.Expect(page.Locator("#QuantityAnnounced")).ToHaveValueAsync("6");
        await Assertions.Expect(page.Locator("#OriginDepot")).ToHaveValueAsync("Sagami depot");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-offers-new-poc-jpn-refused.png", FullPage = true });
        Assert.Equal(before, (await OffersOf("JPN")).Count);
        Assert.DoesNotContain(await OffersOf("JPN"), o => o.ItemCode == "m777-howitzer");

        // A non-lethal item is accepted and listed with donor JPN.
        var description = "Helmets, browser test " + Guid.NewGuid().ToString("N")[..8];
        await page.Locator("#ItemCode").FillAsync("helmet");
        await page.Locator("#Description").FillAsync(description);
        await page.Locator("#QuantityAnnounced").FillAsync("250");
        await page.Locator("#Condition").SelectOptionAsync("New");
        await page.Locator("#Releasability").SelectOptionAsync("AllParticipants");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge offer" }).ClickAsync();
        // The new offer's detail page, with the saved message.
        await page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(new Uri(u).AbsolutePath, "^/offers/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Offer saved");
        var rows = page.Locator("main");
        await Assertions.Expect(rows.Locator("dl.facts").First).ToContainTextAsync("JPN");
        await Assertions.Expect(rows.Locator("h1")).ToHaveTextAsync(description);
        await Assertions.Expect(rows.Locator("dl.facts").Nth(1)).ToContainTextAsync("250");
        var created = Assert.Single(await OffersOf("JPN"), o => o.Description == description);
        Assert.Equal("helmet", created.ItemCode);
        Assert.Equal(250, created.QuantityAnnounced);
        Assert.Equal("AllParticipants", created.Releasability);
        Assert.Equal(before + 1, (await OffersOf("JPN")).Count);

        // Offers lists a "New offer" link for a point of contact; the nav has Funding but neither Plans nor Ledger.
        await page.GotoAsync(Url + "/offers");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "New offer" })).ToBeVisibleAsync();
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Funding", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Ledger", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Plans", Exact = true })).ToHaveCountAsync(0);

        // The ledger is not for a point of contact: 403 and the Denied page.
        var denied = await page.GotoAsync(Url + "/ledger");
        Assert.NotNull(denied);
        Assert.Equal(403, denied.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed", Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain("Chain", await page.Locator("main").InnerTextAsync());

        // Funding: pledged for Japan, restricted to non-lethal items by Japan's policy.
        var pool = "Browser test pool " + Guid.NewGuid().ToString("N")[..6];
        await w.Go(Url, "/funding/new");
        await Assertions.Expect(page.GetByTestId("donor")).ToContainTextAsync("JPN");
        await page.Locator("#Pool").FillAsync(pool);
        await page.Locator("#Amount").FillAsync("2500000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge funding" }).ClickAsync();
        await page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(new Uri(u).AbsolutePath, "^/funding/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Funding pledge saved");
        var funding = page.Locator("dl.facts");
        await Assertions.Expect(funding).ToContainTextAsync("JPN");
        await Assertions.Expect(funding).ToContainTextAsync("2,500,000 EUR");
        await Assertions.Expect(funding).ToContainTextAsync("non-lethal items only");
        await using (var db = writable.App.Target.Open(TimeProvider.System))
        {
            var pledge = Assert.Single((await new FundingService(db).List(new PageQuery(1, 50, null, pool), ct: TestContext.Current.CancellationToken)).Items);
            Assert.Equal("JPN", pledge.DonorCode);
            Assert.True(pledge.NonLethalOnly);
        }
        Assert.True(w.Errors.All(e => e.Contains("/denied", StringComparison.Ordinal) || e.Contains("403", StringComparison.Ordinal)), string.Join("\n", w.Errors));
        Assert.Empty(w.Dialogs);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_and_sign_out_returns_to_sign_in()
    {
        await using var w = await fixture.NewPage();
        var page = w.Page;
        await page.GotoAsync(Url + "/");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        await page.GetByLabel("User name").FillAsync("poc-usa");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The user name or password is wrong");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.GetByLabel("Password")).ToHaveValueAsync("");

        await w.SignIn("poc-usa", Demo("poc-usa").Password);
        await Assertions.Expect(page.Locator(".signed-in .who")).ToContainTextAsync("poc-usa");
        await Assertions.Expect(page.Locator(".signed-in .who")).ToContainTextAsync("USA");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/signin");
        await page.GotoAsync(Url + "/offers");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator(".signed-in")).ToHaveCountAsync(0);
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task A_coordinator_chooses_the_donor_and_others_may_not_pledge()
    {
        await using var w = await fixture.NewPage();
        var page = w.Page;
        await w.Go(Url, "/offers");
        await page.GetByRole(AriaRole.Link, new() { Name = "New offer" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/offers/new");
        var donor = page.GetByLabel("Donor", new() { Exact = true });
        await Assertions.Expect(donor).ToBeVisibleAsync();
        Assert.True(await donor.Locator("option").CountAsync() > 40);

        // Without a donor the service names the field.
        await page.Locator("#ItemCode").FillAsync("helmet");
        await page.Locator("#QuantityAnnounced").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge offer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Donor");

        await donor.SelectOptionAsync("POL");
        await page.Locator("#Description").FillAsync("Coordinator test helmets");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge offer" }).ClickAsync();
        await page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(new Uri(u).AbsolutePath, "^/offers/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("Offer saved");
        await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync("POL");
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));

        // An auditor reads everything but pledges nothing.
        await using var a = await SignedInAs("auditor", "/offers");
        await Assertions.Expect(a.Page.GetByRole(AriaRole.Link, new() { Name = "New offer" })).ToHaveCountAsync(0);
        var response = await a.Page.GotoAsync(Url + "/offers/new");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(a.Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_api_token_is_shown_once_works_and_stops_working_when_revoked()
    {
        await using var w = await fixture.NewPage();
        var page = w.Page;
        await w.Go(Url, "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API tokens", Level = 1 })).ToBeVisibleAsync();

        var name = "export script " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Scope").SelectOptionAsync("Read");
        await page.GetByLabel("Days valid").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var shown = page.GetByTestId("token-created");
        await Assertions.Expect(shown).ToContainTextAsync("only time it is shown");
        var secret = await page.GetByTestId("token-secret").InputValueAsync();
        Assert.StartsWith("qm_", secret);
        await Assertions.Expect(page.GetByTestId("tokens")).ToContainTextAsync(name);

        using var http = new HttpClient();
        async Task<HttpStatusCode> Call()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url + "/api/v1/offers?pageSize=1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Call());

        // Shown once: the list (and the page source) never shows it again.
        await w.Go(Url, "/account/tokens");
        await Assertions.Expect(page.GetByTestId("token-created")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync());
        var row = page.GetByTestId("tokens").Locator("tbody tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("active");
        await Assertions.Expect(row).ToContainTextAsync(secret[..10]);

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "revoked" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("tokens").Locator("tbody tr", new() { HasText = name })).ToContainTextAsync("revoked");
        await Assertions.Expect(page.GetByTestId("tokens").Locator("tbody tr", new() { HasText = name }).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await Call());
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }

    [Fact]
    public async Task An_item_named_like_a_script_is_text_on_the_catalogue_and_no_dialog_fires()
    {
        const string name = "<script>alert(1)</script>";
        await using (var db = writable.App.Target.Open(TimeProvider.System))
            await new CatalogueService(db).Create(RunningApp.Actor,
                new CatalogueItemInput("script-named-item", name, null, "8470", "protection", false, null, null), TestContext.Current.CancellationToken);

        await using var w = await fixture.NewPage();
        var response = await w.Go(Url, "/catalogue?search=script-named");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", await response.TextAsync());
        var cell = w.Page.Locator("table.data tbody tr td:nth-child(2)");
        await Assertions.Expect(cell).ToHaveCountAsync(1);
        Assert.Equal(name, (await cell.InnerTextAsync()).Trim());

        // Offered through the form, the name is text on the offers list too.
        await w.Go(Url, "/offers/new");
        await w.Page.Locator("#DonorCode").SelectOptionAsync("DEU");
        await w.Page.Locator("#ItemCode").FillAsync("script-named-item");
        await w.Page.Locator("#Undisclosed").CheckAsync();
        await w.Page.GetByRole(AriaRole.Button, new() { Name = "Pledge offer" }).ClickAsync();
        await w.Page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(new Uri(u).AbsolutePath, "^/offers/[0-9a-f-]{36}$"));
        var row = w.Page.Locator("main");
        await Assertions.Expect(row.Locator("h1")).ToContainTextAsync(name);
        await Assertions.Expect(row).ToContainTextAsync("undisclosed");
        // The history names the item like a script too, as text.
        await Assertions.Expect(row.GetByTestId("history")).ToBeVisibleAsync();
        Assert.Empty(w.Dialogs);
        Assert.True(w.Errors.Count == 0, string.Join("\n", w.Errors));
    }
}
