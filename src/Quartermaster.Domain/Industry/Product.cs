namespace Quartermaster.Domain.Industry;

using Quartermaster.Domain.Common;

/// <summary>
/// What a company can sell: one catalogue item, at a unit price, from stock on hand (for immediate sale) or from
/// production within a monthly capacity after a lead time, not before an earliest start, in orders of at least a
/// minimum quantity. The company's industry representative keeps it current.
/// </summary>
public sealed class Product : VersionedEntity
{
    public const int MaxCapacityPerMonth = 10_000_000;
    public const int MaxLeadTimeWeeks = 520;

    private Product() { }

    public Product(Guid id, Guid companyId, Guid catalogueItemId, Money unitPrice, int capacityPerMonth, int leadTimeWeeks,
        int minimumOrder, DateOnly? earliestStart, int stockOnHand)
    {
        Id = id;
        CompanyId = companyId;
        CatalogueItemId = catalogueItemId;
        Update(unitPrice, capacityPerMonth, leadTimeWeeks, minimumOrder, earliestStart, stockOnHand);
    }

    public Guid Id { get; private set; }
    public Guid CompanyId { get; private set; }
    public Guid CatalogueItemId { get; private set; }
    public decimal UnitPrice { get; private set; }
    public string Currency { get; private set; } = "";

    /// <summary>Units the company can produce in one calendar month (0: it sells from stock only).</summary>
    public int CapacityPerMonth { get; private set; }

    /// <summary>Weeks from a contract to the first produced units.</summary>
    public int LeadTimeWeeks { get; private set; }

    /// <summary>The smallest order the company accepts (at least 1).</summary>
    public int MinimumOrder { get; private set; } = 1;

    /// <summary>The first day production can start (null: as soon as the lead time allows).</summary>
    public DateOnly? EarliestStart { get; private set; }

    /// <summary>Units in stock for immediate sale.</summary>
    public int StockOnHand { get; private set; }

    public override string LedgerKey => Id.ToString();

    public Money Price => Money.Of(UnitPrice, Currency);

    public void Update(Money unitPrice, int capacityPerMonth, int leadTimeWeeks, int minimumOrder, DateOnly? earliestStart, int stockOnHand)
    {
        if (unitPrice.Amount <= 0) throw new DomainException("unitPrice", $"The unit price must be greater than zero (got {unitPrice.Amount}).");
        if (capacityPerMonth is < 0 or > MaxCapacityPerMonth)
            throw new DomainException("capacityPerMonth", $"Capacity per month must be 0 to {MaxCapacityPerMonth:N0} units (got {capacityPerMonth}).");
        if (leadTimeWeeks is < 0 or > MaxLeadTimeWeeks)
            throw new DomainException("leadTimeWeeks", $"Lead time must be 0 to {MaxLeadTimeWeeks} weeks (got {leadTimeWeeks}).");
        Guard.Positive(minimumOrder, "minimumOrder");
        Guard.NotNegative(stockOnHand, "stockOnHand");
        if (capacityPerMonth == 0 && stockOnHand == 0)
            throw new DomainException("capacityPerMonth", "A product needs either production capacity or stock on hand.");
        UnitPrice = Amounts.Stored(unitPrice.Amount);
        Currency = unitPrice.Currency.Code;
        CapacityPerMonth = capacityPerMonth;
        LeadTimeWeeks = leadTimeWeeks;
        MinimumOrder = minimumOrder;
        EarliestStart = earliestStart;
        StockOnHand = stockOnHand;
    }

    /// <summary>Sells <paramref name="units"/> from stock on hand (a confirmed plan's stock purchase); never more than is in stock.</summary>
    public void TakeFromStock(int units)
    {
        Guard.Positive(units, "quantity");
        if (units > StockOnHand) throw new DomainException("stockOnHand", $"Only {StockOnHand} units are in stock (asked for {units}).");
        StockOnHand -= units;
    }

    /// <summary>Units sold from stock to an order that was cancelled before they were delivered go back on the shelf.</summary>
    public void ReturnToStock(int units)
    {
        if (units < 0) throw new DomainException("stockOnHand", $"Units returned to stock cannot be negative (got {units}).");
        StockOnHand += units;
    }

    /// <summary>The first month production can deliver for an order contracted on <paramref name="on"/>: after the lead time, not before the earliest start.</summary>
    public DateOnly FirstProductionMonth(DateOnly on)
    {
        var ready = on.AddDays(7 * LeadTimeWeeks);
        if (EarliestStart is { } start && start > ready) ready = start;
        return new DateOnly(ready.Year, ready.Month, 1);
    }
}
