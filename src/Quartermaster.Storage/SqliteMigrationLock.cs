using Microsoft.Data.Sqlite;

namespace Quartermaster.Storage;

/// <summary>
/// Makes start-up migration on SQLite survive a crash. EF Core marks a running migration with a row in
/// <c>__EFMigrationsLock</c>; a process killed while migrating leaves that row behind, and every later start would wait
/// for it for ever. Quartermaster therefore first takes an operating-system lock on <c>&lt;database&gt;.migrate-lock</c>
/// (released by the kernel when its process dies, however it dies). Whoever holds that lock is the only Quartermaster
/// process migrating the file, so a row found in <c>__EFMigrationsLock</c> then is certainly stale: it is removed, and
/// the start says so. A second process starting meanwhile waits for the first one's migration instead.
/// </summary>
public sealed class SqliteMigrationLock : IAsyncDisposable
{
    public const string EfLockTable = "__EFMigrationsLock";

    private readonly FileStream file;

    private SqliteMigrationLock(FileStream file) => this.file = file;

    public static string PathFor(string databasePath) => databasePath + ".migrate-lock";

    /// <summary>Waits until no other process is migrating this database file, then holds the lock until disposed.</summary>
    public static async Task<SqliteMigrationLock> AcquireAsync(string databasePath, Action<string> notice, CancellationToken ct)
    {
        var path = PathFor(databasePath);
        var told = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock() on Linux and a share lock on Windows: gone with the process.
                return new SqliteMigrationLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (!ct.IsCancellationRequested)
            {
                if (!told) notice($"another process is migrating {databasePath}; waiting for it to finish");
                told = true;
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    /// <summary>Removes EF Core's lock row, which no live process can own while this lock is held; returns when it was taken, if there was one.</summary>
    public static async Task<string?> ClearStaleEfLockAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var exists = connection.CreateCommand();
        exists.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{EfLockTable}'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct)) == 0) return null;
        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT \"Timestamp\" FROM \"{EfLockTable}\" LIMIT 1";
        if (await read.ExecuteScalarAsync(ct) is not { } taken) return null;
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM \"{EfLockTable}\"";
        await delete.ExecuteNonQueryAsync(ct);
        return Convert.ToString(taken, System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
