namespace Quartermaster.Domain.Industry;

using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;

public enum OrderState { Proposed, Contracted, InProduction, Delivered, Cancelled }

/// <summary>
/// Units the company is to deliver in one calendar month (<see cref="Month"/> is its first day); <see cref="FromStock"/> of
/// them come from the company's stock on hand (a planned stock purchase), the rest from production.
/// </summary>
public sealed record ScheduledMonth(DateOnly Month, int Quantity, int FromStock = 0)
{
    /// <summary>Units of the month that production makes (they use the month's capacity).</summary>
    public int Produced => Quantity - FromStock;
}

/// <summary>
/// One contribution's share of an order: <see cref="Amount"/> in the order's currency, <see cref="PoolAmount"/> the same
/// money in its pool's currency (converted on the order's date and then fixed); what has been paid of each.
/// </summary>
public sealed record OrderFunding(Guid PledgeId, string DonorCode, decimal Amount, decimal PoolAmount, string PoolCurrency, decimal Paid, decimal PoolPaid)
{
    public decimal Committed => Amount - Paid;
    public decimal PoolCommitted => PoolAmount - PoolPaid;
}

/// <summary>
/// Units received from the company on a date: by a handover receipt of a shipment (<see cref="ShipmentId"/> and
/// <see cref="Receipt"/> set: the accepted units of the order's line), or recorded directly for units handed over outside
/// the hub chain.
/// </summary>
public sealed record OrderDelivery(DateOnly On, int Quantity, string? Note, Guid? ShipmentId = null, string? Receipt = null);

/// <summary>A contribution offered to pay part of an order, with what is left of it (in its pool's currency) before this order.</summary>
public sealed record FundingShare(FundingPledge Pledge, string PoolCurrency, decimal RemainingInPool, decimal Amount);

/// <summary>
/// An order with a company for a product: quantity at the product's unit price, the requirement line it meets, the
/// contributions that pay for it and a delivery schedule by month. <c>Proposed → Contracted → InProduction → Delivered</c>
/// (partial deliveries recorded as they come) or <c>Cancelled</c>. Money is committed when the order is made and moves to
/// paid on delivery milestones (pro rata of units delivered) or by an explicit milestone payment, never above what is committed.
/// A requirement met by an order is closed only when the order's units are received (hard case 9).
/// </summary>
public sealed class ProductionOrder : VersionedEntity
{
    public const int MaxScheduleMonths = 120;

    private ProductionOrder() { }

    public ProductionOrder(Guid id, Company company, Product product, CatalogueItem item, int quantity, IEnumerable<ScheduledMonth> schedule,
        IReadOnlyDictionary<DateOnly, int> alreadyBooked, IReadOnlyList<FundingShare> funding, ExchangeRateTable rates, Guid? requirementId,
        DateOnly createdOn, string? note, Guid? planId = null)
    {
        if (!company.MaySell) throw new DomainException("company", $"{company.Name} is {company.Vetting}: only an approved company can be ordered from.");
        if (product.CompanyId != company.Id) throw new DomainException("productId", "The product is not one of this company's.");
        if (product.CatalogueItemId != item.Id) throw new DomainException("productId", "The product's catalogue item does not match.");
        Guard.Positive(quantity, "quantity");
        var fromStock = schedule.Sum(m => Math.Max(0, m.FromStock));
        if (fromStock > product.StockOnHand)
            throw new DomainException("schedule", $"{company.Name} has {product.StockOnHand} units of '{item.Name}' in stock; the schedule takes {fromStock} from stock.");
        if (product.CapacityPerMonth == 0 && fromStock < quantity)
            throw new DomainException("quantity", $"{company.Name} has no production capacity for '{item.Name}' (capacity per month is 0): it cannot be ordered for production.");
        if (quantity < product.MinimumOrder)
            throw new DomainException("quantity", $"{company.Name}'s minimum order for '{item.Name}' is {product.MinimumOrder} units (got {quantity}).");
        Id = id;
        CompanyId = company.Id;
        ProductId = product.Id;
        CatalogueItemId = item.Id;
        Quantity = quantity;
        UnitPrice = product.UnitPrice;
        Currency = product.Currency;
        RequirementId = requirementId;
        CreatedOn = createdOn;
        Note = Guard.Optional(note, "note", 2000);
        Schedule = CheckSchedule(product, quantity, schedule, alreadyBooked, createdOn);
        Funding = CheckFunding(item, funding, rates, createdOn);
        FundedBy = "|" + string.Join("|", Funding.Select(f => f.PledgeId.ToString("D"))) + "|";
        PaidBy = "|" + string.Join("|", Funding.Select(f => f.DonorCode).Distinct().Order(StringComparer.Ordinal)) + "|";
        PlanId = planId;
        UnitsProduced = Schedule.Sum(m => m.FromStock);
    }

    public Guid Id { get; private set; }
    public Guid CompanyId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid CatalogueItemId { get; private set; }
    public int Quantity { get; private set; }
    public decimal UnitPrice { get; private set; }
    public string Currency { get; private set; } = "";
    public Guid? RequirementId { get; private set; }
    public DateOnly CreatedOn { get; private set; }
    public OrderState State { get; private set; } = OrderState.Proposed;
    public int QuantityDelivered { get; private set; }
    public string? Note { get; private set; }
    public string? CancelReason { get; private set; }
    public List<ScheduledMonth> Schedule { get; private set; } = [];
    public List<OrderFunding> Funding { get; private set; } = [];
    public List<OrderDelivery> Deliveries { get; private set; } = [];

    /// <summary>The contributions paying for the order as a list of pledge ids (<c>"|id|id|"</c>): one indexed LIKE finds the orders a pledge funds.</summary>
    public string FundedBy { get; private set; } = "";

    /// <summary>The nations whose money pays for the order (<c>"|DEU|USA|"</c>): the shipments of its units are shared with them.</summary>
    public string PaidBy { get; private set; } = "";

    /// <summary>The allocation plan whose purchase created the order (null: placed by hand).</summary>
    public Guid? PlanId { get; private set; }

    /// <summary>Units ready to ship: those sold from stock, plus what the company reports produced.</summary>
    public int UnitsProduced { get; private set; }

    /// <summary>Units of the order sold from the company's stock on hand.</summary>
    public int FromStock => Schedule.Sum(m => m.FromStock);

    public override string LedgerKey => Id.ToString();

    public decimal Value => Quantity * UnitPrice;

    /// <summary>Whether the order still holds its contributions' money (its unpaid part is committed).</summary>
    public bool HoldsMoney => State is OrderState.Proposed or OrderState.Contracted or OrderState.InProduction;

    private static List<ScheduledMonth> CheckSchedule(Product product, int quantity, IEnumerable<ScheduledMonth> schedule,
        IReadOnlyDictionary<DateOnly, int> alreadyBooked, DateOnly createdOn)
    {
        var list = (schedule ?? []).ToList();
        if (list.Count == 0) throw new DomainException("schedule", "Give the delivery schedule: the units due in each month.");
        if (list.Count > MaxScheduleMonths) throw new DomainException("schedule", $"At most {MaxScheduleMonths} months (got {list.Count}).");
        var first = product.FirstProductionMonth(createdOn);
        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < list.Count; i++)
        {
            var m = list[i];
            if (m.Month.Day != 1) throw new DomainException($"schedule[{i}].month", $"A schedule month is the first day of a month (got {m.Month:yyyy-MM-dd}).");
            if (!seen.Add(m.Month)) throw new DomainException($"schedule[{i}].month", $"{m.Month:yyyy-MM} is listed twice.");
            Guard.Positive(m.Quantity, $"schedule[{i}].quantity");
            if (m.FromStock < 0 || m.FromStock > m.Quantity)
                throw new DomainException($"schedule[{i}].fromStock", $"Units from stock must be 0 to the month's {m.Quantity} (got {m.FromStock}).");
            if (m.Produced == 0) continue;
            if (m.Month < first)
                throw new DomainException($"schedule[{i}].month", $"Production cannot deliver in {m.Month:yyyy-MM}: with a lead time of {product.LeadTimeWeeks} weeks"
                    + (product.EarliestStart is { } s ? $" and an earliest start of {s:yyyy-MM-dd}" : "") + $" the first month is {first:yyyy-MM} (production.lead-time).");
            var booked = alreadyBooked.GetValueOrDefault(m.Month);
            if (booked + m.Produced > product.CapacityPerMonth)
                throw new DomainException($"schedule[{i}].quantity", $"{m.Produced} produced units in {m.Month:yyyy-MM} exceed the monthly capacity of {product.CapacityPerMonth}"
                    + (booked > 0 ? $" ({booked} already booked by other orders)" : "") + " (production.capacity).");
        }
        var total = list.Sum(m => m.Quantity);
        if (total != quantity) throw new DomainException("schedule", $"The schedule delivers {total} units; the order is for {quantity}.");
        return list.OrderBy(m => m.Month).ToList();
    }

    private List<OrderFunding> CheckFunding(CatalogueItem item, IReadOnlyList<FundingShare> funding, ExchangeRateTable rates, DateOnly on)
    {
        if (funding.Count == 0) throw new DomainException("funding", "Say which contributions pay for the order.");
        var list = new List<OrderFunding>();
        var orderCurrency = Common.Currency.Parse(Currency);
        for (var i = 0; i < funding.Count; i++)
        {
            var f = funding[i];
            if (list.Any(x => x.PledgeId == f.Pledge.Id)) throw new DomainException($"funding[{i}].pledgeId", "The same contribution is listed twice.");
            var decision = f.Pledge.MayPayFor(item);
            if (!decision.Allowed) throw new DomainException($"funding[{i}].pledgeId", $"This contribution cannot pay for '{item.Name}': {decision.Reason} ({decision.Code}).");
            if (f.Amount <= 0) throw new DomainException($"funding[{i}].amount", $"The amount must be greater than zero (got {f.Amount}).");
            var amount = Amounts.Stored(f.Amount);
            var poolAmount = rates.To(new Money(amount, orderCurrency), Common.Currency.Parse(f.PoolCurrency), on);
            if (poolAmount > f.RemainingInPool)
                throw new DomainException($"funding[{i}].amount", $"{f.Pledge.DonorCode}'s contribution has {f.RemainingInPool:N2} {f.PoolCurrency} left; this share needs {poolAmount:N2} {f.PoolCurrency} (funds.exhausted).");
            list.Add(new OrderFunding(f.Pledge.Id, f.Pledge.DonorCode, amount, poolAmount, f.PoolCurrency, 0, 0));
        }
        var sum = list.Sum(x => x.Amount);
        if (sum != Value) throw new DomainException("funding", $"The shares add up to {sum:N2} {Currency}; the order costs {Value:N2} {Currency} ({Quantity} × {UnitPrice:N2}).");
        return list;
    }

    public void Contract()
    {
        if (State != OrderState.Proposed) throw new DomainException("state", $"Only a proposed order can be contracted; this one is {State}.");
        State = OrderState.Contracted;
    }

    public void StartProduction()
    {
        if (State != OrderState.Contracted) throw new DomainException("state", $"Only a contracted order goes into production; this one is {State}.");
        State = OrderState.InProduction;
    }

    /// <summary>Records units received from the company; pays each contribution its share of the units delivered so far.</summary>
    /// <param name="unitsInTransit">Units of the order on shipments not yet accounted for: a direct delivery never takes them again.</param>
    /// <param name="shipmentId">The shipment whose receipt accepted the units (null: handed over outside the hub chain).</param>
    public void RecordDelivery(DateOnly on, int quantity, string? note, int unitsInTransit = 0, Guid? shipmentId = null, string? receipt = null)
    {
        if (State != OrderState.InProduction) throw new DomainException("state", $"Deliveries are recorded for an order in production; this one is {State}.");
        Guard.Positive(quantity, "quantity");
        var outstanding = Quantity - QuantityDelivered - (shipmentId is null ? unitsInTransit : 0);
        if (quantity > outstanding)
            throw new DomainException("quantity", $"Only {outstanding} units are still due (got {quantity})"
                + (shipmentId is null && unitsInTransit > 0 ? $"; {unitsInTransit} more are on shipments and are delivered by their receipts." : "."));
        if (on < CreatedOn) throw new DomainException("on", $"A delivery cannot precede the order ({CreatedOn:yyyy-MM-dd}).");
        var checkedNote = Guard.Optional(note, "note", 500);
        QuantityDelivered += quantity;
        UnitsProduced = Math.Max(UnitsProduced, QuantityDelivered + (shipmentId is null ? unitsInTransit : 0));
        Deliveries = [.. Deliveries, new OrderDelivery(on, quantity, checkedNote, shipmentId, receipt)];
        var settled = QuantityDelivered == Quantity;
        Funding = Funding.Select(f =>
        {
            var target = settled ? f.Amount : Math.Round(f.Amount * QuantityDelivered / Quantity, 2, MidpointRounding.AwayFromZero);
            return target > f.Paid ? Pay(f, target - f.Paid) : f;
        }).ToList();
        if (settled) State = OrderState.Delivered;
    }

    /// <summary>A milestone payment (an advance on contract, for example) to one contribution's share, never above what it still commits.</summary>
    public void RecordPayment(Guid pledgeId, decimal amount)
    {
        if (State is not (OrderState.Contracted or OrderState.InProduction))
            throw new DomainException("state", $"Payments are made on a contracted order or one in production; this one is {State}.");
        var i = Funding.FindIndex(f => f.PledgeId == pledgeId);
        if (i < 0) throw new DomainException("pledgeId", "That contribution does not fund this order.");
        if (amount <= 0) throw new DomainException("amount", $"The amount must be greater than zero (got {amount}).");
        var f = Funding[i];
        if (Amounts.Stored(amount) > f.Committed)
            throw new DomainException("amount", $"{amount:N2} {Currency} is above the {f.Committed:N2} {Currency} still committed by {f.DonorCode}'s contribution.");
        var list = Funding.ToList();
        list[i] = Pay(f, Amounts.Stored(amount));
        Funding = list;
    }

    private static OrderFunding Pay(OrderFunding f, decimal pay)
    {
        var paid = f.Paid + pay;
        var poolPaid = paid == f.Amount ? f.PoolAmount : Math.Min(f.PoolAmount, f.PoolPaid + Math.Round(f.PoolAmount * pay / f.Amount, 2, MidpointRounding.AwayFromZero));
        return f with { Paid = paid, PoolPaid = poolPaid };
    }

    /// <summary>The company reports units made (cumulative with earlier reports); only produced or stock units can be shipped.</summary>
    public void RecordProduced(int quantity)
    {
        if (State != OrderState.InProduction) throw new DomainException("state", $"Produced units are reported for an order in production; this one is {State}.");
        Guard.Positive(quantity, "quantity");
        var left = Quantity - UnitsProduced;
        if (quantity > left) throw new DomainException("quantity", $"Only {left} of the {Quantity} ordered units are not yet produced (got {quantity}).");
        UnitsProduced += quantity;
    }

    /// <summary>
    /// Whether <paramref name="quantity"/> units can go on a new shipment: the order is in production, and the units are
    /// produced (or from stock) and neither delivered nor on another shipment (<paramref name="unitsInTransit"/>).
    /// </summary>
    public void EnsureShippable(int quantity, int unitsInTransit, string field)
    {
        if (State != OrderState.InProduction)
            throw new DomainException("state", $"Only an order in production ships its units; this one is {State}.");
        Guard.Positive(quantity, field);
        var unshipped = Quantity - QuantityDelivered - unitsInTransit;
        if (quantity > unshipped)
            throw new DomainException(field, $"Only {unshipped} of the {Quantity} ordered units are neither delivered nor on a shipment (asked {quantity}).");
        var ready = UnitsProduced - QuantityDelivered - unitsInTransit;
        if (quantity > ready)
            throw new DomainException(field, $"Only {Math.Max(0, ready)} produced units are ready to ship ({UnitsProduced} produced, {QuantityDelivered} delivered, {unitsInTransit} on shipments; asked {quantity}).");
    }

    /// <summary>
    /// Cancels the order (a reason is required); refused while units are on shipments (<paramref name="unitsInTransit"/>).
    /// Returns the units sold from stock that were never delivered: they go back to the product's stock on hand
    /// (delivered units are counted against stock units first).
    /// </summary>
    public int Cancel(string? reason, int unitsInTransit = 0)
    {
        if (State is OrderState.Delivered or OrderState.Cancelled) throw new DomainException("state", $"A {State.ToString().ToLowerInvariant()} order cannot be cancelled.");
        if (unitsInTransit > 0)
            throw new DomainException("state", $"{unitsInTransit} units of the order are on shipments: receive or cancel those shipments first.");
        CancelReason = Guard.Required(reason, "reason", 500);
        State = OrderState.Cancelled;
        return Math.Max(0, FromStock - QuantityDelivered);
    }

    /// <summary>Units due by the end of each month of the schedule, against units received by then.</summary>
    public IReadOnlyList<(DateOnly Month, int Due, int DueCumulative, int Received, int ReceivedCumulative)> Progress()
    {
        var months = Schedule.Select(s => s.Month).Concat(Deliveries.Select(d => new DateOnly(d.On.Year, d.On.Month, 1))).Distinct().Order().ToList();
        var rows = new List<(DateOnly, int, int, int, int)>();
        int due = 0, got = 0;
        foreach (var m in months)
        {
            var d = Schedule.Where(s => s.Month == m).Sum(s => s.Quantity);
            var r = Deliveries.Where(x => x.On.Year == m.Year && x.On.Month == m.Month).Sum(x => x.Quantity);
            due += d;
            got += r;
            rows.Add((m, d, due, r, got));
        }
        return rows;
    }
}
