using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning;

/// <summary>How an offer stands before any matching: from the domain's policy and clearance rules.</summary>
internal enum OfferStanding { Eligible, Pending, ClearanceDenied, PolicyDenied, Empty }

/// <summary>
/// A scenario compiled into arrays: eligibility (through the domain's single rule implementations), accepted items
/// per requirement, transit times and the objective's constants. Shared by the optimiser, the greedy baseline,
/// the explainer and the checker, so that all evaluate the same model.
/// </summary>
internal sealed class PlanningModel
{
    public const double LatenessPenalty = 1.0;          // λ: per unit of coverage per week late
    public const double TransportCostPerTonneWeek = 0.001; // τ: per tonne per week in transit

    public Scenario Scenario { get; }
    public int H { get; }
    public ScenarioItem[] Items { get; }
    public Dictionary<string, int> ItemIndex { get; } = new(StringComparer.Ordinal);
    public ScenarioHub[] Hubs { get; }
    public ScenarioRequirement[] Reqs { get; }
    public ScenarioOffer[] Offers { get; }
    public Dictionary<string, int> ReqIndex { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> OfferIndex { get; } = new(StringComparer.Ordinal);

    public int[] OfferItem { get; }
    public OfferStanding[] Standing { get; }
    public PolicyDecision?[] Policy { get; }
    /// <summary>In[o, h]: transit weeks origin → hub.</summary>
    public int[,] In { get; }
    /// <summary>Out[r, h]: transit weeks hub → the requirement's destination.</summary>
    public int[,] Out { get; }
    /// <summary>Accepted items per requirement: the item itself (factor 1) and compatible substitutes.</summary>
    public (int Item, double Factor)[][] Accepted { get; }
    /// <summary>Listed substitutes rejected by the compatibility rule, per requirement.</summary>
    public int[][] IncompatibleSubstitutes { get; }
    /// <summary>Requirements accepting an item: (requirement, factor).</summary>
    public List<(int Req, double Factor)>[] AcceptedBy { get; }
    /// <summary>Offers per item, in scenario order.</summary>
    public List<int>[] OffersOfItem { get; }
    /// <summary>Capacity[h, p]: tonnes hub h can pass in week p (1..H; its capacity periods applied).</summary>
    public double[,] Capacity { get; }
    public double[] WeightTonnes { get; }

    public int MaxRank { get; }
    public double TransportBound { get; }
    public double RankStep { get; }

    // --- Industry and funding (docs/planning.md, "Purchases"); all empty when the scenario has no products.
    public ScenarioProduct[] Products { get; }
    public ScenarioCompany?[] ProductCompany { get; }
    public int[] ProductItem { get; }
    /// <summary>Whether the product may be bought: its company is Approved.</summary>
    public bool[] ProductPlanned { get; }
    /// <summary>ProductIn[p, h]: transit weeks from the product's origin to hub h.</summary>
    public int[,] ProductIn { get; }
    /// <summary>Purchase sources: (product, stock or production); a product has a stock source if stock &gt; 0 and a production source if capacity &gt; 0 and its first unit is ready within the horizon.</summary>
    public int[] SourceProduct { get; }
    public bool[] SourceProduction { get; }
    /// <summary>Sources of planned products per item, in product list order (stock before production).</summary>
    public List<int>[] SourcesOfItem { get; }
    public ScenarioContribution[] Contributions { get; }
    public ScenarioPool[] Pools { get; }
    /// <summary>MayPay[c, item]: the funding rule (<see cref="FundingRules"/>), computed for items with a planned product.</summary>
    public bool[,] MayPay { get; }
    /// <summary>Contributions in the order the integral plans draw on them: fewest payable items first, then list order.</summary>
    public int[] FundingOrder { get; }
    /// <summary>B: the purchase penalty every bought unit pays (gifts first); 0 without purchase sources.</summary>
    public double GiftPreference { get; }
    /// <summary>κ: penalty per unit of money (cheaper first); B / the highest unit price.</summary>
    public double PriceWeight { get; }
    public double MaxFactor { get; }
    public string Currency { get; }

    /// <summary>Month of week t: month k holds weeks 4k−3..4k.</summary>
    public static int MonthOf(int week) => (week + 3) / 4;
    public int Months => MonthOf(H);

    /// <summary>First week a source's units can leave origin: 1 for stock, max(1, earliestStartWeek) + leadTimeWeeks for production.</summary>
    public int SourceFirstShip(int src)
    {
        var p = Products[SourceProduct[src]];
        return SourceProduction[src] ? Math.Max(1, p.EarliestStartWeek) + p.LeadTimeWeeks : 1;
    }

    /// <summary>π(p) = B + κ · unitPrice: the objective penalty of one bought unit.</summary>
    public double PurchasePenalty(int product) => GiftPreference + PriceWeight * (double)Products[product].UnitPrice;

    public int SourceItem(int src) => ProductItem[SourceProduct[src]];

    /// <summary>Objective value of one unit of source src passing hub h in week p for requirement r.</summary>
    public double PurchaseUnitValue(int src, int r, double factor, int h, int p)
    {
        var prod = SourceProduct[src];
        var item = ProductItem[prod];
        return UnitValueAtHub(r, item, factor, h, p) - TransportCostPerTonneWeek * WeightTonnes[item] * ProductIn[prod, h] - PurchasePenalty(prod);
    }

    /// <summary>Objective contribution of a purchase line shipped in week t.</summary>
    public double PurchaseLineValue(int src, int r, int h, int shipWeek, int quantity)
    {
        var item = SourceItem(src);
        return quantity * PurchaseUnitValue(src, r, Factor(r, item), h, shipWeek + ProductIn[SourceProduct[src], h]);
    }

    public PlanningModel(Scenario s)
    {
        s.Validate();
        Scenario = s;
        H = s.HorizonWeeks;
        Items = [.. s.Items];
        for (var i = 0; i < Items.Length; i++) ItemIndex[Items[i].Id] = i;
        Hubs = [.. s.Hubs];
        Reqs = [.. s.Requirements];
        Offers = [.. s.Offers];
        for (var r = 0; r < Reqs.Length; r++) ReqIndex[Reqs[r].Id] = r;
        for (var o = 0; o < Offers.Length; o++) OfferIndex[Offers[o].Id] = o;
        WeightTonnes = Items.Select(i => (double)i.UnitWeightKg / 1000.0).ToArray();
        Capacity = new double[Hubs.Length, H + 2];
        for (var h = 0; h < Hubs.Length; h++)
            for (var p = 1; p <= H; p++) Capacity[h, p] = (double)Hubs[h].CapacityInWeek(p);

        var policies = s.Donors.ToDictionary(d => d.Code, d => new NationPolicy
        {
            NonLethalOnly = d.NonLethalOnly,
            ForbiddenCategories = [.. (d.ForbiddenCategories ?? []).Select(c => c.Trim().ToUpperInvariant())],
            LicenceRequiredCategories = [.. (d.LicenceRequiredCategories ?? []).Select(c => c.Trim().ToUpperInvariant())],
        }, StringComparer.Ordinal);

        OfferItem = new int[Offers.Length];
        Standing = new OfferStanding[Offers.Length];
        Policy = new PolicyDecision?[Offers.Length];
        In = new int[Offers.Length, Hubs.Length];
        OffersOfItem = Items.Select(_ => new List<int>()).ToArray();
        for (var o = 0; o < Offers.Length; o++)
        {
            var off = Offers[o];
            var item = ItemIndex[off.ItemId];
            OfferItem[o] = item;
            OffersOfItem[item].Add(o);
            var it = Items[item];
            var decision = policies[off.Donor].Permits(it.Name, it.IsLethal, ControlEntry.ParseOptional(it.ControlEntry));
            Policy[o] = decision;
            Standing[o] = !decision.Allowed ? OfferStanding.PolicyDenied
                : Clearance.IsDenied(off.TransferConsent, off.ExportLicence) ? OfferStanding.ClearanceDenied
                : Clearance.IsPending(off.TransferConsent, off.ExportLicence, decision.LicenceRequired) ? OfferStanding.Pending
                : off.Quantity == 0 ? OfferStanding.Empty
                : OfferStanding.Eligible;
            for (var h = 0; h < Hubs.Length; h++) In[o, h] = Hubs[h].Inbound(off.Origin)!.Value;
        }

        Out = new int[Reqs.Length, Hubs.Length];
        Accepted = new (int, double)[Reqs.Length][];
        IncompatibleSubstitutes = new int[Reqs.Length][];
        AcceptedBy = Items.Select(_ => new List<(int, double)>()).ToArray();
        var minFactor = 1.0;
        for (var r = 0; r < Reqs.Length; r++)
        {
            var req = Reqs[r];
            for (var h = 0; h < Hubs.Length; h++) Out[r, h] = Hubs[h].Outbound(req.Destination)!.Value;
            var own = ItemIndex[req.ItemId];
            var acc = new List<(int, double)> { (own, 1.0) };
            var bad = new List<int>();
            foreach (var sub in req.Substitutes ?? [])
            {
                var si = ItemIndex[sub.ItemId];
                if (Compatibility.Compatible(Items[si].CompatibilityFamily, Items[own].CompatibilityFamily))
                {
                    acc.Add((si, (double)sub.EquivalenceFactor));
                    minFactor = Math.Min(minFactor, (double)sub.EquivalenceFactor);
                }
                else bad.Add(si);
            }
            Accepted[r] = [.. acc];
            IncompatibleSubstitutes[r] = [.. bad];
            foreach (var (i, f) in acc) AcceptedBy[i].Add((r, f));
        }

        MaxRank = Reqs.Length == 0 ? 1 : Reqs.Max(r => r.PriorityRank);
        var maxIn = Offers.Length == 0 || Hubs.Length == 0 ? 0 : Enumerable.Range(0, Hubs.Length).Max(h => Enumerable.Range(0, Offers.Length).Max(o => In[o, h]));
        var maxOut = Reqs.Length == 0 || Hubs.Length == 0 ? 0 : Enumerable.Range(0, Hubs.Length).Max(h => Enumerable.Range(0, Reqs.Length).Max(r => Out[r, h]));
        var maxW = WeightTonnes.Length == 0 ? 0 : WeightTonnes.Max();

        // --- Industry: products of Approved companies become purchase sources; contributions are checked per item.
        Currency = s.CurrencyCode();
        var companies = (s.Companies ?? []).ToDictionary(c => c.Id, StringComparer.Ordinal);
        Products = [.. s.Products ?? []];
        ProductCompany = Products.Select(p => companies.GetValueOrDefault(p.CompanyId)).ToArray();
        ProductItem = Products.Select(p => ItemIndex[p.ItemId]).ToArray();
        ProductPlanned = ProductCompany.Select(c => c?.Vetting == CompanyVetting.Approved).ToArray();
        ProductIn = new int[Products.Length, Hubs.Length];
        for (var p = 0; p < Products.Length; p++)
            for (var h = 0; h < Hubs.Length; h++) ProductIn[p, h] = Hubs[h].Inbound(Products[p].Origin)!.Value;
        var srcProduct = new List<int>();
        var srcProduction = new List<bool>();
        SourcesOfItem = Items.Select(_ => new List<int>()).ToArray();
        for (var p = 0; p < Products.Length; p++)
        {
            if (!ProductPlanned[p]) continue;
            var prod = Products[p];
            if (prod.Stock > 0) { SourcesOfItem[ProductItem[p]].Add(srcProduct.Count); srcProduct.Add(p); srcProduction.Add(false); }
            if (prod.MonthlyCapacity > 0 && Math.Max(1, prod.EarliestStartWeek) + prod.LeadTimeWeeks <= H)
            { SourcesOfItem[ProductItem[p]].Add(srcProduct.Count); srcProduct.Add(p); srcProduction.Add(true); }
        }
        SourceProduct = [.. srcProduct];
        SourceProduction = [.. srcProduction];
        Contributions = [.. s.Contributions ?? []];
        Pools = [.. s.Pools ?? []];
        MayPay = new bool[Contributions.Length, Items.Length];
        var donorByCode = s.Donors.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var payable = new int[Contributions.Length];
        for (var i = 0; i < Items.Length; i++)
        {
            if (SourcesOfItem[i].Count == 0) continue;
            for (var c = 0; c < Contributions.Length; c++)
                if (MayPay[c, i] = FundingRules.MayPay(Contributions[c], donorByCode.GetValueOrDefault(Contributions[c].Donor), Items[i]).Allowed) payable[c]++;
        }
        FundingOrder = Enumerable.Range(0, Contributions.Length).OrderBy(c => payable[c]).ThenBy(c => c).ToArray();
        var purchases = SourceProduct.Length > 0;
        if (purchases)
        {
            var maxProductIn = Enumerable.Range(0, Hubs.Length).Max(h => SourceProduct.Max(p => ProductIn[p, h]));
            maxIn = Math.Max(maxIn, maxProductIn);
        }
        TransportBound = TransportCostPerTonneWeek * maxW * (maxIn + maxOut) / minFactor;
        MaxFactor = Math.Max(1.0, Accepted.SelectMany(a => a).Select(a => a.Factor).DefaultIfEmpty(1.0).Max());
        if (purchases)
        {
            GiftPreference = (LatenessPenalty * H + TransportBound + 1.0) * MaxFactor;
            var maxPrice = SourceProduct.Max(p => (double)Products[p].UnitPrice);
            PriceWeight = maxPrice > 0 ? GiftPreference / maxPrice : 0;
        }
        // M = λH + T + 1, plus the largest purchase penalty per unit of coverage (2B / f_min) when anything can be bought.
        RankStep = LatenessPenalty * H + TransportBound + 1.0 + (purchases ? 2 * GiftPreference / minFactor : 0);
    }

    /// <summary>W(k) = M·(K + 1 − k): the value of one unit of coverage of a requirement of rank k delivered on time.</summary>
    public double Weight(int r) => RankStep * (MaxRank + 1 - Reqs[r].PriorityRank);

    public double Factor(int r, int item)
    {
        foreach (var (i, f) in Accepted[r]) if (i == item) return f;
        return 0;
    }

    /// <summary>Last week goods for requirement r may pass hub h and still arrive within the horizon.</summary>
    public int LastPassWeek(int r, int h) => H - Out[r, h];

    /// <summary>Objective value of one unit of offer item <paramref name="item"/> passing hub h in week p for requirement r.</summary>
    public double UnitValueAtHub(int r, int item, double factor, int h, int p)
    {
        var arrival = p + Out[r, h];
        var late = Math.Max(0, arrival - Reqs[r].NeededByWeek);
        return factor * (Weight(r) - LatenessPenalty * late) - TransportCostPerTonneWeek * WeightTonnes[item] * Out[r, h];
    }

    public double InboundUnitCost(int o, int h) => TransportCostPerTonneWeek * WeightTonnes[OfferItem[o]] * In[o, h];

    /// <summary>Objective contribution of a shipped (not blocked) line.</summary>
    public double LineValue(int o, int r, int h, int shipWeek, int quantity)
    {
        var item = OfferItem[o];
        var p = shipWeek + In[o, h];
        return quantity * (UnitValueAtHub(r, item, Factor(r, item), h, p) - InboundUnitCost(o, h));
    }
}
