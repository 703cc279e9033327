using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// Whoever runs the database tampers with it by raw SQL, the way the chain check alone missed: truncating the last
/// events, rewriting them with valid hashes, appending a forged event with a valid hash, editing, inserting or
/// deleting a record in its table. Verification compares every record with its latest event and names the first
/// that differs.
/// </summary>
public abstract class LedgerTamperTests<TKind> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Four nations (events base+1 to base+4, after the fresh database's reference data), then QTA renamed (event base+5).</summary>
    protected static async Task<TestDatabase> SeededAsync()
    {
        var db = await TestDatabase.CreateAsync(TKind.Kind);
        await using var ctx = db.Open();
        var nations = new NationsService(ctx);
        var actor = Actor.LocalOperator("tamper-test");
        foreach (var c in new[] { "QTA", "QTB", "QTC", "QTD" })
            await nations.Create(actor, new NationInput(c, "Tamper " + c, NationStatus.Member), Ct);
        var qta = await nations.Get("QTA", Ct);
        await nations.Update(actor, "QTA", qta.Version, new NationInput("QTA", "Renamed", NationStatus.Member), Ct);
        return db;
    }

    public static async Task AllowChanges(TestDatabase db)
    {
        if (db.Kind == DbKind.Sqlite)
        {
            await db.ExecuteAsync("DROP TRIGGER ledger_events_no_update");
            await db.ExecuteAsync("DROP TRIGGER ledger_events_no_delete");
        }
        else
            await db.ExecuteAsync("ALTER TABLE ledger_events DISABLE TRIGGER USER");
    }

    /// <summary>The sequence number of the last reference-data event before <see cref="SeededAsync"/> added its own.</summary>
    protected static async Task<long> BaseAsync(TestDatabase db)
    {
        await using var ctx = db.Open();
        return await ctx.LedgerEvents.Where(e => e.EntityId == "QTA").MinAsync(e => e.Sequence, Ct) - 1;
    }

    protected static async Task<LedgerVerification> VerifyAsync(TestDatabase db)
    {
        await using var ctx = db.Open();
        return await new LedgerService(ctx).Verify(null, Ct);
    }

    /// <summary>The attacker knows the chain's encoding: the rewritten or forged event gets a valid hash after <paramref name="previousHash"/>.</summary>
    public static async Task<LedgerEvent> LastEvent(TestDatabase db)
    {
        await using var ctx = db.Open();
        return await ctx.LedgerEvents.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(Ct);
    }

    protected static string Sql(string s) => "'" + s.Replace("'", "''") + "'";

    protected static string InsertSql(LedgerEvent e) =>
        $"INSERT INTO ledger_events (\"Sequence\", \"RecordedAt\", \"Actor\", \"ActorNation\", \"EventType\", \"EntityType\", \"EntityId\", \"Command\", \"Payload\", \"PreviousHash\", \"Hash\") VALUES ({e.Sequence}, "
        + $"{Sql(e.RecordedAt.ToString("yyyy-MM-dd HH:mm:ss.ffffff"))}, {Sql(e.Actor)}, NULL, {Sql(e.EventType)}, {Sql(e.EntityType)}, {Sql(e.EntityId)}, {Sql(e.Command)}, {Sql(e.Payload)}, {Sql(e.PreviousHash)}, {Sql(e.Hash)})";

    [Fact]
    public async Task An_untouched_ledger_verifies_with_every_record_matching()
    {
        await using var db = await SeededAsync();
        var v = await VerifyAsync(db);
        Assert.True(v.Intact, v.Problem);
        Assert.Equal(await BaseAsync(db) + 5, v.EventsChecked);
        Assert.True(v.RecordsChecked >= 4);
        Assert.Matches("^[0-9a-f]{64}$", v.RootHash);
    }

    [Fact]
    public async Task Truncating_the_last_events_is_found_by_the_records_they_described()
    {
        await using var db = await SeededAsync();
        await AllowChanges(db);
        Assert.Equal(2, await db.ExecuteAsync($"DELETE FROM ledger_events WHERE \"Sequence\" >= {await BaseAsync(db) + 4}"));
        var v = await VerifyAsync(db);
        Assert.False(v.Intact);
        Assert.Null(v.Break);
        Assert.Equal(2, v.BadRecords);
        Assert.Equal(("Nation", "QTD"), (v.FirstBadRecord!.EntityType, v.FirstBadRecord.EntityId));
        Assert.Contains("no ledger event", v.FirstBadRecord.Reason);
    }

    [Fact]
    public async Task Rewriting_the_last_event_with_a_valid_hash_is_found_by_its_record()
    {
        await using var db = await SeededAsync();
        await AllowChanges(db);
        var last = await LastEvent(db);
        last.Payload = last.Payload.Replace("Renamed", "Forged");
        last.Hash = LedgerChain.ComputeHash(last);
        Assert.Equal(1, await db.ExecuteAsync($"UPDATE ledger_events SET \"Payload\" = {Sql(last.Payload)}, \"Hash\" = {Sql(last.Hash)} WHERE \"Sequence\" = {last.Sequence}"));
        var v = await VerifyAsync(db);
        Assert.Null(v.Break);
        Assert.False(v.Intact);
        Assert.Equal(("QTA", await BaseAsync(db) + 5), (v.FirstBadRecord!.EntityId, v.FirstBadRecord.LatestSequence));
        Assert.Contains("Name is \"Renamed\" in its table but \"Forged\" in the ledger", v.FirstBadRecord.Reason);
    }

    [Fact]
    public async Task A_forged_event_appended_with_a_valid_hash_is_found_by_its_record()
    {
        await using var db = await SeededAsync();
        var last = await LastEvent(db);
        var forged = new LedgerEvent
        {
            RecordedAt = DateTime.UtcNow, Actor = "coordinator", EventType = "Nation.Updated", EntityType = "Nation", EntityId = "QTB",
            Command = "update nation QTB", Payload = last.Payload.Replace("QTA", "QTB").Replace("Renamed", "Forged"),
        };
        forged.RecordedAt = new DateTime(forged.RecordedAt.Ticks / 10 * 10, DateTimeKind.Utc);
        LedgerChain.Seal(forged, last.Sequence, last.Hash);
        Assert.Equal(1, await db.ExecuteAsync(InsertSql(forged)));
        var v = await VerifyAsync(db);
        Assert.Null(v.Break);
        Assert.False(v.Intact);
        Assert.Equal(("QTB", await BaseAsync(db) + 6), (v.FirstBadRecord!.EntityId, v.FirstBadRecord.LatestSequence));
    }

    [Fact]
    public async Task A_record_edited_in_its_table_is_named_with_the_field_by_the_service_and_the_cli()
    {
        await using var db = await SeededAsync();
        Assert.Equal(1, await db.ExecuteAsync("UPDATE nations SET \"Name\" = 'Edited' WHERE \"Code\" = 'QTC'"));
        var v = await VerifyAsync(db);
        Assert.Null(v.Break);
        Assert.False(v.Intact);
        Assert.Equal(("Nation", "QTC", await BaseAsync(db) + 3), (v.FirstBadRecord!.EntityType, v.FirstBadRecord.EntityId, v.FirstBadRecord.LatestSequence));
        Assert.Contains("Name is \"Edited\" in its table but \"Tamper QTC\" in the ledger", v.FirstBadRecord.Reason);

        var cli = await Qm.Run("ledger", "verify", "--db", db.DbArgument);
        Assert.True(cli.ExitCode != 0, cli.ToString());
        Assert.StartsWith("qm: error: Nation QTC does not match the ledger", cli.Err.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task A_record_deleted_from_or_inserted_into_its_table_is_found()
    {
        await using var db = await SeededAsync();
        Assert.Equal(1, await db.ExecuteAsync("DELETE FROM nations WHERE \"Code\" = 'QTB'"));
        var v = await VerifyAsync(db);
        Assert.Equal("QTB", v.FirstBadRecord!.EntityId);
        Assert.Contains("missing from its table", v.FirstBadRecord.Reason);

        await using var other = await SeededAsync();
        Assert.Equal(1, await other.ExecuteAsync("INSERT INTO nations (\"Code\", \"Name\", \"Kind\", \"Status\", \"Policy\", \"Version\") "
            + "SELECT 'QTZ', 'Smuggled', \"Kind\", \"Status\", \"Policy\", 0 FROM nations WHERE \"Code\" = 'QTA'"));
        var w = await VerifyAsync(other);
        Assert.Equal("QTZ", w.FirstBadRecord!.EntityId);
        Assert.Contains("no ledger event", w.FirstBadRecord.Reason);
    }
}

public sealed class LedgerTamperOnSqlite : LedgerTamperTests<OnSqlite>;

public sealed class LedgerTamperOnPostgres : LedgerTamperTests<OnPostgres>;
