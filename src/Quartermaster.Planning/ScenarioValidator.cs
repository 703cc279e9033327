using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;

namespace Quartermaster.Planning;

/// <summary>Consistency checks on a <see cref="Scenario"/>; every failure names the record.</summary>
internal static class ScenarioValidator
{
    public static void Validate(Scenario s)
    {
        if (s.HorizonWeeks < Scenario.MinimumHorizonWeeks || s.HorizonWeeks > 520)
            throw new ScenarioException("horizonWeeks", $"must be between {Scenario.MinimumHorizonWeeks} and 520 (got {s.HorizonWeeks}).");
        if (s.Items is null) throw new ScenarioException("items", "the list is required.");
        if (s.Donors is null) throw new ScenarioException("donors", "the list is required.");
        if (s.Hubs is null) throw new ScenarioException("hubs", "the list is required.");
        if (s.Requirements is null) throw new ScenarioException("requirements", "the list is required.");
        if (s.Offers is null) throw new ScenarioException("offers", "the list is required.");

        var items = new Dictionary<string, ScenarioItem>(StringComparer.Ordinal);
        for (var i = 0; i < s.Items.Count; i++)
        {
            var it = s.Items[i];
            var rec = Rec("items", i, it?.Id);
            if (it is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "id", it.Id);
            Required(rec, "name", it.Name);
            if (it.UnitWeightKg < 0) throw new ScenarioException(rec, $"unitWeightKg must not be negative (got {it.UnitWeightKg}).");
            try { ControlEntry.ParseOptional(it.ControlEntry); }
            catch (DomainException e) { throw new ScenarioException(rec, e.Message); }
            if (!items.TryAdd(it.Id, it)) throw new ScenarioException(rec, $"duplicate item id '{it.Id}'.");
        }

        var donors = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Donors.Count; i++)
        {
            var d = s.Donors[i];
            var rec = Rec("donors", i, d?.Code);
            if (d is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "code", d.Code);
            foreach (var c in (d.ForbiddenCategories ?? []).Concat(d.LicenceRequiredCategories ?? []))
                if (c is null || !ControlEntry.IsCategoryPrefix(c.Trim().ToUpperInvariant()))
                    throw new ScenarioException(rec, $"'{c}' is not a control-list category (ML1–ML22, or a dual-use prefix such as 9A or 9A012).");
            if (!donors.Add(d.Code)) throw new ScenarioException(rec, $"duplicate donor code '{d.Code}'.");
        }

        var hubs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Hubs.Count; i++)
        {
            var h = s.Hubs[i];
            var rec = Rec("hubs", i, h?.Code);
            if (h is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "code", h.Code);
            if (h.WeeklyCapacityTonnes < 0) throw new ScenarioException(rec, $"weeklyCapacityTonnes must not be negative (got {h.WeeklyCapacityTonnes}).");
            if (h.DefaultInboundWeeks < 0) throw new ScenarioException(rec, $"defaultInboundWeeks must not be negative (got {h.DefaultInboundWeeks}).");
            if (h.DefaultOutboundWeeks < 0) throw new ScenarioException(rec, $"defaultOutboundWeeks must not be negative (got {h.DefaultOutboundWeeks}).");
            foreach (var (k, v) in h.InboundWeeks ?? new Dictionary<string, int>())
                if (v < 0) throw new ScenarioException(rec, $"inboundWeeks[{k}] must not be negative (got {v}).");
            foreach (var (k, v) in h.OutboundWeeks ?? new Dictionary<string, int>())
                if (v < 0) throw new ScenarioException(rec, $"outboundWeeks[{k}] must not be negative (got {v}).");
            foreach (var cp in h.CapacityPeriods ?? [])
            {
                if (cp is null) throw new ScenarioException(rec, "a capacity period is empty.");
                if (cp.FromWeek < 1 || cp.ToWeek < cp.FromWeek || cp.ToWeek > s.HorizonWeeks)
                    throw new ScenarioException(rec, $"capacity period weeks {cp.FromWeek}–{cp.ToWeek} must satisfy 1 ≤ fromWeek ≤ toWeek ≤ {s.HorizonWeeks}.");
                if (cp.CapacityTonnes < 0) throw new ScenarioException(rec, $"capacity period tonnes must not be negative (got {cp.CapacityTonnes}).");
            }
            if (!hubs.Add(h.Code)) throw new ScenarioException(rec, $"duplicate hub code '{h.Code}'.");
        }

        var reqIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Requirements.Count; i++)
        {
            var r = s.Requirements[i];
            var rec = Rec("requirements", i, r?.Id);
            if (r is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "id", r.Id);
            Required(rec, "destination", r.Destination);
            if (!reqIds.Add(r.Id!)) throw new ScenarioException(rec, $"duplicate requirement id '{r.Id}'.");
            if (r.Quantity < 0) throw new ScenarioException(rec, $"quantity must not be negative (got {r.Quantity}).");
            if (r.Quantity == 0) throw new ScenarioException(rec, "quantity must be greater than zero.");
            if (r.PriorityRank < 1) throw new ScenarioException(rec, $"priorityRank must be 1 or more (got {r.PriorityRank}).");
            if (r.NeededByWeek < 1) throw new ScenarioException(rec, $"neededByWeek must be 1 or more (got {r.NeededByWeek}).");
            if (!items.ContainsKey(r.ItemId ?? "")) throw new ScenarioException(rec, $"unknown item '{r.ItemId}'.");
            var seen = new HashSet<string>(StringComparer.Ordinal) { r.ItemId! };
            foreach (var sub in r.Substitutes ?? [])
            {
                if (sub is null || !items.ContainsKey(sub.ItemId ?? "")) throw new ScenarioException(rec, $"unknown substitute item '{sub?.ItemId}'.");
                if (sub.ItemId == r.ItemId) throw new ScenarioException(rec, $"substitute '{sub.ItemId}' is the requirement's own item (a cycle of substitutes).");
                if (!seen.Add(sub.ItemId!)) throw new ScenarioException(rec, $"substitute '{sub.ItemId}' is listed twice.");
                if (sub.EquivalenceFactor <= 0) throw new ScenarioException(rec, $"equivalenceFactor of substitute '{sub.ItemId}' must be greater than zero (got {sub.EquivalenceFactor}).");
            }
            foreach (var h in s.Hubs)
                if (h.Outbound(r.Destination) is null)
                    throw new ScenarioException(rec, $"hub {h.Code} has no route to destination '{r.Destination}' (add outboundWeeks[{r.Destination}] or defaultOutboundWeeks).");
        }
        CheckSubstituteCycles(s);

        var offerIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Offers.Count; i++)
        {
            var o = s.Offers[i];
            var rec = Rec("offers", i, o?.Id);
            if (o is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "id", o.Id);
            Required(rec, "origin", o.Origin);
            if (!offerIds.Add(o.Id)) throw new ScenarioException(rec, $"duplicate offer id '{o.Id}'.");
            if (o.Quantity < 0) throw new ScenarioException(rec, $"quantity must not be negative (got {o.Quantity}).");
            if (o.EarliestWeek < 1) throw new ScenarioException(rec, $"earliestWeek must be 1 or more (got {o.EarliestWeek}).");
            if (!items.ContainsKey(o.ItemId ?? "")) throw new ScenarioException(rec, $"unknown item '{o.ItemId}'.");
            if (!donors.Contains(o.Donor ?? "")) throw new ScenarioException(rec, $"unknown donor '{o.Donor}'.");
            if (!Enum.IsDefined(o.TransferConsent)) throw new ScenarioException(rec, $"transferConsent '{o.TransferConsent}' is not NotRequired, Pending, Granted or Denied.");
            if (!Enum.IsDefined(o.ExportLicence)) throw new ScenarioException(rec, $"exportLicence '{o.ExportLicence}' is not NotRequired, Pending, Granted or Denied.");
            foreach (var h in s.Hubs)
                if (h.Inbound(o.Origin) is null)
                    throw new ScenarioException(rec, $"hub {h.Code} has no route from origin '{o.Origin}' (add inboundWeeks[{o.Origin}] or defaultInboundWeeks).");
        }
        ValidateIndustry(s, items);
    }

    /// <summary>Currency, companies, products, pools and contributions (all optional).</summary>
    private static void ValidateIndustry(Scenario s, Dictionary<string, ScenarioItem> items)
    {
        if (s.Currency is not null)
        {
            try { Currency.Parse(s.Currency); }
            catch (DomainException e) { throw new ScenarioException("currency", e.Message); }
        }
        for (var i = 0; i < s.Items.Count; i++)
            foreach (var c in s.Items[i].Coalitions ?? [])
                if (string.IsNullOrWhiteSpace(c)) throw new ScenarioException(Rec("items", i, s.Items[i].Id), "a coalition name is empty.");
        var coalitions = new HashSet<string>(s.Items.SelectMany(i => i.Coalitions ?? []).Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);

        var companies = new HashSet<string>(StringComparer.Ordinal);
        var list = s.Companies ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            var rec = Rec("companies", i, c?.Id);
            if (c is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "id", c.Id);
            Required(rec, "nation", c.Nation);
            Required(rec, "name", c.Name);
            if (!Enum.IsDefined(c.Vetting)) throw new ScenarioException(rec, $"vetting '{c.Vetting}' is not Approved, Pending or Suspended.");
            if (!companies.Add(c.Id)) throw new ScenarioException(rec, $"duplicate company id '{c.Id}'.");
        }

        var products = new HashSet<string>(StringComparer.Ordinal);
        var plist = s.Products ?? [];
        for (var i = 0; i < plist.Count; i++)
        {
            var p = plist[i];
            var rec = Rec("products", i, p?.Id);
            if (p is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "id", p.Id);
            Required(rec, "origin", p.Origin);
            if (!products.Add(p.Id)) throw new ScenarioException(rec, $"duplicate product id '{p.Id}'.");
            if (!companies.Contains(p.CompanyId ?? "")) throw new ScenarioException(rec, $"unknown company '{p.CompanyId}'.");
            if (!items.ContainsKey(p.ItemId ?? "")) throw new ScenarioException(rec, $"unknown item '{p.ItemId}'.");
            if (p.UnitPrice < 0) throw new ScenarioException(rec, $"unitPrice must not be negative (got {p.UnitPrice}).");
            if (p.Stock < 0) throw new ScenarioException(rec, $"stock must not be negative (got {p.Stock}).");
            if (p.MonthlyCapacity < 0) throw new ScenarioException(rec, $"monthlyCapacity must not be negative (got {p.MonthlyCapacity}).");
            if (p.Stock == 0 && p.MonthlyCapacity == 0) throw new ScenarioException(rec, "the product has neither stock nor production capacity (give stock or monthlyCapacity above 0).");
            if (p.LeadTimeWeeks < 0) throw new ScenarioException(rec, $"leadTimeWeeks must not be negative (got {p.LeadTimeWeeks}).");
            if (p.MinimumOrder < 0) throw new ScenarioException(rec, $"minimumOrder must not be negative (got {p.MinimumOrder}).");
            if (p.EarliestStartWeek < 0) throw new ScenarioException(rec, $"earliestStartWeek must not be negative (got {p.EarliestStartWeek}).");
            foreach (var h in s.Hubs)
                if (h.Inbound(p.Origin) is null)
                    throw new ScenarioException(rec, $"hub {h.Code} has no route from origin '{p.Origin}' (add inboundWeeks[{p.Origin}] or defaultInboundWeeks).");
        }

        var pools = new HashSet<string>(StringComparer.Ordinal);
        var poolList = s.Pools ?? [];
        for (var i = 0; i < poolList.Count; i++)
        {
            var p = poolList[i];
            var rec = Rec("pools", i, p?.Id);
            if (p is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "id", p.Id);
            Required(rec, "name", p.Name);
            if (!pools.Add(p.Id)) throw new ScenarioException(rec, $"duplicate pool id '{p.Id}'.");
        }

        var contributions = new HashSet<string>(StringComparer.Ordinal);
        var clist = s.Contributions ?? [];
        for (var i = 0; i < clist.Count; i++)
        {
            var c = clist[i];
            var rec = Rec("contributions", i, c?.Id);
            if (c is null) throw new ScenarioException(rec, "the record is empty.");
            Required(rec, "id", c.Id);
            Required(rec, "donor", c.Donor);
            if (!contributions.Add(c.Id)) throw new ScenarioException(rec, $"duplicate contribution id '{c.Id}'.");
            if (!pools.Contains(c.PoolId ?? "")) throw new ScenarioException(rec, $"unknown pool '{c.PoolId}'.");
            if (c.Amount < 0) throw new ScenarioException(rec, $"amount must not be negative (got {c.Amount}).");
            foreach (var cat in c.ForbiddenCategories ?? [])
                if (cat is null || !ControlEntry.IsCategoryPrefix(cat.Trim().ToUpperInvariant()))
                    throw new ScenarioException(rec, $"'{cat}' is not a control-list category (ML1–ML22, or a dual-use prefix such as 9A or 9A012).");
            if (c.EarmarkItemId is not null && !items.ContainsKey(c.EarmarkItemId))
                throw new ScenarioException(rec, $"earmarkItemId '{c.EarmarkItemId}' is not an item of the scenario.");
            if (c.EarmarkCoalition is not null && !coalitions.Contains(c.EarmarkCoalition.Trim()))
                throw new ScenarioException(rec, $"earmarkCoalition '{c.EarmarkCoalition}' is not a coalition of any item (items[].coalitions).");
        }
    }

    /// <summary>
    /// The substitution graph has an edge from a requirement's item to each of its substitutes; a cycle
    /// (A may replace B somewhere, B may replace A elsewhere) makes equivalence ambiguous and is rejected.
    /// </summary>
    private static void CheckSubstituteCycles(Scenario s)
    {
        var edges = new Dictionary<string, List<(string To, int Req)>>(StringComparer.Ordinal);
        for (var i = 0; i < s.Requirements.Count; i++)
            foreach (var sub in s.Requirements[i].Substitutes ?? [])
            {
                if (!edges.TryGetValue(s.Requirements[i].ItemId, out var l)) edges[s.Requirements[i].ItemId] = l = [];
                l.Add((sub.ItemId, i));
            }
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        foreach (var start in edges.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (state.ContainsKey(start)) continue;
            var stack = new Stack<(string Node, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var outs = edges.TryGetValue(node, out var l) ? l : [];
                if (next < outs.Count)
                {
                    stack.Push((node, next + 1));
                    var (to, req) = outs[next];
                    if (state.TryGetValue(to, out var st) && st == 1)
                    {
                        var r = s.Requirements[req];
                        throw new ScenarioException(Rec("requirements", req, r.Id),
                            $"substitute '{to}' closes a cycle of substitutes (item '{to}' is itself replaced, directly or indirectly, by '{node}').");
                    }
                    if (st == 0)
                    {
                        state[to] = 1;
                        stack.Push((to, 0));
                    }
                }
                else
                {
                    state[node] = 2;
                }
            }
        }
    }

    internal static string Rec(string list, int index, string? id)
        => string.IsNullOrEmpty(id) ? $"{list}[{index}]" : $"{list}[{index}] (id {id})";

    private static void Required(string rec, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ScenarioException(rec, $"{field} is required.");
    }
}
