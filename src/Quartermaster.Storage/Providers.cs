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
        return new DatabaseTarget(false, $"Data Source={path};Default Timeout=30;Pooling=False", path);
    }

    public QuartermasterDb Open(TimeProvider clock)
    {
        if (IsPostgres)
        {
            var options = new DbContextOptionsBuilder<PostgresQuartermasterDb>()
                .UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable("__migrations")
                    .ExecutionStrategy(d => new ResilientNpgsqlExecutionStrategy(d, MaxRetryCount, MaxRetryDelay)))
                .Options;
            return new PostgresQuartermasterDb(options, clock);
        }
        var dir = Path.GetDirectoryName(Display);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var sqlite = new DbContextOptionsBuilder<SqliteQuartermasterDb>()
            .UseSqlite(ConnectionString, o => o.MigrationsHistoryTable("__migrations"))
            .Options;
        return new SqliteQuartermasterDb(sqlite, clock);
    }

    /// <summary>Brings the schema up to date (applies pending migrations).</summary>
    public async Task MigrateAsync(TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = Open(clock);
        await db.Database.MigrateAsync(ct);
        if (!IsPostgres)
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
