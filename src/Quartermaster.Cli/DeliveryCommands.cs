using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartermaster.Application.Accountability;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Domain.Delivery;

namespace Quartermaster.Cli;

/// <summary>qm shipments …, qm receipts post FILE, qm inventory post FILE, qm accountability report (against the local database).</summary>
public static class DeliveryCommands
{
    private static readonly Argument<Guid> ShipmentId = new("SHIPMENT-ID") { Description = "The shipment (see qm shipments list)" };

    private static string When(DateTime? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-";

    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>qm events epcis: the GS1 EPCIS 2.0 export, from the local database or through a server (--server, --token).</summary>
    public static Command Events()
    {
        var from = new Option<string?>("--from") { Description = "Events at or after this instant or date (ISO 8601, UTC unless an offset is given)" };
        var to = new Option<string?>("--to") { Description = "Events at or before this instant or date (a date alone: its whole day)" };
        var shipment = new Option<string?>("--shipment") { Description = "Only this shipment's events (its id or reference)" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the document to this file instead of standard output" };
        var epcis = Remote.AddTo(new Command("epcis", "Export shipping, receiving, inspection and inventory events as a GS1 EPCIS 2.0 JSON-LD document") { from, to, shipment, output });
        epcis.SetAction(Shell.Guarded(async (p, ct) =>
        {
            System.Text.Json.Nodes.JsonNode doc;
            if (Remote.IsRemote(p))
            {
                using var http = Remote.Client(p);
                var query = string.Join("&", new[] { ("from", p.GetValue(from)), ("to", p.GetValue(to)), ("shipment", p.GetValue(shipment)) }
                    .Where(x => !string.IsNullOrWhiteSpace(x.Item2)).Select(x => $"{x.Item1}={Uri.EscapeDataString(x.Item2!.Trim())}"));
                doc = Remote.Json(await Remote.Read(await http.GetAsync("api/v1/events/epcis" + (query.Length > 0 ? "?" + query : ""), ct), ct));
            }
            else
            {
                await using var db = await Shell.OpenAsync(p, ct);
                doc = await new EpcisService(db).Export(EpcisQuery.Parse(p.GetValue(from), p.GetValue(to), p.GetValue(shipment)), ct);
            }
            var text = doc.ToJsonString(Readable);
            if (p.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text + "\n", ct);
                Console.WriteLine($"{doc["epcisBody"]?["eventList"]?.AsArray().Count ?? 0} EPCIS event(s) written to {file.FullName}.");
            }
            else Console.WriteLine(text);
            return 0;
        }));
        return new Command("events", "Event exports for other traceability systems: epcis") { epcis };
    }

    public static Command Shipments()
    {
        var cmd = new Command("shipments", "Shipments from confirmed allocations: list, show, create, serials, dispatch, arrive, hand-over, cancel");
        var state = new Option<ShipmentState?>("--state") { Description = "Only shipments in this state (Planned, Dispatched, AtHub, HandedOver, Received, Cancelled)" };
        var list = new Command("list", "List shipments") { state };
        list.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var page = await new ShipmentsService(db).List(new PageQuery(1, PageQuery.MaxPageSize), p.GetValue(state), null, ct);
            foreach (var s in page.Items)
                Console.WriteLine($"{s.Id}  {s.Reference,-16} {s.DonorCode} {s.StateLabel,-12} {s.Units,6} units  planned {When(s.PlannedDeparture)}  expected {When(s.ExpectedArrival)}  → {s.Destination}");
            Console.WriteLine($"{page.Total} shipment(s)");
            return 0;
        }));
        var show = new Command("show", "Show a shipment: route, lines, receipts, discrepancies") { ShipmentId };
        show.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            Print(await new ShipmentsService(db).Get(p.GetValue(ShipmentId), ct));
            return 0;
        }));
        var allocation = new Option<Guid>("--allocation") { Description = "The confirmed allocation to ship", Required = true };
        var quantity = new Option<int>("--quantity") { Description = "Units", Required = true };
        var carrier = new Option<string?>("--carrier") { Description = "Carrier to the hub (default: the donor's transport)" };
        var create = new Command("create", "Plan a shipment of units of a confirmed allocation") { allocation, quantity, carrier };
        create.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var d = await new ShipmentsService(db).Create(Shell.Actor(p), new ShipmentInput([new ShipmentLineInput(p.GetValue(allocation), p.GetValue(quantity))], Carrier: p.GetValue(carrier)), ct);
            Console.WriteLine($"Shipment {d.Summary.Reference} planned (id {d.Summary.Id}).");
            Print(d);
            return 0;
        }));
        var file = new Argument<FileInfo>("FILE") { Description = "CSV or XLSX with a column serial (and line for several serial-tracked lines)" };
        var serials = new Command("serials", "Capture a shipment's serial numbers from a file, all or nothing") { ShipmentId, file };
        serials.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var f = p.GetValue(file)!;
            await using var db = await Shell.OpenAsync(p, ct);
            await using var stream = f.OpenRead();
            var r = await Shell.WithProgress("Checking serials", _ => new IdentificationService(db).SetSerialsFromFile(Shell.Actor(p), p.GetValue(ShipmentId), stream, f.Name, ct));
            Console.WriteLine($"{r.Reference}: {r.Serials} serial numbers on {r.Lines} line(s) captured ({r.Lots} new).");
            return 0;
        }));
        var overrideReason = new Option<string?>("--override") { Description = "Coordinator: dispatch through a full hub, with this reason" };
        var dispatch = new Command("dispatch", "Dispatch a planned shipment (refused while clearances are pending, serials incomplete or the hub full)") { ShipmentId, overrideReason };
        dispatch.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            Print(await new ShipmentsService(db).Dispatch(Shell.Actor(p), p.GetValue(ShipmentId), null, new DispatchInput(null, p.GetValue(overrideReason)), ct));
            return 0;
        }));
        var arrive = new Command("arrive", "Record the shipment's arrival at its hub") { ShipmentId };
        arrive.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            Print(await new ShipmentsService(db).ArriveAtHub(Shell.Actor(p), p.GetValue(ShipmentId), null, new EventInput(), ct));
            return 0;
        }));
        var handOver = new Command("hand-over", "Record the handover to the recipient") { ShipmentId };
        handOver.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            Print(await new ShipmentsService(db).HandOver(Shell.Actor(p), p.GetValue(ShipmentId), null, new EventInput(), ct));
            return 0;
        }));
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var cancel = new Command("cancel", "Cancel a planned shipment") { ShipmentId, reason };
        cancel.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            Print(await new ShipmentsService(db).Cancel(Shell.Actor(p), p.GetValue(ShipmentId), null, new CancelInput(p.GetValue(reason)), ct));
            return 0;
        }));
        foreach (var c in new[] { list, show, create, serials, dispatch, arrive, handOver, cancel }) cmd.Subcommands.Add(c);
        return cmd;
    }

    private static void Print(ShipmentDetail d)
    {
        var s = d.Summary;
        Console.WriteLine($"{s.Reference} ({s.DonorCode}) {s.StateLabel}: {s.Units} units, {s.Tonnes:0.###} t, planned arrival {When(s.PlannedArrival)}, expected {When(s.ExpectedArrival)}");
        foreach (var l in d.Legs)
            Console.WriteLine($"  leg {l.Number} {l.From} → {l.To} ({l.Mode.ToLowerInvariant()}, {l.Custodian}): planned {When(l.PlannedDeparture)} → {When(l.PlannedArrival)}, actual {When(l.ActualDeparture)} → {When(l.ActualArrival)}");
        foreach (var l in d.Lines)
            Console.WriteLine($"  line {l.LineNumber} {l.ItemName}: {l.Quantity} shipped, {l.Accepted} accepted, {l.Rejected} rejected, {l.Short} short, {l.Open} open"
                              + (l.Tracking == "Serial" ? $", {l.SerialsCaptured} serials" : l.Tracking == "Lot" ? $", {l.LotsTotal} in lots" : ""));
        foreach (var x in d.Discrepancies)
            Console.WriteLine($"  discrepancy line {x.LineNumber}: {x.Quantity} {x.CodeLabel}, charged to {x.ChargedTo}, {x.StateLabel}");
    }

    public static Command Receipts()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The receipt as JSON: {shipmentId, number, signedBy, receivingUnit, lines:[…]} (docs/delivery.md)" };
        var post = new Command("post", "Post a signed receipt; posting the same number again changes nothing") { file };
        post.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var f = p.GetValue(file)!;
            ReceiptInput input;
            try { input = JsonSerializer.Deserialize<ReceiptInput>(await File.ReadAllTextAsync(f.FullName, ct), Shell.Json) ?? throw new RequestException("body", "empty file"); }
            catch (JsonException e) { return Shell.Fail($"{f.Name}: {e.Path}: {e.Message}"); }
            await using var db = await Shell.OpenAsync(p, ct);
            var r = await new ReceiptsService(db, new CustodyOnReceipt()).Post(Shell.Actor(p), input, null, ct);
            Console.WriteLine($"Receipt {r.Summary.Number} for {r.ShipmentReference}{(r.Replayed ? " was already posted: nothing changed" : "")}: "
                              + $"{r.Summary.Accepted} accepted, {r.Summary.Rejected} rejected, {r.Summary.Short} short, {r.Summary.Unexpected} not expected; content hash {r.Summary.ContentHash}");
            foreach (var d in r.Discrepancies) Console.WriteLine($"  discrepancy line {d.LineNumber}: {d.Quantity} {d.CodeLabel}, charged to {d.ChargedTo}");
            return 0;
        }));
        var cmd = new Command("receipts", "Handover receipts (proof of delivery)");
        cmd.Subcommands.Add(post);
        return cmd;
    }

    public static Command Inventory()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "JSON {number, unit, takenAt, lines:[{serial, status, evidence, noticedAt, manualEntry}]} or a CSV/XLSX scan file" };
        var number = new Option<string?>("--number") { Description = "Inventory number (for CSV/XLSX; JSON carries its own)" };
        var unit = new Option<string?>("--unit") { Description = "The unit inventoried (for CSV/XLSX)" };
        var post = new Command("post", "Post a serial inventory; what the unit holds but the file does not list is shown as expected, not found") { file, number, unit };
        post.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var f = p.GetValue(file)!;
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new AccountabilityService(db);
            InventoryResult r;
            if (f.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
            {
                InventoryInput input;
                try { input = JsonSerializer.Deserialize<InventoryInput>(await File.ReadAllTextAsync(f.FullName, ct), Shell.Json) ?? throw new RequestException("body", "empty file"); }
                catch (JsonException e) { return Shell.Fail($"{f.Name}: {e.Path}: {e.Message}"); }
                r = await service.PostInventory(Shell.Actor(p), input, null, ct);
            }
            else
            {
                await using var stream = f.OpenRead();
                r = await service.PostInventoryFile(Shell.Actor(p), p.GetValue(number), p.GetValue(unit), null, stream, f.Name, ct);
            }
            Console.WriteLine($"Inventory {r.Number} of {r.Unit}{(r.Replayed ? " was already posted: nothing changed" : "")}: {r.Observed} serials observed"
                              + (r.LossesReportedLate > 0 ? $", {r.LossesReportedLate} loss(es) flagged late" : "") + ".");
            if (r.ExpectedNotFound.Count > 0) Console.WriteLine($"  expected, not found ({r.ExpectedNotFound.Count}): {string.Join(", ", r.ExpectedNotFound.Take(50))}");
            return 0;
        }));
        var cmd = new Command("inventory", "Serial inventories of units (end-use monitoring)");
        cmd.Subcommands.Add(post);
        return cmd;
    }

    public static Command Accountability()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var report = new Command("report", "Compliance, delinquent value, loss reporting and the reconciliation per donor and item") { format };
        report.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var reports = new AccountabilityReports(db);
            var r = await Shell.WithProgress("Accountability report", _ => reports.Report(ct));
            if (p.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(r, Shell.Json));
                return 0;
            }
            Console.WriteLine($"Accountability as of {r.AsOf:yyyy-MM-dd}: {r.Serials} serials in custody, {r.MonitoredHeld} monitored and held");
            Console.WriteLine($"  inventory compliance {r.CompliancePercent:0.0} %, {r.Delinquent} delinquent worth EUR {r.DelinquentValueEur:N2}, {r.ExpectedNotFound} expected but not found");
            Console.WriteLine($"  {r.LossesReported} losses reported, {r.LossesReportedLate} later than 30 days"
                              + (r.AverageDaysToReportLoss is { } d ? $", {d:0.#} days on average from noticing to reporting" : ""));
            foreach (var row in r.Reconciliation)
                Console.WriteLine($"  {row.DonorCode} {row.ItemName}: {row.HandedOver} handed over; "
                                  + string.Join(", ", row.ByStatus.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} {Domain.Accountability.Monitoring.Label(Enum.Parse<Domain.Accountability.Disposition>(kv.Key))}"))
                                  + (row.Reconciles ? "" : "  DOES NOT RECONCILE"));
            var late = await reports.Delinquent(new PageQuery(1, 20), ct);
            if (late.Total > 0)
            {
                Console.WriteLine($"  delinquent (first {late.Items.Count} of {late.Total}):");
                foreach (var x in late.Items) Console.WriteLine($"    {x.Serial} {x.ItemName} ({x.DonorCode}) held by {x.HolderUnit}: due {x.Due:yyyy-MM-dd}, {x.DaysOverdue} days overdue");
            }
            return 0;
        }));
        var cmd = new Command("accountability", "End-use accountability reports");
        cmd.Subcommands.Add(report);
        return cmd;
    }
}
