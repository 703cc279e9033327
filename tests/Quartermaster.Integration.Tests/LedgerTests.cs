using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Quartermaster.Application.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests;

/// <summary>Every change is ledgered with its actor and command; the chain verifies; tampering is found and named; records rebuild as of a date.</summary>
public abstract class LedgerTests<TKind>(AppFixture<TKind> fx) : IClassFixture<AppFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private async Task<List<JsonNode>> EventsOf(string entityType, string entityId)
    {
        var page = await Http.GetNode($"/api/v1/ledger?entityType={entityType}&entityId={entityId}&pageSize=500");
        return page["items"]!.AsArray().Select(n => n!).OrderBy(n => n.Long("sequence")).ToList();
    }

    [Fact]
    public async Task Every_create_and_update_writes_a_ledger_event_with_the_operator_and_the_command()
    {
        var code = "QL" + (char)('A' + Random.Shared.Next(26));
        using var created = await Http.PostJson("/api/v1/nations", new { code, name = "Ledgerland", status = "Member" });
        await created.Ok(HttpStatusCode.Created);
        using var updated = await Http.PutJson($"/api/v1/nations/{code}", new { code, name = "Ledgerland Two", status = "Partner" }, created.ETag());
        await updated.Ok();

        var events = await EventsOf("Nation", code);
        Assert.Equal(["Nation.Created", "Nation.Updated"], events.Select(e => e.Str("eventType")).ToList());
        Assert.All(events, e => Assert.Equal(AppFixture<TKind>.OperatorName, e.Str("actor")));
        Assert.Equal($"create nation {code}", events[0].Str("command"));
        Assert.Equal($"update nation {code}", events[1].Str("command"));
        var changed = JsonNode.Parse(events[1].Str("payload"))!["changed"]!.AsObject();
        Assert.Equal("Ledgerland", changed["Name"]!["from"]!.ToString());
        Assert.Equal("Ledgerland Two", changed["Name"]!["to"]!.ToString());

        var verify = await Http.GetNode("/api/v1/ledger/verify");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
        Assert.True(verify.Long("eventsChecked") >= 2);
    }

    [Fact]
    public async Task Record_rebuilds_as_of_a_date_before_its_update()
    {
        var code = "QR" + (char)('A' + Random.Shared.Next(26));
        using var created = await Http.PostJson("/api/v1/nations", new { code, name = "Oldname", status = "Member" });
        await created.Ok(HttpStatusCode.Created);
        var createdAt = DateTime.Parse((await EventsOf("Nation", code))[0].Str("recordedAt"), null, System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime();
        await Task.Delay(20, TestContext.Current.CancellationToken);
        using var updated = await Http.PutJson($"/api/v1/nations/{code}", new { code, name = "Newname", status = "Member" }, created.ETag());
        await updated.Ok();

        var asOf = Uri.EscapeDataString(createdAt.AddTicks(1).ToString("O"));
        var old = await Http.GetNode($"/api/v1/ledger/Nation/{code}?asOf={asOf}");
        Assert.Equal("Oldname", old.Str("Name"));
        var now = await Http.GetNode($"/api/v1/ledger/Nation/{code}");
        Assert.Equal("Newname", now.Str("Name"));
        var before = Uri.EscapeDataString(createdAt.AddSeconds(-1).ToString("O"));
        using var notYet = await Http.GetAsync($"/api/v1/ledger/Nation/{code}?asOf={before}", TestContext.Current.CancellationToken);
        await notYet.Problem(404);
    }

    [Fact]
    public async Task With_the_triggers_in_place_a_raw_update_or_delete_of_ledger_events_fails()
    {
        using (var r = await Http.PostJson("/api/v1/nations", new { code = "QTG", name = "Triggerland", status = "Member" }))
            Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => fx.Db.ExecuteAsync("UPDATE ledger_events SET \"Actor\" = 'mallory' WHERE \"Sequence\" = 1"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => fx.Db.ExecuteAsync("DELETE FROM ledger_events WHERE \"Sequence\" = 1"));
        Assert.Equal(0, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"Actor\" = 'mallory'"));
    }

    [Theory]
    [InlineData("Payload")]
    [InlineData("Actor")]
    public async Task Tampering_with_one_event_is_found_and_named_by_the_service_the_api_and_the_cli(string column)
    {
        await using var db = await TestDatabase.CreateAsync(TKind.Kind);
        var app = await WebApp.CreateAsync(new WebOptions(db.Target, ["http://127.0.0.1:0"]), TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            string token;
            await using (var setup = db.Open())
            {
                var accounts = new Quartermaster.Application.Access.AccountsService(setup);
                var fixture = Quartermaster.Domain.Ledger.Actor.LocalOperator("fixture");
                await accounts.Add(fixture, "tamper-operator", "tamper-operator", Quartermaster.Domain.Access.Role.Coordinator, null, null, "fixture-password-123", TestContext.Current.CancellationToken);
                token = (await accounts.CreateToken(fixture, "tamper-operator", "tests", Quartermaster.Domain.Access.TokenScope.Write, 1, TestContext.Current.CancellationToken)).Token;
            }
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            foreach (var c in new[] { "QTA", "QTB", "QTC", "QTD" })
                (await http.PostJson("/api/v1/nations", new { code = c, name = "Tamper " + c, status = "Member" })).EnsureSuccessStatusCode();
            Assert.True((await http.GetNode("/api/v1/ledger/verify"))["intact"]!.GetValue<bool>());

            // A fresh database starts with its reference data: the victim is one of the events made above.
            var victim = await db.ScalarLongAsync("SELECT MIN(\"Sequence\") FROM ledger_events WHERE \"EntityId\" = 'QTB'");
            if (db.Kind == DbKind.Sqlite)
                await db.ExecuteAsync("DROP TRIGGER ledger_events_no_update");
            else
                await db.ExecuteAsync("ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_no_change");
            var newValue = column == "Payload" ? "REPLACE(\"Payload\", 'Tamper', 'Tampered')" : "'mallory'";
            Assert.Equal(1, await db.ExecuteAsync($"UPDATE ledger_events SET \"{column}\" = {newValue} WHERE \"Sequence\" = {victim}"));

            await using (var ctx = db.Open())
            {
                var result = await new LedgerService(ctx).Verify(null, TestContext.Current.CancellationToken);
                Assert.False(result.Intact);
                Assert.Equal(victim, result.Break!.Sequence);
            }
            var api = await http.GetNode("/api/v1/ledger/verify");
            Assert.False(api["intact"]!.GetValue<bool>());
            Assert.Equal(victim, api.Long("firstBadSequence"));

            var cli = await Qm.Run("ledger", "verify", "--db", db.DbArgument);
            Assert.True(cli.ExitCode != 0, cli.ToString());
            Assert.Contains($"sequence {victim}", cli.Err);
            Assert.StartsWith("qm: error:", cli.Err.Trim());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}

public sealed class LedgerOnSqlite(AppFixture<OnSqlite> fx) : LedgerTests<OnSqlite>(fx);

public sealed class LedgerOnPostgres(AppFixture<OnPostgres> fx) : LedgerTests<OnPostgres>(fx);
