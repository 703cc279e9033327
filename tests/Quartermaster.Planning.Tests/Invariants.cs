using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning.Tests;

/// <summary>An independent checker of every constraint a plan must respect, written from the model's definition.</summary>
internal static class Invariants
{
    public static List<string> Violations(Scenario s, PlanResult plan)
    {
        var v = new List<string>();
        var items = s.Items.ToDictionary(i => i.Id);
        var donors = s.Donors.ToDictionary(d => d.Code);
        var offers = s.Offers.ToDictionary(o => o.Id);
        var reqs = s.Requirements.ToDictionary(r => r.Id);
        var hubs = s.Hubs.ToDictionary(h => h.Code);
        var used = new Dictionary<string, int>();
        var covered = new Dictionary<string, double>();
        var load = new Dictionary<(string, int), double>();
        foreach (var l in plan.Lines)
        {
            var o = offers[l.OfferId];
            var r = reqs[l.RequirementId];
            var it = items[o.ItemId];
            var d = donors[o.Donor];
            var policy = new NationPolicy { NonLethalOnly = d.NonLethalOnly, ForbiddenCategories = [.. d.ForbiddenCategories ?? []], LicenceRequiredCategories = [.. d.LicenceRequiredCategories ?? []] };
            var decision = policy.Permits(it.Name, it.IsLethal, it.ControlEntry);
            if (!decision.Allowed) v.Add($"{l.OfferId}: policy forbids {it.Id} from {d.Code}");
            double factor;
            if (o.ItemId == r.ItemId) factor = 1;
            else
            {
                var sub = (r.Substitutes ?? []).FirstOrDefault(x => x.ItemId == o.ItemId);
                if (sub is null) { v.Add($"{l.OfferId}->{l.RequirementId}: item not accepted"); continue; }
                if (!Compatibility.Compatible(it.CompatibilityFamily, items[r.ItemId].CompatibilityFamily)) v.Add($"{l.OfferId}->{l.RequirementId}: incompatible substitute");
                factor = (double)sub.EquivalenceFactor;
            }
            if (Clearance.IsDenied(o.TransferConsent, o.ExportLicence)) v.Add($"{l.OfferId}: denied offer used");
            if (l.Quantity <= 0) v.Add($"{l.OfferId}: non-positive quantity");
            if (Math.Abs(l.Coverage - l.Quantity * factor) > 1e-6) v.Add($"{l.OfferId}: coverage {l.Coverage} != {l.Quantity}×{factor}");
            if (l.Blocked)
            {
                if (!Clearance.IsPending(o.TransferConsent, o.ExportLicence, decision.LicenceRequired)) v.Add($"{l.OfferId}: blocked line on an offer that is not pending");
                if (l.HubCode is not null || l.ShipWeek is not null || l.Value != 0) v.Add($"{l.OfferId}: blocked line ships");
                used[o.Id + "#blocked"] = used.GetValueOrDefault(o.Id + "#blocked") + l.Quantity;
                continue;
            }
            if (!Clearance.IsCleared(o.TransferConsent, o.ExportLicence, decision.LicenceRequired)) v.Add($"{l.OfferId}: uncleared offer ships");
            used[o.Id] = used.GetValueOrDefault(o.Id) + l.Quantity;
            covered[r.Id] = covered.GetValueOrDefault(r.Id) + l.Quantity * factor;
            var h = hubs[l.HubCode!];
            if (l.ShipWeek < o.EarliestWeek) v.Add($"{l.OfferId}: ships in week {l.ShipWeek} before earliest {o.EarliestWeek}");
            var pass = l.ShipWeek!.Value + h.Inbound(o.Origin)!.Value;
            var arrive = pass + h.Outbound(r.Destination)!.Value;
            if (l.HubWeek != pass || l.ArrivalWeek != arrive) v.Add($"{l.OfferId}: weeks inconsistent with transit");
            if (arrive > s.HorizonWeeks) v.Add($"{l.OfferId}: arrives in week {arrive}, after the horizon");
            load[(h.Code, pass)] = load.GetValueOrDefault((h.Code, pass)) + l.Quantity * (double)it.UnitWeightKg / 1000;
        }
        Purchases(s, plan, v, items, reqs, hubs, covered, load);
        foreach (var (id, q) in used)
        {
            var oid = id.Replace("#blocked", "", StringComparison.Ordinal);
            if (q > offers[oid].Quantity) v.Add($"{id}: {q} units used of {offers[oid].Quantity}");
        }
        foreach (var (id, c) in covered)
            if (c > reqs[id].Quantity + 1e-6) v.Add($"{id}: covered {c} of {reqs[id].Quantity}");
        foreach (var ((hub, week), t) in load)
            if (t > (double)hubs[hub].WeeklyCapacityTonnes + 1e-6) v.Add($"{hub} week {week}: {t} t over capacity");
        foreach (var hl in plan.HubLoads)
            if (Math.Abs(hl.Tonnes - load.GetValueOrDefault((hl.HubCode, hl.Week))) > 1e-4) v.Add($"{hl.HubCode} week {hl.Week}: reported load {hl.Tonnes} differs");
        foreach (var c in plan.Coverage)
        {
            if (Math.Abs(c.Covered - covered.GetValueOrDefault(c.RequirementId)) > 1e-4) v.Add($"{c.RequirementId}: reported coverage differs");
            if (!c.FullyCoveredOnTime && c.Explanations.Count == 0) v.Add($"{c.RequirementId}: short or late without explanation");
        }
        var sum = plan.Lines.Sum(l => l.Value) + (plan.Purchases ?? []).Sum(l => l.Value);
        if (Math.Abs(sum - plan.Objective) > 1e-6 * Math.Max(1, Math.Abs(sum))) v.Add("objective is not the sum of line values");
        return v;
    }

    /// <summary>
    /// The funding rule written from docs/planning.md, independently of the engine: not (non-lethal-only and lethal);
    /// the item's control entry not under a category the contribution or its listed donor forbids (ML4 matches ML4 and
    /// ML4.a, not ML41; 9A matches 9A012); a listed donor's non-lethal-only policy applies too; earmarks honoured.
    /// </summary>
    public static bool MayPay(Scenario s, ScenarioContribution c, ScenarioItem item)
    {
        var donor = s.Donors.FirstOrDefault(d => d.Code == c.Donor);
        if ((c.NonLethalOnly || donor?.NonLethalOnly == true) && item.IsLethal) return false;
        var entry = item.ControlEntry?.Trim().ToUpperInvariant();
        if (entry is not null)
            foreach (var cat in (c.ForbiddenCategories ?? []).Concat(donor?.ForbiddenCategories ?? []).Select(x => x.Trim().ToUpperInvariant()))
                if (entry.StartsWith(cat, StringComparison.Ordinal)
                    && (entry.Length == cat.Length || !cat.StartsWith("ML", StringComparison.Ordinal) || !char.IsDigit(entry[cat.Length]))) return false;
        if (c.EarmarkCoalition is { } co && !(item.Coalitions ?? []).Any(x => string.Equals(x, co, StringComparison.OrdinalIgnoreCase))) return false;
        if (c.EarmarkItemId is { } id && id != item.Id) return false;
        return true;
    }

    private static void Purchases(Scenario s, PlanResult plan, List<string> v, Dictionary<string, ScenarioItem> items,
        Dictionary<string, ScenarioRequirement> reqs, Dictionary<string, ScenarioHub> hubs, Dictionary<string, double> covered, Dictionary<(string, int), double> load)
    {
        var lines = plan.Purchases ?? [];
        if ((s.Products ?? []).Count == 0 && (s.Contributions ?? []).Count == 0)
        {
            if (plan.Purchases is not null) v.Add("purchases reported for a scenario without industry");
            return;
        }
        var products = s.Products!.ToDictionary(p => p.Id);
        var companies = (s.Companies ?? []).ToDictionary(c => c.Id);
        var contributions = (s.Contributions ?? []).ToDictionary(c => c.Id);
        var spent = new Dictionary<string, decimal>();
        var stock = new Dictionary<string, int>();
        var produced = new Dictionary<(string, int), int>();
        var bought = new Dictionary<string, int>();
        foreach (var l in lines)
        {
            var p = products[l.ProductId];
            var r = reqs[l.RequirementId];
            var it = items[p.ItemId];
            var tag = $"{l.ProductId}->{l.RequirementId}";
            if (l.CompanyId != p.CompanyId) v.Add($"{tag}: company {l.CompanyId} is not the product's");
            if (companies[p.CompanyId].Vetting != CompanyVetting.Approved) v.Add($"{tag}: company {p.CompanyId} is not Approved");
            if (l.Quantity <= 0) v.Add($"{tag}: non-positive quantity");
            double factor = p.ItemId == r.ItemId ? 1 : (double)((r.Substitutes ?? []).FirstOrDefault(x => x.ItemId == p.ItemId)?.EquivalenceFactor ?? 0);
            if (factor == 0) { v.Add($"{tag}: item not accepted"); continue; }
            if (p.ItemId != r.ItemId && !Quartermaster.Domain.Catalogue.Compatibility.Compatible(it.CompatibilityFamily, items[r.ItemId].CompatibilityFamily)) v.Add($"{tag}: incompatible substitute");
            if (Math.Abs(l.Coverage - l.Quantity * factor) > 1e-6) v.Add($"{tag}: coverage {l.Coverage} != {l.Quantity}×{factor}");
            covered[r.Id] = covered.GetValueOrDefault(r.Id) + l.Quantity * factor;
            bought[p.Id] = bought.GetValueOrDefault(p.Id) + l.Quantity;
            if (l.Source == PurchaseSource.Stock)
            {
                stock[p.Id] = stock.GetValueOrDefault(p.Id) + l.Quantity;
                if (l.OrderWeek != l.ShipWeek || l.ShipWeek < 1) v.Add($"{tag}: stock ordered in {l.OrderWeek}, shipped in {l.ShipWeek}");
            }
            else
            {
                var month = (l.ShipWeek + 3) / 4;
                produced[(p.Id, month)] = produced.GetValueOrDefault((p.Id, month)) + l.Quantity;
                if (l.OrderWeek < Math.Max(1, p.EarliestStartWeek)) v.Add($"{tag}: ordered in week {l.OrderWeek} before the earliest start {p.EarliestStartWeek}");
                if (l.ShipWeek != l.OrderWeek + p.LeadTimeWeeks) v.Add($"{tag}: ready in week {l.ShipWeek}, not order week + lead time");
            }
            var h = hubs[l.HubCode];
            var pass = l.ShipWeek + h.Inbound(p.Origin)!.Value;
            var arrive = pass + h.Outbound(r.Destination)!.Value;
            if (l.HubWeek != pass || l.ArrivalWeek != arrive) v.Add($"{tag}: weeks inconsistent with transit");
            if (arrive > s.HorizonWeeks) v.Add($"{tag}: arrives after the horizon");
            load[(h.Code, pass)] = load.GetValueOrDefault((h.Code, pass)) + l.Quantity * (double)it.UnitWeightKg / 1000;
            if (l.Cost != l.Quantity * p.UnitPrice) v.Add($"{tag}: cost {l.Cost} is not {l.Quantity} × {p.UnitPrice}");
            if (l.Funding.Sum(f => f.Amount) != l.Cost) v.Add($"{tag}: funding {l.Funding.Sum(f => f.Amount)} does not pay the cost {l.Cost}");
            foreach (var f in l.Funding)
            {
                var c = contributions[f.ContributionId];
                if (f.PoolId != c.PoolId) v.Add($"{tag}: share of {c.Id} reported in pool {f.PoolId}");
                if (f.Amount <= 0) v.Add($"{tag}: non-positive share of {c.Id}");
                if (!MayPay(s, c, it)) v.Add($"{tag}: {c.Id}'s limits forbid paying for {it.Id}");
                spent[c.Id] = spent.GetValueOrDefault(c.Id) + f.Amount;
            }
        }
        foreach (var (id, x) in spent)
            if (x > contributions[id].Amount) v.Add($"{id}: spent {x} of {contributions[id].Amount}");
        foreach (var (id, q) in stock)
            if (q > products[id].Stock) v.Add($"{id}: {q} units from stock of {products[id].Stock}");
        foreach (var ((id, month), q) in produced)
            if (q > products[id].MonthlyCapacity) v.Add($"{id}: {q} units produced in month {month}, capacity {products[id].MonthlyCapacity}");
        foreach (var (id, q) in bought)
            if (q < products[id].MinimumOrder) v.Add($"{id}: {q} units bought, below the minimum order {products[id].MinimumOrder}");
        foreach (var c in plan.Coverage)
            if (Math.Abs(c.FromGifts + c.FromStock + c.FromProduction - c.Covered) > 1e-4) v.Add($"{c.RequirementId}: gifts + stock + production differ from covered");
    }
}
