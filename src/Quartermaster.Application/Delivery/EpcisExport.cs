using System.Globalization;
using System.Text.Json.Nodes;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Accountability;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Delivery;

namespace Quartermaster.Application.Delivery;

/// <summary>A shipment line as the export needs it: its item, how it is tracked, and the serials or lots shipped on it.</summary>
public sealed record EpcisLine(int LineNumber, string ItemCode, Tracking Tracking, int Quantity, IReadOnlyList<string> Serials,
    IReadOnlyList<EpcisLot> Lots);

public sealed record EpcisLot(string Lot, int Quantity);

/// <summary>A shipment with the times of its moves (null: not happened) and its lines.</summary>
public sealed record EpcisShipment(Guid Id, string Reference, string DonorCode, string? HubCode, string Destination, IReadOnlyList<Leg> Legs,
    DateTime? DispatchedAt, DateTime? AtHubAt, DateTime? HandedOverAt, IReadOnlyList<EpcisLine> Lines);

/// <summary>A (non-reversing) receipt; <see cref="ReversedAt"/> is when a reversing receipt withdrew it.</summary>
public sealed record EpcisReceipt(Guid Id, string Number, Guid ShipmentId, string ReceivingUnit, DateTime SignedAt, DateTime RecordedAt,
    IReadOnlyList<ReceiptLine> Lines, DateTime? ReversedAt);

/// <summary>One serial seen on a posted inventory, with the disposition it was reported in.</summary>
public sealed record EpcisObservation(Guid InventoryKey, string? InventoryNumber, string ItemCode, string Serial, string HolderUnit, string Location,
    Disposition Status, DateTime At);

/// <summary>
/// The GS1 EPCIS 2.0 export (JSON-LD): shipping, hub arrival, handover, receiving, inspection of rejected units and
/// inventory counts as ObjectEvents with CBV 2.0 business steps and dispositions. A pure function over loaded views:
/// every mapping rule (identifiers, steps, dispositions, the time window) is here and only here. Identifiers are
/// private URNs (<c>urn:quartermaster:…</c>), which EPCIS 2.0 allows for objects and locations not identified by GS1
/// keys; see docs/delivery.md, "EPCIS export".
/// </summary>
public static class EpcisExport
{
    public const string Context = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

    /// <summary>At most this many events in one document: a larger window is refused with a message, never cut silently.</summary>
    public const int MaxEvents = 5000;

    /// <summary>The refusal of a window with more events than a document carries (400 naming <c>from</c>).</summary>
    public static RequestException TooMany()
        => new("from", $"More than {MaxEvents:N0} events match; one document carries at most {MaxEvents:N0}. Narrow from/to, or name a shipment.");

    private const string Prefix = "urn:quartermaster:";

    private static string Part(string s) => Uri.EscapeDataString(s.Trim());

    public static string SerialId(string itemCode, string serial) => $"{Prefix}serial:{Part(itemCode)}:{Part(serial)}";

    public static string ItemClass(string itemCode) => $"{Prefix}item:{Part(itemCode)}";

    public static string LotClass(string itemCode, string lot) => $"{Prefix}lot:{Part(itemCode)}:{Part(lot)}";

    public static string HubId(string code) => $"{Prefix}hub:{Part(code.ToUpperInvariant())}";

    public static string UnitId(string unit) => $"{Prefix}unit:{Part(unit)}";

    public static string PlaceId(string place) => $"{Prefix}place:{Part(place)}";

    public static string NationId(string code) => $"{Prefix}nation:{Part(code)}";

    public static string ShipmentId(string reference) => $"{Prefix}shipment:{Part(reference)}";

    public static string ReceiptId(string number) => $"{Prefix}receipt:{Part(number)}";

    public static string InventoryId(string number) => $"{Prefix}inventory:{Part(number)}";

    /// <summary>A place on a route: the hub's identifier when it names the shipment's hub, otherwise a named place.</summary>
    public static string Location(string place, string? hubCode)
        => hubCode is not null && string.Equals(place.Trim(), hubCode, StringComparison.OrdinalIgnoreCase) ? HubId(hubCode) : PlaceId(place);

    /// <summary>CBV disposition of a unit rejected on a receipt.</summary>
    public static string Disposition(RejectReason reason) => reason switch
    {
        RejectReason.Damaged => "damaged",
        RejectReason.Expired => "expired",
        RejectReason.WrongItem => "non_sellable_other",
        _ => "non_sellable_other", // Incomplete
    };

    /// <summary>CBV disposition of a serial as an inventory reported it (captured has no CBV word: a private one).</summary>
    public static string Disposition(Disposition status) => status switch
    {
        Domain.Accountability.Disposition.InService => "active",
        Domain.Accountability.Disposition.UnderRepair => "inactive",
        Domain.Accountability.Disposition.Expended => "disposed",
        Domain.Accountability.Disposition.Destroyed => "destroyed",
        Domain.Accountability.Disposition.Lost => "unknown",
        Domain.Accountability.Disposition.Stolen => "stolen",
        _ => $"{Prefix}disposition:captured",
    };

    private static string Time(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The EPCISDocument of every event whose time lies in [from, to] (either end open when null), oldest first.</summary>
    public static JsonObject Document(DateTime creationDate, IReadOnlyList<EpcisShipment> shipments, IReadOnlyList<EpcisReceipt> receipts,
        IReadOnlyList<EpcisObservation> observations, DateTime? from = null, DateTime? to = null)
    {
        var events = Events(shipments, receipts, observations)
            .Where(e => (from is null || e.At >= from) && (to is null || e.At <= to))
            .OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        if (events.Count > MaxEvents) throw TooMany();
        return new JsonObject
        {
            ["@context"] = new JsonArray(Context),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Time(creationDate),
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray(events.Select(e => (JsonNode)e.Json).ToArray()) },
        };
    }

    private sealed record Event(DateTime At, string Id, JsonObject Json);

    private static IEnumerable<Event> Events(IReadOnlyList<EpcisShipment> shipments, IReadOnlyList<EpcisReceipt> receipts, IReadOnlyList<EpcisObservation> observations)
    {
        var byId = shipments.ToDictionary(s => s.Id);
        foreach (var s in shipments)
        {
            var objects = Shipped(s);
            (string?, string)[] desadv = [("desadv", ShipmentId(s.Reference))];
            var depot = s.Legs.Count > 0 ? s.Legs[0].From : s.Destination;
            if (s.DispatchedAt is { } dispatched)
                yield return Object(s.Id + ":shipping", dispatched, objects, "shipping", "in_transit", Location(depot, s.HubCode), null, desadv,
                    source: [("owning_party", NationId(s.DonorCode)), ("location", Location(depot, s.HubCode))],
                    destination: [("location", PlaceId(s.Destination))]);
            if (s.AtHubAt is { } atHub && s.HubCode is not null)
                yield return Object(s.Id + ":arriving", atHub, objects, "arriving", "in_progress", HubId(s.HubCode), HubId(s.HubCode), desadv);
            if (s.HandedOverAt is { } handed)
            {
                var from = s.Legs.Count > 0 ? s.Legs[^1].From : s.Destination;
                yield return Object(s.Id + ":departing", handed, objects, "departing", "in_transit", Location(from, s.HubCode), null, desadv,
                    destination: [("location", PlaceId(s.Destination))]);
            }
        }
        foreach (var r in receipts)
        {
            if (!byId.TryGetValue(r.ShipmentId, out var s)) continue;
            var lines = s.Lines.ToDictionary(l => l.LineNumber);
            (string?, string)[] tx = [("desadv", ShipmentId(s.Reference)), ("recadv", ReceiptId(r.Number))];
            var accepted = new Objects();
            var rejected = new SortedDictionary<string, Objects>(StringComparer.Ordinal);
            foreach (var rl in r.Lines)
            {
                if (!lines.TryGetValue(rl.LineNumber, out var line)) continue;
                if (line.Tracking == Tracking.Serial)
                    foreach (var x in rl.Serials)
                    {
                        if (x.Outcome == SerialOutcome.Accepted) accepted.Epcs.Add(SerialId(line.ItemCode, x.Serial));
                        else if (x.Outcome == SerialOutcome.Rejected)
                            Of(rejected, Disposition(x.Reason ?? RejectReason.Damaged)).Epcs.Add(SerialId(line.ItemCode, x.Serial));
                    }
                else
                {
                    if (rl.Accepted > 0) accepted.Quantities.Add((ItemClass(line.ItemCode), rl.Accepted));
                    foreach (var x in rl.Rejected.Where(x => x.Quantity > 0))
                        Of(rejected, Disposition(x.Reason)).Quantities.Add((ItemClass(line.ItemCode), x.Quantity));
                }
            }
            var at = PlaceId(s.Destination);
            var unit = UnitId(r.ReceivingUnit);
            if (!accepted.Empty)
                yield return WithError(Object(r.Id + ":receiving", r.SignedAt, accepted, "receiving", "active", at, unit, tx, r.RecordedAt), r.ReversedAt);
            foreach (var (disposition, objects) in rejected)
                yield return WithError(Object($"{r.Id}:inspecting:{disposition}", r.SignedAt, objects, "inspecting", disposition, at, unit, tx, r.RecordedAt),
                    r.ReversedAt);
        }
        foreach (var g in observations.GroupBy(o => (o.InventoryKey, o.At, o.HolderUnit, o.Location, o.Status)).OrderBy(g => g.Key.At))
        {
            var objects = new Objects();
            objects.Epcs.AddRange(g.Select(o => SerialId(o.ItemCode, o.Serial)).Distinct().Order(StringComparer.Ordinal));
            var number = g.First().InventoryNumber;
            var status = Disposition(g.Key.Status);
            yield return Object($"{g.Key.InventoryKey}:cycle_counting:{Part(g.Key.HolderUnit)}:{Part(g.Key.Location)}:{status}", g.Key.At, objects,
                "cycle_counting", status, PlaceId(g.Key.Location), UnitId(g.Key.HolderUnit),
                number is null ? null : [(null, InventoryId(number))]);
        }
    }

    private sealed class Objects
    {
        public List<string> Epcs { get; } = [];
        public List<(string Class, int Quantity)> Quantities { get; } = [];
        public bool Empty => Epcs.Count == 0 && Quantities.Count == 0;
    }

    private static Objects Of(SortedDictionary<string, Objects> map, string key)
    {
        if (!map.TryGetValue(key, out var o)) map[key] = o = new Objects();
        return o;
    }

    /// <summary>What a shipment carries: its serials (serial-tracked lines), its lots (lot-tracked lines) and counted units.</summary>
    private static Objects Shipped(EpcisShipment s)
    {
        var o = new Objects();
        foreach (var l in s.Lines.OrderBy(l => l.LineNumber))
            switch (l.Tracking)
            {
                case Tracking.Serial:
                    o.Epcs.AddRange(l.Serials.Order(StringComparer.Ordinal).Select(x => SerialId(l.ItemCode, x)));
                    break;
                case Tracking.Lot when l.Lots.Count > 0:
                    o.Quantities.AddRange(l.Lots.Select(x => (LotClass(l.ItemCode, x.Lot), x.Quantity)));
                    break;
                default:
                    o.Quantities.Add((ItemClass(l.ItemCode), l.Quantity));
                    break;
            }
        return o;
    }

    private static JsonArray BizTransactions((string? Type, string Id)[] txs)
        => new(txs.Select(t =>
        {
            var o = new JsonObject();
            if (t.Type is not null) o["type"] = t.Type;
            o["bizTransaction"] = t.Id;
            return (JsonNode)o;
        }).ToArray());

    private static Event Object(string key, DateTime at, Objects objects, string bizStep, string disposition, string readPoint, string? bizLocation,
        (string? Type, string Id)[]? bizTransactions, DateTime? recordTime = null, (string Type, string Id)[]? source = null, (string Type, string Id)[]? destination = null)
    {
        var id = $"{Prefix}event:{key}";
        var e = new JsonObject
        {
            ["type"] = "ObjectEvent",
            ["eventID"] = id,
            ["eventTime"] = Time(at),
            ["eventTimeZoneOffset"] = "+00:00",
        };
        if (recordTime is { } rt) e["recordTime"] = Time(rt);
        e["epcList"] = new JsonArray(objects.Epcs.Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
        if (objects.Quantities.Count > 0)
            e["quantityList"] = new JsonArray(objects.Quantities.Select(q => (JsonNode)new JsonObject { ["epcClass"] = q.Class, ["quantity"] = q.Quantity }).ToArray());
        e["action"] = "OBSERVE";
        e["bizStep"] = bizStep;
        e["disposition"] = disposition;
        e["readPoint"] = new JsonObject { ["id"] = readPoint };
        if (bizLocation is not null) e["bizLocation"] = new JsonObject { ["id"] = bizLocation };
        if (bizTransactions is { Length: > 0 }) e["bizTransactionList"] = BizTransactions(bizTransactions);
        if (source is { Length: > 0 })
            e["sourceList"] = new JsonArray(source.Select(x => (JsonNode)new JsonObject { ["type"] = x.Type, ["source"] = x.Id }).ToArray());
        if (destination is { Length: > 0 })
            e["destinationList"] = new JsonArray(destination.Select(x => (JsonNode)new JsonObject { ["type"] = x.Type, ["destination"] = x.Id }).ToArray());
        return new Event(at, id, e);
    }

    /// <summary>A reversed receipt's events stay, declared in error (EPCIS errorDeclaration) as of the reversal.</summary>
    private static Event WithError(Event e, DateTime? reversedAt)
    {
        if (reversedAt is { } at)
            e.Json["errorDeclaration"] = new JsonObject { ["declarationTime"] = Time(at), ["reason"] = "incorrect_data", ["correctiveEventIDs"] = new JsonArray() };
        return e;
    }
}
