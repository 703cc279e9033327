using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Domain.Tests;

/// <summary>The domain refuses what an edge might have let through: cast enums, control characters, unknown currencies.</summary>
public sealed class ValueGuardTests
{
    private static Offer NewOffer() => new(Guid.NewGuid(), "USA", AidType.Humanitarian, "blankets", null, 10);

    [Fact]
    public void An_enum_value_outside_its_set_is_refused_naming_the_field()
    {
        Refused.With("aidType", () => new Offer(Guid.NewGuid(), "USA", (AidType)99, "blankets", null, 10));
        Refused.With("condition", () => NewOffer().SetTerms((Condition)42, null, null, null, null));
        Refused.With("releasability", () => NewOffer().Release((Releasability)77, null));
        Refused.With("exportLicence", () => NewOffer().SetClearances(ClearanceStatus.NotRequired, null, (ClearanceStatus)9));
        Refused.With("status", () => new Nation("QQA", "Q", (NationStatus)13));
    }

    [Fact]
    public void Texts_with_control_characters_are_refused_and_tabs_and_new_lines_are_not()
    {
        Refused.With("description", () => NewOffer().Describe("blan\0kets"));
        Refused.With("originDepot", () => NewOffer().SetTerms(Condition.New, null, "depot\u0007", null, null));
        var offer = NewOffer();
        offer.Describe("two lines\nwith\ttab");
        Assert.Equal("two lines\nwith\ttab", offer.Description);
    }

    [Fact]
    public void Only_a_currency_the_rate_table_converts_is_accepted()
    {
        var table = new ExchangeRateTable([new ExchangeRate(Currency.Usd, 0.98m, new DateOnly(2022, 1, 1), "test")]);
        Assert.Equal(Currency.Usd, table.Require("usd", "currency"));
        Assert.Equal(Currency.Eur, table.Require("EUR", "currency"));
        var ex = Refused.With("declaredCurrency", () => table.Require("XYZ", "declaredCurrency"));
        Assert.Contains("USD", ex.Message);
        Assert.Null(table.TryToEur(new Money(1m, Currency.Parse("XYZ"))));
    }

    [Fact]
    public void An_announcement_text_longer_than_its_column_is_refused()
        => Refused.With("announced", () => NewOffer().SetTerms(Condition.New, null, null, null, FuzzyDate.Parse(new string('x', 95) + " 04/22")));
}
