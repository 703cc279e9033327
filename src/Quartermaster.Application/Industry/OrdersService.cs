using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Requirements;
using Quartermaster.Storage;

namespace Quartermaster.Application.Industry;

/// <summary>
/// Production orders: the coordinator makes them by hand (from a requirement line) and moves them through their states;
/// deliveries pay each contribution its share; a requirement counts the order's units as delivered only once received.
/// </summary>
public sealed class OrdersService(QuartermasterDb db)
{
    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<ProductionOrderView>> List(Actor actor, string? companyCode = null, OrderState? state = null, Guid? requirementId = null, CancellationToken ct = default)
    {
        var q = db.ProductionOrders.AsNoTracking().Join(db.Companies, o => o.CompanyId, c => c.Id, (o, c) => new { o, c });
        if (IndustryAccess.OwnCompany(actor) is { } own) q = q.Where(x => x.c.Code == own);
        if (!string.IsNullOrWhiteSpace(companyCode)) q = q.Where(x => x.c.Code == companyCode.Trim().ToLower());
        if (state is { } s) q = q.Where(x => x.o.State == s);
        if (requirementId is { } r) q = q.Where(x => x.o.RequirementId == r);
        if (Acting.RoleOf(actor) == Role.NationalPointOfContact)
        {
            var paidBy = "|" + actor.Nation + "|";
            q = q.Where(x => x.o.PaidBy.Contains(paidBy));
        }
        var rows = (await q.ToListAsync(ct)).Where(x => Sees(actor, x.o)).OrderByDescending(x => x.o.CreatedOn).ThenBy(x => x.c.Name).ToList();
        return await Views(actor, rows.Select(x => (x.o, x.c)).ToList(), ct);
    }

    public async Task<ProductionOrderView> Get(Actor actor, Guid id, CancellationToken ct = default)
    {
        var (o, c) = await Find(actor, id, ct);
        return (await Views(actor, [(o, c)], ct))[0];
    }

    /// <summary>A point of contact sees the orders its nation's money pays for; an industry representative its company's; the rest all.</summary>
    private static bool Sees(Actor actor, ProductionOrder o) => Acting.RoleOf(actor) switch
    {
        Role.NationalPointOfContact => o.Funding.Any(f => f.DonorCode == actor.Nation),
        _ => true,
    };

    private async Task<(ProductionOrder, Domain.Industry.Company)> Find(Actor actor, Guid id, CancellationToken ct)
    {
        var o = await db.ProductionOrders.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Production order", id.ToString());
        var c = await db.Companies.FirstAsync(x => x.Id == o.CompanyId, ct);
        if (!IndustryAccess.SeesCompany(actor, c) || !Sees(actor, o)) throw new NotFoundException("Production order", id.ToString());
        return (o, c);
    }

    public Task<ProductionOrderView> Create(Actor actor, ProductionOrderInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create production order {input.ProductId}", async () =>
        {
            IndustryAccess.EnsureCoordinator(actor, "productId", "place production orders");
            var productId = input.ProductId ?? throw new RequestException("productId", "Name the product to order (productId).");
            var product = await db.Products.FirstOrDefaultAsync(p => p.Id == productId, ct) ?? throw new RequestException("productId", $"No product has the id {productId}.");
            var company = await db.Companies.FirstAsync(c => c.Id == product.CompanyId, ct);
            var item = await db.CatalogueItems.FirstAsync(i => i.Id == product.CatalogueItemId, ct);
            if (input.RequirementId is { } rid)
            {
                var req = await db.Requirements.FirstOrDefaultAsync(r => r.Id == rid, ct) ?? throw new RequestException("requirementId", $"No requirement has the id {rid}.");
                if (req.Status is RequirementStatus.Cancelled or RequirementStatus.Delivered)
                    throw new RequestException("requirementId", $"The requirement is {req.Status}: nothing is left to order for it.");
                if (req.ItemId != item.Id && req.Substitutes.All(s => s.ItemId != item.Id))
                    throw new RequestException("requirementId", $"The requirement is for another item than '{item.Name}'.");
            }
            var schedule = new List<ScheduledMonth>();
            for (var i = 0; i < (input.Schedule?.Count ?? 0); i++)
            {
                var m = input.Schedule![i];
                if (!DateOnly.TryParseExact((m.Month ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
                    throw new RequestException($"schedule[{i}].month", $"'{m.Month}' is not a month (yyyy-MM).");
                schedule.Add(new ScheduledMonth(month, m.Quantity));
            }
            var booked = (await db.ProductionOrders.AsNoTracking().Where(o => o.ProductId == product.Id).ToListAsync(ct))
                .Where(o => o.HoldsMoney).SelectMany(o => o.Schedule).GroupBy(s => s.Month).ToDictionary(g => g.Key, g => g.Sum(s => s.Produced));
            var shares = new List<FundingShare>();
            var pledgeIds = (input.Funding ?? []).Select(f => f.PledgeId).ToList();
            var pledges = await db.FundingPledges.IgnoreQueryFilters().Where(p => pledgeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var balances = await new FundingPoolsService(db).Balances(pledgeIds, ct);
            for (var i = 0; i < pledgeIds.Count; i++)
            {
                var f = input.Funding![i];
                if (!pledges.TryGetValue(f.PledgeId, out var pledge)) throw new RequestException($"funding[{i}].pledgeId", $"No funding pledge has the id {f.PledgeId}.");
                var b = balances[pledge.Id];
                shares.Add(new FundingShare(pledge, b.Currency, b.Remaining, f.Amount));
            }
            var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
            var order = new ProductionOrder(Guid.NewGuid(), company, product, item, input.Quantity, schedule, booked, shares, rates, input.RequirementId, Today, input.Note);
            db.ProductionOrders.Add(order);
            return (order, company);
        }, async x => (await Views(actor, [x], ct))[0], ct);

    public Task<ProductionOrderView> Contract(Actor actor, Guid id, long version, CancellationToken ct = default)
        => Change(actor, id, version, "contract", (o, _) => { o.Contract(); return Task.CompletedTask; }, ct);

    public Task<ProductionOrderView> StartProduction(Actor actor, Guid id, long version, CancellationToken ct = default)
        => Change(actor, id, version, "start production of", (o, _) => { o.StartProduction(); return Task.CompletedTask; }, ct);

    /// <summary>Cancels an order (refused while its units are on shipments); units it took from stock and never delivered go back to the product's stock.</summary>
    public Task<ProductionOrderView> Cancel(Actor actor, Guid id, long version, CancelInput input, CancellationToken ct = default)
        => Change(actor, id, version, "cancel", async (o, token) => await CancelOrder(db, o, input.Reason, token), ct);

    /// <summary>The one way an order is cancelled (by hand, or when the plan that proposed it is superseded).</summary>
    internal static async Task CancelOrder(QuartermasterDb db, ProductionOrder o, string? reason, CancellationToken ct)
    {
        var inTransit = (await Delivery.ShipmentsService.InTransit(db, [o.Id], ct)).GetValueOrDefault(o.Id);
        var unsold = o.Cancel(reason, inTransit);
        if (unsold > 0) (await db.Products.FirstAsync(p => p.Id == o.ProductId, ct)).ReturnToStock(unsold);
    }

    /// <summary>The company reports units produced: the coordinator, or the company's own industry representative.</summary>
    public Task<ProductionOrderView> Produced(Actor actor, Guid id, long version, ProducedInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"report units produced of production order {id}", async () =>
        {
            var (o, c) = await Find(actor, id, ct);
            if (Acting.RoleOf(actor) != Role.Coordinator && !(IndustryAccess.IsRepresentative(actor) && actor.Company == c.Code))
                throw new RequestException("quantity", "Only a coordinator or the company's industry representative reports units produced.");
            db.ExpectVersion(o, version);
            o.RecordProduced(input.Quantity);
            return (o, c);
        }, async x => (await Views(actor, [x], ct))[0], ct);

    public Task<ProductionOrderView> Pay(Actor actor, Guid id, long version, PaymentInput input, CancellationToken ct = default)
        => Change(actor, id, version, "pay", (o, _) => { o.RecordPayment(input.PledgeId, input.Amount); return Task.CompletedTask; }, ct);

    /// <summary>Units received from the company: paid pro rata, and counted on the requirement it meets (now, not when ordered).</summary>
    public Task<ProductionOrderView> Deliver(Actor actor, Guid id, long version, DeliveryInput input, CancellationToken ct = default)
        => Change(actor, id, version, "record delivery of", async (o, token) =>
        {
            var on = input.On ?? Today;
            if (on > Today) throw new RequestException("on", $"A delivery cannot be recorded for a future date ({on:yyyy-MM-dd}).");
            // Units on shipments are delivered by their receipts: a direct delivery never counts them a second time.
            var inTransit = (await Delivery.ShipmentsService.InTransit(db, [o.Id], token)).GetValueOrDefault(o.Id);
            o.RecordDelivery(on, input.Quantity, input.Note, inTransit);
            if (o.RequirementId is { } rid) await RequirementDeliveries.Refresh(db, [rid], token);
        }, ct);

    private Task<ProductionOrderView> Change(Actor actor, Guid id, long version, string verb, Func<ProductionOrder, CancellationToken, Task> change, CancellationToken ct)
        => CommandRunner.Run(db, actor, $"{verb} production order {id}", async () =>
        {
            var (o, c) = await Find(actor, id, ct);
            IndustryAccess.EnsureCoordinator(actor, "state", $"{verb} production orders");
            db.ExpectVersion(o, version);
            await change(o, ct);
            return (o, c);
        }, async x => (await Views(actor, [x], ct))[0], ct);

    private async Task<List<ProductionOrderView>> Views(Actor actor, IReadOnlyList<(ProductionOrder O, Domain.Industry.Company C)> rows, CancellationToken ct)
    {
        var itemIds = rows.Select(r => r.O.CatalogueItemId).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var reqIds = rows.Select(r => r.O.RequirementId).OfType<Guid>().Distinct().ToList();
        var reqs = await db.Requirements.AsNoTracking().Where(r => reqIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var role = Acting.RoleOf(actor);
        var orderIds = rows.Select(r => r.O.Id).ToList();
        var inTransit = await Delivery.ShipmentsService.InTransit(db, orderIds, ct);
        // The order's shipments as the viewer may see them (the delivery filter: the cell, auditors, the recipient, the shipper and the payers).
        var shipments = await db.ShipmentLines.AsNoTracking().Where(l => l.ProductionOrderId != null && orderIds.Contains(l.ProductionOrderId.Value))
            .Join(db.Shipments.AsNoTracking(), l => l.ShipmentId, s => s.Id, (l, s) => new { Order = l.ProductionOrderId!.Value, l, s }).ToListAsync(ct);
        var byOrder = shipments.ToLookup(x => x.Order);
        return rows.Select(r =>
        {
            var o = r.O;
            var i = items[o.CatalogueItemId];
            var req = o.RequirementId is { } rid ? reqs.GetValueOrDefault(rid) : null;
            // A point of contact sees its own nation's shares; other nations' shares as one aggregate line.
            var funding = role == Role.NationalPointOfContact
                ? o.Funding.Where(f => f.DonorCode == actor.Nation).Select(FundingView)
                    .Concat(o.Funding.Where(f => f.DonorCode != actor.Nation).GroupBy(_ => 1).Select(g => new OrderFundingView(null, "other contributions",
                        g.Sum(f => f.Amount), g.Sum(f => f.Paid), o.HoldsMoney ? g.Sum(f => f.Committed) : 0, 0, ""))).ToList()
                : o.Funding.Select(FundingView).ToList();
            OrderFundingView FundingView(OrderFunding f) => new(f.PledgeId, f.DonorCode, f.Amount, f.Paid, o.HoldsMoney ? f.Committed : 0, f.PoolAmount, f.PoolCurrency);
            return new ProductionOrderView(o.Id, r.C.Code, r.C.Name, r.C.Nation, o.ProductId, i.Code, i.Name, i.IsLethal, o.Quantity, o.UnitPrice, o.Currency, o.Value,
                o.State.ToString(), o.QuantityDelivered, o.RequirementId, req?.Status.ToString(), req?.Status == RequirementStatus.Delivered, o.CreatedOn, o.Note, o.CancelReason,
                o.Progress().Select(p => new ScheduleProgressView(p.Month.ToString("yyyy-MM"), p.Due, p.DueCumulative, p.Received, p.ReceivedCumulative)).ToList(),
                funding, o.Deliveries.Select(d => new OrderDeliveryView(d.On, d.Quantity, d.Note, d.ShipmentId, d.Receipt)).ToList(), o.Version)
            {
                UnitsProduced = o.UnitsProduced, UnitsInTransit = inTransit.GetValueOrDefault(o.Id), PlanId = o.PlanId,
                Shipments = byOrder[o.Id].OrderBy(x => x.s.CreatedAt).Select(x => new OrderShipmentView(x.s.Id, x.s.Reference, x.s.State.ToString(),
                    Domain.Delivery.Words.Of(x.s.State), x.l.Quantity, x.l.Accepted, x.l.Rejected, x.l.Short, x.s.HubCode,
                    Delivery.LegView.Utc(x.s.ExpectedArrival))).ToList(),
            };
        }).ToList();
    }
}

/// <summary>
/// A requirement's delivered units, in one place: units accepted on receipts of its allocations (times their equivalence
/// factor) plus units received from production orders that meet it. Ordered but unreceived units never count (hard case 9).
/// </summary>
public static class RequirementDeliveries
{
    public static async Task Refresh(QuartermasterDb db, IReadOnlyList<Guid> requirementIds, CancellationToken ct)
    {
        // Lines of allocations only: a production order's line is counted once, through the order's delivered units below.
        var accepted = await db.ShipmentLines.IgnoreQueryFilters().Where(l => requirementIds.Contains(l.RequirementId) && l.Accepted > 0 && l.AllocationId != null)
            .Join(db.Allocations, l => l.AllocationId!.Value, a => a.Id, (l, a) => new { l.RequirementId, l.Accepted, a.Coverage, a.Quantity })
            .ToListAsync(ct);
        var delivered = accepted.GroupBy(x => x.RequirementId).ToDictionary(g => g.Key, g => g.Sum(x => x.Accepted * x.Coverage / x.Quantity));
        var ordered = db.ChangeTracker.Entries<ProductionOrder>().Select(e => e.Entity).Where(o => o.RequirementId != null && requirementIds.Contains(o.RequirementId.Value)).ToList();
        var trackedIds = ordered.Select(o => o.Id).ToList();
        ordered.AddRange(await db.ProductionOrders.AsNoTracking().Where(o => o.RequirementId != null && requirementIds.Contains(o.RequirementId.Value) && !trackedIds.Contains(o.Id)).ToListAsync(ct));
        foreach (var o in ordered.Where(o => o.QuantityDelivered > 0))
            delivered[o.RequirementId!.Value] = delivered.GetValueOrDefault(o.RequirementId.Value) + o.QuantityDelivered;
        foreach (var r in await db.Requirements.Where(r => requirementIds.Contains(r.Id)).ToListAsync(ct))
            if (r.Status != RequirementStatus.Cancelled)
                r.RecordDelivered((int)Math.Floor(delivered.GetValueOrDefault(r.Id) + 0.000001m));
    }
}
