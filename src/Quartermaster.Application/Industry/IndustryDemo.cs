using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Industry;

public sealed record IndustryDemoSummary(int Companies, int Products, int Pools, int Contributions, int Orders, int Packages = 0);

/// <summary>
/// The demo's illustrative industry: six labelled companies (a Japanese one with non-lethal products, a Ukrainian
/// producer), a PURL-style package fund with several nations' money (Japan's non-lethal only, from its policy), a fund for
/// the recipient's own industry, and production orders at different states. Figures are invented for illustration, not
/// published prices or capacities. Loaded through the same services a user has; running it again changes nothing.
/// </summary>
public sealed class IndustryDemo(QuartermasterDb db)
{
    public const string IndustryAccountCompany = "demo-jpn-optics";

    private static readonly (string Code, string Name, string Nation)[] Companies =
    [
        ("demo-jpn-optics", "Nippon Optics & Power (illustrative)", "JPN"),
        ("demo-ukr-armour", "Kyiv Armour Works (illustrative)", "UKR"),
        ("demo-deu-munitions", "Rhein Munitions (illustrative)", "DEU"),
        ("demo-usa-drones", "Liberty Drones (illustrative)", "USA"),
        ("demo-nld-quantum", "Delft Quantum Sensing (illustrative)", "NLD"),
        ("demo-pol-shells", "Vistula Shells (illustrative)", "POL"),
    ];

    // company, item, price, currency, capacity/month, lead weeks, minimum order, stock
    private static readonly (string Company, string Item, decimal Price, string Currency, int Capacity, int Lead, int Min, int Stock)[] Products =
    [
        ("demo-jpn-optics", "binoculars-optics", 900m, "USD", 2_000, 4, 100, 500),
        ("demo-jpn-optics", "power-generator", 12_000m, "USD", 400, 6, 10, 50),
        ("demo-jpn-optics", "demining-equipment", 35_000m, "USD", 60, 8, 5, 0),
        ("demo-ukr-armour", "helmet", 250m, "EUR", 20_000, 2, 500, 3_000),
        ("demo-ukr-armour", "ballistic-vest", 600m, "EUR", 10_000, 3, 500, 1_000),
        ("demo-deu-munitions", "155mm-artillery-round", 3_500m, "EUR", 15_000, 12, 1_000, 0),
        ("demo-usa-drones", "puma-unmanned-aerial-system", 450_000m, "USD", 10, 16, 2, 0),
        ("demo-nld-quantum", "night-vision-device", 4_000m, "EUR", 800, 6, 50, 200),
        ("demo-pol-shells", "round-of-ammunition-for-155mm-howitzer", 3_200m, "EUR", 10_000, 10, 1_000, 0),
    ];

    public async Task<IndustryDemoSummary> Load(Actor actor, CancellationToken ct)
    {
        var companies = new CompaniesService(db);
        var known = (await companies.List(actor, null, ct)).ToDictionary(c => c.Code);
        foreach (var (code, name, nation) in Companies)
        {
            if (!known.ContainsKey(code) && await db.Nations.AnyAsync(n => n.Code == nation, ct))
            {
                var c = await companies.Create(actor, new CompanyInput(code, name, nation, Illustrative: true), ct);
                known[code] = await companies.SetVetting(actor, code, c.Version, new VettingInput(VettingStatus.Approved, "Illustrative demo company."), ct);
            }
        }
        var products = new ProductsService(db);
        var offered = (await products.List(actor, null, null, ct)).Select(p => (p.CompanyCode, p.ItemCode)).ToHashSet();
        var items = await db.CatalogueItems.Select(i => i.Code).ToListAsync(ct);
        foreach (var p in Products.Where(p => known.ContainsKey(p.Company) && items.Contains(p.Item) && !offered.Contains((p.Company, p.Item))))
            await products.Create(actor, new ProductInput(p.Company, p.Item, p.Price, p.Currency, p.Capacity, p.Lead, p.Min, null, p.Stock), ct);

        var pools = new FundingPoolsService(db);
        var poolList = (await pools.List(actor, ct)).ToDictionary(p => p.Code);
        if (!poolList.ContainsKey("demo-purl-1"))
            poolList["demo-purl-1"] = await pools.Create(actor, new FundingPoolInput("demo-purl-1", "PURL-style package fund 1 (illustrative)", "USD", PoolPurpose.PackageFund,
                "Nations fund a package of prioritised requirement lines that a producing nation's industry delivers; Japan's share pays for non-lethal lines only.", true), ct);
        if (!poolList.ContainsKey("demo-ukr-industry"))
            poolList["demo-ukr-industry"] = await pools.Create(actor, new FundingPoolInput("demo-ukr-industry", "Fund for Ukraine's own industry (illustrative)", "EUR", PoolPurpose.RecipientIndustry,
                "Money that buys from producers in the recipient nation (the \"Danish model\").", true), ct);

        var funding = new FundingService(db);
        var pledges = await db.FundingPledges.IgnoreQueryFilters().AsNoTracking().Where(f => f.PoolId == poolList["demo-purl-1"].Id || f.PoolId == poolList["demo-ukr-industry"].Id).ToListAsync(ct);
        var pledgeDate = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime).AddDays(-60);
        (string Donor, string Pool, decimal Amount, string Currency)[] contributions =
        [
            ("USA", "demo-purl-1", 200_000_000m, "USD"), ("DEU", "demo-purl-1", 120_000_000m, "EUR"), ("NLD", "demo-purl-1", 80_000_000m, "EUR"),
            ("JPN", "demo-purl-1", 30_000_000m, "USD"), ("NOR", "demo-purl-1", 90_000_000m, "USD"), ("CAN", "demo-purl-1", 60_000_000m, "USD"),
            ("DNK", "demo-ukr-industry", 400_000_000m, "DKK"), ("SWE", "demo-ukr-industry", 20_000_000m, "EUR"),
        ];
        if (pledges.Count == 0)
            foreach (var c in contributions.Where(c => db.Nations.Any(n => n.Code == c.Donor)))
                pledges.Add(await funding.Find((await funding.Create(actor, new FundingInput(c.Donor, null, c.Amount, c.Currency, pledgeDate,
                    Note: "Illustrative demo contribution.", Releasability: Releasability.AllParticipants) { PoolId = poolList[c.Pool].Id }, ct)).Id, ct));

        var orders = new OrdersService(db);
        var companyIds = known.Values.Select(c => c.Id).ToList();
        if (!await db.ProductionOrders.AnyAsync(o => companyIds.Contains(o.CompanyId), ct))
            await Orders(actor, orders, products, pledges, ct);
        await Package(actor, pledges, ct);
        return new IndustryDemoSummary(known.Count, (await products.List(actor, null, null, ct)).Count(p => p.Illustrative), poolList.Count, pledges.Count,
            await db.ProductionOrders.CountAsync(o => companyIds.Contains(o.CompanyId), ct), await db.FundedPackages.CountAsync(p => p.Illustrative, ct));
    }

    /// <summary>
    /// The order's next units through the delivery chain: 200 reported produced, 100 shipped through a hub and received
    /// (the receipt pays their share), 100 dispatched and in transit.
    /// </summary>
    private async Task ThroughTheChain(Actor actor, OrdersService orders, ProductionOrderView o, CancellationToken ct)
    {
        var hub = await db.Hubs.AsNoTracking().OrderBy(h => h.Code).Select(h => h.Code).FirstOrDefaultAsync(ct);
        if (hub is null) return;
        o = await orders.Produced(actor, o.Id, o.Version, new ProducedInput(200), ct);
        var shipments = new Delivery.ShipmentsService(db);
        var identification = new Delivery.IdentificationService(db);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        async Task<Delivery.ShipmentDetail> Dispatched(string reference, string lot)
        {
            var s = await shipments.CreateForOrder(actor, o.Id, new Delivery.OrderShipmentInput(100, hub, reference, PlannedDeparture: now.AddDays(-3)), ct);
            await identification.SetLots(actor, s.Summary.Id, [new Delivery.LotsInput(1, [new Delivery.LotInput(lot, 100)])], ct);
            return await shipments.Dispatch(actor, s.Summary.Id, null, new Delivery.DispatchInput(now.AddDays(-3), "illustrative demo"), ct);
        }
        var received = await Dispatched("DEMO-ORD-DEU-RECEIVED", "DEMO-LOT-155-A");
        await shipments.ArriveAtHub(actor, received.Summary.Id, null, new Delivery.EventInput(now.AddDays(-2)), ct);
        await shipments.HandOver(actor, received.Summary.Id, null, new Delivery.EventInput(now.AddDays(-1)), ct);
        await new Delivery.ReceiptsService(db, new Accountability.CustodyOnReceipt()).Post(actor, new Delivery.ReceiptInput(received.Summary.Id, "DEMO-ORD-RCV-1",
            "Illustrative logistics officer", now.AddDays(-1), "illustrative artillery brigade", [new Delivery.ReceiptLineInput(1, Accepted: 100)]), null, ct);
        await Dispatched("DEMO-ORD-DEU-IN-TRANSIT", "DEMO-LOT-155-B");
    }

    public const string PackageName = "PURL-style package 1 (illustrative)";

    // item, quantity, unit value (USD; invented for illustration, not published prices)
    private static readonly (string Item, int Quantity, decimal UnitValue)[] PackageLines =
    [
        ("munitions-for-nasams", 200, 1_000_000m), ("ammunition-for-himars", 600, 200_000m), ("stinger-missile", 300, 400_000m),
        ("counter-unmanned-aerial-system", 40, 1_000_000m), ("medical-supplies", 2_000, 10_000m),
    ];

    // donor, amount in USD, accepted (else left invited: the donor has not answered yet)
    private static readonly (string Donor, decimal Amount, bool Accepted)[] PackageShares =
    [
        ("USA", 150_000_000m, true), ("DEU", 90_000_000m, true), ("NOR", 90_000_000m, true), ("CAN", 60_000_000m, true), ("JPN", 20_000_000m, true),
        ("NLD", 40_000_000m, false),
    ];

    /// <summary>
    /// A PURL-style package of about USD 500 million that US industry delivers: five open lines of the prioritised list
    /// (three lethal, two not), funded by several nations' contributions to the package fund. Japan's share is attributed to
    /// the non-lethal lines only, by the same rule as any package (its policy makes its money non-lethal only); the
    /// Netherlands' invitation is still unanswered. Created once: a second run finds it by name and changes nothing.
    /// </summary>
    private async Task Package(Actor actor, List<FundingPledge> pledges, CancellationToken ct)
    {
        if (await db.FundedPackages.AnyAsync(p => p.Name == PackageName, ct) || !await db.Nations.AnyAsync(n => n.Code == "USA", ct)) return;
        var open = await db.Requirements.AsNoTracking()
            .Where(r => r.Status != Domain.Requirements.RequirementStatus.Cancelled && r.Status != Domain.Requirements.RequirementStatus.Delivered)
            .Join(db.CatalogueItems, r => r.ItemId, i => i.Id, (r, i) => new { r.Id, i.Code, r.PriorityRank, r.Period }).ToListAsync(ct);
        var lines = PackageLines
            .Select(l => (Line: l, Requirement: open.Where(r => r.Code == l.Item).OrderBy(r => r.Period).ThenBy(r => r.PriorityRank).FirstOrDefault()))
            .Where(x => x.Requirement is not null)
            .Select(x => new PackageLineInput(x.Requirement!.Id, x.Line.Quantity, x.Line.UnitValue)).ToList();
        if (lines.Count == 0) return;
        var packages = new PackagesService(db);
        var package = await packages.Create(actor, new PackageInput(PackageName, "USD", 500_000_000m, "USA", null, lines,
            "Prioritised requirement lines that US industry delivers, paid by several nations through the package fund; Japan's share pays for non-lethal lines only.",
            Illustrative: true), ct);
        var purl = await db.FundingPools.AsNoTracking().Where(p => p.Code == "demo-purl-1").Select(p => p.Id).FirstOrDefaultAsync(ct);
        var balances = await new FundingPoolsService(db).Balances(pledges.Where(p => p.PoolId == purl).Select(p => p.Id).ToList(), ct);
        var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        foreach (var (donor, amount, accepted) in PackageShares)
        {
            if (pledges.FirstOrDefault(p => p.PoolId == purl && p.DonorCode == donor) is not { } pledge || !balances.TryGetValue(pledge.Id, out var balance)) continue;
            var remaining = rates.To(new Domain.Common.Money(balance.Remaining, Domain.Common.Currency.Parse(balance.Currency)), Domain.Common.Currency.Parse("USD"), today);
            var share = Math.Min(amount, Math.Floor(remaining));
            if (share <= 0) continue;
            package = await packages.Invite(actor, package.Id, package.Version, new PackageInvitationInput(pledge.Id, share), ct);
            if (accepted) package = await packages.Accept(actor, package.Id, pledge.Id, package.Version, ct);
        }
    }

    private async Task Orders(Actor actor, OrdersService orders, ProductsService products, List<FundingPledge> pledges, CancellationToken ct)
    {
        var all = await products.List(actor, null, null, ct);
        Guid? Product(string company, string item) => all.FirstOrDefault(p => p.CompanyCode == company && p.ItemCode == item)?.Id;
        Guid? Pledge(string donor) => pledges.FirstOrDefault(p => p.DonorCode == donor)?.Id;
        var requirements = await db.Requirements.AsNoTracking().Join(db.CatalogueItems, r => r.ItemId, i => i.Id, (r, i) => new { r.Id, i.Code, r.Status }).ToListAsync(ct);
        Guid? Requirement(string item) => requirements.FirstOrDefault(r => r.Code == item && r.Status is not (Domain.Requirements.RequirementStatus.Cancelled or Domain.Requirements.RequirementStatus.Delivered))?.Id;
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        string Month(int ahead) { var m = new DateOnly(today.Year, today.Month, 1).AddMonths(ahead); return m.ToString("yyyy-MM"); }

        // 1. 155 mm rounds from Germany, paid by the USA and Germany: in production, a first batch received.
        if (Product("demo-deu-munitions", "155mm-artillery-round") is { } shells && Pledge("USA") is { } usa && Pledge("DEU") is { } deu)
        {
            var o = await orders.Create(actor, new ProductionOrderInput(shells, 20_000, [new(Month(3), 10_000), new(Month(4), 10_000)],
                [new(usa, 40_000_000m), new(deu, 30_000_000m)], Requirement("155mm-artillery-round"), "Illustrative demo order."), ct);
            o = await orders.Contract(actor, o.Id, o.Version, ct);
            o = await orders.StartProduction(actor, o.Id, o.Version, ct);
            o = await orders.Deliver(actor, o.Id, o.Version, new DeliveryInput(4_000, today, "first batch (illustrative)"), ct);
            await ThroughTheChain(actor, orders, o, ct);
        }
        // 2. Power generators from Japan, paid by Japan's non-lethal money: contracted.
        if (Product("demo-jpn-optics", "power-generator") is { } generators && Pledge("JPN") is { } jpn)
        {
            var o = await orders.Create(actor, new ProductionOrderInput(generators, 500, [new(Month(2), 250), new(Month(3), 250)],
                [new(jpn, 6_000_000m)], Requirement("power-generator"), "Illustrative demo order."), ct);
            await orders.Contract(actor, o.Id, o.Version, ct);
        }
        // 3. Helmets from Ukraine's own industry, paid by Denmark's fund: delivered in full.
        if (Product("demo-ukr-armour", "helmet") is { } helmets && Pledge("DNK") is { } dnk)
        {
            var o = await orders.Create(actor, new ProductionOrderInput(helmets, 10_000, [new(Month(1), 10_000)],
                [new(dnk, 2_500_000m)], Requirement("helmet"), "Illustrative demo order."), ct);
            o = await orders.Contract(actor, o.Id, o.Version, ct);
            o = await orders.StartProduction(actor, o.Id, o.Version, ct);
            await orders.Deliver(actor, o.Id, o.Version, new DeliveryInput(10_000, today, "illustrative"), ct);
        }
        // 4. 155 mm rounds from Poland, paid by the Netherlands: proposed.
        if (Product("demo-pol-shells", "round-of-ammunition-for-155mm-howitzer") is { } polish && Pledge("NLD") is { } nld)
            await orders.Create(actor, new ProductionOrderInput(polish, 5_000, [new(Month(3), 5_000)], [new(nld, 16_000_000m)],
                Requirement("155mm-artillery-round"), "Illustrative demo order."), ct);
    }
}
