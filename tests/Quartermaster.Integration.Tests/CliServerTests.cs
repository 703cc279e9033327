using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>qm against a running server (--server, --token): exactly the token's rights, the token's owner in the ledger.</summary>
public abstract class CliServerTests<TKind>(AppFixture<TKind> fx) : IClassFixture<AppFixture<TKind>> where TKind : IDbKind
{
    private async Task<string> Token(string user, Role role, TokenScope scope)
    {
        await using var db = fx.Db.Open();
        var accounts = new AccountsService(db);
        var setup = Actor.LocalOperator("fixture");
        await accounts.Add(setup, user, user, role, null, null, "fixture-password-123", TestContext.Current.CancellationToken);
        return (await accounts.CreateToken(setup, user, "cli", scope, 1, TestContext.Current.CancellationToken)).Token;
    }

    [Fact]
    public async Task A_write_token_imports_through_the_server_and_the_ledger_names_its_owner()
    {
        var token = await Token("cli-writer", Role.Coordinator, TokenScope.Write);
        var r = await Qm.Run("import", "catalogue", TestData.CatalogueCsvPath, "--server", fx.BaseAddress.ToString(), "--token", token);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("383 rows", r.Out);
        Assert.True(await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"Actor\" = 'cli-writer' AND \"EventType\" = 'CatalogueItem.Created'") > 0);
    }

    [Fact]
    public async Task A_read_token_cannot_import_and_the_cli_says_so_in_one_line()
    {
        var token = await Token("cli-reader", Role.Auditor, TokenScope.Read);
        var before = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        var r = await Qm.Run("import", "catalogue", TestData.CatalogueCsvPath, "--server", fx.BaseAddress.ToString(), "--token", token);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("qm: error:", r.Err.Trim());
        Assert.Contains("does not allow", r.Err);
        Assert.Equal(before, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
        var verify = await Qm.Run("ledger", "verify", "--server", fx.BaseAddress.ToString(), "--token", token);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Ledger intact", verify.Out);
    }

    [Fact]
    public async Task An_unknown_token_is_refused()
    {
        var r = await Qm.Run("report", "burden-sharing", "--server", fx.BaseAddress.ToString(), "--token", "qm_not-a-real-token");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("refused the token", r.Err);
    }
}

public sealed class CliServerOnSqlite(AppFixture<OnSqlite> fx) : CliServerTests<OnSqlite>(fx);

public sealed class CliServerOnPostgres(AppFixture<OnPostgres> fx) : CliServerTests<OnPostgres>(fx);
