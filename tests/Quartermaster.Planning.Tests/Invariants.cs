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
        var sum = plan.Lines.Sum(l => l.Value);
        if (Math.Abs(sum - plan.Objective) > 1e-6 * Math.Max(1, Math.Abs(sum))) v.Add("objective is not the sum of line values");
        return v;
    }
}
