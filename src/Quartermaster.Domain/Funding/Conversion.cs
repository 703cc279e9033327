namespace Quartermaster.Domain.Funding;

using Quartermaster.Domain.Common;

/// <summary>Converting money between two currencies through the euro with the dated rate table (decimal, rounded to the cent).</summary>
public static class Conversion
{
    public static decimal To(this ExchangeRateTable rates, Money money, Currency target, DateOnly on)
    {
        if (money.Currency == target) return money.Amount;
        var eur = rates.ToEur(money, on);
        return target == Currency.Eur ? eur : Math.Round(eur * rates.RateFor(target, on).UnitsPerEur, 2, MidpointRounding.AwayFromZero);
    }
}
