using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Application.Importing;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Bench;

/// <summary>
/// API throughput (issue 13). Builds (once, then reused) a database of 50,000 offers, 5,000 requirements and 1,000,000
/// ledger events, all written through the product's own write paths (imports, then rounds of bulk offer revisions through
/// <see cref="QuartermasterDb.SaveBulkAsync"/>: real, chained ledger events whose records match them); starts the real
/// server (<c>WebApp</c>, Kestrel, the wiring of <c>qm serve</c> with request lines and telemetry off) in a child process;
/// then a load generator (16 connections, warm-up, N seconds per case) measures requests/s, p50 and p99 of every case,
/// and the raw SQL of the same pages (DbDataReader, the same number of connections) for the ratio. The child reports its
/// working set, GC heap and CPU time, sampled during a long mixed run (<c>--minutes</c>).
/// </summary>
public static class ApiBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Actor Bench = Actor.LocalOperator("bench");
    private const int Offers = 50_000, Requirements = 5_000, Events = 1_000_000;
    private const string User = "bench-coordinator", Password = "bench-coordinator-password";

    public static async Task<int> Run(string[] args)
    {
        var rest = args.Skip(1).ToList();
        string? Opt(string name) => rest.IndexOf(name) is var i and >= 0 ? rest[i + 1] : null;
        var db = Opt("--db") ?? Path.Combine(Path.GetTempPath(), "qm-bench-api.db");
        var seconds = double.Parse(Opt("--seconds") ?? "5", Inv);
        var minutes = double.Parse(Opt("--minutes") ?? "0.5", Inv);
        var connections = int.Parse(Opt("--connections") ?? "16", Inv);
        var only = Opt("--only");
        var target = DatabaseTarget.Resolve(db);
        await Build(target, db, rest.Contains("--rebuild"));
        string token;
        await using (var ctx = target.Open(TimeProvider.System))
            token = (await new AccountsService(ctx).CreateToken(Bench, User, $"bench {DateTime.UtcNow:O}", TokenScope.Read, 2)).Token;

        var port = 5400 + Random.Shared.Next(500);
        var url = $"http://127.0.0.1:{port}";
        using var server = StartServer(db, url);
        var base_ = new Uri(url);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections, UseCookies = false, AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(30), PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var http = new HttpClient(handler) { BaseAddress = base_, Timeout = TimeSpan.FromSeconds(60) };
        for (var t = 0; ; t++)
        {
            try { using var r = await http.GetAsync("/health/live"); if (r.IsSuccessStatusCode) break; }
            catch (HttpRequestException) when (t < 600) { }
            if (server.Process.HasExited) throw new InvalidOperationException("the server stopped: " + server.Output);
            await Task.Delay(100);
        }
        var cookie = await SignIn(http);

        // What the cases ask for: pages deep in the offers and requirements lists, the newest ledger events of one type,
        // the ledger at the depth of page 10,000 by cursor and by page number, one offer rebuilt from its 20 events.
        long maxSequence, deep;
        string offerId;
        await using (var ctx = target.Open(TimeProvider.System))
        {
            maxSequence = await ctx.LedgerEvents.MaxAsync(e => e.Sequence);
            deep = maxSequence - 10_000 * 50 + 1;
            offerId = (await ctx.Offers.IgnoreQueryFilters().OrderBy(o => o.SourceKey).Select(o => o.Id).FirstAsync()).ToString();
        }
        var asOf = Uri.EscapeDataString((await AsOfTime(target, offerId)).ToString("O", Inv));
        const string offersQ = "status=Offered&sort=-announced&page=5&pageSize=50";
        const string requirementsQ = "status=Open&sort=neededby&page=5&pageSize=50";
        const string ledgerQ = "entityType=Offer&pageSize=50";
        var raw = new RawQueries(target);

        var cases = new List<Case>
        {
            Http("GET /health (anonymous; the readiness check touches the database)", "/health", null),
            Http("GET /health/live (anonymous)", "/health/live", null),
            Http("GET /api/v1/me (bearer token)", "/api/v1/me", Bearer(token)),
            Http("GET /api/v1/me (cookie)", "/api/v1/me", Cookie(cookie)),
            Http($"API offers ?{offersQ}", $"/api/v1/offers?{offersQ}", Bearer(token)),
            Raw("raw SQL: the same offers page (count, page, item codes, packages; the cell's visibility)", raw.Offers),
            Http($"page /offers ?{offersQ}", $"/offers?{offersQ}", Cookie(cookie)),
            Http($"API requirements ?{requirementsQ}", $"/api/v1/requirements?{requirementsQ}", Bearer(token)),
            Raw("raw SQL: the same requirements page (count, page, items)", raw.Requirements),
            Http($"page /requirements ?{requirementsQ}", $"/requirements?{requirementsQ}", Cookie(cookie)),
            Http($"API ledger ?{ledgerQ}", $"/api/v1/ledger?{ledgerQ}", Bearer(token)),
            Raw("raw SQL: the same ledger page (51 rows of the type, newest first)", raw.Ledger),
            Http($"page /ledger ?{ledgerQ}", $"/ledger?{ledgerQ}", Cookie(cookie)),
            Http("API ledger page 1 (no filter)", "/api/v1/ledger?pageSize=50", Bearer(token)),
            Http($"API ledger after={deep} (depth of page 10,000, keyset)", $"/api/v1/ledger?pageSize=50&after={deep}", Bearer(token)),
            Http("API ledger page=10000 (OFFSET 499,950)", "/api/v1/ledger?pageSize=50&page=10000", Bearer(token)),
            Http($"page /ledger after={deep}", $"/ledger?pageSize=50&after={deep}", Cookie(cookie)),
            Http("API ledger/Offer/{id}?asOf= (one record rebuilt, 20 events)", $"/api/v1/ledger/Offer/{offerId}?asOf={asOf}", Bearer(token)),
        };
        if (only is not null) cases = cases.Where(c => c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();

        Console.WriteLine($"Quartermaster API benchmark on {(target.IsPostgres ? "PostgreSQL" : "SQLite")} ({target.Display}): {Offers:N0} offers, "
                          + $"{Requirements:N0} requirements, {maxSequence:N0} ledger events; {connections} connections, {seconds} s per case after 2 s warm-up; "
                          + $"{Environment.ProcessorCount} cores; load average at start {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| case | requests/s | p50 ms | p99 ms | errors | server CPU ms/request |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var results = new Dictionary<string, Result>();
        foreach (var c in cases)
        {
            var r = await Measure(c, http, connections, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(seconds), server);
            results[c.Name] = r;
            Console.WriteLine(string.Create(Inv, $"| {c.Name} | {r.PerSecond:N0} | {r.P50:0.0} | {r.P99:0.0} | {r.Errors} | {(r.ServerCpuMs is { } cpu ? cpu.ToString("0.00", Inv) : "—")} |"));
        }
        Console.WriteLine();
        double? Rate(string prefix) => results.FirstOrDefault(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Value?.PerSecond;
        void Ratio(string what, string a, string b)
        {
            if (Rate(a) is { } x && Rate(b) is { } y && y > 0)
                Console.WriteLine(string.Create(Inv, $"- {what}: {x / y:0.00}"));
        }
        Console.WriteLine("Ratios (same run; time per request of the first over the second is the inverse):");
        Ratio("me (token) / health/live, requests/s", "GET /api/v1/me (bearer", "GET /health/live");
        Ratio("me (token) / health, requests/s", "GET /api/v1/me (bearer", "GET /health (");
        foreach (var list in new[] { "offers", "requirements", "ledger" })
        {
            var api = $"API {list} ?";
            Ratio($"{list}: API time per request / raw SQL time per request", $"raw SQL: the same {list}", api);
            Ratio($"{list}: page time per request / API time per request", api, $"page /{list} ?");
        }
        Ratio("ledger: keyset at depth 10,000 / page 1, requests/s", "API ledger after=", "API ledger page 1");
        Ratio("ledger: OFFSET at depth 10,000 / page 1, requests/s", "API ledger page=10000", "API ledger page 1");

        if (minutes > 0 && only is null)
        {
            Console.WriteLine();
            var mix = cases.Where(c => c.Raw is null && !c.Name.Contains("page=10000", StringComparison.Ordinal)).ToList();
            Console.WriteLine(string.Create(Inv, $"Memory of the server under {minutes} min of load ({mix.Count} cases in turn, {connections} connections), sampled every 2 s:"));
            Console.WriteLine();
            Console.WriteLine("| minute | requests (total) | working set MB | GC heap MB (after last GC) | GC committed MB | gen2 collections |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            var until = Stopwatch.StartNew();
            long requests = 0;
            var nextReport = 0.0;
            var lastSample = server.Last;
            while (until.Elapsed.TotalMinutes < minutes)
            {
                foreach (var c in mix)
                {
                    var r = await Measure(c, http, connections, TimeSpan.Zero, TimeSpan.FromSeconds(Math.Min(5, seconds)), server);
                    requests += r.Count;
                }
                if (until.Elapsed.TotalMinutes >= nextReport || until.Elapsed.TotalMinutes >= minutes)
                {
                    await server.Collected(http);
                    var s = server.Last;
                    Console.WriteLine(string.Create(Inv, $"| {until.Elapsed.TotalMinutes:0.0} | {requests:N0} | {s.WorkingSetMb:N0} | {s.HeapMb:N1} | {s.CommittedMb:N0} | {s.Gen2} |"));
                    nextReport += Math.Max(1, minutes / 10);
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()} (uptime: {File.ReadAllText("/proc/loadavg").Trim()})");
        return 0;
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private sealed record Case(string Name, string? Path, Action<HttpRequestMessage>? Auth, Func<DbConnection, Task<int>>? Raw);

    private static Case Http(string name, string path, Action<HttpRequestMessage>? auth) => new(name, path, auth, null);

    private static Case Raw(string name, Func<DbConnection, Task<int>> query) => new(name, null, null, query);

    private static Action<HttpRequestMessage> Bearer(string token) => m => m.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

    private static Action<HttpRequestMessage> Cookie(string cookie) => m => m.Headers.TryAddWithoutValidation("Cookie", cookie);

    private sealed record Result(long Count, double PerSecond, double P50, double P99, long Errors, double? ServerCpuMs);

    /// <summary>Runs one case with <paramref name="connections"/> workers: a warm-up, then <paramref name="duration"/> measured.</summary>
    private static async Task<Result> Measure(Case c, HttpClient http, int connections, TimeSpan warmUp, TimeSpan duration, Server server)
    {
        var connectionsOpen = new List<DbConnection>();
        if (c.Raw is not null)
            for (var i = 0; i < connections; i++) connectionsOpen.Add(await RawQueries.Target!.OpenAsync());
        try
        {
            if (warmUp > TimeSpan.Zero) await Run(warmUp);
            var cpu0 = await server.CpuAsync(http);
            var (latencies, errors, elapsed) = await Run(duration);
            var cpu1 = await server.CpuAsync(http);
            var all = latencies.SelectMany(l => l).ToArray();
            Array.Sort(all);
            double Pct(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
            return new Result(all.Length, all.Length / elapsed, Pct(0.50), Pct(0.99), errors,
                c.Raw is null && all.Length > 0 && cpu0 is not null && cpu1 is not null ? (cpu1.Value - cpu0.Value) / all.Length : null);
        }
        finally
        {
            foreach (var k in connectionsOpen) await k.DisposeAsync();
        }

        async Task<(List<long>[] Latencies, long Errors, double Elapsed)> Run(TimeSpan length)
        {
            var stop = Stopwatch.StartNew();
            long errors = 0;
            var latencies = Enumerable.Range(0, connections).Select(_ => new List<long>(4096)).ToArray();
            await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
            {
                var mine = latencies[w];
                while (stop.Elapsed < length)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var ok = true;
                    try
                    {
                        if (c.Raw is not null) ok = await c.Raw(connectionsOpen[w]) >= 0;
                        else
                        {
                            using var m = new HttpRequestMessage(HttpMethod.Get, c.Path);
                            c.Auth?.Invoke(m);
                            using var r = await http.SendAsync(m, HttpCompletionOption.ResponseContentRead);
                            ok = r.StatusCode == HttpStatusCode.OK;
                            if (!ok && Interlocked.Read(ref errors) == 0)
                                Console.Error.WriteLine($"  {c.Name}: {(int)r.StatusCode} {(await r.Content.ReadAsStringAsync())[..Math.Min(300, (int)(r.Content.Headers.ContentLength ?? 300))]}");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or DbException)
                    {
                        ok = false;
                        if (Interlocked.Read(ref errors) == 0) Console.Error.WriteLine($"  {c.Name}: {e.Message}");
                    }
                    if (ok) mine.Add(Stopwatch.GetTimestamp() - t0);
                    else Interlocked.Increment(ref errors);
                }
            })));
            return (latencies, errors, stop.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Signs in through the sign-in page as a browser does and returns the session cookie.</summary>
    private static async Task<string> SignIn(HttpClient http)
    {
        using var form = await http.GetAsync("/signin");
        var html = await form.Content.ReadAsStringAsync();
        var antiForgery = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var formCookies = string.Join("; ", form.Headers.TryGetValues("Set-Cookie", out var sc) ? sc.Select(v => v.Split(';')[0]) : []);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent([new("UserName", User), new("Password", Password), new("__RequestVerificationToken", antiForgery)]),
        };
        post.Headers.TryAddWithoutValidation("Cookie", formCookies);
        using var signedIn = await http.SendAsync(post);
        if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in failed: {(int)signedIn.StatusCode}");
        return string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0]).Where(v => v.StartsWith("qm.auth", StringComparison.Ordinal)));
    }

    /// <summary>A time between the offer's 10th and 11th event: the rebuild must find the right one among its 20.</summary>
    private static async Task<DateTime> AsOfTime(DatabaseTarget target, string offerId)
    {
        await using var ctx = target.Open(TimeProvider.System);
        var times = await ctx.LedgerEvents.AsNoTracking().Where(e => e.EntityType == "Offer" && e.EntityId == offerId)
            .OrderBy(e => e.Sequence).Select(e => e.RecordedAt).ToListAsync();
        return DateTime.SpecifyKind(times[Math.Min(times.Count - 1, 10)], DateTimeKind.Utc);
    }

    // ------------------------------------------------------------------ the database

    private static async Task Build(DatabaseTarget target, string db, bool rebuild)
    {
        if (!rebuild && await Complete(target)) return;
        var sw = Stopwatch.StartNew();
        if (!target.IsPostgres)
            foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        else
        {
            await EnsurePostgresDatabase(target.ConnectionString);
            await using var drop = target.Open(TimeProvider.System);
            await drop.Database.ExecuteSqlRawAsync("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
        }
        await ReferenceDataSeeder.PrepareAsync(target, TimeProvider.System);
        await using (var ctx = target.Open(TimeProvider.System))
        {
            await using var catalogue = EmbeddedData.Open("demo/catalogue.csv");
            await new ImportService(ctx).Import(Bench, ImportKind.Catalogue, catalogue, "catalogue.csv", "catalogue", null);
        }
        await using (var ctx = target.Open(TimeProvider.System))
        {
            var s = await new ImportService(ctx).Import(Bench, ImportKind.Offers, new MemoryStream(Encoding.UTF8.GetBytes(ImportBench.Generate(Offers, 42))), "offers.csv", "offers", null);
            if (s.Created != Offers) throw new InvalidOperationException($"{s.Created} offers imported");
        }
        await using (var ctx = target.Open(TimeProvider.System))
        {
            var s = await new ImportService(ctx).Import(Bench, ImportKind.Requirements, new MemoryStream(Encoding.UTF8.GetBytes(GenerateRequirements(Requirements, 7))), "requirements.csv", (string?)null, null);
            if (s.Created != Requirements) throw new InvalidOperationException($"{s.Created} requirements imported");
        }
        await using (var ctx = target.Open(TimeProvider.System))
            await new AccountsService(ctx).Add(Bench, User, "Bench coordinator", Role.Coordinator, null, null, Password);
        Console.Error.WriteLine(string.Create(Inv, $"  imported {Offers:N0} offers and {Requirements:N0} requirements in {sw.Elapsed.TotalSeconds:0} s"));

        // The ledger grows to 1,000,000 events by rounds of revisions of every offer's description: each round is one
        // command through the bulk write path (the records updated, one chained "Updated" event each).
        for (var round = 1; ; round++)
        {
            await using var ctx = target.Open(TimeProvider.System);
            ctx.RestrictTo(null);
            var have = await ctx.LedgerEvents.LongCountAsync();
            if (have >= Events) break;
            var offers = await ctx.Offers.AsNoTracking().OrderBy(o => o.SourceKey).Take((int)Math.Min(Offers, Events - have)).ToListAsync();
            await CommandRunner.Run(ctx, Bench, $"bench: revise offer descriptions, round {round}", async () =>
            {
                var bulk = new BulkChanges(ctx);
                foreach (var o in offers)
                {
                    bulk.Track(o);
                    o.Describe($"{o.Description.Split(" (rev")[0]} (rev {round})");
                }
                await ctx.SaveBulkAsync(bulk);
                return 0;
            });
            Console.Error.WriteLine(string.Create(Inv, $"  ledger: {have + offers.Count:N0} events, {sw.Elapsed.TotalSeconds:0} s"));
        }
        Console.Error.WriteLine(string.Create(Inv, $"  database built in {sw.Elapsed.TotalSeconds:0} s"));
    }

    private static async Task<bool> Complete(DatabaseTarget target)
    {
        try
        {
            if (!target.IsPostgres && !File.Exists(target.ConnectionString.Split("Data Source=").Last().Split(';')[0])) return false;
            await using var ctx = target.Open(TimeProvider.System);
            ctx.RestrictTo(null);
            return await ctx.Offers.CountAsync() == Offers && await ctx.Requirements.CountAsync() == Requirements
                   && await ctx.LedgerEvents.LongCountAsync() >= Events && await ctx.Accounts.AnyAsync(a => a.UserName == User);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task EnsurePostgresDatabase(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var name = b.Database!;
        b.Database = "postgres";
        await using var c = new NpgsqlConnection(b.ConnectionString);
        await c.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", c);
        exists.Parameters.AddWithValue("n", name);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "")}\"", c);
            await create.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A requirements file in the default layout: 50 periods of 100 ranked lines, items of the demo catalogue.</summary>
    private static string GenerateRequirements(int lines, int seed)
    {
        var random = new Random(seed);
        using var catalogueReader = new StreamReader(EmbeddedData.Open("demo/catalogue.csv"));
        var items = catalogueReader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        string[] places = ["Kyiv", "Odesa", "Kharkiv", "Dnipro", "Lviv", "Zaporizhzhia"];
        var sb = new StringBuilder("period,priority_rank,item,quantity,needed_by,destination,substitutes,note\n");
        for (var i = 0; i < lines; i++)
        {
            var month = new DateOnly(2023, 1, 1).AddMonths(i / 100);
            sb.Append(Inv, $"{month:yyyy-MM},{i % 100 + 1},{items[random.Next(items.Length)]},{random.Next(1, 400)},{month.AddDays(random.Next(20, 120)):yyyy-MM-dd},{places[random.Next(places.Length)]},,\n");
        }
        return sb.ToString();
    }

    // ------------------------------------------------------------------ raw SQL of the same pages

    /// <summary>The SQL the same pages need, run through a bare DbDataReader that reads every column.</summary>
    private sealed class RawQueries
    {
        public static DatabaseTarget? Target;

        public RawQueries(DatabaseTarget target) => Target = target;

        public Task<int> Offers(DbConnection c) => Read(c,
            // What the coordinator may see (the visibility rule for the cell: everything not kept to its own nation), as the API applies it.
            "SELECT COUNT(*) FROM offers WHERE \"Status\" = 'Offered' AND \"Releasability\" <> 'OwnNation'",
            "SELECT o.*, i.\"Code\", p.\"Reference\" FROM offers o LEFT JOIN catalogue_items i ON i.\"Id\" = o.\"ItemId\" "
            + "LEFT JOIN aid_packages p ON p.\"Id\" = o.\"PackageId\" WHERE o.\"Status\" = 'Offered' AND o.\"Releasability\" <> 'OwnNation' "
            + "ORDER BY o.\"AnnouncedOn\" DESC, o.\"Id\" DESC LIMIT 50 OFFSET 200");

        public Task<int> Requirements(DbConnection c) => Read(c,
            "SELECT COUNT(*) FROM requirements WHERE \"Status\" = 'Open'",
            "SELECT r.*, i.\"Code\", i.\"Name\" FROM requirements r JOIN catalogue_items i ON i.\"Id\" = r.\"ItemId\" "
            + "WHERE r.\"Status\" = 'Open' ORDER BY r.\"NeededBy\", r.\"Id\" LIMIT 50 OFFSET 200");

        public Task<int> Ledger(DbConnection c) => Read(c,
            "SELECT * FROM ledger_events WHERE \"EntityType\" = 'Offer' ORDER BY \"Sequence\" DESC LIMIT 51");

        private static async Task<int> Read(DbConnection c, params string[] sql)
        {
            var rows = 0;
            foreach (var s in sql)
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = s;
                await using var r = await cmd.ExecuteReaderAsync();
                var values = new object[r.FieldCount];
                while (await r.ReadAsync())
                {
                    r.GetValues(values);
                    rows++;
                }
            }
            return rows;
        }
    }

    private static async Task<DbConnection> OpenAsync(this DatabaseTarget target)
    {
        DbConnection c = target.IsPostgres ? new NpgsqlConnection(target.ConnectionString) : new Microsoft.Data.Sqlite.SqliteConnection(target.ConnectionString);
        await c.OpenAsync();
        return c;
    }

    // ------------------------------------------------------------------ the server, in its own process

    private sealed record Sample(double WorkingSetMb, double HeapMb, double CommittedMb, int Gen2, double CpuMs);

    private sealed class Server : IDisposable
    {
        public required Process Process { get; init; }
        private readonly StringBuilder output = new();
        private TaskCompletionSource<Sample> next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Sample Last { get; private set; } = new(0, 0, 0, 0, 0);
        public string Output { get { lock (output) return output.ToString(); } }

        public void Line(string? line)
        {
            if (line is null) return;
            if (line.StartsWith("sample ", StringComparison.Ordinal))
            {
                var p = line.Split(' ');
                Last = new Sample(double.Parse(p[1], Inv), double.Parse(p[2], Inv), double.Parse(p[3], Inv), int.Parse(p[4], Inv), double.Parse(p[5], Inv));
                Interlocked.Exchange(ref next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(Last);
            }
            else lock (output) output.AppendLine(line);
        }

        /// <summary>The server's CPU time now (ms): it answers on its stdin "cpu" with a sample.</summary>
        public async Task<double?> CpuAsync(HttpClient _)
        {
            var wait = next.Task;
            await Process.StandardInput.WriteLineAsync("sample");
            await Process.StandardInput.FlushAsync();
            var done = await Task.WhenAny(wait, Task.Delay(5000));
            return done == wait ? wait.Result.CpuMs : null;
        }

        /// <summary>A sample taken right after a full collection, so the heap size is what is alive.</summary>
        public async Task Collected(HttpClient _)
        {
            var wait = next.Task;
            await Process.StandardInput.WriteLineAsync("collect");
            await Process.StandardInput.FlushAsync();
            await Task.WhenAny(wait, Task.Delay(10000));
        }

        public void Dispose()
        {
            try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            Process.Dispose();
        }
    }

    private static Server StartServer(string db, string url)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!, ["api-serve", db, url])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") psi.ArgumentList.Insert(0, typeof(ApiBench).Assembly.Location);
        psi.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(psi)!;
        var server = new Server { Process = process };
        process.OutputDataReceived += (_, e) => server.Line(e.Data);
        process.ErrorDataReceived += (_, e) => server.Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// The child: the real server as <c>qm serve</c> builds it (WebApp.CreateAsync), with request lines and telemetry
    /// off and no scheduled checkpoint, as docs/benchmarks.md says; answers "sample" / "collect" on stdin with one line.
    /// </summary>
    public static async Task<int> Serve(string db, string url)
    {
        var app = await Web.Hosting.WebApp.CreateAsync(new Web.Hosting.WebOptions(DatabaseTarget.Resolve(db), [url])
        {
            Settings = new Dictionary<string, string?> { ["Logging:Requests"] = "false", ["Telemetry:Exporter"] = "none" },
            CheckpointEvery = TimeSpan.Zero,
        });
        await app.StartAsync();
        Console.WriteLine($"serving {url}");
        using var self = Process.GetCurrentProcess();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "collect")
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
            self.Refresh();
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            Console.WriteLine(string.Create(Inv,
                $"sample {self.WorkingSet64 / 1048576.0:0.0} {info.HeapSizeBytes / 1048576.0:0.0} {info.TotalCommittedBytes / 1048576.0:0.0} {GC.CollectionCount(2)} {self.TotalProcessorTime.TotalMilliseconds:0.0}"));
        }
        await app.StopAsync();
        return 0;
    }
}
