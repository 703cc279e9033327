using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Accountability;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Domain.Accountability;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Demo;

public sealed record DeliveryDemoSummary(int Shipments, int Receipts, int Discrepancies, int InCustody, int Delinquent, bool PlanConfirmed);

/// <summary>
/// The chain after a confirmed plan, with ILLUSTRATIVE data (references DEMO-…, signers and units marked illustrative):
/// a shipment planned, one in transit at the Rzeszów hub, one received with a damaged unit (its monitored items now
/// overdue for their 90-day inventory), and one received, inventoried and with one loss reported late. Everything goes
/// through the same services a user has; a database that already has the demo shipments is left alone.
/// </summary>
public sealed class DeliveryDemo(QuartermasterDb db)
{
    public const string Prefix = "DEMO-";
    public const string Unit = "Illustrative 1st Brigade";

    public async Task<DeliveryDemoSummary> Load(Actor actor, CancellationToken ct = default)
    {
        var confirmedNow = false;
        if (!await db.Shipments.IgnoreQueryFilters().AnyAsync(s => s.Reference.StartsWith(Prefix), ct))
        {
            var plans = new AllocationsService(db);
            if (!await db.AllocationPlans.AnyAsync(p => p.State == PlanState.Confirmed, ct))
            {
                var plan = await plans.Compute(actor, null, null, ct);
                await plans.Confirm(actor, plan.Id, plan.Version, ct);
                confirmedNow = true;
            }
            await Chain(actor, ct);
        }
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        return new DeliveryDemoSummary(await db.Shipments.CountAsync(ct), await db.Receipts.CountAsync(ct), await db.Discrepancies.CountAsync(ct),
            await db.CustodyRecords.CountAsync(ct), await db.CustodyRecords.CountAsync(c => c.NextInventoryDue != null && c.NextInventoryDue < today, ct), confirmedNow);
    }

    private sealed record Candidate(Guid AllocationId, string HubCode, int Remaining, Guid ItemId, Tracking Tracking, string Donor, string Destination, string Origin);

    private async Task Chain(Actor actor, CancellationToken ct)
    {
        var shipments = new ShipmentsService(db);
        var open = await shipments.OpenAllocations(actor, ct);
        var ids = open.Select(o => o.AllocationId).ToList();
        var rows = await db.Allocations.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Join(db.Offers.IgnoreQueryFilters(), a => a.OfferId, o => o.Id, (a, o) => new { a.Id, a.HubCode, o.ItemId, o.DonorCode, o.OriginDepot, o.TransferConsent, o.ExportLicence })
            .ToListAsync(ct);
        var items = await db.CatalogueItems.AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var nations = await db.Nations.AsNoTracking().ToDictionaryAsync(n => n.Code, ct);
        var candidates = rows.Where(r => r.ItemId is { } i && items.ContainsKey(i))
            .Where(r => Domain.Offers.Clearance.IsCleared(r.TransferConsent, r.ExportLicence, nations[r.DonorCode].Policy.Permits(items[r.ItemId!.Value]).LicenceRequired))
            .Select(r => new Candidate(r.Id, r.HubCode, open.First(o => o.AllocationId == r.Id).Remaining, r.ItemId!.Value, items[r.ItemId!.Value].Tracking,
                r.DonorCode, open.First(o => o.AllocationId == r.Id).Destination, r.OriginDepot ?? $"{nations[r.DonorCode].Name} depot"))
            .ToList();
        var serial = candidates.Where(c => c.Tracking == Tracking.Serial && c.Remaining >= 3).OrderBy(c => c.HubCode != "RZE").ThenBy(c => c.Donor).ToList();
        var other = candidates.Where(c => c.Tracking != Tracking.Serial).ToList();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var hubs = await db.Hubs.AsNoTracking().ToDictionaryAsync(h => h.Code, ct);

        // Items under enhanced monitoring: the serial-tracked items the demo receives.
        var monitored = serial.Take(3).Select(c => c.ItemId).Distinct().ToList();
        if (monitored.Count > 0)
            await CommandRunner.Run(db, actor, "demo: enhanced monitoring of received serial-tracked items", async () =>
            {
                foreach (var item in await db.CatalogueItems.Where(i => monitored.Contains(i.Id)).ToListAsync(ct)) item.SetMonitoring(true, 90);
                return 0;
            }, ct);

        async Task<ShipmentDetail> Plan(Candidate c, string name, int units, DateTime departure)
        {
            var monday = DateOnly.FromDateTime(departure).AddDays(-(((int)departure.DayOfWeek + 6) % 7));
            var hub = hubs[c.HubCode];
            var legs = ShipmentsService.DefaultRoute(c.Origin, c.Donor, null, TransportMode.Road, hub, c.Destination, monday, 1, 1 + hub.InboundWeeks + hub.OutboundWeeks)
                .Select(l => new LegInput(l.From, l.To, l.Mode, l.Custodian, l.CustodianKind, l.PlannedDeparture, l.PlannedArrival)).ToList();
            return await shipments.Create(actor, new ShipmentInput([new ShipmentLineInput(c.AllocationId, units)], $"{Prefix}{name}", legs), ct);
        }

        async Task<List<string>> Serials(ShipmentDetail s, string tag)
        {
            var list = new List<string>();
            foreach (var line in s.Lines.Where(l => l.Tracking == "Serial"))
            {
                var serials = Enumerable.Range(1, line.Quantity).Select(i => $"{Prefix}{tag}-{line.LineNumber}-{i:0000}").ToList();
                await new IdentificationService(db).SetSerials(actor, s.Summary.Id, [new SerialsInput(line.LineNumber, serials)], ct);
                list.AddRange(serials);
            }
            return list;
        }

        async Task Along(ShipmentDetail s, DateTime dispatched, DateTime? atHub, DateTime? handedOver)
        {
            await shipments.Dispatch(actor, s.Summary.Id, null, new DispatchInput(dispatched), ct);
            if (atHub is { } h) await shipments.ArriveAtHub(actor, s.Summary.Id, null, new EventInput(h), ct);
            if (handedOver is { } o) await shipments.HandOver(actor, s.Summary.Id, null, new EventInput(o), ct);
        }

        var receipts = new ReceiptsService(db, new CustodyOnReceipt());
        // 1. Planned: due to leave in two weeks.
        if (other.Concat(serial.Skip(3)).FirstOrDefault() is { } planned)
            await Plan(planned, "PLANNED", Math.Min(planned.Remaining, 20), now.AddDays(14));
        // 2. In transit: dispatched ten days ago, now at the hub.
        if (serial.Count > 0)
        {
            var c = serial[0];
            var s = await Plan(c, "TRANSIT", Math.Min(c.Remaining, 4), now.AddDays(-10));
            await Serials(s, "T");
            await Along(s, now.AddDays(-10), now.AddDays(-3), null);
        }
        // 3. Received 120 days ago with one damaged unit: the initial 90-day inventory is now overdue.
        if (serial.Count > 1)
        {
            var c = serial[1];
            var s = await Plan(c, "DAMAGED", Math.Min(c.Remaining, 5), now.AddDays(-135));
            var list = await Serials(s, "D");
            await Along(s, now.AddDays(-135), now.AddDays(-128), now.AddDays(-120));
            await receipts.Post(actor, new ReceiptInput(s.Summary.Id, $"{Prefix}RCV-DAMAGED", "Illustrative logistics officer", now.AddDays(-120), Unit,
                [new ReceiptLineInput(1, Serials: list.Select((x, i) => i == 0 ? new ReceiptSerialInput(x, SerialOutcome.Rejected, RejectReason.Damaged) : new ReceiptSerialInput(x)).ToList())]), null, ct);
        }
        // 4. Received 60 days ago, inventoried ten days ago: one unit lost (noticed 50 days ago, so reported late).
        if (serial.Count > 2)
        {
            var c = serial[2];
            var s = await Plan(c, "INVENTORIED", Math.Min(c.Remaining, 4), now.AddDays(-75));
            var list = await Serials(s, "I");
            await Along(s, now.AddDays(-75), now.AddDays(-68), now.AddDays(-60));
            await receipts.Post(actor, new ReceiptInput(s.Summary.Id, $"{Prefix}RCV-INVENTORIED", "Illustrative logistics officer", now.AddDays(-60), Unit,
                [new ReceiptLineInput(1, Serials: list.Select(x => new ReceiptSerialInput(x)).ToList())]), null, ct);
            await new AccountabilityService(db).PostInventory(actor, new InventoryInput($"{Prefix}INV-1", Unit, now.AddDays(-10),
                list.Select((x, i) => i == 0
                    ? new InventoryLineInput(x, Disposition.Lost, null, "Illustrative: vehicle hit by artillery fire", now.AddDays(-50))
                    : new InventoryLineInput(x, Disposition.InService, null, "Illustrative: scanned at the brigade depot")).ToList()), null, ct);
        }
    }
}
