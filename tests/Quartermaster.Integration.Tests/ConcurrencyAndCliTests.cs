using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Storage;

namespace Quartermaster.Integration.Tests;

/// <summary>A database of one kind, no server: for storage-level tests.</summary>
public sealed class DatabaseFixture<TKind> : IAsyncLifetime where TKind : IDbKind
{
    public TestDatabase Db { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Db = await TestDatabase.CreateAsync(TKind.Kind);

    public async ValueTask DisposeAsync() => await Db.DisposeAsync();
}

public abstract class ConcurrencyTests<TKind>(DatabaseFixture<TKind> fx) : IClassFixture<DatabaseFixture<TKind>> where TKind : IDbKind
{
    private static readonly Actor Alice = Actor.LocalOperator("alice");
    private static readonly Actor Bob = Actor.LocalOperator("bob");

    private async Task<Guid> NewOffer()
    {
        await using var db = fx.Db.Open();
        var code = "QC" + (char)('A' + Random.Shared.Next(26));
        if (!await db.Nations.AnyAsync(n => n.Code == code, TestContext.Current.CancellationToken))
            await new NationsService(db).Create(Alice, new NationInput(code, "Concurrency " + code, NationStatus.Member), TestContext.Current.CancellationToken);
        var offer = await new OffersService(db).Create(Alice, new OfferInput(code, AidType.Humanitarian, null, "generators", 10), TestContext.Current.CancellationToken);
        return offer.Id;
    }

    [Fact]
    public async Task Two_contexts_update_the_same_offer_and_the_second_save_fails_with_a_conflict()
    {
        var id = await NewOffer();
        await using var first = fx.Db.Open();
        await using var second = fx.Db.Open();
        var a = await first.Offers.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        var b = await second.Offers.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        a.Announce(11);
        b.Announce(12);
        first.Changes = new ChangeContext(Alice, "test: alice updates");
        second.Changes = new ChangeContext(Bob, "test: bob updates");
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        var ledger = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));

        await using var check = fx.Db.Open();
        var stored = await check.Offers.AsNoTracking().SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        Assert.Equal(11, stored.QuantityAnnounced);
        Assert.Equal(ledger, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
        Assert.Equal(0, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"Actor\" = 'bob'"));
    }

    [Fact]
    public async Task Service_update_with_a_stale_version_is_a_conflict_exception()
    {
        var id = await NewOffer();
        await using var first = fx.Db.Open();
        await using var second = fx.Db.Open();
        var seen = (await new OffersService(first).Get(id, TestContext.Current.CancellationToken)).Version;
        Assert.Equal(seen, (await new OffersService(second).Get(id, TestContext.Current.CancellationToken)).Version);
        var code = (await new OffersService(first).Get(id, TestContext.Current.CancellationToken)).DonorCode;
        await new OffersService(first).Update(Alice, id, seen, new OfferInput(code, AidType.Humanitarian, null, "generators", 20), TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<ConflictException>(() =>
            new OffersService(second).Update(Bob, id, seen, new OfferInput(code, AidType.Humanitarian, null, "generators", 30), TestContext.Current.CancellationToken));
        await using var check = fx.Db.Open();
        Assert.Equal(20, (await new OffersService(check).Get(id, TestContext.Current.CancellationToken)).QuantityAnnounced);
    }
}

public sealed class ConcurrencyOnSqlite(DatabaseFixture<OnSqlite> fx) : ConcurrencyTests<OnSqlite>(fx);

public sealed class ConcurrencyOnPostgres(DatabaseFixture<OnPostgres> fx) : ConcurrencyTests<OnPostgres>(fx);

/// <summary>The qm command line, run as its own process.</summary>
public sealed class CliTests
{
    public static TheoryData<string> HelpCommands => new()
    {
        "", "serve", "demo", "import", "import offers", "import requirements", "import catalogue", "report", "report burden-sharing", "ledger", "ledger verify",
    };

    [Theory]
    [MemberData(nameof(HelpCommands))]
    public async Task Help_of_every_command_exits_zero(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
        var r = await Qm.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage", r.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", r.Err.Trim());
    }

    [Fact]
    public async Task Importing_a_missing_file_exits_non_zero_with_one_error_line()
    {
        var r = await Qm.Run("import", "offers", "missing.csv");
        Assert.True(r.ExitCode != 0, r.ToString());
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.StartsWith("qm: error: ", lines[0]);
        Assert.Contains("missing.csv", lines[0]);
    }

    [Theory]
    [InlineData(DbKind.Sqlite)]
    [InlineData(DbKind.Postgres)]
    public async Task Ledger_verify_on_a_database_just_created_by_db_init_prints_intact(DbKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, migrate: false);
        var init = await Qm.Run("db", "init", "--db", db.DbArgument);
        Assert.True(init.ExitCode == 0, init.ToString());
        var r = await Qm.Run("ledger", "verify", "--db", db.DbArgument);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("intact", r.Out);
    }
}
