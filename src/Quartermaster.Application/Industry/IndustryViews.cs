using Quartermaster.Domain.Industry;

namespace Quartermaster.Application.Industry;

public sealed record CompanyView(Guid Id, string Code, string Name, string Nation, string Vetting, string? VettingNote, bool Illustrative,
    int Products, long Version);

public sealed record CompanyInput(string? Code, string? Name, string? Nation, bool Illustrative = false);

public sealed record VettingInput(VettingStatus? Vetting, string? Note);

public sealed record ProductView(Guid Id, string CompanyCode, string CompanyName, string CompanyNation, string ItemCode, string ItemName,
    bool ItemIsLethal, string Coalition, decimal UnitPrice, string Currency, int CapacityPerMonth, int LeadTimeWeeks, int MinimumOrder,
    DateOnly? EarliestStart, int StockOnHand, bool Illustrative, long Version);

public sealed record ProductInput(string? CompanyCode, string? ItemCode, decimal UnitPrice, string? Currency, int CapacityPerMonth,
    int LeadTimeWeeks, int MinimumOrder = 1, DateOnly? EarliestStart = null, int StockOnHand = 0);

/// <summary>Units due in a month: <c>month</c> as "yyyy-MM".</summary>
public sealed record ScheduleInput(string? Month, int Quantity);

/// <summary>A contribution (a funding pledge, by id) paying <c>amount</c> in the order's currency.</summary>
public sealed record FundingShareInput(Guid PledgeId, decimal Amount);

public sealed record ProductionOrderInput(Guid? ProductId, int Quantity, IReadOnlyList<ScheduleInput>? Schedule, IReadOnlyList<FundingShareInput>? Funding,
    Guid? RequirementId = null, string? Note = null);

public sealed record DeliveryInput(int Quantity, DateOnly? On = null, string? Note = null);

public sealed record PaymentInput(Guid PledgeId, decimal Amount);

public sealed record CancelInput(string? Reason);

public sealed record ScheduleProgressView(string Month, int Due, int DueCumulative, int Received, int ReceivedCumulative);

/// <summary>A contribution's share of an order; another nation's share is shown to a point of contact only as "other contributions".</summary>
public sealed record OrderFundingView(Guid? PledgeId, string DonorCode, decimal Amount, decimal Paid, decimal Committed, decimal PoolAmount, string PoolCurrency);

/// <summary>Units received: by a receipt of a shipment (<c>ShipmentId</c>, <c>Receipt</c>) or recorded directly (handed over outside the hub chain).</summary>
public sealed record OrderDeliveryView(DateOnly On, int Quantity, string? Note, Guid? ShipmentId = null, string? Receipt = null);

/// <summary>Units the company reports produced (cumulative with earlier reports).</summary>
public sealed record ProducedInput(int Quantity);

/// <summary>A shipment carrying the order's units.</summary>
public sealed record OrderShipmentView(Guid Id, string Reference, string State, string StateLabel, int Quantity, int Accepted, int Rejected, int Short, string? HubCode,
    DateTime ExpectedArrival);

/// <summary>
/// A production order. <c>RequirementStatus</c> and <c>RequirementClosed</c> tell honestly whether the requirement it meets is
/// closed: ordered units do not close it, only received ones (hard case 9).
/// </summary>
public sealed record ProductionOrderView(Guid Id, string CompanyCode, string CompanyName, string CompanyNation, Guid ProductId, string ItemCode,
    string ItemName, bool ItemIsLethal, int Quantity, decimal UnitPrice, string Currency, decimal Value, string State, int QuantityDelivered,
    Guid? RequirementId, string? RequirementStatus, bool RequirementClosed, DateOnly CreatedOn, string? Note, string? CancelReason,
    IReadOnlyList<ScheduleProgressView> Schedule, IReadOnlyList<OrderFundingView> Funding, IReadOnlyList<OrderDeliveryView> Deliveries, long Version)
{
    /// <summary>Units ready to ship: sold from stock plus reported produced.</summary>
    public int UnitsProduced { get; init; }

    /// <summary>Units on shipments not yet accounted for by a receipt.</summary>
    public int UnitsInTransit { get; init; }

    /// <summary>Produced units neither delivered nor on a shipment: what a new shipment may carry.</summary>
    public int ReadyToShip => Math.Max(0, Math.Min(UnitsProduced, Quantity) - QuantityDelivered - UnitsInTransit);

    public IReadOnlyList<OrderShipmentView> Shipments { get; init; } = [];

    /// <summary>The allocation plan whose purchase created the order (null: placed by hand).</summary>
    public Guid? PlanId { get; init; }
}
