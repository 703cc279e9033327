namespace Quartermaster.Domain.Common;

/// <summary>One published rate: how many units of <see cref="Currency"/> one euro bought from <see cref="ValidFrom"/>.</summary>
public sealed record ExchangeRate(Currency Currency, decimal UnitsPerEur, DateOnly ValidFrom, string Basis);

/// <summary>
/// A dated table of exchange rates against the euro. Conversion picks, for a currency, the newest rate valid on
/// the given date, or the oldest one if the date precedes them all (the table's basis is reported either way).
/// </summary>
public sealed class ExchangeRateTable
{
    private readonly Dictionary<Currency, List<ExchangeRate>> _rates = new();

    public ExchangeRateTable(IEnumerable<ExchangeRate> rates)
    {
        foreach (var r in rates)
        {
            if (r.UnitsPerEur <= 0)
                throw new DomainException("units_per_eur", $"Rate for {r.Currency} must be positive (got {r.UnitsPerEur}).");
            if (!_rates.TryGetValue(r.Currency, out var list)) _rates[r.Currency] = list = [];
            list.Add(r);
        }
        foreach (var list in _rates.Values) list.Sort((a, b) => a.ValidFrom.CompareTo(b.ValidFrom));
        _rates.TryAdd(Currency.Eur, [new ExchangeRate(Currency.Eur, 1m, DateOnly.MinValue, "identity")]);
    }

    public IReadOnlyCollection<Currency> Currencies => _rates.Keys;

    public bool Knows(Currency currency) => _rates.ContainsKey(currency);

    /// <summary>
    /// The one rule for a currency a record may carry: an ISO 4217 code this table can convert (so that no stored value
    /// can ever make a report fail). Refuses anything else naming <paramref name="field"/> and the known codes.
    /// </summary>
    public Currency Require(string? code, string field)
    {
        var currency = Currency.Parse(code, field);
        return Knows(currency)
            ? currency
            : throw new DomainException(field, $"'{currency.Code}' is not a currency Quartermaster can convert; known: {string.Join(", ", _rates.Keys.Select(k => k.Code).Order(StringComparer.Ordinal))}.");
    }

    /// <summary>Converts when the currency is known; null when it is not (a record stored before the rule, or edited in the database).</summary>
    public decimal? TryToEur(Money money, DateOnly? on = null) => Knows(money.Currency) ? ToEur(money, on) : null;

    public ExchangeRate RateFor(Currency currency, DateOnly? on = null)
    {
        if (!_rates.TryGetValue(currency, out var list))
            throw new DomainException("currency", $"No exchange rate for {currency.Code}; known: {string.Join(", ", _rates.Keys.Select(k => k.Code).Order())}.");
        if (on is null) return list[^1];
        var best = list[0];
        foreach (var r in list)
            if (r.ValidFrom <= on.Value) best = r;
        return best;
    }

    /// <summary>Converts to euros, rounded to the cent (banker's rounding is avoided: away from zero).</summary>
    public decimal ToEur(Money money, DateOnly? on = null)
    {
        if (money.Currency == Currency.Eur) return money.Amount;
        var rate = RateFor(money.Currency, on);
        return Math.Round(money.Amount / rate.UnitsPerEur, 2, MidpointRounding.AwayFromZero);
    }
}
