namespace Quartermaster.Domain.Common;

/// <summary>An ISO 4217 alphabetic currency code, e.g. EUR, USD, AUD.</summary>
public readonly record struct Currency
{
    public string Code { get; }

    private Currency(string code) => Code = code;

    public static readonly Currency Eur = new("EUR");
    public static readonly Currency Usd = new("USD");

    public static Currency Parse(string? code, string field = "currency")
    {
        var c = code?.Trim().ToUpperInvariant();
        if (c is null || c.Length != 3 || !c.All(ch => ch is >= 'A' and <= 'Z'))
            throw new DomainException(field, $"'{code}' is not an ISO 4217 currency code (three letters such as EUR, USD).");
        return new Currency(c);
    }

    public override string ToString() => Code;
}

/// <summary>Amounts of money are kept to four decimal places everywhere (the storage scale), rounded half away from zero.</summary>
public static class Amounts
{
    public const int Scale = 4;

    public static decimal Stored(decimal amount) => Math.Round(amount, Scale, MidpointRounding.AwayFromZero);

    public static decimal? Stored(decimal? amount) => amount is { } a ? Stored(a) : null;
}

/// <summary>An exact amount of money in one currency. Never a floating-point number.</summary>
public readonly record struct Money(decimal Amount, Currency Currency)
{
    public static Money Of(decimal amount, string currency) => new(amount, Currency.Parse(currency));

    public static Money operator +(Money a, Money b)
    {
        if (a.Currency != b.Currency)
            throw new DomainException("currency", $"Cannot add {a.Currency} to {b.Currency} without a conversion.");
        return new Money(a.Amount + b.Amount, a.Currency);
    }

    public override string ToString() => $"{Amount:0.##} {Currency.Code}";
}
