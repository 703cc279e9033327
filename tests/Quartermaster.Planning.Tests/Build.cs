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

    public Build Item(string id, bool lethal = false, string? family = null, decimal kg = 1000, string? control = null)
    {
        Items.Add(new ScenarioItem(id, id, lethal, control, family ?? id, kg));
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

    public Scenario Scenario() => new(Horizon, Items, Donors, Hubs, Reqs, Offers);
}
