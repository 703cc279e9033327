using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Application.Import;
using Quartermaster.Domain.Accountability;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Application.Accountability;

public sealed record CustodyEventView(string Kind, DateTime At, string HolderUnit, string Location, string Status, string StatusLabel,
    string? Evidence, bool ManualEntry, string EnteredBy);

public sealed record CustodyView(Guid Id, Guid ItemId, string ItemCode, string ItemName, string Serial, string DonorCode, Guid ShipmentId,
    string HolderUnit, string Location, DateTime Since, DateTime HandedOverAt, string Status, string StatusLabel, bool Monitored,
    DateOnly? NextInventoryDue, int DaysOverdue, DateTime? LastInventoryAt, DateTime? ExpectedNotFoundAt, DateTime? LossNoticedAt,
    DateTime? LossReportedAt, bool LossReportedLate, decimal? UnitValueEur, IReadOnlyList<CustodyEventView> History);

public sealed record InventoryLineInput(string? Serial, Disposition Status = Disposition.InService, string? ItemCode = null, string? Evidence = null,
    DateTime? NoticedAt = null, bool ManualEntry = false);

public sealed record InventoryInput(string? Number, string? Unit, DateTime? TakenAt, IReadOnlyList<InventoryLineInput>? Lines);

public sealed record InventoryResult(Guid Id, string Number, string Unit, DateTime TakenAt, string PostedBy, int Observed,
    IReadOnlyList<string> ExpectedNotFound, int LossesReportedLate, bool Replayed);

public sealed record TransferInput(IReadOnlyList<string>? Serials, string? ItemCode, string? ToUnit, string? Location, DateTime? At);

public sealed record ReverseInput(string? Reason);

/// <summary>
/// End-use accountability of serial-tracked items after handover: custody records (created by receipts), transfers
/// between units, posted serial inventories with a disposition per serial, and "expected, not found".
/// </summary>
public sealed class AccountabilityService(QuartermasterDb db)
{
    private DateTime Now => db.Clock.GetUtcNow().UtcDateTime;

    public async Task<CustodyView> Custody(Guid id, CancellationToken ct = default)
        => await View(await db.CustodyRecords.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Custody record", id.ToString()), ct);

    public async Task<IReadOnlyList<CustodyView>> Find(string serial, string? itemCode, CancellationToken ct = default)
    {
        var s = serial.Trim();
        var q = db.CustodyRecords.AsNoTracking().Where(c => c.Serial == s);
        if (!string.IsNullOrWhiteSpace(itemCode))
        {
            var code = itemCode.Trim().ToLowerInvariant();
            q = q.Where(c => db.CatalogueItems.Any(i => i.Id == c.ItemId && i.Code == code));
        }
        var list = await q.Take(20).ToListAsync(ct);
        var views = new List<CustodyView>();
        foreach (var c in list) views.Add(await View(c, ct));
        return views;
    }

    private async Task<CustodyView> View(CustodyRecord c, CancellationToken ct)
    {
        var item = await db.CatalogueItems.AsNoTracking().FirstAsync(i => i.Id == c.ItemId, ct);
        var history = await db.CustodyEvents.AsNoTracking().Where(e => e.CustodyId == c.Id).OrderBy(e => e.At).ToListAsync(ct);
        var today = DateOnly.FromDateTime(Now);
        return new CustodyView(c.Id, c.ItemId, item.Code, item.Name, c.Serial, c.DonorCode, c.ShipmentId, c.HolderUnit, c.Location, Utc(c.Since),
            Utc(c.HandedOverAt), c.Status.ToString(), Monitoring.Label(c.Status), c.Monitored, c.NextInventoryDue, c.DaysOverdue(today),
            Utc(c.LastInventoryAt), Utc(c.ExpectedNotFoundAt), Utc(c.LossNoticedAt), Utc(c.LossReportedAt), c.LossReportedLate, c.UnitValueEur,
            history.Select(e => new CustodyEventView(Words(e.Kind), Utc(e.At), e.HolderUnit, e.Location, e.Status.ToString(), Monitoring.Label(e.Status),
                e.Evidence, e.ManualEntry, e.EnteredBy)).ToList());
    }

    public static string Words(CustodyEventKind k) => k switch
    {
        CustodyEventKind.Received => "received",
        CustodyEventKind.Transferred => "transferred",
        CustodyEventKind.Inventoried => "inventoried",
        CustodyEventKind.ExpectedNotFound => "expected, not found",
        CustodyEventKind.Reversed => "report reversed",
        _ => k.ToString(),
    };

    private static DateTime Utc(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Utc);

    private static DateTime? Utc(DateTime? d) => d is { } v ? Utc(v) : null;

    private static DateTime In(DateTime d) => d.Kind == DateTimeKind.Utc ? d : d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc);

    public Task<int> Transfer(Actor actor, TransferInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"transfer custody to {input.ToUnit}", async () =>
        {
            var serials = input.Serials ?? [];
            if (serials.Count == 0) throw new RequestException("serials", "List the serials to transfer.");
            var at = input.At is { } a ? In(a) : Now;
            for (var i = 0; i < serials.Count; i++)
            {
                var c = await Resolve(serials[i], input.ItemCode, $"serials[{i}]", ct);
                c.Transfer(input.ToUnit ?? "", input.Location ?? c.Location, at, Now);
                db.CustodyEvents.Add(Shared(c, new CustodyEvent(Guid.NewGuid(), c.Id, c.DonorCode, CustodyEventKind.Transferred, at, c.HolderUnit, c.Location, c.Status,
                    null, false, actor.Name, null)));
            }
            return serials.Count;
        }, ct);

    public Task<CustodyView> Reverse(Actor actor, Guid id, ReverseInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"reverse disposition of custody {id}", async () =>
        {
            var c = await db.CustodyRecords.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Custody record", id.ToString());
            c.ReverseDisposition(input.Reason ?? "", Now);
            db.CustodyEvents.Add(Shared(c, new CustodyEvent(Guid.NewGuid(), c.Id, c.DonorCode, CustodyEventKind.Reversed, Now, c.HolderUnit, c.Location, c.Status,
                input.Reason, false, actor.Name, null)));
            return c.Id;
        }, x => Custody(x, ct), ct);

    /// <summary>A serial never received (no custody record visible to the caller) cannot be reported: the rule of <see cref="Monitoring"/>.</summary>
    private async Task<CustodyRecord> Resolve(string? serial, string? itemCode, string field, CancellationToken ct)
    {
        var s = Identification.ParseSerial(serial, field);
        var q = db.CustodyRecords.Where(c => c.Serial == s);
        if (!string.IsNullOrWhiteSpace(itemCode))
        {
            var code = itemCode.Trim().ToLowerInvariant();
            var item = await db.CatalogueItems.FirstOrDefaultAsync(i => i.Code == code, ct) ?? throw new RequestException(field, $"No catalogue item has the code '{itemCode}'.");
            q = q.Where(c => c.ItemId == item.Id);
        }
        var found = await q.Take(2).ToListAsync(ct);
        return Reporting.Received(found, s, field);
    }

    public async Task<InventoryResult> PostInventory(Actor actor, InventoryInput input, string? idempotencyKey, CancellationToken ct = default)
    {
        var number = Receipt.ParseNumber(idempotencyKey ?? input.Number);
        var unit = Guard.Required(input.Unit, "unit", 120);
        var lines = input.Lines ?? [];
        var posted = new List<(string, string)> { ("number", number), ("unit", unit), ("takenAt", input.TakenAt is { } t ? In(t).ToString("O", CultureInfo.InvariantCulture) : "") };
        posted.AddRange(lines.Select((l, i) => ($"line {i + 1}", $"{l.ItemCode}|{l.Serial?.Trim()}|{l.Status}|{l.Evidence}|{l.NoticedAt:O}|{l.ManualEntry}")));
        var hash = ReceiptContent.Hash(posted);
        var existing = await db.Inventories.AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, ct);
        if (existing is not null)
            return existing.PostedHash == hash
                ? new InventoryResult(existing.Id, existing.Number, existing.Unit, Utc(existing.TakenAt), existing.PostedBy, existing.Observed, existing.ExpectedNotFound, 0, true)
                : throw new ConflictException($"Inventory number {number} was already posted with different content; use a new number for a new inventory.");
        if (lines.Count == 0) throw new RequestException("lines", "An inventory lists the serials it observed.");
        return await CommandRunner.Run(db, actor, $"post inventory {number} of {unit}", async () =>
        {
            var takenAt = input.TakenAt is { } ta ? In(ta) : Now;
            Monitoring.NotFuture(takenAt, Now, "takenAt");
            var id = Guid.NewGuid();
            var seen = new HashSet<Guid>();
            var late = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                var f = $"lines[{i}]";
                var c = await Resolve(lines[i].Serial, lines[i].ItemCode, $"{f}.serial", ct);
                if (!seen.Add(c.Id)) throw new RequestException($"{f}.serial", $"Serial {c.Serial} is listed twice in the inventory.");
                try { c.Observe(lines[i].Status, takenAt, lines[i].NoticedAt is { } n ? In(n) : null, Now, null); }
                catch (DomainException e) { throw new DomainException($"{f}.{e.Field}", e.Message); }
                if (c.LossReportedLate && Monitoring.IsLoss(c.Status)) late++;
                db.CustodyEvents.Add(Shared(c, new CustodyEvent(Guid.NewGuid(), c.Id, c.DonorCode, CustodyEventKind.Inventoried, takenAt, c.HolderUnit, c.Location,
                    c.Status, lines[i].Evidence, lines[i].ManualEntry, actor.Name, id)));
            }
            // What the unit holds but the inventory did not list: "expected, not found", never ignored.
            var expected = await db.CustodyRecords.Where(c => c.HolderUnit == unit && (c.Status == Disposition.InService || c.Status == Disposition.UnderRepair))
                .ToListAsync(ct);
            var missing = expected.Where(c => !seen.Contains(c.Id)).OrderBy(c => c.Serial, StringComparer.Ordinal).ToList();
            foreach (var c in missing)
            {
                c.ExpectedButNotFound(takenAt);
                db.CustodyEvents.Add(Shared(c, new CustodyEvent(Guid.NewGuid(), c.Id, c.DonorCode, CustodyEventKind.ExpectedNotFound, takenAt, c.HolderUnit, c.Location,
                    c.Status, $"not listed by inventory {number}", false, actor.Name, id)));
            }
            var inventory = new Inventory(id, number, unit, takenAt, actor.Name, Now, lines.Count, missing.Select(c => c.Serial), hash);
            db.Inventories.Add(inventory);
            return new InventoryResult(id, number, unit, takenAt, actor.Name, lines.Count, inventory.ExpectedNotFound, late, false);
        }, ct);
    }

    /// <summary>A scan file (CSV/XLSX): columns serial, status, and optionally item, evidence, noticed_at, manual.</summary>
    public Task<InventoryResult> PostInventoryFile(Actor actor, string? number, string? unit, DateTime? takenAt, Stream file, string fileName, CancellationToken ct = default)
    {
        var sheet = TabularReader.Read(file, fileName)[0];
        string? H(params string[] names) => sheet.Headers.FirstOrDefault(h => names.Contains(h.Trim().ToLowerInvariant().Replace(' ', '_')));
        var serial = H("serial", "serial_number", "sn");
        var status = H("status", "disposition");
        var item = H("item", "item_code");
        var evidence = H("evidence", "note");
        var noticed = H("noticed_at", "noticed");
        var manual = H("manual", "manual_entry");
        var issues = new List<ImportIssue>();
        if (serial is null) issues.Add(new ImportIssue(sheet.Name, 1, null, "No 'serial' column."));
        var lines = new List<InventoryLineInput>();
        if (serial is not null)
            foreach (var row in sheet.Rows)
            {
                var st = Disposition.InService;
                var text = status is null ? null : row[status]?.Trim().Replace(" ", "").Replace("_", "");
                if (!string.IsNullOrEmpty(text) && !Enum.TryParse(text, true, out st))
                    issues.Add(new ImportIssue(sheet.Name, row.Line, status, $"'{row[status!]}' is not a status: in service, under repair, expended, destroyed, lost, stolen or captured."));
                DateTime? n = null;
                if (noticed is not null && !string.IsNullOrWhiteSpace(row[noticed]))
                {
                    if (DateTime.TryParse(row[noticed], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)) n = d;
                    else issues.Add(new ImportIssue(sheet.Name, row.Line, noticed, $"'{row[noticed]}' is not a date (use YYYY-MM-DD)."));
                }
                lines.Add(new InventoryLineInput(row[serial], st, item is null ? null : row[item], evidence is null ? null : row[evidence], n,
                    manual is not null && row[manual]?.Trim().ToLowerInvariant() is "yes" or "true" or "1" or "y"));
            }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return PostInventory(actor, new InventoryInput(number, unit, takenAt, lines), null, ct);
    }

    /// <summary>An event of a custody chain is seen by whoever sees the custody record (the paying nations of a purchase too).</summary>
    private static CustodyEvent Shared(CustodyRecord c, CustodyEvent e)
    {
        e.SharePaidBy(c.PaidBy);
        return e;
    }

    public async Task<IReadOnlyList<InventoryResult>> Inventories(CancellationToken ct = default)
        => (await db.Inventories.AsNoTracking().OrderByDescending(i => i.TakenAt).Take(200).ToListAsync(ct))
            .Select(i => new InventoryResult(i.Id, i.Number, i.Unit, Utc(i.TakenAt), i.PostedBy, i.Observed, i.ExpectedNotFound, 0, false)).ToList();
}

/// <summary>Creates custody records when a receipt accepts serials, and removes them when the receipt is reversed.</summary>
public sealed class CustodyOnReceipt : CustodyHook
{
    public override async Task Received(QuartermasterDb db, Shipment shipment, Receipt receipt, IReadOnlyList<ShipmentSerial> accepted, CancellationToken ct)
    {
        if (accepted.Count == 0) return;
        var lineIds = accepted.Select(s => s.LineId).Distinct().ToList();
        var lines = await db.ShipmentLines.Where(l => lineIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var itemIds = lines.Values.Select(l => l.ItemId).Distinct().ToList();
        var items = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var offerIds = lines.Values.Select(l => l.OfferId).OfType<Guid>().Distinct().ToList();
        var offers = await db.Offers.IgnoreQueryFilters().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var orderIds = lines.Values.Select(l => l.ProductionOrderId).OfType<Guid>().Distinct().ToList();
        var orders = await db.ProductionOrders.Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var rates = await new Importing.ExchangeRatesService(db).Table(ct);
        var handedOver = shipment.HandedOverAt ?? receipt.SignedAt;
        var bulk = new BulkChanges(db);
        var unitValues = new Dictionary<Guid, decimal?>();
        foreach (var s in accepted)
        {
            var line = lines[s.LineId];
            var item = items[line.ItemId];
            // A gift is valued by its offer; a purchased unit (a production order's) by the order's unit price.
            var source = line.OfferId ?? line.ProductionOrderId!.Value;
            if (!unitValues.TryGetValue(source, out var unitEur))
                unitValues[source] = unitEur = line.OfferId is { } o ? AccountabilityReports.UnitValue(offers[o], rates) : AccountabilityReports.UnitValue(orders[source], rates);
            // The custody's donor is the shipper (for a purchase the producing company's nation); the paying nations follow it (PaidBy).
            var c = new CustodyRecord(Guid.NewGuid(), item.Id, s.Serial, s.DonorCode, shipment.Id, receipt.Id, receipt.ReceivingUnit, shipment.Destination,
                handedOver, new MonitoringTerms(item.EnhancedMonitoring, item.InventoryIntervalDays), unitEur);
            c.SharePaidBy(shipment.PaidBy);
            bulk.Add(c);
            var received = new CustodyEvent(Guid.NewGuid(), c.Id, c.DonorCode, CustodyEventKind.Received, handedOver, c.HolderUnit, c.Location,
                c.Status, $"receipt {receipt.Number}", false, receipt.RecordedBy, null);
            received.SharePaidBy(c.PaidBy);
            bulk.Add(received);
        }
        await db.SaveBulkAsync(bulk, ct);
    }

    public override async Task Reversed(QuartermasterDb db, Receipt original, IReadOnlyList<ShipmentSerial> serials, CancellationToken ct)
    {
        var records = await db.CustodyRecords.Where(c => c.ReceiptId == original.Id).ToListAsync(ct);
        var ids = records.Select(r => r.Id).ToList();
        var events = await db.CustodyEvents.Where(e => ids.Contains(e.CustodyId)).ToListAsync(ct);
        var used = events.FirstOrDefault(e => e.Kind != CustodyEventKind.Received);
        if (used is not null)
            throw new DomainException("corrects", $"Serial {records.First(r => r.Id == used.CustodyId).Serial} of receipt {original.Number} already has a custody history ({AccountabilityService.Words(used.Kind)} on {used.At:yyyy-MM-dd}); the receipt can no longer be reversed.");
        db.CustodyEvents.RemoveRange(events);
        db.CustodyRecords.RemoveRange(records);
    }
}
