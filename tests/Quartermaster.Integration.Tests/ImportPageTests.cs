using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>The demo nations, and the catalogue items every test of the class starts from.</summary>
public sealed class ImportPageFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    protected override async Task SeedAsync() => await TestData.CreateDemoNationsViaApi(Http);
}

/// <summary>Import from the browser: background preview (counts, every problem, nothing written), apply in one transaction, cancel, ownership.</summary>
public abstract partial class ImportPageTests<TKind>(ImportPageFixture<TKind> fx) : IClassFixture<ImportPageFixture<TKind>> where TKind : IDbKind
{
    private const string Header = "code,name,supply_class,coalition,is_lethal\n";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Prefix() => "ip" + Guid.NewGuid().ToString("N")[..6];

    private static string Line(string code, string name) => $"{code},{name},8470,protection,false\n";

    private async Task SeedCatalogue(string csv)
    {
        using var r = await fx.Http.PostMultipart("/api/v1/import/catalogue", Encoding.UTF8.GetBytes(Header + csv), "seed.csv");
        await r.Ok();
    }

    private async Task<(long Items, long Offers, long Ledger)> Counts()
        => (await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM catalogue_items"), await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM offers"),
            await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<string> Token(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page, Ct);
        var m = TokenPattern().Match(html);
        Assert.True(m.Success, $"{page} carries no anti-forgery token");
        return m.Groups[1].Value;
    }

    /// <summary>Uploads through the /import form; returns the job's address.</summary>
    private static async Task<string> Upload(HttpClient browser, string kind, string csv, string fileName = "upload.csv", string? mapping = null)
    {
        var token = await Token(browser, "/import");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(kind), "Kind");
        form.Add(new StringContent(mapping ?? ""), "Mapping");
        form.Add(new StringContent(""), "Encoding");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", fileName);
        using var r = await browser.PostAsync("/import", form, Ct);
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"upload: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        var to = r.Headers.Location!.OriginalString;
        Assert.StartsWith("/import/jobs/", to);
        return to;
    }

    /// <summary>The job page once the preview is ready (it refreshes itself until then).</summary>
    private static async Task<string> Preview(HttpClient browser, string job)
    {
        for (var i = 0; i < 600; i++)
        {
            using var r = await browser.GetAsync(job, Ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var html = await r.Content.ReadAsStringAsync(Ct);
            if (!html.Contains("data-testid=\"import-progress\"", StringComparison.Ordinal)) return html;
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException("the preview did not finish");
    }

    private static string Fact(string html, string testId)
        => WebUtility.HtmlDecode(Regex.Match(html, $"data-testid=\"{testId}\">([^<]*)<").Groups[1].Value);

    private static async Task<HttpResponseMessage> Post(HttpClient browser, string page, string? handler = null)
    {
        var token = await Token(browser, page);
        return await browser.PostAsync(handler is null ? page : $"{page}?handler={handler}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
    }

    [Fact]
    public async Task The_preview_counts_create_update_unchanged_and_writes_nothing_then_apply_writes_exactly_that()
    {
        var p = Prefix();
        await SeedCatalogue(Line($"{p}-a", "alpha") + Line($"{p}-b", "bravo"));
        using var browser = await fx.SignedInBrowserAsync("ip-coordinator-1", Role.Coordinator, null);
        var before = await Counts();

        var job = await Upload(browser, "Catalogue", Header + Line($"{p}-a", "alpha") + Line($"{p}-b", "bravo changed") + Line($"{p}-c", "charlie"));
        var html = await Preview(browser, job);
        Assert.Equal("1", Fact(html, "created"));
        Assert.Equal("1", Fact(html, "updated"));
        Assert.Equal("1", Fact(html, "unchanged"));
        Assert.Equal("0", Fact(html, "problems"));
        Assert.Equal(before, await Counts());

        // The confirmation step, then the import: exactly what the preview said, ledgered with the person as actor.
        var apply = job + "/apply";
        Assert.Contains("data-testid=\"confirm\"", await browser.GetStringAsync(apply, Ct));
        using (var r = await Post(browser, apply))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal("/catalogue", r.Headers.Location!.OriginalString);
        }
        var flash = await browser.GetStringAsync("/catalogue", Ct);
        Assert.Contains("1 created, 1 updated, 1 unchanged", flash);
        var after = await Counts();
        Assert.Equal(before.Items + 1, after.Items);
        Assert.Equal(before.Ledger + 2, after.Ledger);
        Assert.Equal("ip-coordinator-1", await fx.Db.ScalarStringAsync(
            "SELECT \"Actor\" FROM ledger_events ORDER BY \"Sequence\" DESC LIMIT 1"));
        Assert.Equal("bravo changed", await fx.Db.ScalarStringAsync($"SELECT \"Name\" FROM catalogue_items WHERE \"Code\" = '{p}-b'"));

        // Applied once: a second apply is refused.
        using (var again = await browser.PostAsync(apply, new FormUrlEncodedContent([new("__RequestVerificationToken", await Token(browser, "/import"))]), Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("already been applied", await again.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(after, await Counts());
    }

    [Fact]
    public async Task A_file_larger_than_a_json_body_is_accepted_up_to_the_upload_limit()
    {
        var p = Prefix();
        using var browser = await fx.SignedInBrowserAsync("ip-coordinator-big", Role.Coordinator, null);
        // 1.5 MB (the JSON limit is 1 MB): one item and blank lines, which an import skips.
        var job = await Upload(browser, "Catalogue", Header + Line($"{p}-big", "big file") + new string('\n', 1_500_000));
        var html = await Preview(browser, job);
        Assert.Equal("1", Fact(html, "created"));
        Assert.Equal("0", Fact(html, "problems"));
    }

    [Fact]
    public async Task A_file_with_errors_lists_them_by_line_and_column_and_cannot_be_applied()
    {
        var p = Prefix();
        using var browser = await fx.SignedInBrowserAsync("ip-coordinator-2", Role.Coordinator, null);
        var before = await Counts();
        var job = await Upload(browser, "Catalogue", Header + Line($"{p}-ok", "fine") + $"{p}-bad,broken,8470,protection,perhaps\n" + $"{p}-nameless,,8470,protection,false\n");
        var html = await Preview(browser, job);
        Assert.Equal("1", Fact(html, "created"));
        Assert.Equal("2", Fact(html, "problems"));
        Assert.Matches(new Regex("<td class=\"num\">3</td>\\s*<td>is_lethal</td>"), html);
        Assert.Matches(new Regex("<td class=\"num\">4</td>\\s*<td>name</td>"), html);
        Assert.DoesNotContain("data-testid=\"apply\"", html);
        using (var r = await browser.PostAsync(job + "/apply", new FormUrlEncodedContent([new("__RequestVerificationToken", await Token(browser, "/import"))]), Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("2 problem(s)", await r.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Apply_refuses_a_stale_preview_with_409_and_writes_nothing()
    {
        var p = Prefix();
        await SeedCatalogue(Line($"{p}-a", "alpha"));
        using var browser = await fx.SignedInBrowserAsync("ip-coordinator-3", Role.Coordinator, null);
        var job = await Upload(browser, "Catalogue", Header + Line($"{p}-a", "alpha renamed") + Line($"{p}-n", "new"));
        var html = await Preview(browser, job);
        Assert.Equal("1", Fact(html, "updated"));
        // Someone else imports the same change meanwhile: the preview's "1 to update" is stale.
        await SeedCatalogue(Line($"{p}-a", "alpha renamed"));
        var before = await Counts();
        using (var r = await Post(browser, job + "/apply"))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("changed since the preview", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct)));
        }
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Cancel_discards_the_import()
    {
        var p = Prefix();
        using var browser = await fx.SignedInBrowserAsync("ip-coordinator-4", Role.Coordinator, null);
        var before = await Counts();
        var job = await Upload(browser, "Catalogue", Header + Line($"{p}-x", "x-ray"));
        await Preview(browser, job);
        using (var r = await Post(browser, job, "Cancel"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal("/import", r.Headers.Location!.OriginalString);
        }
        Assert.Contains("cancelled", await browser.GetStringAsync(job, Ct));
        using (var r = await browser.PostAsync(job + "/apply", new FormUrlEncodedContent([new("__RequestVerificationToken", await Token(browser, "/import"))]), Ct))
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Another_user_cannot_see_apply_or_cancel_the_job()
    {
        var p = Prefix();
        using var owner = await fx.SignedInBrowserAsync("ip-coordinator-5", Role.Coordinator, null);
        using var other = await fx.SignedInBrowserAsync("ip-other-coordinator", Role.Coordinator, null);
        var job = await Upload(owner, "Catalogue", Header + Line($"{p}-y", "yankee"));
        await Preview(owner, job);
        var before = await Counts();
        using (var r = await other.GetAsync(job, Ct)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await other.GetAsync(job + "/apply", Ct)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var token = await Token(other, "/import");
        using (var r = await other.PostAsync(job + "/apply", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await other.PostAsync(job + "?handler=Cancel", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(before, await Counts());
        Assert.Contains("data-testid=\"apply\"", await owner.GetStringAsync(job, Ct));
    }

    [Fact]
    public async Task A_point_of_contact_may_import_offers_only_and_only_for_its_own_nation()
    {
        var p = Prefix();
        using var browser = await fx.SignedInBrowserAsync("ip-jpn", Role.NationalPointOfContact, "JPN");
        var form = await browser.GetStringAsync("/import", Ct);
        Assert.Contains("value=\"Offers\"", form);
        Assert.DoesNotContain("value=\"Catalogue\"", form);
        var before = await Counts();
        var job = await Upload(browser, "Offers", "source_key,donor,aid_type,description\n" + $"{p}-1,JPN,Military,helmets\n{p}-2,DEU,Military,boots\n");
        var html = await Preview(browser, job);
        Assert.Equal("1", Fact(html, "created"));
        Assert.Equal("1", Fact(html, "problems"));
        Assert.Matches(new Regex("<td class=\"num\">3</td>\\s*<td>donor</td>"), html);
        Assert.Equal(before, await Counts());

        // The catalogue is the cell's: the form refuses the kind.
        var token = await Token(browser, "/import");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Catalogue"), "Kind" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Header + Line($"{p}-z", "zulu"))), "Upload", "c.csv" },
        };
        using var r = await browser.PostAsync("/import", upload, Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("may not import catalogue", await r.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_api_dry_run_returns_the_preview_and_writes_nothing()
    {
        var p = Prefix();
        await SeedCatalogue(Line($"{p}-a", "alpha"));
        var before = await Counts();
        using var r = await fx.Http.PostMultipart("/api/v1/import/catalogue?dryRun=true", Encoding.UTF8.GetBytes(Header + Line($"{p}-a", "alpha") + Line($"{p}-b", "bravo") + $"{p}-c,c,8470,protection,maybe\n"), "dry.csv");
        var preview = await r.Ok();
        Assert.Equal(1, preview["created"]!.GetValue<int>());
        Assert.Equal(1, preview["unchanged"]!.GetValue<int>());
        Assert.False(preview["canApply"]!.GetValue<bool>());
        Assert.Equal(4, preview["issues"]![0]!["line"]!.GetValue<int>());
        Assert.Equal(before, await Counts());
    }
}

public sealed class ImportPageTestsOnSqlite(ImportPageFixture<OnSqlite> fx) : ImportPageTests<OnSqlite>(fx);

public sealed class ImportPageTestsOnPostgres(ImportPageFixture<OnPostgres> fx) : ImportPageTests<OnPostgres>(fx);
