using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>API tokens: revoked, expired or belonging to a disabled account they stop at once; READ tokens only read; secrets never stored.</summary>
public abstract class TokenTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpStatusCode> Me(string token)
    {
        using var http = fx.Anonymous(token);
        using var r = await http.GetAsync("/api/v1/me", Ct);
        return r.StatusCode;
    }

    [Fact]
    public async Task Revoked_token_is_refused_with_401_on_the_very_next_request()
    {
        var created = await fx.TokenForAsync("tk-revoked", Role.NationalPointOfContact, "JPN");
        Assert.Equal(HttpStatusCode.OK, await Me(created.Token));
        await using (var db = fx.OpenDb())
            await fx.Accounts(db).RevokeToken(SecurityFixture<TKind>.Setup, created.Info.Id, null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(created.Token));
        using var http = fx.Anonymous(created.Token);
        using var write = await http.PostJson("/api/v1/offers", new { aidType = "Humanitarian", description = "x", quantityAnnounced = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Fact]
    public async Task Token_revoked_by_its_owner_through_the_cookie_signed_api_is_refused_and_a_token_cannot_mint_tokens()
    {
        using var browser = await fx.SignedInBrowserAsync("tk-owner", Role.NationalPointOfContact, "JPN");
        browser.DefaultRequestHeaders.Accept.Add(new("application/json"));
        using var minted = await browser.PostJson("/api/v1/tokens", new { name = "script", scope = "Write", days = 5 });
        var body = await minted.Ok(HttpStatusCode.Created);
        var token = body.Str("token");
        var id = body["info"]!.Str("id");
        Assert.Equal(HttpStatusCode.OK, await Me(token));

        // A bearer token cannot list, mint or revoke tokens (only a password sign-in can).
        using (var viaToken = fx.Anonymous(token))
        {
            using var list = await viaToken.GetAsync("/api/v1/tokens", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
            using var mint = await viaToken.PostJson("/api/v1/tokens", new { name = "more", scope = "Write", days = 300 });
            Assert.Equal(HttpStatusCode.Unauthorized, mint.StatusCode);
        }

        // Another account cannot revoke it (not found), its owner can.
        using (var other = await fx.SignedInBrowserAsync("tk-other", Role.NationalPointOfContact, "USA"))
        {
            using var steal = await other.DeleteAsync($"/api/v1/tokens/{id}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, steal.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, await Me(token));
        using (var revoke = await browser.DeleteAsync($"/api/v1/tokens/{id}", Ct))
            await revoke.Ok();
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(token));
    }

    [Fact]
    public async Task Expired_token_is_refused_with_401()
    {
        // Created a week ago for one day.
        var past = new FakeClock();
        past.Advance(TimeSpan.FromDays(-7));
        await fx.EnsureAccountAsync("tk-expired", Role.Coordinator, null);
        string old;
        await using (var db = fx.OpenDb(past))
            old = (await fx.Accounts(db).CreateToken(SecurityFixture<TKind>.Setup, "tk-expired", "old", TokenScope.Write, 1, Ct)).Token;
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(old));

        // Valid now, expired once the server's clock passes its end.
        var fresh = await fx.TokenForAsync("tk-expired", Role.Coordinator, null, TokenScope.Write, days: 2);
        Assert.Equal(HttpStatusCode.OK, await Me(fresh.Token));
        try
        {
            fx.Clock.Advance(TimeSpan.FromDays(2).Add(TimeSpan.FromMinutes(1)));
            Assert.Equal(HttpStatusCode.Unauthorized, await Me(fresh.Token));
        }
        finally
        {
            fx.Clock.Reset();
        }
        Assert.Equal(HttpStatusCode.OK, await Me(fresh.Token));
    }

    [Fact]
    public async Task Disabled_accounts_token_is_refused_with_401()
    {
        var created = await fx.TokenForAsync("tk-disabled", Role.NationalPointOfContact, "JPN");
        Assert.Equal(HttpStatusCode.OK, await Me(created.Token));
        await using (var db = fx.OpenDb())
            await fx.Accounts(db).SetDisabled(SecurityFixture<TKind>.Setup, "tk-disabled", true, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(created.Token));
    }

    [Fact]
    public async Task Read_scoped_token_reads_but_every_write_is_403()
    {
        using var read = await fx.ClientForAsync("tk-read", Role.Coordinator, null, TokenScope.Read);
        await read.GetNode("/api/v1/offers");
        var before = await fx.LedgerCountAsync();
        using (var r = await read.PostJson("/api/v1/nations", new { code = "QRD", name = "Readland", status = "Member" })) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await read.PostJson("/api/v1/offers", new { donorCode = "USA", aidType = "Humanitarian", description = "x", quantityAnnounced = 1 })) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await read.PostJson("/api/v1/funding", new { donorCode = "USA", pool = "p", amount = 1m, currency = "EUR", pledgedOn = "2026-01-01" })) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await read.PostJson("/api/v1/requirements", new { period = "2031-02", priorityRank = 9, itemCode = SecurityFixture<TKind>.Helmet, quantity = 1, neededBy = "2031-06-01", destination = "Kyiv" })) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await read.PostRaw("/api/v1/import/catalogue", "code,name,supply_class,coalition,is_lethal\nrd-x,x,8470,protection,no\n", "text/csv")) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await read.PostJson("/api/v1/plans", new { period = "2031-01" })) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(before, await fx.LedgerCountAsync());
    }

    [Fact]
    public async Task Tokens_are_stored_hashed_and_the_ledger_holds_no_secret_or_hash()
    {
        var created = await fx.TokenForAsync("tk-secret", Role.NationalPointOfContact, "JPN");
        Assert.StartsWith("qm_", created.Token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await Me(created.Token));
        await using (var db = fx.OpenDb())
            await fx.Accounts(db).SetPassword(SecurityFixture<TKind>.Setup, "tk-secret", "another-long-password-9", Ct);

        await using var c = await fx.Db.OpenRawAsync();
        var tokenCells = await AllCells(c, "SELECT * FROM api_tokens");
        Assert.NotEmpty(tokenCells);
        Assert.DoesNotContain(tokenCells, v => v.Contains(created.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(tokenCells, v => v.Contains(created.Token[3..], StringComparison.Ordinal));

        var secrets = new List<string>(await AllCells(c, "SELECT \"Hash\" FROM api_tokens"));
        secrets.AddRange(await AllCells(c, "SELECT \"PasswordHash\" FROM accounts"));
        Assert.All(secrets, s => Assert.True(s.Length >= 32, "a stored hash is suspiciously short"));

        var ledger = await AllCells(c, "SELECT \"Payload\" FROM ledger_events");
        ledger.AddRange(await AllCells(c, "SELECT \"Command\" FROM ledger_events"));
        Assert.DoesNotContain(ledger, v => v.Contains(created.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(ledger, v => v.Contains(SecurityFixture<TKind>.Password, StringComparison.Ordinal) || v.Contains("another-long-password-9", StringComparison.Ordinal));
        foreach (var s in secrets) Assert.DoesNotContain(ledger, v => v.Contains(s, StringComparison.Ordinal));

        // Every PasswordHash / Hash of an account or token in a payload (state and changes) is "[redacted]".
        var payloads = await AllCells(c, "SELECT \"Payload\" FROM ledger_events WHERE \"EntityType\" IN ('Account', 'ApiToken')");
        Assert.NotEmpty(payloads);
        var seen = 0;
        foreach (var p in payloads)
            foreach (var (name, value) in Walk(JsonNode.Parse(p)!))
                if (name is "PasswordHash" or "Hash")
                {
                    seen++;
                    Assert.True(value is JsonValue v && v.GetValue<string>() == "[redacted]", $"ledger holds {name} = {value?.ToJsonString()}");
                }
        Assert.True(seen > 0, "no redacted hash field found: the payload layout changed and this test no longer looks in the right place");
    }

    /// <summary>Every (property name, value) of a JSON tree, where a "changed" entry's from/to count under the property's name.</summary>
    private static IEnumerable<(string Name, JsonNode? Value)> Walk(JsonNode node, string? parent = null)
    {
        if (node is JsonObject o)
            foreach (var (k, v) in o)
            {
                var name = k is "from" or "to" && parent is not null ? parent : k;
                if (v is JsonObject or JsonArray) foreach (var x in Walk(v, k)) yield return x;
                else yield return (name, v);
            }
        else if (node is JsonArray a)
            foreach (var v in a) if (v is not null) foreach (var x in Walk(v, parent)) yield return x;
    }

    private static async Task<List<string>> AllCells(System.Data.Common.DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        var cells = new List<string>();
        while (await r.ReadAsync(Ct))
            for (var i = 0; i < r.FieldCount; i++)
                if (!await r.IsDBNullAsync(i, Ct)) cells.Add(Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return cells;
    }
}

public sealed class TokensOnSqlite(SecurityFixture<OnSqlite> fx) : TokenTests<OnSqlite>(fx);

public sealed class TokensOnPostgres(SecurityFixture<OnPostgres> fx) : TokenTests<OnPostgres>(fx);
