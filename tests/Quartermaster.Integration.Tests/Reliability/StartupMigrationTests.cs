using System.Collections.Concurrent;
using Npgsql;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Storage;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Reliability;

/// <summary>A start that crashed while migrating never leaves the next start unable to run.</summary>
public sealed class StartupMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Long enough for any migration on this machine; only there so that a hanging start fails the test instead of the run.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    /// <summary>What EF Core leaves in a SQLite file when the process is killed while it migrates.</summary>
    private static Task LeaveStaleLock(TestDatabase db) => db.ExecuteAsync(
        """
        CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
        INSERT OR IGNORE INTO "__EFMigrationsLock"("Id", "Timestamp") VALUES(1, '2026-12-01 03:14:15.9265358+00:00');
        """);

    [Fact]
    public async Task On_SQLite_a_stale_migration_lock_of_a_crashed_start_is_cleared_and_said_and_the_server_starts()
    {
        await using var db = await TestDatabase.CreateAsync(DbKind.Sqlite, migrate: false);
        await LeaveStaleLock(db);
        var notices = new ConcurrentQueue<string>();

        await db.Target.MigrateAsync(TimeProvider.System, Ct, notices.Enqueue).WaitAsync(Hang, Ct);

        Assert.Contains(notices, n => n.Contains("cleared a stale migration lock", StringComparison.Ordinal) && n.Contains("2026-12-01", StringComparison.Ordinal));
        Assert.Equal(0, await db.ScalarLongAsync("SELECT COUNT(*) FROM \"__EFMigrationsLock\""));
        Assert.Equal(0, await db.ScalarLongAsync("SELECT COUNT(*) FROM offers"));

        // And again on a migrated database, through a whole server start.
        await LeaveStaleLock(db);
        await using var app = await WebApp.CreateAsync(new WebOptions(db.Target, ["http://127.0.0.1:0"]), Ct).WaitAsync(Hang, Ct);
        Assert.Equal(0, await db.ScalarLongAsync("SELECT COUNT(*) FROM \"__EFMigrationsLock\""));
    }

    [Fact]
    public async Task On_SQLite_a_start_waits_for_a_live_migration_and_leaves_its_lock_alone()
    {
        await using var db = await TestDatabase.CreateAsync(DbKind.Sqlite, migrate: false);
        var notices = new ConcurrentQueue<string>();
        var waiting = new TaskCompletionSource();
        Task second;
        await using (await SqliteMigrationLock.AcquireAsync(db.Target.Display, _ => { }, Ct))
        {
            await LeaveStaleLock(db); // the live migrator's own row
            second = db.Target.MigrateAsync(TimeProvider.System, Ct, n =>
            {
                notices.Enqueue(n);
                if (n.Contains("waiting", StringComparison.Ordinal)) waiting.TrySetResult();
            });
            await waiting.Task.WaitAsync(Hang, Ct);
            Assert.False(second.IsCompleted);
            Assert.Equal(1, await db.ScalarLongAsync("SELECT COUNT(*) FROM \"__EFMigrationsLock\""));
        }
        await second.WaitAsync(Hang, Ct);
        Assert.Equal(0, await db.ScalarLongAsync("SELECT COUNT(*) FROM offers"));
    }

    [Fact]
    public async Task On_PostgreSQL_the_migration_lock_of_a_killed_session_dies_with_it_and_the_next_start_migrates()
    {
        await using var db = await TestDatabase.CreateAsync(DbKind.Postgres, migrate: false);
        // A start that is migrating: it holds EF Core's lock (a table lock on the history table) in its open transaction.
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS \"__migrations\" (\"MigrationId\" character varying(150) NOT NULL PRIMARY KEY, \"ProductVersion\" character varying(32) NOT NULL)");
        var crashed = new NpgsqlConnection(db.DbArgument);
        await crashed.OpenAsync(Ct);
        await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE \"__migrations\" IN ACCESS EXCLUSIVE MODE; SELECT pg_backend_pid();", crashed))
        {
            var pid = (int)(await begin.ExecuteScalarAsync(Ct))!;
            var next = db.Target.MigrateAsync(TimeProvider.System, Ct);
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.False(next.IsCompleted); // waits for the live migrator...

            // ...which is killed (kill -9 of its process ends its session the same way).
            await using (var admin = new NpgsqlConnection(await PostgresServer.AdminConnectionString()))
            {
                await admin.OpenAsync(Ct);
                await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({pid})", admin);
                await kill.ExecuteScalarAsync(Ct);
            }
            await next.WaitAsync(Hang, Ct);
        }
        try { await crashed.DisposeAsync(); } catch (PostgresException) { } // its session is gone
        Assert.Equal(0, await db.ScalarLongAsync("SELECT COUNT(*) FROM offers"));
    }

    [Theory]
    [InlineData(DbKind.Sqlite)]
    [InlineData(DbKind.Postgres)]
    public async Task Two_servers_starting_at_once_on_a_new_database_both_start_and_migrate_it_once(DbKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, migrate: false);
        var starts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => WebApp.CreateAsync(new WebOptions(db.Target, ["http://127.0.0.1:0"]), Ct))).WaitAsync(Hang, Ct);
        foreach (var app in starts) await app.DisposeAsync();
        Assert.Equal(await db.ScalarLongAsync("SELECT COUNT(DISTINCT \"MigrationId\") FROM \"__migrations\""),
            await db.ScalarLongAsync("SELECT COUNT(*) FROM \"__migrations\""));
        Assert.Equal(0, await db.ScalarLongAsync("SELECT COUNT(*) FROM offers"));
    }
}
