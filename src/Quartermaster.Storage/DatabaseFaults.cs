using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Quartermaster.Storage;

/// <summary>
/// How storage failures are told apart, in one place: the database being away (answered 503 with Retry-After, the
/// client may send the same request again), and a unique key taken by a concurrent writer (the command is run once
/// more against the new state, then refused as a conflict).
/// </summary>
public static class DatabaseFaults
{
    /// <summary>Seconds a client is asked to wait before sending again when the database is away.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The database could not be reached or refused service for a while (after the server's own retries).</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RetryLimitExceededException:
                case NpgsqlException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED: another process holds the file past the timeout
                case SocketException:
                    return true;
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal):
                    return true;
            }
        }
        return false;
    }

    /// <summary>A write failed because a unique key (or primary key) was taken meanwhile by another writer.</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
            if (e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }) return true; // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
        }
        return false;
    }
}

/// <summary>
/// Npgsql's retrying execution strategy, plus: a connection-level failure (the server restarted, the connection was
/// terminated) clears the connection pool, so that the retry, and every request after it, opens a fresh connection
/// instead of meeting another stale pooled one.
/// </summary>
public sealed class ResilientNpgsqlExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : Npgsql.EntityFrameworkCore.PostgreSQL.NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay, null)
{
    protected override bool ShouldRetryOn(Exception? exception)
    {
        var retry = base.ShouldRetryOn(exception);
        if (retry && exception is not PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }
            && Dependencies.CurrentContext.Context.Database.GetDbConnection() is NpgsqlConnection connection)
            NpgsqlConnection.ClearPool(connection);
        return retry;
    }
}
