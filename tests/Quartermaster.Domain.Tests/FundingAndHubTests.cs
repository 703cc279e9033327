using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Logistics;

namespace Quartermaster.Domain.Tests;

public class FundingPledgeTests
{
    private static FundingPledge Pledge(bool nonLethalOnly = false, decimal amount = 500_000_000m)
        => new(Guid.NewGuid(), "JPN", "PURL package 1", Money.Of(amount, "USD"), new DateOnly(2022, 9, 1), nonLethalOnly);

    [Fact]
    public void New_pledge_is_pledged_with_its_amount()
    {
        var p = Pledge();
        Assert.Equal(FundingStatus.Pledged, p.Status);
        Assert.Equal(Money.Of(500_000_000m, "USD"), p.Money);
        Assert.Equal("USD", p.Currency);
    }

    [Fact]
    public void Non_lethal_only_money_may_not_buy_a_lethal_item()
    {
        var p = Pledge(nonLethalOnly: true);
        Assert.False(p.MayBuy(itemIsLethal: true));
        Assert.True(p.MayBuy(itemIsLethal: false));
    }

    [Fact]
    public void Unrestricted_money_may_buy_lethal_and_non_lethal_items()
    {
        var p = Pledge();
        Assert.True(p.MayBuy(true));
        Assert.True(p.MayBuy(false));
    }

    [Fact]
    public void Restriction_to_non_lethal_can_be_added()
    {
        var p = Pledge();
        p.RestrictToNonLethal();
        Assert.True(p.NonLethalOnly);
        Assert.False(p.MayBuy(true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Amount_must_be_greater_than_zero(int amount)
        => Refused.With("amount", () => Pledge(amount: amount));

    [Fact]
    public void Pool_is_required()
        => Refused.With("pool", () => new FundingPledge(Guid.NewGuid(), "JPN", " ", Money.Of(1m, "USD"), default, true));

    [Fact]
    public void Change_sets_amount_currency_and_note()
    {
        var p = Pledge();
        p.Change(Money.Of(100m, "EUR"), " top-up ");
        Assert.Equal(100m, p.Amount);
        Assert.Equal("EUR", p.Currency);
        Assert.Equal("top-up", p.Note);
    }

    [Fact]
    public void Refused_change_leaves_the_pledge_unchanged()
    {
        var p = Pledge();
        Assert.Throws<DomainException>(() => p.Change(Money.Of(1m, "EUR"), new string('x', 2001)));
        Assert.Equal(500_000_000m, p.Amount);
        Assert.Equal("USD", p.Currency);
    }

    [Fact]
    public void Pledged_money_can_be_committed_once()
    {
        var p = Pledge();
        p.Commit();
        Assert.Equal(FundingStatus.Committed, p.Status);
        Refused.With("status", p.Commit);
    }

    [Fact]
    public void Committed_money_cannot_be_withdrawn()
    {
        var p = Pledge();
        p.Commit();
        Refused.With("status", p.Withdraw);
        Assert.Equal(FundingStatus.Committed, p.Status);
    }

    [Fact]
    public void Pledged_money_can_be_withdrawn_and_then_neither_changes_nor_commits()
    {
        var p = Pledge();
        p.Withdraw();
        Assert.Equal(FundingStatus.Withdrawn, p.Status);
        Refused.With("status", () => p.Change(Money.Of(1m, "USD"), null));
        Refused.With("status", p.Commit);
    }
}

public class HubTests
{
    [Fact]
    public void New_hub_normalises_its_code_and_defaults_transit_to_a_week()
    {
        var hub = new Hub(" rzeszow ", "Rzeszów", "POL", 5000m);
        Assert.Equal("RZESZOW", hub.Code);
        Assert.Equal("RZESZOW", hub.LedgerKey);
        Assert.Equal("Rzeszów", hub.Name);
        Assert.Equal(5000m, hub.WeeklyCapacityTonnes);
        Assert.Equal(1, hub.InboundWeeks);
        Assert.Equal(1, hub.OutboundWeeks);
    }

    [Fact]
    public void Hub_code_is_required_and_short()
    {
        Refused.With("code", () => new Hub("", "Rzeszów", "POL", 1m));
        Refused.With("code", () => new Hub(new string('H', 21), "Rzeszów", "POL", 1m));
    }

    [Fact]
    public void Hub_name_is_required()
        => Refused.With("name", () => new Hub("RZE", " ", "POL", 1m));

    [Fact]
    public void Negative_capacity_is_refused_but_zero_is_allowed()
    {
        Refused.With("weeklyCapacityTonnes", () => new Hub("RZE", "Rzeszów", "POL", -1m));
        Assert.Equal(0m, new Hub("RZE", "Rzeszów", "POL", 0m).WeeklyCapacityTonnes);
    }

    [Fact]
    public void Transit_weeks_are_kept_and_may_be_zero()
    {
        var hub = new Hub("RZE", "Rzeszów", "POL", 1m);
        hub.SetTransit(2, 0);
        Assert.Equal(2, hub.InboundWeeks);
        Assert.Equal(0, hub.OutboundWeeks);
    }

    [Fact]
    public void Negative_transit_weeks_are_refused()
    {
        var hub = new Hub("RZE", "Rzeszów", "POL", 1m);
        Refused.With("inboundWeeks", () => hub.SetTransit(-1, 1));
        Refused.With("outboundWeeks", () => hub.SetTransit(1, -1));
    }

    [Fact]
    public void Refused_transit_change_leaves_the_hub_unchanged()
    {
        var hub = new Hub("RZE", "Rzeszów", "POL", 1m);
        Assert.Throws<DomainException>(() => hub.SetTransit(3, -1));
        Assert.Equal(1, hub.InboundWeeks);
    }

    [Fact]
    public void Refused_hub_update_leaves_the_hub_unchanged()
    {
        var hub = new Hub("RZE", "Rzeszów", "POL", 100m);
        Assert.Throws<DomainException>(() => hub.Update("Suceava", -1m));
        Assert.Equal("Rzeszów", hub.Name);
        Assert.Equal(100m, hub.WeeklyCapacityTonnes);
    }
}
