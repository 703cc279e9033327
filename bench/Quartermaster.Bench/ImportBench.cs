using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Quartermaster.Application.Common;
using Quartermaster.Application.Importing;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Bench;

/// <summary>
/// Import benchmark: a generated offers file of N lines (default layout, 50 donors, 383 catalogue items, packages of
/// 1-8 lines) imported into a fresh database, then imported again unchanged; then the same offer rows inserted raw
/// (no parsing, no checks, no ledger) with the database's fastest load into an empty copy of the table. Each case runs
/// in its own process, so that the peak memory (VmHWM) is the case's own.
/// </summary>
internal static class ImportBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> Run(string[] args)
    {
        var pg = Environment.GetEnvironmentVariable("QM_BENCH_PG");
        var sizes = args.Skip(1).Select(a => int.Parse(a, Inv)).DefaultIfEmpty(100_000).ToArray();
        Console.WriteLine($"Quartermaster import benchmark; {Environment.ProcessorCount} cores; PostgreSQL: {(pg is null ? "not set (QM_BENCH_PG)" : "yes")}");
        Console.WriteLine();
        Console.WriteLine("| database | lines | first import s | lines/s | ledger events | unchanged re-import s | raw bulk insert s | ratio (raw/import) | peak RSS MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
            foreach (var kind in pg is null ? ["sqlite"] : new[] { "sqlite", "postgres" })
            {
                var file = Path.Combine(Path.GetTempPath(), $"qm-bench-offers-{n}.csv");
                if (!File.Exists(file)) await File.WriteAllTextAsync(file, Generate(n, 42));
                var psi = new ProcessStartInfo(Environment.ProcessPath!, ["import-one", kind, n.ToString(Inv), file]) { RedirectStandardOutput = true };
                if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
                    psi.ArgumentList.Insert(0, typeof(ImportBench).Assembly.Location);
                using var child = Process.Start(psi)!;
                var line = await child.StandardOutput.ReadToEndAsync();
                await child.WaitForExitAsync();
                Console.WriteLine(child.ExitCode == 0 ? line.Trim() : $"| {kind} | {n:N0} | failed (exit {child.ExitCode}) |");
            }
        return 0;
    }

    /// <summary>One case, in its own process.</summary>
    public static async Task<int> One(string kind, int n, string file)
    {
        var target = kind == "postgres"
            ? await FreshPostgres()
            : DatabaseTarget.Resolve(Path.Combine(Directory.CreateTempSubdirectory("qm-bench-").FullName, "bench.db"));
        await ReferenceDataSeeder.PrepareAsync(target, TimeProvider.System);
        var actor = Actor.LocalOperator("bench");
        await using (var db = target.Open(TimeProvider.System))
            await Prepare(db, actor);

        GC.Collect();
        var watch = Stopwatch.StartNew();
        // BENCH_VERBOSE=1 also samples the memory every half second (live heap, committed, RSS), to see which phase peaks.
        using var sampler = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1"
            ? new Timer(_ => Console.Error.WriteLine(string.Create(Inv, $"    [{watch.Elapsed.TotalSeconds,6:0.00}s] {Memory()}")), null, 500, 500)
            : null;
        ImportSummary first;
        await using (var db = target.Open(TimeProvider.System))
        await using (var stream = File.OpenRead(file)) // as `qm import` reads it
            first = await new ImportService(db).Import(actor, ImportKind.Offers, stream, "offers.csv", "offers", Verbose(watch));
        var firstS = watch.Elapsed.TotalSeconds;
        var peak = PeakRssMb();
        long events;
        await using (var db = target.Open(TimeProvider.System))
            events = await db.LedgerEvents.LongCountAsync();
        if (first.Created != n) throw new InvalidOperationException($"created {first.Created} of {n}");

        watch.Restart();
        ImportSummary again;
        await using (var db = target.Open(TimeProvider.System))
        await using (var stream = File.OpenRead(file))
            again = await new ImportService(db).Import(actor, ImportKind.Offers, stream, "offers.csv", "offers", Verbose(watch));
        var againS = watch.Elapsed.TotalSeconds;
        if (again.Unchanged != n) throw new InvalidOperationException($"re-import: {again.Unchanged} of {n} unchanged");

        var rawS = await RawInsert(target);
        Console.WriteLine(string.Create(Inv,
            $"| {(kind == "postgres" ? "PostgreSQL" : "SQLite")} | {n:N0} | {firstS:0.00} | {n / firstS:N0} | {events:N0} | {againS:0.00} | {rawS:0.00} | {rawS / firstS:P0} | {peak:N0} |"));
        return 0;
    }

    private static ImportOptions? Verbose(Stopwatch watch)
    {
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") != "1") return null;
        var last = "";
        return new ImportOptions
        {
            Progress = new Reporter(p =>
            {
                if (p.Text == last || p.Text.Contains('/') && !p.Text.StartsWith(p.Text.Split('/')[1], StringComparison.Ordinal)) return;
                last = p.Text;
                Console.Error.WriteLine(string.Create(Inv, $"  [{watch.Elapsed.TotalSeconds,6:0.00}s] {p.Fraction:P0} {p.Text} ({Memory()})"));
            }),
        };
    }

    private sealed class Reporter(Action<(double Fraction, string Text)> report) : IProgress<(double Fraction, string Text)>
    {
        public void Report((double Fraction, string Text) value) => report(value);
    }

    /// <summary>The demo catalogue, through the ordinary import (the nations are the reference data of every fresh database).</summary>
    private static async Task Prepare(QuartermasterDb db, Actor actor)
    {
        await using var catalogue = EmbeddedData.Open("demo/catalogue.csv");
        await new ImportService(db).Import(actor, ImportKind.Catalogue, catalogue, "catalogue.csv", "catalogue", null);
    }

    private static async Task<DatabaseTarget> FreshPostgres()
    {
        var admin = Environment.GetEnvironmentVariable("QM_BENCH_PG")!;
        var name = "qm_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return DatabaseTarget.Resolve(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>The same offer rows, loaded raw into an empty copy of the table: binary COPY on PostgreSQL, a prepared INSERT on SQLite.</summary>
    private static async Task<double> RawInsert(DatabaseTarget target)
    {
        await using var db = target.Open(TimeProvider.System);
        await db.Database.OpenConnectionAsync();
        var conn = db.Database.GetDbConnection();
        // The same table definition: its indexes, and on SQLite its foreign keys too (CREATE TABLE … AS would have none).
        if (db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE offers_raw (LIKE offers INCLUDING ALL)");
        else
        {
            await using var schema = conn.CreateCommand();
            schema.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name = 'offers' AND sql IS NOT NULL ORDER BY type DESC";
            var statements = new List<string>();
            await using (var r = await schema.ExecuteReaderAsync())
                while (await r.ReadAsync()) statements.Add(r.GetString(0));
            foreach (var sql in statements)
                await db.Database.ExecuteSqlRawAsync(sql.Replace("\"offers\"", "\"offers_raw\"").Replace("\"IX_offers_", "\"IX_offers_raw_"));
        }
        if (db.IsPostgres)
        {
            var pg = (NpgsqlConnection)conn;
            var data = new MemoryStream();
            await using (var export = await pg.BeginRawBinaryCopyAsync("COPY offers TO STDOUT (FORMAT BINARY)"))
                await export.CopyToAsync(data);
            data.Position = 0;
            var watch = Stopwatch.StartNew();
            await using (var tx = await pg.BeginTransactionAsync())
            {
                await using (var import = await pg.BeginRawBinaryCopyAsync("COPY offers_raw FROM STDIN (FORMAT BINARY)"))
                    await data.CopyToAsync(import);
                await tx.CommitAsync();
            }
            return watch.Elapsed.TotalSeconds;
        }
        var rows = new List<object[]>();
        int fields;
        await using (var read = conn.CreateCommand())
        {
            read.CommandText = "SELECT * FROM offers";
            await using var r = await read.ExecuteReaderAsync();
            fields = r.FieldCount;
            while (await r.ReadAsync())
            {
                var values = new object[fields];
                r.GetValues(values);
                rows.Add(values);
            }
        }
        var sw = Stopwatch.StartNew();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await using var insert = conn.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO offers_raw VALUES ({string.Join(", ", Enumerable.Range(0, fields).Select(i => "@p" + i))})";
            var ps = Enumerable.Range(0, fields).Select(i => { var p = insert.CreateParameter(); p.ParameterName = "@p" + i; insert.Parameters.Add(p); return p; }).ToArray();
            insert.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < fields; i++) ps[i].Value = row[i];
                insert.ExecuteNonQuery();
            }
            await tx.CommitAsync();
        }
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>The process's memory now: live managed heap, committed GC memory, RSS and its peak, full collections so far.</summary>
    private static string Memory() => string.Create(Inv,
        $"heap {GC.GetTotalMemory(false) / 1048576.0:N0} MB, committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:N0} MB, "
        + $"RSS {Environment.WorkingSet / 1048576.0:N0} MB, peak {PeakRssMb():N0} MB, gen2 GCs {GC.CollectionCount(2)}");

    private static double PeakRssMb()
    {
        foreach (var l in File.ReadLines("/proc/self/status"))
            if (l.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(l[6..].Trim().Split(' ')[0], Inv) / 1024;
        return 0;
    }

    /// <summary>A deterministic offers file in the default layout.</summary>
    public static string Generate(int lines, int seed)
    {
        var random = new Random(seed);
        using var nationsReader = new StreamReader(EmbeddedData.Open("demo/nations.csv"));
        var donors = nationsReader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
            .Where(c => c[2] != "Recipient" && c[3] == "false").Select(c => c[0]).ToArray();
        using var catalogueReader = new StreamReader(EmbeddedData.Open("demo/catalogue.csv"));
        var items = catalogueReader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        var sb = new StringBuilder();
        sb.Append("source_key,donor,aid_type,description,package,announced,item,quantity,package_value,currency,line_value_usd,condition,earliest_available\n");
        var package = 0;
        var left = 0;
        string donor = donors[0];
        for (var i = 1; i <= lines; i++)
        {
            var first = false;
            if (left == 0)
            {
                package++;
                left = random.Next(1, 9);
                donor = donors[random.Next(donors.Length)];
                first = true;
            }
            left--;
            var item = items[random.Next(items.Length)];
            var day = new DateOnly(2022, 1, 1).AddDays(random.Next(700));
            sb.Append(Inv, $"bench:{i},{donor},Military,\"{item.Replace('-', ' ')}, lot {i}\",P{package},{day:yyyy-MM-dd},{item},{random.Next(1, 500)},");
            sb.Append(first ? string.Create(Inv, $"{random.Next(1, 900) * 100_000},EUR,") : ",,");
            sb.Append(Inv, $"{random.Next(1000, 9_000_000)},New,{day.AddDays(30):yyyy-MM-dd}\n");
        }
        return sb.ToString();
    }
}
