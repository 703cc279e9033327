using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Quartermaster.Domain.Ledger;
using SQLitePCL;

namespace Quartermaster.Storage.Ledger;

/// <summary>
/// Streams the whole ledger in sequence order as <see cref="LedgerBatch"/>es for verification, in the context's current
/// transaction (the caller's snapshot). It reads below EF Core: on SQLite one prepared statement whose text columns are
/// taken as the UTF-8 bytes SQLite stores (no .NET strings at all but each record's type and id), elsewhere one
/// <see cref="DbDataReader"/>. Reading runs on its own thread, a few batches ahead of the caller. A batch is valid until
/// the caller asks for the next one (its memory is then reused).
/// </summary>
public static partial class LedgerEventStream
{
    private const string Select = "SELECT \"Sequence\", \"RecordedAt\", \"Actor\", \"ActorNation\", \"EventType\", \"EntityType\", \"EntityId\", "
                                  + "\"Command\", \"Payload\", \"PreviousHash\", \"Hash\" FROM ledger_events ORDER BY \"Sequence\"";

    public static IEnumerable<LedgerBatch> Batches(QuartermasterDb db, int batchSize, CancellationToken ct)
    {
        using var queue = new BlockingCollection<LedgerBatch>(boundedCapacity: 3);
        var free = new ConcurrentBag<LedgerBatch>(); // batches the caller is done with, for the reader to fill again
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = Task.Run(() =>
        {
            try
            {
                LedgerBatch Next()
                {
                    if (!free.TryTake(out var b)) return new LedgerBatch(batchSize);
                    b.Clear();
                    return b;
                }
                if (db.IsPostgres) ReadAdo(db, batchSize, queue, Next, stop.Token);
                else ReadSqlite(db, batchSize, queue, Next, stop.Token);
            }
            finally { queue.CompleteAdding(); }
        }, CancellationToken.None);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
            {
                yield return batch;
                free.Add(batch); // the caller asked for the next one: it is done with this one
            }
            reader.GetAwaiter().GetResult(); // a read error surfaces here
        }
        finally
        {
            stop.Cancel();
            try { reader.Wait(CancellationToken.None); } catch (AggregateException) { } // the connection must be free before anyone uses it again
        }
    }

    private static void ReadSqlite(QuartermasterDb db, int batchSize, BlockingCollection<LedgerBatch> queue, Func<LedgerBatch> next, CancellationToken ct)
    {
        db.Database.OpenConnection();
        var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, Select, out sqlite3_stmt statement);
        if (rc != raw.SQLITE_OK) throw new InvalidOperationException($"reading the ledger failed: {raw.sqlite3_errmsg(handle).utf8_to_string()}");
        using (statement)
        {
            var types = new TypeNames();
            var batch = next();
            while (true)
            {
                rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_DONE) break;
                if (rc != raw.SQLITE_ROW) throw new InvalidOperationException($"reading the ledger failed: {raw.sqlite3_errmsg(handle).utf8_to_string()}");
                var row = statement.DangerousGetHandle();
                var nation = Column.Type(row, 3) != raw.SQLITE_NULL;
                var entityType = Column.Utf8(row, 5);
                var entityId = Column.Utf8(row, 6);
                batch.Add(new LedgerEventFields
                {
                    Sequence = Column.Int64(row, 0),
                    RecordedAt = SqliteInstant(Column.Utf8(row, 1)),
                    Actor = Column.Utf8(row, 2),
                    ActorNation = nation ? Column.Utf8(row, 3) : default,
                    HasActorNation = nation,
                    EventType = Column.Utf8(row, 4),
                    EntityType = entityType,
                    EntityId = entityId,
                    Command = Column.Utf8(row, 7),
                    Payload = Column.Utf8(row, 8),
                    PreviousHash = Column.Utf8(row, 9),
                }, Column.Utf8(row, 10), types.Of(entityType), Encoding.UTF8.GetString(entityId));
                if (batch.Count == batchSize)
                {
                    queue.Add(batch, ct);
                    batch = next();
                }
            }
            if (batch.Count > 0) queue.Add(batch, ct);
        }
    }

    /// <summary>
    /// An instant as EF Core stores it on SQLite: <c>yyyy-MM-dd HH:mm:ss</c> and, when not whole seconds, a dot and up to
    /// seven digits of fraction. Anything else is parsed the general way (so an altered value still gets its hash checked).
    /// </summary>
    private static DateTime SqliteInstant(ReadOnlySpan<byte> text)
    {
        static int D(ReadOnlySpan<byte> t, int at, int n)
        {
            var v = 0;
            for (var i = at; i < at + n; i++)
            {
                var d = t[i] - '0';
                if ((uint)d > 9) return -1;
                v = v * 10 + d;
            }
            return v;
        }
        if (text.Length >= 19 && text[4] == '-' && text[7] == '-' && text[10] == ' ' && text[13] == ':' && text[16] == ':'
            && (text.Length == 19 || (text[19] == '.' && text.Length is > 20 and <= 27)))
        {
            int y = D(text, 0, 4), mo = D(text, 5, 2), d = D(text, 8, 2), h = D(text, 11, 2), mi = D(text, 14, 2), s = D(text, 17, 2);
            var fraction = text.Length > 20 ? D(text, 20, text.Length - 20) : 0;
            if (y > 0 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) && h is >= 0 and < 24 && mi is >= 0 and < 60 && s is >= 0 and < 60 && fraction >= 0)
            {
                for (var i = text.Length - 20; i < 7 && text.Length > 20; i++) fraction *= 10;
                return new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc).AddTicks(fraction);
            }
        }
        return DateTime.SpecifyKind(DateTime.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
    }

    private static void ReadAdo(QuartermasterDb db, int batchSize, BlockingCollection<LedgerBatch> queue, Func<LedgerBatch> next, CancellationToken ct)
    {
        db.Database.OpenConnection();
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Select;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        using var reader = command.ExecuteReader();
        var scratch = new byte[64 * 1024];
        var batch = next();
        while (reader.Read())
        {
            var at = 0;
            ReadOnlySpan<byte> Utf8(string s)
            {
                var need = Encoding.UTF8.GetMaxByteCount(s.Length);
                if (scratch.Length - at < need) Array.Resize(ref scratch, Math.Max(scratch.Length * 2, at + need));
                var n = Encoding.UTF8.GetBytes(s, scratch.AsSpan(at));
                var span = new ReadOnlySpan<byte>(scratch, at, n);
                at += n;
                return span;
            }
            // Each span stays valid: scratch only grows before a field is written, and earlier spans keep the old array.
            var entityType = reader.GetString(5);
            var entityId = reader.GetString(6);
            ReadOnlySpan<byte> Text(int ordinal) => Utf8(reader.GetString(ordinal));
            var nation = !reader.IsDBNull(3);
            batch.Add(new LedgerEventFields
            {
                Sequence = reader.GetInt64(0),
                RecordedAt = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                Actor = Text(2),
                ActorNation = nation ? Text(3) : default,
                HasActorNation = nation,
                EventType = Text(4),
                EntityType = Utf8(entityType),
                EntityId = Utf8(entityId),
                Command = Text(7),
                Payload = Text(8),
                PreviousHash = Text(9),
            }, Text(10), entityType, entityId);
            if (batch.Count == batchSize)
            {
                queue.Add(batch, ct);
                batch = next();
            }
        }
        if (batch.Count > 0) queue.Add(batch, ct);
    }

    /// <summary>
    /// The column accessors of the SQLite library that Microsoft.Data.Sqlite loads (e_sqlite3), called directly: they
    /// only return a pointer or a number into the current row (text read as a blob is handed over as stored, UTF-8,
    /// without conversion), never block and never call back, so they can skip the GC transition that SQLitePCL's
    /// SafeHandle wrappers pay on each of the eleven calls per event (about a third of the read time at a million events).
    /// The statement stays owned and disposed by SQLitePCL; its pointer is only used while it is alive.
    /// </summary>
    private static unsafe partial class Column
    {
        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
        private static partial byte* Blob(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
        private static partial int Bytes(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
        public static partial long Int64(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
        public static partial int Type(IntPtr statement, int column);

        /// <summary>The value as its stored bytes; valid until the next step of the statement.</summary>
        public static ReadOnlySpan<byte> Utf8(IntPtr statement, int column)
        {
            var p = Blob(statement, column); // sqlite3_column_bytes after sqlite3_column_blob, as SQLite's documentation asks
            return p == null ? default : new ReadOnlySpan<byte>(p, Bytes(statement, column));
        }
    }

    /// <summary>The few distinct record types, made into strings once each.</summary>
    private sealed class TypeNames
    {
        private readonly List<(byte[] Bytes, string Name)> known = [];

        public string Of(ReadOnlySpan<byte> utf8)
        {
            foreach (var (bytes, name) in known)
                if (utf8.SequenceEqual(bytes)) return name;
            var s = Encoding.UTF8.GetString(utf8);
            known.Add((utf8.ToArray(), s));
            return s;
        }
    }
}
