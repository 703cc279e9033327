using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Accountability;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;
using Quartermaster.Storage;

namespace Quartermaster.Bench;

/// <summary>
/// The delivery chain at scale (issue 7), through the product's own services on a fresh database (SQLite file or
/// PostgreSQL connection string): a 100,000-serial upload for one shipment, its receipt, a 500-line receipt, and the
/// accountability reads over 1,000,000 serials in custody. The first 100,000 custody records come from the real receipt;
/// the rest are copies of them made by one SQL INSERT … SELECT per copy (new ids and serials, due dates spread so that
/// about 59 % are overdue, as the 2024 DoD IG found), because a million receipts through the service would measure the
/// seeding, not the reads.
/// </summary>
public static class DeliveryBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Actor Bench = Actor.LocalOperator("bench");

    public static async Task<int> Run(string[] args)
    {
        var rest = args.Skip(1).ToList();
        var dbAt = rest.IndexOf("--db");
        var db = dbAt >= 0 ? rest[dbAt + 1] : Path.Combine(Path.GetTempPath(), "qm-bench-delivery.db");
        var custodyAt = rest.IndexOf("--custody");
        var custody = custodyAt >= 0 ? int.Parse(rest[custodyAt + 1], Inv) : 1_000_000;
        var serialsAt = rest.IndexOf("--serials");
        var serials = serialsAt >= 0 ? int.Parse(rest[serialsAt + 1], Inv) : 100_000;
        const int lines = 500;

        var target = DatabaseTarget.Resolve(db);
        if (rest.Contains("--reads-only")) return await Reads(target); // the accountability reads again, on the database of an earlier run
        if (!target.IsPostgres) foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        else
            await using (var drop = target.Open(TimeProvider.System))
                await drop.Database.ExecuteSqlRawAsync("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"); // the database must exist
        await target.MigrateAsync(TimeProvider.System, notice: _ => { });
        Console.WriteLine($"Quartermaster delivery benchmark on {(target.IsPostgres ? "PostgreSQL" : "SQLite")}; {Environment.ProcessorCount} cores; load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine();
        Console.WriteLine("| measure | size | time s |");
        Console.WriteLine("|---|---:|---:|");

        var (serialItem, helmet) = await Seed(target);

        // 1. One shipment of 100,000 serial-tracked units: the serial list uploaded in one call, all or nothing.
        Guid bigShipment;
        await using (var ctx = target.Open(TimeProvider.System))
        {
            var a = await Allocate(ctx, serialItem, serials, 1);
            bigShipment = (await new ShipmentsService(ctx).Create(Bench, new ShipmentInput([new ShipmentLineInput(a, serials)], "BENCH-SERIALS"))).Summary.Id;
        }
        var list = Enumerable.Range(1, serials).Select(i => $"BN-{i:D7}").ToList();
        double seconds;
        await using (var ctx = target.Open(TimeProvider.System))
        {
            var sw = Stopwatch.StartNew();
            var r = await new IdentificationService(ctx).SetSerials(Bench, bigShipment, [new SerialsInput(1, list)]);
            seconds = sw.Elapsed.TotalSeconds;
            if (r.Serials != serials) throw new InvalidOperationException($"{r.Serials} serials stored");
        }
        Row("serial upload for one shipment (IdentificationService.SetSerials, one transaction, ledgered)", $"{serials:N0} serials", seconds);
        await MoveToHandover(target, bigShipment);
        await using (var ctx = target.Open(TimeProvider.System))
        {
            var sw = Stopwatch.StartNew();
            await new ReceiptsService(ctx, new CustodyOnReceipt()).Post(Bench, new ReceiptInput(bigShipment, "BENCH-R-SERIALS", "bench", null, "Bench Brigade",
                [new ReceiptLineInput(1, Serials: list.Select(s => new ReceiptSerialInput(s)).ToList())]), null);
            seconds = sw.Elapsed.TotalSeconds;
        }
        Row("receipt of that shipment, every serial accepted (custody records opened)", $"{serials:N0} serials", seconds);

        // 2. A 500-line shipment (one donor, 500 allocations of an untracked item), received line by line in one receipt.
        Guid wide;
        await using (var ctx = target.Open(TimeProvider.System))
        {
            var allocations = new List<Guid>();
            for (var i = 0; i < lines; i++) allocations.Add(await Allocate(ctx, helmet, 4, 2 + i));
            wide = (await new ShipmentsService(ctx).Create(Bench, new ShipmentInput(allocations.Select(x => new ShipmentLineInput(x, 4)).ToList(), "BENCH-WIDE"))).Summary.Id;
        }
        await MoveToHandover(target, wide);
        await using (var ctx = target.Open(TimeProvider.System))
        {
            var input = new ReceiptInput(wide, "BENCH-R-WIDE", "bench", null, "Bench Brigade",
                Enumerable.Range(1, lines).Select(n => n % 50 == 0
                    ? new ReceiptLineInput(n, Accepted: 3, Rejected: [new RejectionInput(RejectReason.Damaged, 1)])
                    : new ReceiptLineInput(n, Accepted: 4)).ToList());
            var sw = Stopwatch.StartNew();
            await new ReceiptsService(ctx, new CustodyOnReceipt()).Post(Bench, input, null);
            seconds = sw.Elapsed.TotalSeconds;
        }
        Row("receipt of a 500-line shipment (10 lines with a damaged unit: discrepancies raised)", $"{lines} lines", seconds);

        // 3. Accountability over `custody` serials in custody.
        var sw2 = Stopwatch.StartNew();
        var copies = await CopyCustody(target, custody);
        var total = copies;
        Console.Error.WriteLine(string.Create(Inv, $"  seeded {total:N0} custody records in {sw2.Elapsed.TotalSeconds:0.0} s"));
        return await Reads(target);
    }

    private static async Task<int> Reads(DatabaseTarget target)
    {
        await using var ctx = target.Open(TimeProvider.System);
        var total = await ctx.CustodyRecords.IgnoreQueryFilters().CountAsync();
        var reports = new AccountabilityReports(ctx);
        await reports.Delinquent(new PageQuery(1, 50)); // warm the connection and the plan cache, as a running server is
        var sw = Stopwatch.StartNew();
        var page = await reports.Delinquent(new PageQuery(1, 50));
        Row($"delinquency list, first page of 50 and total ({page.Total:N0} overdue)", $"{total:N0} in custody", sw.Elapsed.TotalSeconds);
        sw.Restart();
        var last = await reports.Delinquent(new PageQuery(Math.Max(1, page.Pages), 50));
        Row("delinquency list, last page", $"{total:N0} in custody", sw.Elapsed.TotalSeconds);
        sw.Restart();
        var report = await reports.Report();
        Row(string.Create(Inv, $"accountability report (compliance {report.CompliancePercent:0.0} %, reconciliation of {report.Reconciliation.Count} donor-item rows)"), $"{total:N0} in custody", sw.Elapsed.TotalSeconds);
        if (last.Items.Count == 0 && page.Total > 0) throw new InvalidOperationException("empty last page");
        return 0;
    }

    private static void Row(string what, string size, double s) => Console.WriteLine(string.Create(Inv, $"| {what} | {size} | {s:0.000} |"));

    private static async Task<(Guid Serial, Guid Helmet)> Seed(DatabaseTarget target)
    {
        await using var ctx = target.Open(TimeProvider.System);
        await CommandRunner.Run(ctx, Bench, "bench: nations and hub", () =>
        {
            ctx.Nations.Add(new Nation("USA", "United States", NationStatus.Member));
            ctx.Nations.Add(new Nation("UKR", "Ukraine", NationStatus.Recipient));
            var hub = new Hub("RZE", "Rzeszów", "USA", 1_000_000m);
            hub.SetTransit(1, 1);
            ctx.Hubs.Add(hub);
            return Task.FromResult(0);
        });
        var catalogue = new CatalogueService(ctx);
        var (serial, _) = await catalogue.Create(Bench, new CatalogueItemInput("bench-missile", "Bench missile", null, "1410", "iamd", true, "ML4", null,
            Tracking.Serial, "EA", 20m, EnhancedMonitoring: true, InventoryIntervalDays: 90));
        var (helmet, _) = await catalogue.Create(Bench, new CatalogueItemInput("bench-helmet", "Bench helmet", null, "8470", "protection", false, null, null,
            Tracking.None, "EA", 1.5m));
        return (serial.Id, helmet.Id);
    }

    private static int planNumber;

    /// <summary>An offer, a requirement and a confirmed allocation of them, as the planner's confirmation leaves them.</summary>
    private static Task<Guid> Allocate(QuartermasterDb ctx, Guid item, int quantity, int rank)
        => CommandRunner.Run(ctx, Bench, "bench: allocation", () =>
        {
            var plan = new AllocationPlan(Guid.NewGuid(), "2026-03", Interlocked.Increment(ref planNumber), new DateOnly(2026, 3, 2), "bench", DateTime.UtcNow);
            plan.Record("Optimal", 1, 1, 0, 1, 1, 1, "{}");
            plan.Confirm("bench", DateTime.UtcNow);
            ctx.AllocationPlans.Add(plan);
            var offer = new Offer(Guid.NewGuid(), "USA", AidType.Military, "bench offer", item, quantity);
            offer.Accept();
            offer.Allocate(quantity);
            ctx.Offers.Add(offer);
            var requirement = new Requirement(Guid.NewGuid(), "2026-03", rank, item, quantity, new DateOnly(2026, 6, 1), "Lviv", true);
            requirement.RecordCoverage(quantity);
            ctx.Requirements.Add(requirement);
            var a = new Allocation(Guid.NewGuid(), plan.Id, offer.Id, requirement.Id, "RZE", quantity, 1, 3, quantity);
            ctx.Allocations.Add(a);
            return Task.FromResult(a.Id);
        });

    private static async Task MoveToHandover(DatabaseTarget target, Guid shipment)
    {
        await using var ctx = target.Open(TimeProvider.System);
        var s = new ShipmentsService(ctx);
        var now = DateTime.UtcNow;
        await s.Dispatch(Bench, shipment, null, new DispatchInput(now.AddHours(-3)));
        await s.ArriveAtHub(Bench, shipment, null, new EventInput(now.AddHours(-2)));
        await s.HandOver(Bench, shipment, null, new EventInput(now.AddHours(-1)));
    }

    /// <summary>Copies the custody records the receipt opened until <paramref name="total"/> exist; returns the count.</summary>
    private static async Task<int> CopyCustody(DatabaseTarget target, int total)
    {
        await using var ctx = target.Open(TimeProvider.System);
        var existing = await ctx.CustodyRecords.IgnoreQueryFilters().CountAsync();
        if (existing == 0) throw new InvalidOperationException("the receipt opened no custody records");
        var columns = ctx.Model.FindEntityType(typeof(Domain.Accountability.CustodyRecord))!.GetProperties()
            .Select(p => p.GetColumnName()).ToList();
        string Q(string c) => "\"" + c + "\"";
        var copy = 0;
        while (existing < total)
        {
            copy++;
            var take = Math.Min(100_000, total - existing);
            // New id and serial; due dates spread over 90 days before to 62 days after today (59 % overdue).
            var select = columns.Select(c => c switch
            {
                "Id" => ctx.IsPostgres ? "gen_random_uuid()" : "upper(substr(h,1,8)||'-'||substr(h,9,4)||'-'||substr(h,13,4)||'-'||substr(h,17,4)||'-'||substr(h,21,12))",
                "Serial" => $"{Q("Serial")} || '-C{copy}'",
                "NextInventoryDue" => ctx.IsPostgres ? "(CURRENT_DATE + ((random() * 152)::int - 90))" : "date('now', ((abs(random()) % 152) - 90) || ' days')",
                _ => Q(c),
            });
            var from = ctx.IsPostgres
                ? $"FROM custody_records WHERE {Q("Serial")} NOT LIKE '%-C%' LIMIT {take}"
                : $"FROM (SELECT *, hex(randomblob(16)) AS h FROM custody_records WHERE {Q("Serial")} NOT LIKE '%-C%' LIMIT {take})";
            var sql = $"INSERT INTO custody_records ({string.Join(", ", columns.Select(Q))}) SELECT {string.Join(", ", select)} {from}";
            ctx.Database.SetCommandTimeout(600);
            existing += await ctx.Database.ExecuteSqlRawAsync(sql);
        }
        return existing;
    }
}
