using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Quartermaster.Storage;

public sealed class SqliteQuartermasterDb(DbContextOptions<SqliteQuartermasterDb> options, TimeProvider clock)
    : QuartermasterDb(options, clock)
{
    public override bool IsPostgres => false;
}

public sealed class PostgresQuartermasterDb(DbContextOptions<PostgresQuartermasterDb> options, TimeProvider clock)
    : QuartermasterDb(options, clock)
{
    public override bool IsPostgres => true;
}

/// <summary>
/// Where the data lives: a SQLite file (the embedded default) or a PostgreSQL server, chosen by the one
/// <c>--db</c> value: a connection string with <c>Host=</c> means PostgreSQL, anything else is a SQLite path.
/// </summary>
public sealed record DatabaseTarget(bool IsPostgres, string ConnectionString, string Display)
{
    public const string EnvironmentVariable = "QM_DB";

    /// <summary>
    /// How often a PostgreSQL operation that met a transient fault (server restart, terminated connection, failover) is
    /// tried again, with exponential back-off up to <see cref="MaxRetryDelay"/> (about 7 s in all by default) before the
    /// request is answered 503. SQLite has no transient faults of that kind (a locked file waits its busy timeout).
    /// </summary>
    public int MaxRetryCount { get; init; } = 5;

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public static string DefaultSqlitePath()
    {
        var root = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(root, "quartermaster", "quartermaster.db");
    }

    /// <summary>From --db, else the QM_DB environment variable, else the per-user SQLite file.</summary>
    public static DatabaseTarget Resolve(string? db)
    {
        db = string.IsNullOrWhiteSpace(db) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : db;
        if (string.IsNullOrWhiteSpace(db)) db = DefaultSqlitePath();
        if (db.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            var safe = string.Join(';', db.Split(';').Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)));
            return new DatabaseTarget(true, db, $"PostgreSQL ({safe})");
        }
        var path = db.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? db["Data Source=".Length..].Split(';')[0] : db;
        path = Path.GetFullPath(path);
        return new DatabaseTarget(false, $"Data Source={path};Default Timeout=30", path);
    }

    /// <summary>
    /// A context on this database. A list in a query (<c>ids.Contains(x.Id)</c>) goes to SQL as one array parameter
    /// (PostgreSQL <c>= ANY(@ids)</c>, SQLite <c>json_each(@ids)</c>), not one parameter per element (EF Core 10's
    /// default): the SQL stays the same whatever the list's length, so EF and the database prepare it once, and a list of
    /// 5,000 ids is not 5,000 parameters (the readiness board spent 450 of 650 ms on that; bench readiness, bench api).
    /// </summary>
    public QuartermasterDb Open(TimeProvider clock)
    {
        if (IsPostgres)
        {
            var options = new DbContextOptionsBuilder<PostgresQuartermasterDb>()
                .UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable("__migrations")
                    .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)
                    .ExecutionStrategy(d => new ResilientNpgsqlExecutionStrategy(d, MaxRetryCount, MaxRetryDelay)))
                .Options;
            return new PostgresQuartermasterDb(options, clock);
        }
        var dir = Path.GetDirectoryName(Display);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var sqlite = new DbContextOptionsBuilder<SqliteQuartermasterDb>()
            .UseSqlite(ConnectionString, o => o.MigrationsHistoryTable("__migrations")
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .Options;
        return new SqliteQuartermasterDb(sqlite, clock);
    }

    /// <summary>
    /// Brings the schema up to date (applies pending migrations). On SQLite a migration lock left by a crashed start is
    /// detected and cleared (see <see cref="SqliteMigrationLock"/>), and <paramref name="notice"/> (default: standard
    /// error) is told. On PostgreSQL, starts take turns through a session-level advisory lock, and EF Core's migration
    /// lock is a table lock of the migrating session: both end with that session, so a crashed start never blocks the
    /// next one.
    /// </summary>
    public async Task MigrateAsync(TimeProvider clock, CancellationToken ct = default, Action<string>? notice = null)
    {
        notice ??= m => Console.Error.WriteLine("qm: note: " + m);
        if (IsPostgres)
        {
            // EF Core's own lock does not keep two servers that start at once on a new database from both creating the
            // schema: a session-level advisory lock does (released at the end, or by PostgreSQL when the session dies).
            await using var pg = Open(clock);
            await pg.Database.OpenConnectionAsync(ct);
            try
            {
                await pg.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7215002)", ct);
                await pg.Database.MigrateAsync(ct);
                await pg.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7215002)", ct);
            }
            finally
            {
                await pg.Database.CloseConnectionAsync();
            }
            return;
        }
        Open(clock).Dispose(); // creates the directory
        await using var migrating = await SqliteMigrationLock.AcquireAsync(Display, notice, ct);
        if (await SqliteMigrationLock.ClearStaleEfLockAsync(ConnectionString, ct) is { } taken)
            notice($"cleared a stale migration lock on {Display} (taken {taken} by a start that did not finish); migrating now");
        await using var db = Open(clock);
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteQuartermasterDb>
{
    public SqliteQuartermasterDb CreateDbContext(string[] args)
        => (SqliteQuartermasterDb)DatabaseTarget.Resolve("design-time.db").Open(TimeProvider.System);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresQuartermasterDb>
{
    public PostgresQuartermasterDb CreateDbContext(string[] args)
        => (PostgresQuartermasterDb)DatabaseTarget.Resolve("Host=localhost;Database=design").Open(TimeProvider.System);
}
