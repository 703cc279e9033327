using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Ledger;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Storage;

namespace Quartermaster.Bench;

/// <summary>
/// qm ledger verify at scale: builds (once) a SQLite database whose ledger holds N events written through the product's
/// own path (QuartermasterDb.SaveChanges: 1,000 nations, then rounds renaming every one of them), then measures in the
/// same run the raw SHA-256 throughput of this machine and the full verification (chain, Merkle tree, every record).
/// </summary>
public static class LedgerBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> Run(string[] args)
    {
        var events = args.Length > 1 ? long.Parse(args[1], Inv) : 1_000_000;
        var path = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), $"qm-bench-ledger-{events}.db");
        var target = DatabaseTarget.Resolve(path);
        await target.MigrateAsync(TimeProvider.System);
        await Fill(target, events);

        long bytes = 0, count = 0;
        await using (var db = target.Open(TimeProvider.System))
        {
            foreach (var e in db.LedgerEvents.AsNoTracking().OrderBy(e => e.Sequence).Take(100_000).AsEnumerable())
            {
                bytes += LedgerChain.Canonical(e).Length;
                count++;
            }
        }
        var average = (int)(bytes / count);
        Console.WriteLine($"Quartermaster ledger benchmark: {events:N0} events in {path}; average canonical event {average} bytes; {Environment.ProcessorCount} cores");

        // Raw SHA-256 of this machine, same run: one large buffer, and one call per event-sized message.
        var buffer = new byte[64 << 20];
        Random.Shared.NextBytes(buffer);
        var total = events * average;
        var sw = Stopwatch.StartNew();
        for (long done = 0; done < total; done += buffer.Length) SHA256.HashData(buffer.AsSpan(0, (int)Math.Min(buffer.Length, total - done)));
        var bulk = total / sw.Elapsed.TotalSeconds;
        var output = new byte[32];
        sw.Restart();
        for (long i = 0, offset = 0; i < events; i++, offset = (offset + average) % (buffer.Length - average))
            SHA256.HashData(buffer.AsSpan((int)offset, average), output);
        var perMessage = total / sw.Elapsed.TotalSeconds;

        // Where verification spends its time: reading the events alone (the same keyset batches), then reading and hashing.
        await using (var readDb = target.Open(TimeProvider.System))
        {
            sw.Restart();
            long after = 0, read = 0;
            while (true)
            {
                var batch = readDb.LedgerEvents.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(5000).ToList();
                if (batch.Count == 0) break;
                read += batch.Count;
                after = batch[^1].Sequence;
            }
            Console.WriteLine(string.Create(Inv, $"  reading {read:N0} events through EF Core: {sw.Elapsed.TotalSeconds:0.00} s"));
        }
        double streamSeconds;
        await using (var streamDb = target.Open(TimeProvider.System))
        {
            sw.Restart();
            long read = 0;
            foreach (var batch in Quartermaster.Storage.Ledger.LedgerEventStream.Batches(streamDb, 5000, CancellationToken.None)) read += batch.Count;
            streamSeconds = sw.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(Inv, $"  reading and encoding {read:N0} events as verification does (LedgerEventStream): {streamSeconds:0.00} s"));
        }
        await using var verifyDb = target.Open(TimeProvider.System);
        sw.Restart();
        var v = await new LedgerService(verifyDb).Verify();
        var verifySeconds = sw.Elapsed.TotalSeconds;
        if (!v.Intact) throw new InvalidOperationException(v.Problem);
        var verify = total / verifySeconds;

        Console.WriteLine();
        Console.WriteLine("| measure | time s | MB/s | events/s | share of raw |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(Inv, $"| raw SHA-256, one 64 MB buffer at a time ({total / 1e6:N0} MB) | {total / bulk:0.00} | {bulk / 1e6:N0} | — | 100 % |"));
        Console.WriteLine(string.Create(Inv, $"| raw SHA-256, one call per {average}-byte message ({events:N0}) | {total / perMessage:0.00} | {perMessage / 1e6:N0} | {events / (total / perMessage):N0} | {perMessage / bulk:P0} |"));
        Console.WriteLine(string.Create(Inv, $"| qm ledger verify: chain + Merkle tree + {v.RecordsChecked:N0} records, from SQLite | {verifySeconds:0.00} | {verify / 1e6:N0} | {events / verifySeconds:N0} | {verify / bulk:P0} of bulk, {verify / perMessage:P0} of per-message |"));
        return 0;
    }

    /// <summary>
    /// Writes the ledger the product would write for 1,000 nations renamed round after round: each event is made by the
    /// product's own LedgerPayload and LedgerChain from a tracked change, exactly as QuartermasterDb.SaveChanges makes
    /// it, then inserted in bulk (a save per change would take hours on a loaded machine); the nations' rows end in the
    /// state their latest events record, so the record check passes.
    /// </summary>
    private static async Task Fill(DatabaseTarget target, long events)
    {
        const int nations = 1000;
        await using var db = target.Open(TimeProvider.System);
        if (await db.LedgerEvents.LongCountAsync() >= events) return;
        if (await db.LedgerEvents.AnyAsync()) throw new InvalidOperationException($"{target.Display} holds a partial bench ledger: delete it");
        var context = new ChangeContext(Actor.LocalOperator("bench"), "bench ledger");
        db.Changes = context;
        var codes = Enumerable.Range(0, nations).Select(i => new string([(char)('A' + i / 676), (char)('A' + i / 26 % 26), (char)('A' + i % 26)])).ToList();
        foreach (var c in codes) db.Nations.Add(new Nation(c, "Bench " + c, NationStatus.Member));
        await db.SaveChangesAsync();
        var all = await db.Nations.Where(n => codes.Contains(n.Code)).ToListAsync();
        var head = await db.LedgerEvents.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync();
        var (sequence, hash) = (head.Sequence, head.Hash);

        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var sw = Stopwatch.StartNew();
        var time = new DateTime(DateTime.UtcNow.Ticks / 10 * 10, DateTimeKind.Utc);
        for (var round = 1; sequence < events; round++)
        {
            await using var tx = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO ledger_events (\"Sequence\", \"RecordedAt\", \"Actor\", \"ActorNation\", \"EventType\", \"EntityType\", \"EntityId\", \"Command\", \"Payload\", \"PreviousHash\", \"Hash\") "
                                 + "VALUES ($s, $t, $a, NULL, $et, $en, $id, $c, $p, $ph, $h)";
            var ps = new[] { "$s", "$t", "$a", "$et", "$en", "$id", "$c", "$p", "$ph", "$h" }.Select(n => insert.Parameters.Add(n, Microsoft.Data.Sqlite.SqliteType.Text)).ToArray();
            ps[0].SqliteType = Microsoft.Data.Sqlite.SqliteType.Integer;
            insert.Prepare();
            foreach (var n in all.Take((int)Math.Min(nations, events - sequence)))
            {
                n.Rename($"Bench {n.Code} round {round}");
                var entry = db.Entry(n);
                var version = entry.Property(nameof(n.Version));
                version.CurrentValue = (long)version.OriginalValue! + 1;
                time = time.AddTicks(10);
                var e = Quartermaster.Storage.Ledger.LedgerPayload.EventFor(entry, n, time, context);
                LedgerChain.Seal(e, sequence, hash);
                (sequence, hash) = (e.Sequence, e.Hash);
                entry.OriginalValues.SetValues(entry.CurrentValues);
                entry.State = EntityState.Unchanged;
                ps[0].Value = e.Sequence;
                ps[1].Value = e.RecordedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", Inv);
                ps[2].Value = e.Actor;
                ps[3].Value = e.EventType;
                ps[4].Value = e.EntityType;
                ps[5].Value = e.EntityId;
                ps[6].Value = e.Command;
                ps[7].Value = e.Payload;
                ps[8].Value = e.PreviousHash;
                ps[9].Value = e.Hash;
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
            if (round % 50 == 0) Console.Error.WriteLine($"  filling: {sequence:N0}/{events:N0} events, {sw.Elapsed.TotalSeconds:0} s");
        }
        await using (var tx = (Microsoft.Data.Sqlite.SqliteTransaction)await connection.BeginTransactionAsync())
        {
            foreach (var n in all)
            {
                await using var update = connection.CreateCommand();
                update.Transaction = tx;
                update.CommandText = "UPDATE nations SET \"Name\" = $n, \"Version\" = $v WHERE \"Code\" = $c";
                update.Parameters.AddWithValue("$n", n.Name);
                update.Parameters.AddWithValue("$v", n.Version);
                update.Parameters.AddWithValue("$c", n.Code);
                await update.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        Console.Error.WriteLine($"  filled {sequence:N0} events in {sw.Elapsed.TotalSeconds:0} s");
    }
}
