using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Storage.Ledger;

/// <summary>
/// The bulk write path behind <see cref="QuartermasterDb.SaveBulkAsync"/>: the same rule as SaveChanges (every created
/// or changed record gets one ledger event with its full state and, for updates, each changed field's old and new
/// value; versions go up by one; a stale version is a concurrency conflict; the events are sealed onto the one hash
/// chain under the same lock), written set-based: rows in chunks through the provider's fastest insert (PostgreSQL
/// binary COPY; SQLite one prepared statement), never one parameter per row in one statement.
/// </summary>
internal static class BulkWriter
{
    private const int Chunk = 1_000;

    internal sealed class Table
    {
        public required IEntityType Type { get; init; }
        public required IProperty[] Properties { get; init; }
        public required IClrPropertyGetter[] Getters { get; init; }
        public required string Name { get; init; }
        public required string[] Columns { get; init; }
        public required RelationalTypeMapping[] Mappings { get; init; }
        public required string[] PgTypes { get; init; }
        public required bool[] Redacted { get; init; }
        public required int[] Key { get; init; }
        public required int Version { get; init; }
    }

    private static readonly Dictionary<IEntityType, Table> Tables = [];

    internal static Table TableOf(IEntityType type)
    {
        lock (Tables)
        {
            if (Tables.TryGetValue(type, out var t)) return t;
            var props = type.GetProperties().ToArray();
            var key = type.FindPrimaryKey()!.Properties.Select(p => Array.IndexOf(props, p)).ToArray();
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            t = new Table
            {
                Type = type,
                Properties = props,
                Getters = props.Select(p => p.GetGetter()).ToArray(),
                Name = type.GetTableName()!,
                Columns = props.Select(p => p.GetColumnName(table)!).ToArray(),
                Mappings = props.Select(p => (RelationalTypeMapping)p.GetTypeMapping()).ToArray(),
                PgTypes = props.Select(p => StripModifiers(((RelationalTypeMapping)p.GetTypeMapping()).StoreType)).ToArray(),
                Redacted = props.Select(p => p.PropertyInfo?.IsDefined(typeof(Domain.Access.LedgerRedactedAttribute), false) == true).ToArray(),
                Key = key,
                Version = Array.FindIndex(props, p => p.Name == nameof(VersionedEntity.Version)),
            };
            Tables[type] = t;
            return t;
        }
    }

    private static string StripModifiers(string storeType)
    {
        var i = storeType.IndexOf('(');
        return i < 0 ? storeType : storeType[..i].Trim() + (storeType.EndsWith("[]", StringComparison.Ordinal) ? "[]" : "");
    }

    internal static object?[] Values(IEntityType type, object entity)
    {
        var t = TableOf(type);
        var values = new object?[t.Getters.Length];
        for (var i = 0; i < values.Length; i++) values[i] = t.Getters[i].GetClrValueUsingContainingEntity(entity);
        return values;
    }

    /// <summary>Indexes of the properties (other than the version) whose value differs from the tracked original.</summary>
    internal static List<int> ChangedProperties(BulkChanges.Entry e, object?[] current)
    {
        var t = TableOf(e.Type);
        var changed = new List<int>();
        for (var i = 0; i < current.Length; i++)
        {
            if (i == t.Version) continue;
            var comparer = t.Properties[i].GetValueComparer();
            if (!comparer.Equals(e.Original![i], current[i])) changed.Add(i);
        }
        return changed;
    }

    public static async Task<BulkResult> SaveAsync(QuartermasterDb db, BulkChanges changes, CancellationToken ct)
    {
        var context = db.Changes ?? throw new InvalidOperationException("Data can only change with a known actor and command (set QuartermasterDb.Changes).");
        if (db.ChangeTracker.Entries().Any(e => changes.Contains(e.Entity)))
            throw new InvalidOperationException("A record saved in bulk must not also be tracked by the context.");

        if (changes.Entries.Count == 0) return new BulkResult(0, 0, 0);
        var changedSet = new HashSet<VersionedEntity>(ReferenceEqualityComparer.Instance);
        int created = 0, updated = 0;
        long events = 0;
        var ownTransaction = db.Database.CurrentTransaction is null;
        var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : db.Database.CurrentTransaction!;
        try
        {
            var locked = false;
            var (sequence, hash) = (0L, LedgerChain.Genesis);
            var now = default(DateTime);
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            var ledgerTable = TableOf(db.Model.FindEntityType(typeof(LedgerEvent))!);
            var order = DependencyOrder(changes.Entries.Select(e => e.Type).Distinct().ToList());
            var writer = new LedgerPayloadWriter();
            // Chunk by chunk, so that memory holds one chunk's values and events, not the whole file's. A record's
            // principal (a new package) is always added before its dependants (its lines), so it is in the same chunk
            // or an earlier one.
            for (var from = 0; from < changes.Entries.Count; from += Chunk)
            {
                // What to write: new records, and tracked ones whose values changed (their version goes up by one).
                var chunk = new List<(BulkChanges.Entry Entry, object?[] Values, List<int>? Changed)>();
                foreach (var e in changes.Entries.GetRange(from, Math.Min(Chunk, changes.Entries.Count - from)))
                {
                    var values = Values(e.Type, e.Entity);
                    if (e.Original is null)
                    {
                        chunk.Add((e, values, null));
                        created++;
                        changedSet.Add(e.Entity);
                        continue;
                    }
                    var changed = ChangedProperties(e, values);
                    if (changed.Count == 0) continue;
                    var t = TableOf(e.Type);
                    e.Entity.Version = (long)e.Original[t.Version]! + 1;
                    values[t.Version] = e.Entity.Version;
                    chunk.Add((e, values, changed));
                    updated++;
                    changedSet.Add(e.Entity);
                }
                if (chunk.Count == 0) continue;
                if (!locked)
                {
                    if (db.IsPostgres)
                        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7215001)", ct);
                    // Both databases keep microseconds, not .NET's 100 ns ticks: seal exactly what will be read back.
                    var utc = db.Clock.GetUtcNow().UtcDateTime;
                    now = new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
                    (sequence, hash) = await db.LedgerHeadAsync(ct) ?? (0L, LedgerChain.Genesis);
                    locked = true;
                }
                foreach (var type in order)
                {
                    var rows = chunk.Where(w => w.Changed is null && w.Entry.Type == type).Select(w => w.Values).ToList();
                    if (rows.Count > 0) await Insert(db, connection, dbTransaction, TableOf(type), rows, ct);
                }
                foreach (var type in order)
                {
                    var rows = chunk.Where(w => w.Changed is not null && w.Entry.Type == type).ToList();
                    if (rows.Count > 0) await Update(db, connection, dbTransaction, TableOf(type), rows.Select(r => (r.Values, r.Entry.Original!)).ToList(), ct);
                }
                var ledgerRows = new List<object?[]>(chunk.Count);
                foreach (var (entry, values, changed) in chunk)
                {
                    var e = writer.EventFor(TableOf(entry.Type), entry.Entity.LedgerKey, values, entry.Original, changed, now, context);
                    LedgerChain.Seal(e, sequence, hash);
                    (sequence, hash) = (e.Sequence, e.Hash);
                    ledgerRows.Add(Values(ledgerTable.Type, e));
                }
                await Insert(db, connection, dbTransaction, ledgerTable, ledgerRows, ct);
                events += ledgerRows.Count;
            }
            if (ownTransaction) await transaction.CommitAsync(ct);
            return new BulkResult(created, updated, events) { Changed = changedSet };
        }
        catch (Exception e)
        {
            if (ownTransaction) await transaction.RollbackAsync(CancellationToken.None);
            // As SaveChanges reports it: a refused write (a unique key another writer took at the same moment, a foreign
            // key) is a DbUpdateException, which the command runner turns into a re-run or a 409, never a 500.
            if (e is DbException) throw new DbUpdateException($"The records could not be saved: {e.Message}", e);
            throw;
        }
        finally
        {
            if (ownTransaction) await transaction.DisposeAsync();
        }
    }

    /// <summary>Principal tables before the tables whose foreign keys point at them.</summary>
    private static List<IEntityType> DependencyOrder(List<IEntityType> types)
    {
        var ordered = new List<IEntityType>();
        var left = new List<IEntityType>(types);
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => !t.GetForeignKeys().Any(fk => fk.PrincipalEntityType != t && left.Contains(fk.PrincipalEntityType))) ?? left[0];
            ordered.Add(next);
            left.Remove(next);
        }
        return ordered;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static object? Provider(Table t, int i, object? value)
    {
        if (value is null) return null;
        var converter = t.Mappings[i].Converter;
        return converter is null ? value : converter.ConvertToProvider(value);
    }

    /// <summary>Inserts rows (model values in property order) into one table: binary COPY on PostgreSQL, a prepared statement on SQLite.</summary>
    internal static async Task Insert(QuartermasterDb db, DbConnection connection, DbTransaction transaction, Table t, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", t.Columns.Select(Quote));
        if (db.IsPostgres)
        {
            var pg = (NpgsqlConnection)connection;
            await using var copy = await pg.BeginBinaryImportAsync($"COPY {Quote(t.Name)} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
            // The values go into the importer's buffer synchronously (it sends a full buffer as it goes): an awaited call
            // per value cost more than the value's own encoding.
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                copy.StartRow();
                for (var i = 0; i < row.Length; i++)
                {
                    var v = Provider(t, i, row[i]);
                    if (v is null) copy.WriteNull();
                    else copy.Write(v, t.PgTypes[i]);
                }
            }
            await copy.CompleteAsync(ct);
            return;
        }
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = $"INSERT INTO {Quote(t.Name)} ({columns}) VALUES ({string.Join(", ", t.Columns.Select((_, i) => "@p" + i))})";
        // EF's own type mappings configure the parameters (SQLite stores GUIDs and decimals as text, as EF does); the
        // statement is prepared once and each row only binds its values.
        var ps = new DbParameter[t.Columns.Length];
        for (var i = 0; i < ps.Length; i++) cmd.Parameters.Add(ps[i] = t.Mappings[i].CreateParameter(cmd, "@p" + i, null, nullable: true));
        cmd.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) ps[i].Value = Provider(t, i, row[i]) ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Updates changed rows by key, each only if its stored version is still the one read (else a concurrency conflict).</summary>
    private static async Task Update(QuartermasterDb db, DbConnection connection, DbTransaction transaction, Table t,
        IReadOnlyList<(object?[] Values, object?[] Original)> rows, CancellationToken ct)
    {
        var set = Enumerable.Range(0, t.Columns.Length).Where(i => !t.Key.Contains(i)).ToArray();
        var text = $"UPDATE {Quote(t.Name)} SET {string.Join(", ", set.Select(i => $"{Quote(t.Columns[i])} = @p{i}"))} "
                   + $"WHERE {string.Join(" AND ", t.Key.Select(i => $"{Quote(t.Columns[i])} = @p{i}"))} AND {Quote(t.Columns[t.Version])} = @original";
        void Bind(DbCommand cmd, DbParameterCollection parameters, object?[] values, object?[] original)
        {
            for (var i = 0; i < values.Length; i++)
                parameters.Add(t.Mappings[i].CreateParameter(cmd, "@p" + i, values[i], nullable: true));
            parameters.Add(t.Mappings[t.Version].CreateParameter(cmd, "@original", original[t.Version], nullable: false));
        }
        if (db.IsPostgres)
        {
            await using var factory = connection.CreateCommand();
            for (var from = 0; from < rows.Count; from += 500)
            {
                await using var batch = ((NpgsqlConnection)connection).CreateBatch();
                batch.Transaction = (NpgsqlTransaction)transaction;
                foreach (var (values, original) in rows.Skip(from).Take(500))
                {
                    var command = new NpgsqlBatchCommand(text);
                    Bind(factory, command.Parameters, values, original);
                    batch.BatchCommands.Add(command);
                }
                await batch.ExecuteNonQueryAsync(ct);
                foreach (var command in batch.BatchCommands)
                    if (command.RecordsAffected != 1) throw Stale(t);
            }
            return;
        }
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = text;
        foreach (var (values, original) in rows)
        {
            cmd.Parameters.Clear();
            Bind(cmd, cmd.Parameters, values, original);
            if (cmd.ExecuteNonQuery() != 1) throw Stale(t);
        }
    }

    private static DbUpdateConcurrencyException Stale(Table t)
        => new($"A {t.Type.ClrType.Name} was changed by someone else during the command; nothing was saved. Run it again.");
}
