using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Offers;
using Quartermaster.Storage;

namespace Quartermaster.Application.Delivery;

public sealed record ShipmentLineInput(Guid AllocationId, int Quantity);

public sealed record LegInput(string From, string To, TransportMode Mode, string Custodian, CustodianKind CustodianKind,
    DateTime PlannedDeparture, DateTime PlannedArrival);

public sealed record ShipmentInput(IReadOnlyList<ShipmentLineInput>? Lines, string? Reference = null, IReadOnlyList<LegInput>? Legs = null,
    string? Carrier = null, TransportMode Mode = TransportMode.Road);

public sealed record DispatchInput(DateTime? At = null, string? OverrideReason = null);

public sealed record EventInput(DateTime? At = null);

public sealed record LegTimesInput(DateTime? ActualDeparture, DateTime? ActualArrival);

public sealed record CancelInput(string? Reason);

/// <summary>
/// A shipment of a production order's units: how many, through which hub (none: straight to the destination), and
/// either the legs or the defaults (the company's works → hub → the requirement's destination, leaving tomorrow).
/// </summary>
public sealed record OrderShipmentInput(int Quantity, string? HubCode = null, string? Reference = null, string? Origin = null, DateTime? PlannedDeparture = null,
    IReadOnlyList<LegInput>? Legs = null, string? Carrier = null, TransportMode Mode = TransportMode.Road);

public sealed record OpenAllocation(Guid AllocationId, string DonorCode, string ItemName, string Destination, string HubCode, int Quantity,
    int Remaining, string Period, int ShipWeek);

/// <summary>
/// Use cases of shipments: create them from confirmed allocations, read them, and move them along their route. A
/// national point of contact acts on its own nation's shipments only (others are "not found").
/// </summary>
public sealed class ShipmentsService(QuartermasterDb db)
{
    private static readonly Dictionary<string, Expression<Func<Shipment, object?>>> Sorts = new()
    {
        ["planned"] = s => s.PlannedDeparture,
        ["expected"] = s => s.ExpectedArrival,
        ["reference"] = s => s.Reference,
        ["donor"] = s => s.DonorCode,
        ["state"] = s => s.State,
    };

    private DateTime Now => db.Clock.GetUtcNow().UtcDateTime;

    public async Task<Page<ShipmentSummary>> List(PageQuery page, ShipmentState? state = null, string? donor = null, CancellationToken ct = default)
    {
        var q = db.Shipments.AsQueryable();
        if (state is not null) q = q.Where(s => s.State == state);
        if (!string.IsNullOrWhiteSpace(donor)) q = q.Where(s => s.DonorCode == donor.Trim().ToUpper());
        if (!string.IsNullOrWhiteSpace(page.Search))
        {
            var like = Queries.Like(page.Search);
            q = q.Where(s => EF.Functions.Like(s.Reference.ToLower(), like, "\\") || EF.Functions.Like(s.Destination.ToLower(), like, "\\"));
        }
        var result = await q.ToPage(db, page, "planned", Sorts, s => s, ct);
        var ids = result.Items.Select(s => s.Id).ToList();
        var counts = await db.ShipmentLines.Where(l => ids.Contains(l.ShipmentId)).GroupBy(l => l.ShipmentId)
            .Select(g => new { g.Key, Lines = g.Count(), Units = g.Sum(l => l.Quantity) }).ToDictionaryAsync(x => x.Key, ct);
        return new Page<ShipmentSummary>(result.Items.Select(s => ShipmentSummary.Of(s, counts.GetValueOrDefault(s.Id)?.Lines ?? 0,
            counts.GetValueOrDefault(s.Id)?.Units ?? 0)).ToList(), result.Total, result.PageNumber, result.PageSize);
    }

    public async Task<Shipment> Find(Guid id, CancellationToken ct)
        => await db.Shipments.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("Shipment", id.ToString());

    public async Task<ShipmentDetail> Get(Guid id, CancellationToken ct = default)
    {
        var s = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Shipment", id.ToString());
        var lines = await db.ShipmentLines.AsNoTracking().Where(l => l.ShipmentId == id).OrderBy(l => l.LineNumber).ToListAsync(ct);
        var itemIds = lines.Select(l => l.ItemId).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var offerIds = lines.Select(l => l.OfferId).OfType<Guid>().Distinct().ToList();
        var offers = await db.Offers.IgnoreQueryFilters().AsNoTracking().Where(o => offerIds.Contains(o.Id))
            .Select(o => new { o.Id, o.TransferConsent, o.ExportLicence }).ToDictionaryAsync(o => o.Id, ct);
        // A production order's line has no offer: its clearances are the company's contract (see docs/delivery.md).
        string Consent(ShipmentLine l) => l.OfferId is { } o ? offers[o].TransferConsent.ToString() : nameof(ClearanceStatus.NotRequired);
        string Licence(ShipmentLine l) => l.OfferId is { } o ? offers[o].ExportLicence.ToString() : nameof(ClearanceStatus.NotRequired);
        var serials = await db.ShipmentSerials.Where(x => x.ShipmentId == id).GroupBy(x => x.LineId).Select(g => new { g.Key, N = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var lots = await db.ShipmentLots.Where(x => x.ShipmentId == id).GroupBy(x => x.LineId).Select(g => new { g.Key, N = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var receipts = await db.Receipts.AsNoTracking().Where(r => r.ShipmentId == id).ToListAsync(ct);
        var discrepancies = await db.Discrepancies.AsNoTracking().Where(d => d.ShipmentId == id).ToListAsync(ct);
        return new ShipmentDetail(ShipmentSummary.Of(s, lines.Count, lines.Sum(l => l.Quantity)), s.Legs.Select(LegView.Of).ToList(),
            lines.Select(l => new ShipmentLineView(l.LineNumber, l.Id, l.AllocationId, l.OfferId, l.RequirementId, l.ItemId, items[l.ItemId].Code,
                items[l.ItemId].Name, l.Tracking.ToString(), l.Quantity, l.Accepted, l.Rejected, l.Short, l.Open, serials.GetValueOrDefault(l.Id),
                lots.GetValueOrDefault(l.Id), Consent(l), Licence(l)) { ProductionOrderId = l.ProductionOrderId }).ToList(),
            receipts.OrderBy(r => r.RecordedAt).Select(ReceiptSummary.Of).ToList(),
            discrepancies.OrderBy(d => d.OpenedAt).ThenBy(d => d.LineNumber)
                .Select(d => DiscrepancyView.Of(d, s.Reference, items.GetValueOrDefault(d.ItemId)?.Name ?? "")).ToList(),
            s.CancelReason, s.CapacityOverride, LegView.Utc(s.AtHubAt), s.CreatedBy);
    }

    /// <summary>Confirmed allocations the actor may ship that still have units not on a shipment.</summary>
    public async Task<IReadOnlyList<OpenAllocation>> OpenAllocations(Actor actor, CancellationToken ct = default)
    {
        var viewer = Acting.ViewerOf(actor);
        var rows = await db.Allocations.AsNoTracking().Where(a => !a.Released)
            .Join(db.Offers, a => a.OfferId, o => o.Id, (a, o) => new { a, o.DonorCode, o.ItemId })
            .Join(db.AllocationPlans, x => x.a.PlanId, p => p.Id, (x, p) => new { x.a, x.DonorCode, x.ItemId, p.Period })
            .Join(db.Requirements, x => x.a.RequirementId, r => r.Id, (x, r) => new { x.a, x.DonorCode, x.ItemId, x.Period, r.Destination })
            .ToListAsync(ct);
        rows = rows.Where(r => viewer.MayChangeFor(r.DonorCode)).ToList();
        var ids = rows.Select(r => r.a.Id).ToList();
        var shipped = await Shipped(ids, ct);
        var itemIds = rows.Select(r => r.ItemId).OfType<Guid>().Distinct().ToList();
        var names = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        return rows.Select(r => new OpenAllocation(r.a.Id, r.DonorCode, r.ItemId is { } i ? names.GetValueOrDefault(i) ?? "" : "", r.Destination, r.a.HubCode,
                r.a.Quantity, r.a.Quantity - shipped.GetValueOrDefault(r.a.Id), r.Period, r.a.ShipWeek))
            .Where(o => o.Remaining > 0).OrderBy(o => o.Period).ThenBy(o => o.ShipWeek).ThenBy(o => o.DonorCode).Take(500).ToList();
    }

    /// <summary>Creates a planned shipment of one donor's confirmed allocations, with dates from the plan's weeks.</summary>
    public Task<ShipmentDetail> Create(Actor actor, ShipmentInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create shipment {input.Reference}", async () =>
        {
            var inputs = input.Lines ?? [];
            if (inputs.Count == 0) throw new RequestException("lines", "A shipment carries at least one line (allocationId, quantity).");
            var ids = inputs.Select(l => l.AllocationId).Distinct().ToList();
            var allocations = await db.Allocations.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            var offerIds = allocations.Values.Select(a => a.OfferId).Distinct().ToList();
            var offers = await db.Offers.Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var shipped = await Shipped(ids, ct);
            var used = new Dictionary<Guid, int>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var f = $"lines[{i}]";
                // Another nation's allocation is not revealed: it is "not found" like a missing one.
                if (!allocations.TryGetValue(inputs[i].AllocationId, out var a) || !offers.TryGetValue(a.OfferId, out var o)
                    || !Acting.ViewerOf(actor).MayChangeFor(o.DonorCode))
                    throw new RequestException($"{f}.allocationId", $"No confirmed allocation '{inputs[i].AllocationId}' is open to you.");
                if (a.Released) throw new RequestException($"{f}.allocationId", "The allocation was released (its plan was superseded or its clearance denied).");
                var left = a.Quantity - shipped.GetValueOrDefault(a.Id) - used.GetValueOrDefault(a.Id);
                if (inputs[i].Quantity < 1) throw new RequestException($"{f}.quantity", $"quantity must be greater than zero (got {inputs[i].Quantity}).");
                if (inputs[i].Quantity > left)
                    throw new RequestException($"{f}.quantity", $"Only {left} of the allocation's {a.Quantity} units are not yet on a shipment (asked {inputs[i].Quantity}).");
                used[a.Id] = used.GetValueOrDefault(a.Id) + inputs[i].Quantity;
            }
            var first = allocations[inputs[0].AllocationId];
            var donor = offers[first.OfferId].DonorCode;
            for (var i = 1; i < inputs.Count; i++)
            {
                var a = allocations[inputs[i].AllocationId];
                if (offers[a.OfferId].DonorCode != donor)
                    throw new RequestException($"lines[{i}].allocationId", $"A shipment carries one donor's goods: line 1 is {donor}'s, this one {offers[a.OfferId].DonorCode}'s.");
                if (a.HubCode != first.HubCode)
                    throw new RequestException($"lines[{i}].allocationId", $"A shipment passes one hub: line 1 goes through {first.HubCode}, this one through {a.HubCode}.");
            }
            var requirementIds = allocations.Values.Select(a => a.RequirementId).Distinct().ToList();
            var requirements = await db.Requirements.Where(r => requirementIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            var destination = requirements[first.RequirementId].Destination;
            for (var i = 1; i < inputs.Count; i++)
                if (requirements[allocations[inputs[i].AllocationId].RequirementId].Destination != destination)
                    throw new RequestException($"lines[{i}].allocationId", $"A shipment goes to one destination: line 1 to {destination}, this one elsewhere.");
            var hub = await db.Hubs.FirstAsync(h => h.Code == first.HubCode, ct);
            var plan = await db.AllocationPlans.FirstAsync(p => p.Id == first.PlanId, ct);
            var nation = await db.Nations.FirstAsync(n => n.Code == donor, ct);
            var offer = offers[first.OfferId];

            var legs = input.Legs is { Count: > 0 } given
                ? given.Select((l, i) => new Leg(i + 1, l.From, l.To, l.Mode, l.Custodian, l.CustodianKind, Utc(l.PlannedDeparture), Utc(l.PlannedArrival))).ToList()
                : DefaultRoute(offer.OriginDepot ?? $"{nation.Name} depot", nation.Name, input.Carrier, input.Mode, hub, destination,
                    plan.StartDate, allocations.Values.Where(a => ids.Contains(a.Id)).Min(a => a.ShipWeek), allocations.Values.Where(a => ids.Contains(a.Id)).Max(a => a.ArrivalWeek));
            var number = 1 + await db.Shipments.IgnoreQueryFilters().CountAsync(s => s.DonorCode == donor, ct);
            var reference = string.IsNullOrWhiteSpace(input.Reference) ? $"SHP-{donor}-{number:0000}" : input.Reference.Trim();
            if (await db.Shipments.IgnoreQueryFilters().AnyAsync(s => s.Reference == reference, ct))
                throw new RequestException("reference", $"A shipment {reference} already exists.");
            var shipment = new Shipment(Guid.NewGuid(), reference, donor, hub.Code, destination, legs, actor.Name, Now);
            var itemIds = offers.Values.Select(o => o.ItemId).OfType<Guid>().Distinct().ToList();
            var items = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
            decimal tonnes = 0;
            for (var i = 0; i < inputs.Count; i++)
            {
                var a = allocations[inputs[i].AllocationId];
                var o = offers[a.OfferId];
                if (o.ItemId is not { } itemId || !items.TryGetValue(itemId, out var item))
                    throw new RequestException($"lines[{i}].allocationId", "The allocation's offer names no catalogue item: only items are shipped.");
                var line = new ShipmentLine(Guid.NewGuid(), shipment.Id, i + 1, donor, a.Id, o.Id, a.RequirementId, item.Id, item.Tracking,
                    inputs[i].Quantity, item.UnitWeightKg);
                tonnes += line.Tonnes;
                db.ShipmentLines.Add(line);
            }
            shipment.SetTonnes(tonnes);
            db.Shipments.Add(shipment);
            return shipment.Id;
        }, id => Get(id, ct), ct);

    /// <summary>Units of each allocation on shipments that were not cancelled.</summary>
    private async Task<Dictionary<Guid, int>> Shipped(IReadOnlyList<Guid> allocationIds, CancellationToken ct)
        => await db.ShipmentLines.IgnoreQueryFilters().Where(l => l.AllocationId != null && allocationIds.Contains(l.AllocationId.Value))
            .Join(db.Shipments.IgnoreQueryFilters().Where(s => s.State != ShipmentState.Cancelled), l => l.ShipmentId, s => s.Id, (l, s) => l)
            .GroupBy(l => l.AllocationId!.Value).Select(g => new { g.Key, N = g.Sum(l => l.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.N, ct);

    /// <summary>
    /// Units of each production order on shipments that are neither cancelled nor accounted for by a receipt (on their
    /// way): accepted units are the order's delivered units; rejected and short ones are owed again.
    /// </summary>
    public static async Task<Dictionary<Guid, int>> InTransit(QuartermasterDb db, IReadOnlyList<Guid> orderIds, CancellationToken ct)
        => await db.ShipmentLines.IgnoreQueryFilters().Where(l => l.ProductionOrderId != null && orderIds.Contains(l.ProductionOrderId.Value))
            .Join(db.Shipments.IgnoreQueryFilters().Where(s => s.State != ShipmentState.Cancelled), l => l.ShipmentId, s => s.Id, (l, s) => l)
            .GroupBy(l => l.ProductionOrderId!.Value).Select(g => new { g.Key, N = g.Sum(l => l.Quantity - l.Accepted - l.Rejected - l.Short) })
            .ToDictionaryAsync(x => x.Key, x => x.N, ct);

    /// <summary>
    /// Plans a shipment of a production order's units (the coordinator only): produced (or stock) units neither delivered
    /// nor on another shipment, from the company's nation (the shipper, <see cref="Shipment.DonorCode"/>) through a hub (or
    /// none) to the requirement's destination. The shipment, its lines, serials, receipts, discrepancies and custody are
    /// shared with the nations whose money pays for the order (<see cref="Shipment.PaidBy"/>).
    /// </summary>
    public Task<ShipmentDetail> CreateForOrder(Actor actor, Guid orderId, OrderShipmentInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create shipment of production order {orderId}", async () =>
        {
            if (Acting.RoleOf(actor) != Role.Coordinator)
                throw new RequestException("productionOrderId", "Only a coordinator plans shipments of production orders.");
            var order = await db.ProductionOrders.FirstOrDefaultAsync(o => o.Id == orderId, ct) ?? throw new NotFoundException("Production order", orderId.ToString());
            var inTransit = (await InTransit(db, [order.Id], ct)).GetValueOrDefault(order.Id);
            order.EnsureShippable(input.Quantity, inTransit, "quantity");
            if (order.RequirementId is not { } requirementId)
                throw new RequestException("productionOrderId", "The order meets no requirement line: there is no destination to ship it to.");
            var requirement = await db.Requirements.FirstAsync(r => r.Id == requirementId, ct);
            var company = await db.Companies.FirstAsync(c => c.Id == order.CompanyId, ct);
            var nation = await db.Nations.FirstAsync(n => n.Code == company.Nation, ct);
            var item = await db.CatalogueItems.FirstAsync(i => i.Id == order.CatalogueItemId, ct);
            Domain.Logistics.Hub? hub = null;
            if (!string.IsNullOrWhiteSpace(input.HubCode))
            {
                var code = input.HubCode.Trim().ToUpperInvariant();
                hub = await db.Hubs.FirstOrDefaultAsync(h => h.Code == code, ct) ?? throw new RequestException("hubCode", $"No hub has the code '{input.HubCode}'.");
            }
            var origin = string.IsNullOrWhiteSpace(input.Origin) ? $"{company.Name} works" : input.Origin.Trim();
            var departure = input.PlannedDeparture is { } d ? Utc(d) : Now.Date.AddDays(1).AddHours(8);
            List<Leg> legs;
            if (input.Legs is { Count: > 0 } given)
                legs = given.Select((l, i) => new Leg(i + 1, l.From, l.To, l.Mode, l.Custodian, l.CustodianKind, Utc(l.PlannedDeparture), Utc(l.PlannedArrival))).ToList();
            else if (hub is not null)
                legs = DefaultRoute(origin, company.Name, input.Carrier, input.Mode, hub, requirement.Destination, DateOnly.FromDateTime(departure), 1,
                    2 + Math.Max(hub.InboundWeeks, 0) + Math.Max(hub.OutboundWeeks, 0)).Select(l => l with
                    {
                        PlannedDeparture = l.PlannedDeparture.Date + departure.TimeOfDay, PlannedArrival = l.PlannedArrival,
                    }).ToList();
            else
                legs = [new Leg(1, origin, requirement.Destination, input.Mode, string.IsNullOrWhiteSpace(input.Carrier) ? company.Name : input.Carrier.Trim(),
                    string.IsNullOrWhiteSpace(input.Carrier) ? CustodianKind.Donor : CustodianKind.Carrier, departure, departure.AddDays(7))];
            var donor = nation.Code;
            var number = 1 + await db.Shipments.IgnoreQueryFilters().CountAsync(s => s.DonorCode == donor, ct);
            var reference = string.IsNullOrWhiteSpace(input.Reference) ? $"SHP-{donor}-{number:0000}" : input.Reference.Trim();
            if (await db.Shipments.IgnoreQueryFilters().AnyAsync(s => s.Reference == reference, ct))
                throw new RequestException("reference", $"A shipment {reference} already exists.");
            var shipment = new Shipment(Guid.NewGuid(), reference, donor, hub?.Code, requirement.Destination, legs, actor.Name, Now);
            shipment.SharePaidBy(order.PaidBy);
            var line = ShipmentLine.ForOrder(Guid.NewGuid(), shipment.Id, 1, donor, order.Id, order.PaidBy, requirement.Id, item.Id, item.Tracking,
                input.Quantity, item.UnitWeightKg);
            shipment.SetTonnes(line.Tonnes);
            db.Shipments.Add(shipment);
            db.ShipmentLines.Add(line);
            return shipment.Id;
        }, id => Get(id, ct), ct);

    /// <summary>Who changes a shipment: its donor's point of contact or the coordinator; purchased goods (a production order's) only the coordinator.</summary>
    internal static void EnsureMayChange(Actor actor, Shipment s)
    {
        Acting.EnsureMayChange(actor, s.DonorCode, "Shipment", s.Id.ToString());
        if (s.PaidBy is not null && Acting.RoleOf(actor) != Role.Coordinator)
            throw new RequestException("state", $"{s.Reference} carries a production order's units: only a coordinator changes it.");
    }

    /// <summary>Depot → hub by the donor's carrier, hub → destination in the hub's custody; weeks from the plan.</summary>
    public static List<Leg> DefaultRoute(string origin, string donorName, string? carrier, TransportMode mode, Domain.Logistics.Hub hub,
        string destination, DateOnly planStart, int shipWeek, int arrivalWeek)
    {
        var depart = planStart.AddDays(7 * (shipWeek - 1)).ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc);
        var atHub = depart.AddDays(7 * Math.Max(hub.InboundWeeks, 0)).AddHours(hub.InboundWeeks == 0 ? 12 : 0);
        var leaveHub = atHub.AddDays(1);
        var arrive = planStart.AddDays(7 * (arrivalWeek - 1)).ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc);
        if (arrive < leaveHub.AddDays(Math.Max(hub.OutboundWeeks, 0) * 7).AddHours(8)) arrive = leaveHub.AddDays(Math.Max(hub.OutboundWeeks, 0) * 7).AddHours(8);
        return
        [
            new Leg(1, origin, hub.Code, mode, string.IsNullOrWhiteSpace(carrier) ? donorName : carrier.Trim(),
                string.IsNullOrWhiteSpace(carrier) ? CustodianKind.Donor : CustodianKind.Carrier, depart, atHub),
            new Leg(2, hub.Code, destination, TransportMode.Road, hub.Name, CustodianKind.Hub, leaveHub, arrive),
        ];
    }

    private static DateTime Utc(DateTime d) => d.Kind == DateTimeKind.Utc ? d : d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc);

    private async Task<Shipment> ForChange(Actor actor, Guid id, long? expectedVersion, CancellationToken ct)
    {
        var s = await Find(id, ct);
        EnsureMayChange(actor, s);
        if (expectedVersion is { } v) db.ExpectVersion(s, v);
        return s;
    }

    public Task<ShipmentDetail> Dispatch(Actor actor, Guid id, long? expectedVersion, DispatchInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"dispatch shipment {id}", async () =>
        {
            var s = await ForChange(actor, id, expectedVersion, ct);
            var lines = await db.ShipmentLines.Where(l => l.ShipmentId == id).OrderBy(l => l.LineNumber).ToListAsync(ct);
            var offerIds = lines.Select(l => l.OfferId).OfType<Guid>().Distinct().ToList();
            var offers = await db.Offers.IgnoreQueryFilters().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var itemIds = lines.Select(l => l.ItemId).Distinct().ToList();
            var catalogue = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
            var names = catalogue.ToDictionary(kv => kv.Key, kv => kv.Value.Name);
            var donor = await db.Nations.FirstAsync(n => n.Code == s.DonorCode, ct);
            // A gift ships under its donor's policy; a purchase under the company's contract (no donor policy applies).
            var decisions = lines.ToDictionary(l => l.LineNumber, l => l.OfferId is null ? Domain.Nations.PolicyDecision.Allow(false) : donor.Policy.Permits(catalogue[l.ItemId]));
            var serials = await db.ShipmentSerials.Where(x => x.ShipmentId == id).GroupBy(x => x.LineId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
            var lots = await db.ShipmentLots.Where(x => x.ShipmentId == id).GroupBy(x => x.LineId).Select(g => new { g.Key, N = g.Sum(l => l.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
            HubLoad? load = null;
            if (s.HubCode is { } hubCode && s.HubWeek is { } week)
            {
                var hub = await db.Hubs.FirstAsync(h => h.Code == hubCode, ct);
                var other = await db.Shipments.IgnoreQueryFilters()
                    .Where(x => x.HubCode == hubCode && x.HubWeek == week && x.Id != id && x.State != ShipmentState.Planned && x.State != ShipmentState.Cancelled)
                    .SumAsync(x => (decimal?)x.Tonnes, ct) ?? 0;
                load = new HubLoad(hubCode, week, hub.WeeklyCapacityTonnes, other, s.Tonnes);
            }
            var readiness = new DispatchReadiness(
                lines.Select(l => new LineReadiness(l.LineNumber, names[l.ItemId], l.Tracking, l.Quantity, serials.GetValueOrDefault(l.Id),
                    lots.GetValueOrDefault(l.Id), l.OfferId is { } o ? offers[o].TransferConsent : ClearanceStatus.NotRequired, l.OfferId is { } c ? offers[c].ConsentFrom : null,
                    l.OfferId is { } e ? offers[e].ExportLicence : ClearanceStatus.NotRequired, decisions[l.LineNumber].LicenceRequired)).ToList(),
                load, input.OverrideReason, Acting.RoleOf(actor) == Role.Coordinator);
            s.Dispatch(input.At is { } at ? Utc(at) : Now, Now, readiness);
            foreach (var l in lines)
                if (l.OfferId is { } o && offers[o].Status == Domain.Offers.OfferStatus.Allocated) offers[o].MarkShipped(decisions[l.LineNumber]);
            return s.Id;
        }, x => Get(x, ct), ct);

    public Task<ShipmentDetail> ArriveAtHub(Actor actor, Guid id, long? expectedVersion, EventInput input, CancellationToken ct = default)
        => Step(actor, id, expectedVersion, "arrive at hub", s => s.ArriveAtHub(input.At is { } at ? Utc(at) : Now, Now), ct);

    public Task<ShipmentDetail> HandOver(Actor actor, Guid id, long? expectedVersion, EventInput input, CancellationToken ct = default)
        => Step(actor, id, expectedVersion, "hand over", s => s.HandOver(input.At is { } at ? Utc(at) : Now, Now), ct);

    public Task<ShipmentDetail> RecordLeg(Actor actor, Guid id, int number, long? expectedVersion, LegTimesInput input, CancellationToken ct = default)
        => Step(actor, id, expectedVersion, $"record leg {number}", s => s.RecordLeg(number,
            input.ActualDeparture is { } d ? Utc(d) : null, input.ActualArrival is { } a ? Utc(a) : null, Now), ct);

    public Task<ShipmentDetail> Cancel(Actor actor, Guid id, long? expectedVersion, CancelInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"cancel shipment {id}", async () =>
        {
            var s = await ForChange(actor, id, expectedVersion, ct);
            s.Cancel(input.Reason ?? "", Now);
            await FreeIdentification(s.Id, ct);
            return s.Id;
        }, x => Get(x, ct), ct);

    /// <summary>A cancelled shipment's serials and lots are free for another shipment.</summary>
    internal async Task FreeIdentification(Guid shipmentId, CancellationToken ct)
    {
        db.ShipmentSerials.RemoveRange(await db.ShipmentSerials.IgnoreQueryFilters().Where(x => x.ShipmentId == shipmentId).ToListAsync(ct));
        db.ShipmentLots.RemoveRange(await db.ShipmentLots.IgnoreQueryFilters().Where(x => x.ShipmentId == shipmentId).ToListAsync(ct));
    }

    private Task<ShipmentDetail> Step(Actor actor, Guid id, long? expectedVersion, string what, Action<Shipment> step, CancellationToken ct)
        => CommandRunner.Run(db, actor, $"{what} shipment {id}", async () =>
        {
            var s = await Find(id, ct);
            // Hubs and the recipient move shipments along too: the donor's point of contact only its own.
            if (!Acting.ViewerOf(actor).SeesDelivery(s.DonorCode, s.PaidBy) || Acting.RoleOf(actor) is Role.Auditor or Role.IndustryRepresentative)
                throw new NotFoundException("Shipment", id.ToString());
            // Purchased goods move by the cell and the recipient; the paying and producing nations follow them.
            if (s.PaidBy is not null && Acting.RoleOf(actor) == Role.NationalPointOfContact)
                throw new RequestException("state", $"{s.Reference} carries a production order's units: the coordinator or the recipient moves it.");
            if (expectedVersion is { } v) db.ExpectVersion(s, v);
            step(s);
            return s.Id;
        }, x => Get(x, ct), ct);
}
