using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Integration.Tests.Security;

namespace Quartermaster.Integration.Tests.Reliability;

/// <summary>
/// Creates are safe to repeat: the Idempotency-Key header (API) and the form's own id (pages) make a repeated request
/// answer the first result without writing anything again.
/// </summary>
public abstract class IdempotencyTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Api.Json) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request, Ct);
    }

    private Task<long> Offers(string description)
        => fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM offers WHERE \"Description\" = '{description}'");

    [Fact]
    public async Task Repeating_a_create_with_the_same_key_answers_the_first_result_and_writes_nothing()
    {
        var description = "idem-" + Guid.NewGuid().ToString("N")[..8];
        var offer = new { donorCode = "USA", aidType = "Humanitarian", description, quantityAnnounced = 40 };
        var key = Guid.NewGuid().ToString();
        using var first = await Post(fx.Coordinator, "/api/v1/offers", offer, key);
        var firstBody = await first.Ok(HttpStatusCode.Created);
        var ledger = await fx.LedgerCountAsync();

        using var again = await Post(fx.Coordinator, "/api/v1/offers", offer, key);
        var againBody = await again.Ok(HttpStatusCode.Created);
        Assert.Equal(firstBody.ToJsonString(), againBody.ToJsonString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(first.ETag(), again.ETag());
        Assert.True(again.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
        Assert.Equal(1, await Offers(description));
        Assert.Equal(ledger, await fx.LedgerCountAsync());

        // Without a key every create is a new record.
        (await Post(fx.Coordinator, "/api/v1/offers", offer, null)).EnsureSuccessStatusCode();
        Assert.Equal(2, await Offers(description));
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_a_conflict_naming_the_fields_that_differ()
    {
        var description = "idem-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        (await Post(fx.Coordinator, "/api/v1/offers", new { donorCode = "USA", aidType = "Humanitarian", description, quantityAnnounced = 40 }, key))
            .EnsureSuccessStatusCode();
        var ledger = await fx.LedgerCountAsync();

        using var changed = await Post(fx.Coordinator, "/api/v1/offers", new { donorCode = "USA", aidType = "Humanitarian", description, quantityAnnounced = 41 }, key);
        var problem = await changed.Problem(409, "quantityAnnounced");
        Assert.Single(problem["errors"]!.AsObject());
        using var elsewhere = await Post(fx.Coordinator, "/api/v1/funding", new { donorCode = "USA", pool = "idem-pool", amount = 5, currency = "EUR", pledgedOn = "2026-01-01" }, key);
        await elsewhere.Problem(409, "endpoint");
        Assert.Equal(1, await Offers(description));
        Assert.Equal(ledger, await fx.LedgerCountAsync());
    }

    [Fact]
    public async Task Keys_belong_to_their_actor()
    {
        var description = "idem-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        var other = await fx.ClientForAsync("idem-coordinator-2", Role.Coordinator, null);
        var offer = new { donorCode = "USA", aidType = "Humanitarian", description, quantityAnnounced = 3 };
        using var mine = await Post(fx.Coordinator, "/api/v1/offers", offer, key);
        using var theirs = await Post(other, "/api/v1/offers", offer, key);
        Assert.NotEqual((await mine.Ok(HttpStatusCode.Created)).Str("id"), (await theirs.Ok(HttpStatusCode.Created)).Str("id"));
        Assert.Equal(2, await Offers(description));
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_create_write_it_once_and_all_answer_the_same()
    {
        var description = "idem-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        var offer = new { donorCode = "USA", aidType = "Humanitarian", description, quantityAnnounced = 7 };
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var r = await Post(fx.Coordinator, "/api/v1/offers", offer, key);
            return (await r.Ok(HttpStatusCode.Created)).Str("id");
        }));
        Assert.Single(answers.Distinct());
        Assert.Equal(1, await Offers(description));
    }

    [Fact]
    public async Task A_bad_key_is_refused_naming_the_header()
    {
        using var r = await Post(fx.Coordinator, "/api/v1/offers", new { donorCode = "USA", aidType = "Humanitarian", description = "x", quantityAnnounced = 1 },
            new string('k', 201));
        await r.Problem(400, "Idempotency-Key");
    }

    [Fact]
    public async Task A_pledge_form_sent_twice_creates_one_funding_pledge()
    {
        var browser = await fx.SignedInBrowserAsync("idem-form-coordinator", Role.Coordinator, null);
        using var form = await browser.GetAsync("/funding/new", Ct);
        var html = await form.Content.ReadAsStringAsync(Ct);
        string Field(string name) => Regex.Match(html, $"name=\"{name}\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var requestId = Field("RequestId");
        Assert.Matches("^[0-9a-f]{32}$", requestId);
        var pool = "idem-form-" + Guid.NewGuid().ToString("N")[..8];
        Dictionary<string, string> Fields(string amount) => new()
        {
            ["__RequestVerificationToken"] = Field("__RequestVerificationToken"), ["RequestId"] = requestId, ["DonorCode"] = "USA",
            ["Pool"] = pool, ["Amount"] = amount, ["Currency"] = "EUR", ["PledgedOn"] = "2026-01-01", ["Releasability"] = "Coordinators",
        };
        using var first = await browser.PostAsync("/funding/new", new FormUrlEncodedContent(Fields("1000")), Ct);
        using var second = await browser.PostAsync("/funding/new", new FormUrlEncodedContent(Fields("1000")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM funding_pledges WHERE \"Pool\" = '{pool}'"));

        using var changed = await browser.PostAsync("/funding/new", new FormUrlEncodedContent(Fields("2000")), Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("already sent with other values", await changed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM funding_pledges WHERE \"Pool\" = '{pool}'"));
    }
}

public sealed class IdempotencyOnSqlite(SecurityFixture<OnSqlite> fx) : IdempotencyTests<OnSqlite>(fx);

public sealed class IdempotencyOnPostgres(SecurityFixture<OnPostgres> fx) : IdempotencyTests<OnPostgres>(fx);
