using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning.Tests;

/// <summary>Small hand-made scenarios: 52 weeks, one destination "KYIV", hubs with 1 week in and 1 week out by default.</summary>
internal sealed class Build
{
    public int Horizon = 52;
    public List<ScenarioItem> Items = [];
    public List<ScenarioDonor> Donors = [new("DEU", false), new("JPN", true), new("USA", false)];
    public List<ScenarioHub> Hubs = [];
    public List<ScenarioRequirement> Reqs = [];
    public List<ScenarioOffer> Offers = [];

    public Build Item(string id, bool lethal = false, string? family = null, decimal kg = 1000, string? control = null, string[]? coalitions = null)
    {
        Items.Add(new ScenarioItem(id, id, lethal, control, family ?? id, kg, coalitions));
        return this;
    }

    public Build Hub(string code, decimal tonnes = 1000, int inbound = 1, int outbound = 1)
    {
        Hubs.Add(new ScenarioHub(code, tonnes, null, inbound, null, outbound));
        return this;
    }

    public Build Req(string id, string item, int qty, int rank, int neededBy, params SubstituteRef[] subs)
    {
        Reqs.Add(new ScenarioRequirement(id, item, subs, qty, rank, neededBy, "KYIV"));
        return this;
    }

    public Build Offer(string id, string item, int qty, int earliest = 1, string donor = "DEU",
        ClearanceStatus consent = ClearanceStatus.NotRequired, ClearanceStatus licence = ClearanceStatus.NotRequired)
    {
        Offers.Add(new ScenarioOffer(id, donor, item, qty, earliest, donor, consent, licence));
        return this;
    }

    public List<ScenarioCompany> Companies = [];
    public List<ScenarioProduct> Products = [];
    public List<ScenarioPool> Pools = [];
    public List<ScenarioContribution> Contributions = [];

    public Build Company(string id, CompanyVetting vetting = CompanyVetting.Approved, string nation = "DEU")
    {
        Companies.Add(new ScenarioCompany(id, nation, id, vetting));
        return this;
    }

    /// <summary>A product at origin "DEU" (1 week to every hub by default).</summary>
    public Build Product(string id, string company, string item, decimal price, int stock = 0, int capacity = 0, int lead = 0, int minimum = 0, int start = 1, string origin = "DEU")
    {
        if (!Companies.Any(c => c.Id == company)) Company(company);
        Products.Add(new ScenarioProduct(id, company, item, origin, price, stock, capacity, lead, minimum, start));
        return this;
    }

    public Build Money(string id, decimal amount, string pool = "POOL", string donor = "NLD", bool nonLethalOnly = false,
        string[]? forbidden = null, string? coalition = null, string? item = null)
    {
        if (!Pools.Any(p => p.Id == pool)) Pools.Add(new ScenarioPool(pool, pool));
        Contributions.Add(new ScenarioContribution(id, pool, donor, amount, nonLethalOnly, forbidden, coalition, item));
        return this;
    }

    public Scenario Scenario() => new(Horizon, Items, Donors, Hubs, Reqs, Offers, null,
        Companies.Count > 0 ? Companies : null, Products.Count > 0 ? Products : null, Pools.Count > 0 ? Pools : null, Contributions.Count > 0 ? Contributions : null);
}
