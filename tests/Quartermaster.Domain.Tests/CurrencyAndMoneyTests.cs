using Quartermaster.Domain.Common;

namespace Quartermaster.Domain.Tests;

public class CurrencyAndMoneyTests
{
    [Theory]
    [InlineData("EUR", "EUR")]
    [InlineData("usd", "USD")]
    [InlineData(" aud ", "AUD")]
    [InlineData("DKK", "DKK")]
    public void Three_letter_iso_code_is_accepted_and_upper_cased(string input, string expected)
        => Assert.Equal(expected, Currency.Parse(input).Code);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("€")]
    [InlineData("US$")]
    public void Non_iso_currency_code_is_refused_with_field_currency(string? input)
    {
        var ex = Refused.With("currency", () => Currency.Parse(input));
        Assert.Contains("ISO 4217", ex.Message);
    }

    [Fact]
    public void Currency_parse_reports_the_callers_field_name()
        => Refused.With("declaredCurrency", () => Currency.Parse("xx", "declaredCurrency"));

    [Fact]
    public void Parsed_currency_equals_the_well_known_instance()
    {
        Assert.Equal(Currency.Eur, Currency.Parse("eur"));
        Assert.Equal(Currency.Usd, Currency.Parse("USD"));
        Assert.NotEqual(Currency.Eur, Currency.Usd);
    }

    [Fact]
    public void Adding_money_in_the_same_currency_sums_exactly()
    {
        var sum = Money.Of(0.1m, "EUR") + Money.Of(0.2m, "eur");
        Assert.Equal(0.3m, sum.Amount);
        Assert.Equal(Currency.Eur, sum.Currency);
    }

    [Fact]
    public void Adding_money_in_different_currencies_is_refused()
    {
        var ex = Refused.With("currency", () => Money.Of(100m, "EUR") + Money.Of(100m, "USD"));
        Assert.Contains("EUR", ex.Message);
        Assert.Contains("USD", ex.Message);
    }

    [Fact]
    public void Money_of_refuses_an_invalid_currency()
        => Refused.With("currency", () => Money.Of(1m, "EURO"));

    [Fact]
    public void Money_prints_amount_and_currency_code()
        => Assert.Equal("1234.5 AUD", Money.Of(1234.50m, "AUD").ToString());
}
