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
        TransportBound = TransportCostPerTonneWeek * maxW * (maxIn + maxOut) / minFactor;
        RankStep = LatenessPenalty * H + TransportBound + 1.0;
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
