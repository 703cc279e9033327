using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning;

/// <summary>
/// Deterministic synthetic scenarios for tests and benchmarks: the same arguments always give the same scenario.
/// Items come in compatibility families (about a third lethal, with Munitions List entries); about one donor in eight
/// is non-lethal-only and a few forbid a category; about 4 % of offers have a pending and 2 % a denied consent, and four in five ML2 lines of donors whose policy requires an export licence for ML2 have it granted (the rest are blocked, licence.required);
/// a third of requirements list a compatible substitute (factor 0.5–1.5) and a few an incompatible one. Hub capacity
/// is set to about 60 % of the average weekly tonnage offered, so hubs are full in busy weeks.
/// </summary>
public static class ScenarioGenerator
{
    private static readonly string[] Origins = ["DEU", "USA", "GBR", "POL", "FRA", "JPN", "CAN", "NLD"];
    private static readonly string[] Destinations = ["KYIV", "DNIPRO", "KHARKIV", "ODESA"];

    /// <summary>Generates a scenario.</summary>
    /// <param name="seed">Random seed.</param>
    /// <param name="offers">Number of offer lines.</param>
    /// <param name="requirements">Number of requirement lines.</param>
    /// <param name="hubs">Number of hubs (at least 1).</param>
    /// <param name="weeks">Horizon in weeks (at least 52).</param>
    /// <param name="items">Number of catalogue items (at least 2).</param>
    /// <param name="donors">Number of donor nations (at least 1).</param>
    public static Scenario Generate(int seed, int offers, int requirements, int hubs, int weeks, int items, int donors)
        => Generate(seed, offers, requirements, hubs, weeks, items, donors, 0, 0, 0, 0);

    /// <summary>
    /// Generates a scenario with an industry part (from its own random stream, so the offers part is the scenario
    /// <see cref="Generate(int, int, int, int, int, int, int)"/> gives): companies in the offer origins and the recipient
    /// (UKR), about 85 % Approved, 10 % Pending, 5 % Suspended; products mostly of items the requirements need (price
    /// 500–20,000 lethal, 50–5,000 otherwise; half with stock 1–50; most with production 5–100 a month, lead time 1–16
    /// weeks, earliest start 1–20, three in ten with a minimum order of 5–30); pools; contributions of 0.1–5 M (about 15 %
    /// non-lethal-only, 10 % forbidding ML4, 10 % earmarked to a coalition, 5 % to an item); items get a coalition.
    /// </summary>
    public static Scenario Generate(int seed, int offers, int requirements, int hubs, int weeks, int items, int donors,
        int companies, int products, int pools, int contributions)
    {
        if (companies < 0 || products < 0 || pools < 0 || contributions < 0) throw new ArgumentOutOfRangeException(nameof(companies), "counts must not be negative");
        if (products > 0 && companies == 0) throw new ArgumentOutOfRangeException(nameof(companies), "products need at least one company");
        if (contributions > 0 && pools == 0) throw new ArgumentOutOfRangeException(nameof(pools), "contributions need at least one pool");
        var baseScenario = GenerateGifts(seed, offers, requirements, hubs, weeks, items, donors);
        if (companies + products + pools + contributions == 0) return baseScenario;
        var rnd = new Random(unchecked(seed * 7919 + 17));
        string[] coalitionNames = ["air-defence", "artillery", "drone", "demining", "energy"];
        var itemList = baseScenario.Items.Select(i => rnd.NextDouble() < 0.6 ? i with { Coalitions = [coalitionNames[rnd.Next(coalitionNames.Length)]] } : i).ToList();
        string[] nations = [.. Origins, "UKR"];
        var companyList = new List<ScenarioCompany>(companies);
        for (var c = 0; c < companies; c++)
        {
            var roll = rnd.NextDouble();
            var vetting = roll < 0.85 ? CompanyVetting.Approved : roll < 0.95 ? CompanyVetting.Pending : CompanyVetting.Suspended;
            companyList.Add(new ScenarioCompany($"C-{c + 1}", nations[rnd.Next(nations.Length)], $"Company {c + 1}", vetting));
        }
        var needed = baseScenario.Requirements.Select(r => r.ItemId).Distinct().ToList();
        var productList = new List<ScenarioProduct>(products);
        for (var p = 0; p < products; p++)
        {
            var pickNeeded = needed.Count > 0 && rnd.NextDouble() < 0.8;
            var itemId = pickNeeded ? needed[rnd.Next(needed.Count)] : itemList[rnd.Next(itemList.Count)].Id;
            var item = itemList.First(i => i.Id == itemId);
            var company = companyList[rnd.Next(companyList.Count)];
            var price = item.IsLethal ? Math.Round((decimal)(500 + rnd.NextDouble() * 19_500), 0) : Math.Round((decimal)(50 + rnd.NextDouble() * 4_950), 0);
            var stock = rnd.NextDouble() < 0.5 ? 1 + rnd.Next(50) : 0;
            var capacity = stock == 0 || rnd.NextDouble() < 0.8 ? 5 + rnd.Next(96) : 0;
            var minimum = rnd.NextDouble() < 0.3 ? 5 + rnd.Next(26) : 0;
            productList.Add(new ScenarioProduct($"P-{p + 1}", company.Id, item.Id, company.Nation, price, stock, capacity, 1 + rnd.Next(16), minimum, 1 + rnd.Next(20)));
        }
        var poolList = Enumerable.Range(1, pools).Select(k => new ScenarioPool($"POOL-{k}", $"Pool {k}")).ToList();
        var contributionList = new List<ScenarioContribution>(contributions);
        var coalitionsInUse = itemList.SelectMany(i => i.Coalitions ?? []).Distinct().ToList();
        for (var c = 0; c < contributions; c++)
        {
            var donor = rnd.NextDouble() < 0.8 ? baseScenario.Donors[rnd.Next(baseScenario.Donors.Count)].Code : $"X{c % 26:00}";
            var amount = Math.Round((decimal)(100_000 + rnd.NextDouble() * 4_900_000), 0);
            var roll = rnd.NextDouble();
            var nonLethal = roll < 0.15;
            IReadOnlyList<string>? forbidden = roll is >= 0.15 and < 0.25 ? ["ML4"] : null;
            var coalition = roll is >= 0.25 and < 0.35 && coalitionsInUse.Count > 0 ? coalitionsInUse[rnd.Next(coalitionsInUse.Count)] : null;
            var earmarkItem = roll is >= 0.35 and < 0.40 ? (needed.Count > 0 ? needed[rnd.Next(needed.Count)] : itemList[0].Id) : null;
            contributionList.Add(new ScenarioContribution($"K-{c + 1}", poolList[rnd.Next(poolList.Count)].Id, donor, amount, nonLethal, forbidden, coalition, earmarkItem));
        }
        return baseScenario with
        {
            Items = itemList, Currency = "EUR", Companies = companyList, Products = productList, Pools = poolList, Contributions = contributionList,
        };
    }

    private static Scenario GenerateGifts(int seed, int offers, int requirements, int hubs, int weeks, int items, int donors)
    {
        if (offers < 0 || requirements < 0) throw new ArgumentOutOfRangeException(nameof(offers), "counts must not be negative");
        if (hubs < 1 || items < 2 || donors < 1) throw new ArgumentOutOfRangeException(nameof(hubs), "need at least 1 hub, 2 items and 1 donor");
        if (weeks < Scenario.MinimumHorizonWeeks) throw new ArgumentOutOfRangeException(nameof(weeks), $"horizon must be at least {Scenario.MinimumHorizonWeeks} weeks");
        var rnd = new Random(seed);
        var families = Math.Max(1, items / 4);
        var itemList = new List<ScenarioItem>(items);
        for (var i = 0; i < items; i++)
        {
            var lethal = rnd.NextDouble() < 0.35;
            var control = lethal ? $"ML{1 + rnd.Next(8)}" : rnd.NextDouble() < 0.2 ? "9A012" : null;
            var weight = lethal ? Math.Round((decimal)(rnd.NextDouble() * 2000 + 5), 1) : Math.Round((decimal)(rnd.NextDouble() * 200 + 1), 1);
            itemList.Add(new ScenarioItem($"item-{i}", $"Item {i}", lethal, control, $"family-{rnd.Next(families)}", weight));
        }

        var donorList = new List<ScenarioDonor>(donors);
        for (var d = 0; d < donors; d++)
        {
            var nonLethal = d % 8 == 3;
            IReadOnlyList<string> forbidden = !nonLethal && d % 5 == 4 ? ["ML4"] : [];
            IReadOnlyList<string> licence = d % 3 == 0 ? ["ML2"] : [];
            donorList.Add(new ScenarioDonor(DonorCode(d), nonLethal, forbidden, licence));
        }

        var offerList = new List<ScenarioOffer>(offers);
        double tonnes = 0;
        for (var o = 0; o < offers; o++)
        {
            var item = rnd.Next(items);
            var donor = rnd.Next(donors);
            if (donorList[donor].NonLethalOnly && itemList[item].IsLethal && rnd.NextDouble() < 0.8) donor = (donor + 1) % donors;
            var qty = 1 + rnd.Next(40);
            var roll = rnd.NextDouble();
            var consent = roll < 0.04 ? ClearanceStatus.Pending : roll < 0.06 ? ClearanceStatus.Denied : roll < 0.2 ? ClearanceStatus.Granted : ClearanceStatus.NotRequired;
            var earliest = 1 + rnd.Next(Math.Max(1, weeks * 2 / 3));
            var origin = Origins[rnd.Next(Origins.Length)];
            // A donor whose policy requires an export licence for the item's category (ML2) has it granted for most
            // such lines; the rest have none yet and can only be matched as blocked (licence.required).
            var licence = donorList[donor].LicenceRequiredCategories is ["ML2"] && itemList[item].ControlEntry == "ML2" && rnd.NextDouble() < 0.8
                ? ClearanceStatus.Granted : ClearanceStatus.NotRequired;
            offerList.Add(new ScenarioOffer($"O-{o + 1}", donorList[donor].Code, itemList[item].Id, qty, earliest, origin, consent, licence));
            tonnes += qty * (double)itemList[item].UnitWeightKg / 1000.0;
        }

        var weeklyCapacity = Math.Max(1m, Math.Round((decimal)(tonnes / weeks / hubs * 0.6), 0));
        var hubList = new List<ScenarioHub>(hubs);
        for (var h = 0; h < hubs; h++)
        {
            var inbound = Origins.Where((_, k) => (k + h) % 3 != 0).ToDictionary(x => x, x => 1 + ((x[0] + x[1]) & 1) + (h % 2));
            var outbound = Destinations.ToDictionary(x => x, x => (Array.IndexOf(Destinations, x) + h) % 3);
            hubList.Add(new ScenarioHub($"HUB{h + 1}", weeklyCapacity, inbound, 2 + h % 2, outbound, null));
        }

        var reqList = new List<ScenarioRequirement>(requirements);
        for (var r = 0; r < requirements; r++)
        {
            var item = rnd.Next(items);
            var subs = new List<SubstituteRef>();
            if (rnd.NextDouble() < 0.33)
            {
                var fam = itemList[item].CompatibilityFamily;
                var same = itemList.Where(x => x.CompatibilityFamily == fam && x.Id != itemList[item].Id).Take(3).ToList();
                if (same.Count > 0 && string.CompareOrdinal(same[0].Id, itemList[item].Id) > 0) // edges point to higher ids: no cycles
                    subs.Add(new SubstituteRef(same[0].Id, Math.Round((decimal)(0.5 + rnd.NextDouble()), 2)));
                else if (rnd.NextDouble() < 0.3)
                {
                    var other = itemList[rnd.Next(items)];
                    if (other.CompatibilityFamily != fam && string.CompareOrdinal(other.Id, itemList[item].Id) > 0)
                        subs.Add(new SubstituteRef(other.Id, 1m));
                }
            }
            reqList.Add(new ScenarioRequirement($"R-{r + 1}", itemList[item].Id, subs, 1 + rnd.Next(60), 1 + r, 4 + rnd.Next(weeks - 4),
                Destinations[rnd.Next(Destinations.Length)]));
        }
        // Shuffle the ranks so list order and priority differ.
        var ranks = Enumerable.Range(1, requirements).OrderBy(_ => rnd.Next()).ToArray();
        for (var r = 0; r < requirements; r++) reqList[r] = reqList[r] with { PriorityRank = ranks[r] };

        return new Scenario(weeks, itemList, donorList, hubList, reqList, offerList);
    }

    private static string DonorCode(int d)
    {
        Span<char> c = [(char)('A' + d / 676 % 26), (char)('A' + d / 26 % 26), (char)('A' + d % 26)];
        return d == 3 ? "JPN" : new string(c);
    }
}
