using Quartermaster.Domain.Common;

namespace Quartermaster.Domain.Tests;

public class ExchangeRateTableTests
{
    private const string KielBasis = "ECB average 2022-09-06..2022-10-06";
    private static readonly DateOnly KielFrom = new(2022, 9, 6);

    /// <summary>Rates of the Kiel Ukraine Support Tracker, release 7 (data/kiel-ust-release7/exchange_rates.csv).</summary>
    private static ExchangeRateTable KielTable() => new(
    [
        new ExchangeRate(Currency.Parse("USD"), 0.9887m, KielFrom, KielBasis),
        new ExchangeRate(Currency.Parse("AUD"), 1.4921m, KielFrom, KielBasis),
        new ExchangeRate(Currency.Parse("DKK"), 7.4368m, KielFrom, KielBasis),
        new ExchangeRate(Currency.Parse("GBP"), 0.87571m, KielFrom, KielBasis),
    ]);

    [Fact]
    public void Aud_converts_to_eur_with_the_kiel_rate_rounded_to_the_cent()
        => Assert.Equal(23_456_872.86m, KielTable().ToEur(Money.Of(35_000_000m, "AUD")));

    [Fact]
    public void Dkk_converts_to_eur_with_the_kiel_rate()
        => Assert.Equal(13_446.64m, KielTable().ToEur(Money.Of(100_000m, "DKK")));

    [Fact]
    public void Usd_converts_to_more_euros_than_dollars_at_a_rate_below_one()
        => Assert.Equal(101.14m, KielTable().ToEur(Money.Of(100m, "USD")));

    [Fact]
    public void Eur_converts_to_itself_unchanged()
        => Assert.Equal(123.456m, KielTable().ToEur(Money.Of(123.456m, "EUR")));

    [Fact]
    public void Eur_is_always_known_even_when_not_listed()
    {
        var table = KielTable();
        Assert.True(table.Knows(Currency.Eur));
        Assert.Equal(1m, table.RateFor(Currency.Eur).UnitsPerEur);
    }

    [Fact]
    public void Conversion_rounds_half_cents_away_from_zero()
    {
        var table = new ExchangeRateTable([new ExchangeRate(Currency.Parse("XTS"), 2m, KielFrom, "test")]);
        Assert.Equal(0.01m, table.ToEur(Money.Of(0.01m, "XTS")));   // 0.005 -> 0.01, not banker's 0.00
        Assert.Equal(-0.01m, table.ToEur(Money.Of(-0.01m, "XTS")));
    }

    [Fact]
    public void Unknown_currency_is_refused_with_a_message_naming_the_known_ones()
    {
        var ex = Refused.With("currency", () => KielTable().ToEur(Money.Of(1m, "NZD")));
        Assert.Contains("NZD", ex.Message);
        Assert.Contains("AUD, DKK, EUR, GBP, USD", ex.Message);
        Assert.False(KielTable().Knows(Currency.Parse("NZD")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1.5)]
    public void Non_positive_rate_is_refused(double rate)
        => Refused.With("units_per_eur", () => new ExchangeRateTable(
            [new ExchangeRate(Currency.Usd, (decimal)rate, KielFrom, "bad")]));

    private static readonly Currency Aud = Currency.Parse("AUD");

    private static ExchangeRateTable DatedAud() => new(
    [
        // deliberately out of order: the table sorts by date
        new ExchangeRate(Aud, 1.60m, new DateOnly(2022, 10, 1), "October"),
        new ExchangeRate(Aud, 1.50m, new DateOnly(2022, 1, 1), "January"),
        new ExchangeRate(Aud, 1.55m, new DateOnly(2022, 6, 1), "June"),
    ]);

    [Fact]
    public void Dated_conversion_picks_the_newest_rate_valid_on_that_date()
    {
        var table = DatedAud();
        Assert.Equal("June", table.RateFor(Aud, new DateOnly(2022, 7, 27)).Basis);
        Assert.Equal("January", table.RateFor(Aud, new DateOnly(2022, 5, 31)).Basis);
    }

    [Fact]
    public void Rate_becomes_valid_on_its_valid_from_day()
        => Assert.Equal("June", DatedAud().RateFor(Aud, new DateOnly(2022, 6, 1)).Basis);

    [Fact]
    public void Date_before_every_rate_uses_the_oldest_rate()
        => Assert.Equal("January", DatedAud().RateFor(Aud, new DateOnly(2021, 3, 1)).Basis);

    [Fact]
    public void Undated_conversion_uses_the_newest_rate()
        => Assert.Equal("October", DatedAud().RateFor(Aud).Basis);

    [Fact]
    public void Dated_to_eur_uses_the_rate_of_that_date()
    {
        var table = DatedAud();
        Assert.Equal(100m, table.ToEur(Money.Of(155m, "AUD"), new DateOnly(2022, 8, 1)));
        Assert.Equal(100m, table.ToEur(Money.Of(160m, "AUD")));
    }

    [Fact]
    public void Table_lists_every_currency_it_knows()
        => Assert.Equal(["AUD", "DKK", "EUR", "GBP", "USD"], KielTable().Currencies.Select(c => c.Code).Order());
}
