using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>Issue 13: the ledger list pages by sequence number (keyset: ?after=, ?before=), and agrees with the OFFSET pages.</summary>
public abstract class LedgerKeysetTests<TKind>(AppFixture<TKind> fx) : IClassFixture<AppFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<long> Sequences(JsonNode page) => page["items"]!.AsArray().Select(i => i.Long("sequence")).ToList();

    private async Task EnsureEventsAsync(int atLeast)
    {
        while (await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events") < atLeast)
            using (var r = await fx.Http.PostJson("/api/v1/nations", new { code = Api.FreshNationCode(), name = "Keysetland", status = "Member" }))
                Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)r.StatusCode}");
    }

    [Fact]
    public async Task Walking_with_after_returns_every_event_once_newest_first_and_matches_the_offset_pages_and_before_walks_back()
    {
        await EnsureEventsAsync(25);
        var total = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        var pageSize = (int)Math.Clamp(total / 9 + 1, 2, 500);

        var byCursor = new List<List<long>>();
        var first = await fx.Http.GetNode($"/api/v1/ledger?pageSize={pageSize}");
        Assert.Null(first["previous"]);
        Assert.Null(first["total"]); // never counted: hasMore (pageSize + 1 rows) says whether an older page follows
        Assert.True(first["hasMore"]!.GetValue<bool>());
        var page = first;
        while (true)
        {
            byCursor.Add(Sequences(page));
            if (page["next"] is null) break;
            var next = page.Long("next");
            Assert.Equal(byCursor[^1][^1], next);
            page = await fx.Http.GetNode($"/api/v1/ledger?pageSize={pageSize}&after={next}");
            Assert.Null(page["pageNumber"]);
            Assert.Equal(page["next"] is not null, page["hasMore"]!.GetValue<bool>());
            Assert.NotNull(page["previous"]);
        }
        var walked = byCursor.SelectMany(p => p).ToList();
        Assert.Equal(total, walked.Count);
        Assert.Equal(walked.Distinct().Count(), walked.Count);
        Assert.Equal(walked.OrderByDescending(s => s).ToList(), walked);

        var byOffset = new List<List<long>>();
        for (var n = 1; ; n++)
        {
            var numbered = await fx.Http.GetNode($"/api/v1/ledger?pageSize={pageSize}&page={n}");
            byOffset.Add(Sequences(numbered));
            Assert.Equal(n > 1, numbered["previous"] is not null);
            if (!numbered["hasMore"]!.GetValue<bool>()) break;
        }
        // The page after the last one is empty and says so (no next, no more).
        var pastEnd = await fx.Http.GetNode($"/api/v1/ledger?pageSize={pageSize}&page={byOffset.Count + 1}");
        Assert.Empty(pastEnd["items"]!.AsArray());
        Assert.False(pastEnd["hasMore"]!.GetValue<bool>());
        Assert.Equal(byOffset.Count, byCursor.Count);
        for (var i = 0; i < byOffset.Count; i++) Assert.Equal(byOffset[i], byCursor[i]);

        // Back from the last page with before=: the same pages in reverse.
        var back = new List<List<long>>();
        page = await fx.Http.GetNode($"/api/v1/ledger?pageSize={pageSize}&after={byCursor[^2][^1]}");
        Assert.Null(page["next"]);
        while (true)
        {
            back.Add(Sequences(page));
            if (page["previous"] is null) break;
            page = await fx.Http.GetNode($"/api/v1/ledger?pageSize={pageSize}&before={page.Long("previous")}");
        }
        back.Reverse();
        Assert.Equal(byCursor, back);
    }

    [Fact]
    public async Task Cursors_follow_a_filter_and_bad_cursors_are_a_400_naming_the_parameter()
    {
        for (var i = 0; i < 3; i++)
            using (var r = await fx.Http.PostJson("/api/v1/nations", new { code = Api.FreshNationCode(), name = "Filterland", status = "Member" }))
                await r.Ok(HttpStatusCode.Created);
        var all = Sequences(await fx.Http.GetNode("/api/v1/ledger?entityType=Nation&pageSize=500"));
        Assert.True(all.Count >= 3);
        var walked = new List<long>();
        var page = await fx.Http.GetNode("/api/v1/ledger?entityType=Nation&pageSize=2");
        while (true)
        {
            Assert.All(page["items"]!.AsArray(), e => Assert.Equal("Nation", e.Str("entityType")));
            walked.AddRange(Sequences(page));
            if (page["next"] is null) break;
            page = await fx.Http.GetNode($"/api/v1/ledger?entityType=Nation&pageSize=2&after={page.Long("next")}");
        }
        Assert.Equal(all, walked);

        foreach (var (query, field) in new[] { ("after=1&before=2", "after"), ("after=-1", "after"), ("before=-5", "before"), ("after=5&page=2", "page") })
        {
            using var r = await fx.Http.GetAsync($"/api/v1/ledger?{query}", Ct);
            await r.Problem(400, field);
        }
    }

    [Fact]
    public async Task The_ledger_page_links_to_older_and_newer_pages_by_sequence()
    {
        await EnsureEventsAsync(25);
        using var browser = await fx.SignedInBrowserAsync("lk-coordinator", Role.Coordinator, null);
        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/ledger?pageSize=25", Ct));
        Assert.Matches("Showing the newest 25 events, sequence \\d+–\\d+", html);
        Assert.DoesNotContain("rel=\"prev\"", html, StringComparison.Ordinal);
        var next = Regex.Match(html, "href=\"([^\"]*after=\\d+[^\"]*)\" rel=\"next\"");
        Assert.True(next.Success, "no Next link with a cursor");
        var older = WebUtility.HtmlDecode(await browser.GetStringAsync(next.Groups[1].Value, Ct));
        Assert.Matches("Showing 25 events, sequence \\d+–\\d+", older);
        var previous = Regex.Match(older, "href=\"([^\"]*before=\\d+[^\"]*)\" rel=\"prev\"");
        Assert.True(previous.Success, "no Previous link with a cursor");
        var newest = WebUtility.HtmlDecode(await browser.GetStringAsync(previous.Groups[1].Value, Ct));
        var seqs = (string h) => Regex.Matches(h, "<td class=\"num\">(\\d+)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(seqs(html), seqs(newest));
    }
}

public sealed class LedgerKeysetOnSqlite(AppFixture<OnSqlite> fx) : LedgerKeysetTests<OnSqlite>(fx);

public sealed class LedgerKeysetOnPostgres(AppFixture<OnPostgres> fx) : LedgerKeysetTests<OnPostgres>(fx);
