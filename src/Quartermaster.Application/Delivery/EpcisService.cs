using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Accountability;
using Quartermaster.Storage;

namespace Quartermaster.Application.Delivery;

/// <summary>What an EPCIS export asks for: an event-time window (either end open) and, optionally, one shipment (id or reference).</summary>
public sealed record EpcisQuery(DateTime? From = null, DateTime? To = null, string? Shipment = null)
{
    /// <summary>Reads the query string: ISO 8601 instants or dates (UTC when no offset; a date alone is its whole day for <c>to</c>).</summary>
    public static EpcisQuery Parse(string? from, string? to, string? shipment)
    {
        var f = Instant(from, "from", false);
        var t = Instant(to, "to", true);
        if (f is not null && t is not null && t < f)
            throw new RequestException("to", $"'to' ({t:yyyy-MM-ddTHH:mm:ssZ}) is before 'from' ({f:yyyy-MM-ddTHH:mm:ssZ}).");
        return new EpcisQuery(f, t, string.IsNullOrWhiteSpace(shipment) ? null : shipment.Trim());
    }

    private static DateTime? Instant(string? text, string field, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return DateTime.SpecifyKind(endOfDay ? day.ToDateTime(TimeOnly.MaxValue) : day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        if (s.Length >= 16 && s[4] == '-' && s[10] == 'T'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at.UtcDateTime;
        throw new RequestException(field, $"'{text}' is not a date or an ISO 8601 instant (e.g. 2026-03-01 or 2026-03-01T00:00:00Z).");
    }
}

/// <summary>
/// Loads what <see cref="EpcisExport"/> maps: dispatched shipments, receipts and inventory observations in the window.
/// Every query goes through the database's delivery filters, so a point of contact exports its own nation's events
/// only, and a shipment it may not see is "not found".
/// </summary>
public sealed class EpcisService(QuartermasterDb db)
{
    /// <summary>At most this many serial observations from inventories in one document.</summary>
    public const int MaxObservations = 200_000;

    public async Task<JsonObject> Export(EpcisQuery query, CancellationToken ct = default)
    {
        var (from, to) = (query.From, query.To);
        Guid? only = query.Shipment is { } wanted ? await Resolve(wanted, ct) : null;
        var cap = EpcisExport.MaxEvents + 1;

        var rq = db.Receipts.AsNoTracking().Where(r => r.CorrectsId == null);
        if (only is { } o1) rq = rq.Where(r => r.ShipmentId == o1);
        if (from is not null) rq = rq.Where(r => r.SignedAt >= from);
        if (to is not null) rq = rq.Where(r => r.SignedAt <= to);
        var receipts = await rq.OrderBy(r => r.SignedAt).Take(cap).ToListAsync(ct);
        var reversalIds = receipts.Where(r => r.ReversedById != null).Select(r => r.ReversedById!.Value).ToList();
        var reversedAt = await db.Receipts.AsNoTracking().Where(r => reversalIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.RecordedAt, ct);

        var sq = db.Shipments.AsNoTracking().Where(s => s.DispatchedAt != null);
        if (only is { } o2) sq = sq.Where(s => s.Id == o2);
        if (from is not null) sq = sq.Where(s => s.DispatchedAt >= from || s.AtHubAt >= from || s.HandedOverAt >= from);
        if (to is not null) sq = sq.Where(s => s.DispatchedAt <= to);
        var shipments = await sq.OrderBy(s => s.DispatchedAt).Take(cap).ToListAsync(ct);
        var truncated = receipts.Count == cap || shipments.Count == cap;
        var known = shipments.Select(s => s.Id).ToHashSet();
        var more = receipts.Select(r => r.ShipmentId).Where(id => !known.Contains(id)).Distinct().ToList();
        if (more.Count > 0) shipments.AddRange(await db.Shipments.AsNoTracking().Where(s => more.Contains(s.Id)).ToListAsync(ct));

        var ids = shipments.Select(s => s.Id).ToList();
        var lines = await db.ShipmentLines.AsNoTracking().Where(l => ids.Contains(l.ShipmentId)).ToListAsync(ct);
        var serials = (await db.ShipmentSerials.AsNoTracking().Where(x => ids.Contains(x.ShipmentId)).Select(x => new { x.LineId, x.Serial }).ToListAsync(ct))
            .ToLookup(x => x.LineId, x => x.Serial);
        var lots = (await db.ShipmentLots.AsNoTracking().Where(x => ids.Contains(x.ShipmentId)).Select(x => new { x.LineId, x.Lot, x.Quantity }).ToListAsync(ct))
            .ToLookup(x => x.LineId, x => new EpcisLot(x.Lot, x.Quantity));

        var eq = db.CustodyEvents.AsNoTracking().Where(e => e.Kind == CustodyEventKind.Inventoried);
        if (from is not null) eq = eq.Where(e => e.At >= from);
        if (to is not null) eq = eq.Where(e => e.At <= to);
        var oq = eq.Join(db.CustodyRecords, e => e.CustodyId, c => c.Id,
            (e, c) => new { e.Id, e.InventoryId, e.At, e.HolderUnit, e.Location, e.Status, c.ItemId, c.Serial, c.ShipmentId });
        if (only is { } o3) oq = oq.Where(x => x.ShipmentId == o3);
        var seen = await oq.OrderBy(x => x.At).Take(MaxObservations + 1).ToListAsync(ct);
        truncated |= seen.Count > MaxObservations;
        if (truncated) throw EpcisExport.TooMany();

        var itemIds = lines.Select(l => l.ItemId).Concat(seen.Select(x => x.ItemId)).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Code, ct);
        var inventoryIds = seen.Where(x => x.InventoryId != null).Select(x => x.InventoryId!.Value).Distinct().ToList();
        var numbers = await db.Inventories.AsNoTracking().Where(i => inventoryIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, ct);

        var byShipment = lines.ToLookup(l => l.ShipmentId);
        var views = shipments.Select(s => new EpcisShipment(s.Id, s.Reference, s.DonorCode, s.HubCode, s.Destination, s.Legs, s.DispatchedAt, s.AtHubAt,
            s.HandedOverAt, byShipment[s.Id].Select(l => new EpcisLine(l.LineNumber, items.GetValueOrDefault(l.ItemId) ?? l.ItemId.ToString(), l.Tracking,
                l.Quantity, serials[l.Id].ToList(), lots[l.Id].ToList())).ToList())).ToList();
        var receiptViews = receipts.Select(r => new EpcisReceipt(r.Id, r.Number, r.ShipmentId, r.ReceivingUnit, r.SignedAt, r.RecordedAt, r.Lines,
            r.ReversedById is { } rev && reversedAt.TryGetValue(rev, out var at) ? at : null)).ToList();
        var observations = seen.Select(x => new EpcisObservation(x.InventoryId ?? x.Id, x.InventoryId is { } i ? numbers.GetValueOrDefault(i) : null,
            items.GetValueOrDefault(x.ItemId) ?? x.ItemId.ToString(), x.Serial, x.HolderUnit, x.Location, x.Status, x.At)).ToList();
        return EpcisExport.Document(db.Clock.GetUtcNow().UtcDateTime, views, receiptViews, observations, from, to);
    }

    /// <summary>A shipment by id or reference, among those the caller may see (another nation's is "not found").</summary>
    private async Task<Guid> Resolve(string shipment, CancellationToken ct)
    {
        Guid? id = Guid.TryParse(shipment, out var g)
            ? await db.Shipments.Where(s => s.Id == g).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct)
            : await db.Shipments.Where(s => s.Reference.ToUpper() == shipment.ToUpper()).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        return id ?? throw new NotFoundException("Shipment", shipment);
    }
}
