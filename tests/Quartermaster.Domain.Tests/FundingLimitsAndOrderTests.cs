using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Nations;

namespace Quartermaster.Domain.Tests;

/// <summary>The one rule of what a contribution may pay for, production orders, balances, and package attribution.</summary>
public sealed class FundingLimitsAndOrderTests
{
    private static readonly FakeCodificationReference Reference = new();
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static readonly ExchangeRateTable Rates = new([new ExchangeRate(Currency.Usd, 1.25m, new DateOnly(2020, 1, 1), "test")]);

    private static CatalogueItem Item(string code, bool lethal, string coalition = "artillery", string? control = null)
    {
        var i = new CatalogueItem(Guid.NewGuid(), code, code, lethal ? "1320" : "8470", coalition, lethal, Reference);
        i.SetControl(control);
        return i;
    }

    private static FundingPledge Pledge(string donor, decimal amount, NationPolicy? policy = null, string? coalition = null, string currency = "EUR")
    {
        var p = new FundingPledge(Guid.NewGuid(), donor, "pool", Money.Of(amount, currency), Today.AddDays(-10), policy?.NonLethalOnly ?? false);
        p.SetLimits(policy ?? NationPolicy.Unrestricted(), null, coalition, null);
        return p;
    }

    private static (Company, Product, CatalogueItem) Shells(int capacity = 100, int lead = 0)
    {
        var c = new Company(Guid.NewGuid(), "shells", "Shells", "DEU");
        c.SetVetting(VettingStatus.Approved, null);
        var item = Item("shell", true, control: "ML3");
        return (c, new Product(Guid.NewGuid(), c.Id, item.Id, Money.Of(10m, "EUR"), capacity, lead, 1, null, capacity == 0 ? 5 : 0), item);
    }

    private static ProductionOrder Order(int quantity, params FundingShare[] shares)
    {
        var (c, p, i) = Shells();
        return new ProductionOrder(Guid.NewGuid(), c, p, i, quantity, [new ScheduledMonth(new DateOnly(2027, 1, 1), quantity)],
            new Dictionary<DateOnly, int>(), shares, Rates, null, Today, null);
    }

    [Fact]
    public void Non_lethal_only_money_never_pays_for_a_lethal_item_and_forbidden_categories_and_earmarks_hold()
    {
        var japan = Pledge("JPN", 100m, NationPolicy.NonLethal());
        Assert.Equal("funds.non-lethal-only", japan.MayPayFor(Item("gun", true)).Code);
        Assert.True(japan.MayPayFor(Item("generator", false, "energy")).Allowed);
        var noMl4 = Pledge("AUT", 100m, new NationPolicy { ForbiddenCategories = ["ML4"] });
        Assert.Equal("funds.forbidden-category", noMl4.MayPayFor(Item("demining", false, "demining", "ML4")).Code);
        var energy = Pledge("DNK", 100m, coalition: "energy");
        Assert.Equal("funds.earmark", energy.MayPayFor(Item("vest", false, "protection")).Code);
        Refused.With("earmarkCoalition", () => Pledge("DNK", 1m, coalition: "cavalry"));
    }

    [Fact]
    public void Units_from_stock_need_no_lead_time_or_capacity_but_never_exceed_the_stock_on_hand()
    {
        var company = new Company(Guid.NewGuid(), "stock", "Stock", "DEU");
        company.SetVetting(VettingStatus.Approved, null);
        var item = Item("shell", true, control: "ML3");
        // 30 in stock, 10 a month after 12 weeks' lead time: this month's delivery may only come from stock.
        var product = new Product(Guid.NewGuid(), company.Id, item.Id, Money.Of(10m, "EUR"), 10, 12, 1, null, 30);
        var deu = Pledge("DEU", 10_000m);
        var now = new DateOnly(Today.Year, Today.Month, 1);
        var order = new ProductionOrder(Guid.NewGuid(), company, product, item, 40, [new ScheduledMonth(now, 30, 30), new ScheduledMonth(new DateOnly(2027, 3, 1), 10)],
            new Dictionary<DateOnly, int>(), [new FundingShare(deu, "EUR", 10_000m, 400m)], Rates, null, Today, null);
        Assert.Equal(30, order.Schedule.Sum(s => s.FromStock));
        Assert.Equal(10, order.Schedule.Sum(s => s.Produced));
        // Produced units this month break the lead time; more from stock than is on hand is refused.
        Refused.With("schedule[0].month", () => new ProductionOrder(Guid.NewGuid(), company, product, item, 31, [new ScheduledMonth(now, 31, 30)],
            new Dictionary<DateOnly, int>(), [new FundingShare(deu, "EUR", 10_000m, 310m)], Rates, null, Today, null));
        Refused.With("schedule", () => new ProductionOrder(Guid.NewGuid(), company, product, item, 31, [new ScheduledMonth(now, 31, 31)],
            new Dictionary<DateOnly, int>(), [new FundingShare(deu, "EUR", 10_000m, 310m)], Rates, null, Today, null));
        // A stock-only product can be ordered from stock.
        var stockOnly = new Product(Guid.NewGuid(), company.Id, item.Id, Money.Of(10m, "EUR"), 0, 0, 1, null, 5);
        Assert.Equal(5, new ProductionOrder(Guid.NewGuid(), company, stockOnly, item, 5, [new ScheduledMonth(now, 5, 5)],
            new Dictionary<DateOnly, int>(), [new FundingShare(deu, "EUR", 10_000m, 50m)], Rates, null, Today, null).Quantity);
        stockOnly.TakeFromStock(5);
        Assert.Equal(0, stockOnly.StockOnHand);
        Refused.With("stockOnHand", () => stockOnly.TakeFromStock(1));
    }

    [Fact]
    public void A_product_needs_capacity_or_stock_and_an_order_respects_capacity_lead_time_and_minimum()
    {
        var c = new Company(Guid.NewGuid(), "c", "C", "DEU");
        Refused.With("capacityPerMonth", () => new Product(Guid.NewGuid(), c.Id, Guid.NewGuid(), Money.Of(1m, "EUR"), 0, 0, 1, null, 0));
        var (company, stockOnly, item) = Shells(capacity: 0);
        var deu = Pledge("DEU", 1000m);
        Refused.With("quantity", () => new ProductionOrder(Guid.NewGuid(), company, stockOnly, item, 1, [new ScheduledMonth(new DateOnly(2027, 1, 1), 1)],
            new Dictionary<DateOnly, int>(), [new FundingShare(deu, "EUR", 1000m, 10m)], Rates, null, Today, null));
        var (_, slow, _) = Shells(lead: 12);
        var (c2, _, i2) = Shells();
        Refused.With("schedule[0].month", () => new ProductionOrder(Guid.NewGuid(), c2, new Product(Guid.NewGuid(), c2.Id, i2.Id, Money.Of(10m, "EUR"), 100, 12, 1, null, 0), i2, 10,
            [new ScheduledMonth(new DateOnly(2027, 1, 1), 10)], new Dictionary<DateOnly, int>(), [new FundingShare(deu, "EUR", 1000m, 100m)], Rates, null, Today, null));
        Assert.Equal(new DateOnly(2027, 2, 1), slow.FirstProductionMonth(Today));
        Refused.With("schedule[0].quantity", () => Order(101, new FundingShare(deu, "EUR", 5000m, 1010m)));
        Refused.With("company", () =>
        {
            var (pending, p, i) = Shells();
            var fresh = new Company(Guid.NewGuid(), "fresh", "Fresh", "DEU");
            return new ProductionOrder(Guid.NewGuid(), fresh, p, i, 1, [new ScheduledMonth(new DateOnly(2027, 1, 1), 1)], new Dictionary<DateOnly, int>(), [], Rates, null, Today, null);
        });
    }

    [Fact]
    public void Money_is_committed_on_order_paid_pro_rata_on_delivery_and_never_above_the_commitment()
    {
        var usd = Pledge("USA", 1000m, currency: "USD");
        // The pool keeps USD: 500 EUR of the order are 625 USD at 1.25.
        var order = Order(50, new FundingShare(usd, "USD", 1000m, 500m));
        Assert.Equal(625m, order.Funding[0].PoolAmount);
        var before = ContributionBalance.Of(usd, Currency.Usd, [order], Rates);
        Assert.Equal((1000m, 625m, 0m, 375m), (before.Pledged, before.Committed, before.Paid, before.Remaining));
        Refused.With("funding[0].amount", () => Order(100, new FundingShare(usd, "USD", before.Remaining, 1000m)));
        Refused.With("state", () => order.RecordDelivery(Today, 1, null));
        order.Contract();
        Refused.With("amount", () => order.RecordPayment(usd.Id, 500.01m));
        order.StartProduction();
        order.RecordDelivery(Today, 10, null);
        Assert.Equal(100m, order.Funding[0].Paid);
        Assert.Equal(125m, order.Funding[0].PoolPaid);
        Refused.With("quantity", () => order.RecordDelivery(Today, 41, null));
        order.RecordDelivery(Today, 40, null);
        Assert.Equal(OrderState.Delivered, order.State);
        var after = ContributionBalance.Of(usd, Currency.Usd, [order], Rates);
        Assert.Equal((0m, 625m, 375m), (after.Committed, after.Paid, after.Remaining));
    }

    [Fact]
    public void A_cancelled_order_releases_its_unpaid_commitment()
    {
        var deu = Pledge("DEU", 1000m);
        var order = Order(10, new FundingShare(deu, "EUR", 1000m, 100m));
        order.Contract();
        order.RecordPayment(deu.Id, 30m);
        Refused.With("reason", () => order.Cancel(" "));
        order.Cancel("supplier failed");
        var b = ContributionBalance.Of(deu, Currency.Eur, [order], Rates);
        Assert.Equal((0m, 30m, 970m), (b.Committed, b.Paid, b.Remaining));
    }

    [Fact]
    public void Package_attribution_pays_lethal_lines_only_with_unrestricted_money_and_is_maximal()
    {
        var gun = Item("gun", true);
        var generator = Item("generator", false, "energy");
        var japan = Pledge("JPN", 300m, NationPolicy.NonLethal());
        var usa = Pledge("USA", 300m);
        var package = new FundedPackage(Guid.NewGuid(), "PURL 1", Currency.Eur, 500m, "USA", null,
            [new PackageLine(Guid.NewGuid(), gun.Id, 3, 100m), new PackageLine(Guid.NewGuid(), generator.Id, 2, 100m)]);
        package.Invite(japan, 300m);
        package.Invite(usa, 300m);
        package.Answer(japan.Id, true);
        package.Answer(usa.Id, true);
        package.Attribute(new Dictionary<Guid, FundingPledge> { [japan.Id] = japan, [usa.Id] = usa }, new Dictionary<Guid, CatalogueItem> { [gun.Id] = gun, [generator.Id] = generator });
        // A greedy that let the USA pay the generators first would leave guns unpaid; the flow pays all 500.
        Assert.Equal(500m, package.Attributions.Sum(a => a.Amount));
        Assert.Equal(200m, package.Attributions.Where(a => a.DonorCode == "JPN").Sum(a => a.Amount));
        Assert.All(package.Attributions.Where(a => a.DonorCode == "JPN"), a => Assert.Equal(package.Lines[1].RequirementId, a.RequirementId));
    }

    [Fact]
    public void Property_no_lethal_line_is_ever_attributed_to_non_lethal_only_money_and_no_contribution_is_over_attributed()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            var rng = new Random(seed);
            var items = Enumerable.Range(0, rng.Next(1, 8)).Select(k => Item($"i{k}", rng.Next(2) == 0, rng.Next(3) == 0 ? "energy" : "artillery")).ToList();
            var lines = items.Select(i => new PackageLine(Guid.NewGuid(), i.Id, rng.Next(1, 20), rng.Next(1, 5000) + rng.Next(100) / 100m)).ToList();
            var package = new FundedPackage(Guid.NewGuid(), "p", Currency.Eur, 1m, "USA", null, lines);
            var pledges = new Dictionary<Guid, FundingPledge>();
            for (var k = 0; k < rng.Next(1, 7); k++)
            {
                var amount = rng.Next(1, 40_000) + rng.Next(100) / 100m;
                var p = Pledge($"N{k:00}"[..3], amount, rng.Next(3) == 0 ? NationPolicy.NonLethal() : NationPolicy.Unrestricted(), rng.Next(5) == 0 ? "energy" : null);
                pledges[p.Id] = p;
                package.Invite(p, amount);
                package.Answer(p.Id, rng.Next(6) != 0);
            }
            package.Attribute(pledges, items.ToDictionary(i => i.Id));
            var itemOf = lines.ToDictionary(l => l.RequirementId, l => items.Single(i => i.Id == l.ItemId));
            foreach (var a in package.Attributions)
            {
                Assert.True(pledges[a.PledgeId].MayPayFor(itemOf[a.RequirementId]).Allowed, $"seed {seed}: {a.DonorCode} pays for a line its limits forbid");
                Assert.False(pledges[a.PledgeId].NonLethalOnly && itemOf[a.RequirementId].IsLethal, $"seed {seed}: non-lethal-only money on a lethal line");
            }
            foreach (var c in package.Contributions)
            {
                var attributed = package.Attributions.Where(a => a.PledgeId == c.PledgeId).Sum(a => a.Amount);
                Assert.True(attributed <= c.Amount, $"seed {seed}: {c.DonorCode} over-attributed ({attributed} > {c.Amount})");
                if (c.State != PackageContributionState.Accepted) Assert.Equal(0m, attributed);
            }
            foreach (var l in lines) Assert.True(package.Attributions.Where(a => a.RequirementId == l.RequirementId).Sum(a => a.Amount) <= l.Value, $"seed {seed}: line over-paid");
        }
    }
}
