namespace Quartermaster.Domain.Funding;

using Quartermaster.Domain.Common;
using Quartermaster.Domain.Industry;

/// <summary>
/// A contribution's money in its pool's currency: pledged (converted on the pledge date with the dated rate table),
/// committed (the unpaid part of every order still holding it: proposed, contracted or in production; and what it put into
/// funded packages that accepted it and are not cancelled — money accepted into a package cannot be spent again on orders),
/// paid (on delivery milestones or milestone payments), and what remains for new orders. Decimal throughout.
/// </summary>
public sealed record ContributionBalance(Guid PledgeId, string DonorCode, string Currency, decimal Pledged, decimal Committed, decimal Paid)
{
    public decimal Remaining => Pledged - Committed - Paid;

    public static ContributionBalance Of(FundingPledge pledge, Currency poolCurrency, IEnumerable<ProductionOrder> orders, ExchangeRateTable rates,
        IEnumerable<FundedPackage>? packages = null)
    {
        var pledged = pledge.Status == FundingStatus.Withdrawn ? 0m : rates.To(pledge.Money, poolCurrency, pledge.PledgedOn);
        decimal committed = 0, paid = 0;
        foreach (var o in orders)
            foreach (var f in o.Funding)
            {
                if (f.PledgeId != pledge.Id) continue;
                paid += f.PoolPaid;
                if (o.HoldsMoney) committed += f.PoolCommitted;
            }
        foreach (var p in packages ?? [])
            if (p.HoldsMoney)
                foreach (var c in p.Contributions)
                    if (c.PledgeId == pledge.Id && c.State == PackageContributionState.Accepted) committed += c.PoolAmount;
        return new ContributionBalance(pledge.Id, pledge.DonorCode, poolCurrency.Code, pledged, committed, paid);
    }
}

/// <summary>Sums of balances (a pool's, or one contributor's in a pool).</summary>
public sealed record BalanceTotals(string Currency, decimal Pledged, decimal Committed, decimal Paid)
{
    public decimal Remaining => Pledged - Committed - Paid;

    public static BalanceTotals Sum(string currency, IEnumerable<ContributionBalance> balances)
    {
        decimal p = 0, c = 0, d = 0;
        foreach (var b in balances) { p += b.Pledged; c += b.Committed; d += b.Paid; }
        return new BalanceTotals(currency, p, c, d);
    }
}
