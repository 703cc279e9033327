using System.Text;
using Microsoft.Playwright;
using Quartermaster.Application.Demo;

namespace Quartermaster.Browser.Tests;

/// <summary>A server of its own: the import writes catalogue items the shared demo's exact counts must not see.</summary>
public sealed class ImportDemo : IAsyncLifetime
{
    private RunningApp? app;

    public RunningApp App => app ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => app = await RunningApp.Start(withDemo: true);

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}

/// <summary>The coordinator uploads a small CSV, sees the preview (counts and problems), then applies it after the confirmation step.</summary>
public sealed class ImportPageTests(AppFixture fixture, ImportDemo server) : IClassFixture<ImportDemo>
{
    private string Url => server.App.BaseUrl;

    private static FilePayload Csv(string name, string text) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task A_coordinator_uploads_a_csv_sees_the_preview_and_applies_it()
    {
        await using var w = await fixture.NewPage();
        var page = w.Page;
        await page.GotoAsync(Url + "/import");
        await w.SignIn("coordinator", DemoLoader.Accounts.Single(a => a.UserName == "coordinator").Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import a file", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true })).ToHaveAttributeAsync("aria-current", "page");

        // First a file with a problem: it is listed by line and column and cannot be applied.
        const string header = "code,name,supply_class,coalition,is_lethal\n";
        await page.Locator("#Kind").SelectOptionAsync("Catalogue");
        await page.Locator("#Upload").SetInputFilesAsync(Csv("bad.csv", header + "bt-ok,browser vest,8470,protection,false\nbt-bad,browser boots,8470,protection,perhaps\n"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("problems")).ToHaveTextAsync("1");
        var problem = page.Locator("#problems tbody tr").First;
        await Assertions.Expect(problem).ToContainTextAsync("3");
        await Assertions.Expect(problem).ToContainTextAsync("is_lethal");
        await Assertions.Expect(page.GetByTestId("apply")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-import-problems.png", FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("cancelled");

        // Then the corrected file: two new items, applied after the confirmation step.
        await page.Locator("#Kind").SelectOptionAsync("Catalogue");
        await page.Locator("#Upload").SetInputFilesAsync(Csv("good.csv", header + "bt-ok,browser vest,8470,protection,false\nbt-boots,browser boots,8470,protection,false\n"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("created")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("updated")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("unchanged")).ToHaveTextAsync("0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-import-preview.png", FullPage = true });
        await page.GetByTestId("apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm")).ToContainTextAsync("2 new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply import" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("2 created, 0 updated, 0 unchanged");
        Assert.EndsWith("/catalogue", new Uri(page.Url).AbsolutePath);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-import-applied.png" });
        Assert.Empty(w.Errors);
    }

    [Fact]
    public async Task The_import_form_reads_well_on_a_phone()
    {
        await using var w = await fixture.NewPage(390, 844);
        await w.Page.GotoAsync(Url + "/import");
        await w.SignIn("poc-jpn", DemoLoader.Accounts.Single(a => a.UserName == "poc-jpn").Password);
        await Assertions.Expect(w.Page.Locator("#Kind option")).ToHaveCountAsync(1);
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qm-import-form-390.png", FullPage = true });
        Assert.Empty(w.Errors);
    }
}
