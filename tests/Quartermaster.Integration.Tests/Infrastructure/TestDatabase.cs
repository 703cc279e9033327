using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Quartermaster.Storage;

namespace Quartermaster.Integration.Tests.Infrastructure;

public enum DbKind { Sqlite, Postgres }

/// <summary>Chooses the database a generic test class runs on (a type argument, so each class gets its own fixture).</summary>
public interface IDbKind
{
    static abstract DbKind Kind { get; }
}

public sealed class OnSqlite : IDbKind
{
    public static DbKind Kind => DbKind.Sqlite;
}

public sealed class OnPostgres : IDbKind
{
    public static DbKind Kind => DbKind.Postgres;
}

/// <summary>
/// A fresh, empty database of one kind: a SQLite file in its own temporary directory, or a new PostgreSQL database
/// (qm_test_&lt;guid&gt;) on the test server. Disposing it deletes the file or drops the database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? sqliteDir;
    private readonly string? pgName;
    private readonly string? pgAdmin;

    private TestDatabase(DbKind kind, string dbArgument, string? sqliteDir, string? pgName, string? pgAdmin)
    {
        Kind = kind;
        DbArgument = dbArgument;
        Target = DatabaseTarget.Resolve(dbArgument);
        this.sqliteDir = sqliteDir;
        this.pgName = pgName;
        this.pgAdmin = pgAdmin;
    }

    public DbKind Kind { get; }

    /// <summary>What a user passes as <c>--db</c>: the SQLite path or the PostgreSQL connection string.</summary>
    public string DbArgument { get; }

    public DatabaseTarget Target { get; }

    public static async Task<TestDatabase> CreateAsync(DbKind kind, bool migrate = true)
    {
        TestDatabase db;
        if (kind == DbKind.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "qm-it-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            db = new TestDatabase(kind, Path.Combine(dir, "quartermaster.db"), dir, null, null);
        }
        else
        {
            var admin = await PostgresServer.AdminConnectionString();
            var name = "qm_test_" + Guid.NewGuid().ToString("N");
            await using (var c = new NpgsqlConnection(admin))
            {
                await c.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
                await cmd.ExecuteNonQueryAsync();
            }
            var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true };
            db = new TestDatabase(kind, cs.ConnectionString, null, name, admin);
        }
        if (migrate) await Quartermaster.Application.ReferenceData.ReferenceDataSeeder.PrepareAsync(db.Target, TimeProvider.System);
        return db;
    }

    public QuartermasterDb Open() => Target.Open(TimeProvider.System);

    /// <summary>A raw ADO.NET connection to the database, for what no user can do through the product (tampering, counting rows).</summary>
    public async Task<DbConnection> OpenRawAsync()
    {
        DbConnection c = Kind == DbKind.Sqlite
            ? new SqliteConnection($"Data Source={Target.Display};Pooling=False;Default Timeout=30")
            : new NpgsqlConnection(DbArgument);
        await c.OpenAsync();
        return c;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var c = await OpenRawAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarLongAsync(string sql)
    {
        await using var c = await OpenRawAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task<string> ScalarStringAsync(string sql)
    {
        await using var c = await OpenRawAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>Every user table (migration history excluded) with its row count.</summary>
    public async Task<SortedDictionary<string, long>> RowCountsAsync()
    {
        await using var c = await OpenRawAsync();
        var tables = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = Kind == DbKind.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__migrations'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema='public' AND table_type='BASE TABLE' AND table_name <> '__migrations'";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tables)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM \"{t}\"";
            counts[t] = Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        if (sqliteDir is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(sqliteDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        if (pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(pgAdmin);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgName}\" WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
