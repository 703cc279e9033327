using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning;

/// <summary>
/// Turns an integral plan into a <see cref="PlanResult"/>: matches pending offers as blocked lines, evaluates the
/// objective, computes coverage and hub loads, and explains every requirement not fully covered on time.
/// Shared by the optimiser and the greedy baseline so both are judged alike.
/// </summary>
internal static class PlanAssembler
{
    public static PlanResult Build(PlanningModel m, PlanBuilder b, string planner, PlanStatus status, double? bound, PlanStatistics stats)
    {
        var lines = new List<PlanLine>();
        var usedBy = new Dictionary<int, Dictionary<int, int>>(); // offer -> requirement -> units
        var onTime = new double[m.Reqs.Length];
        var lateLines = new List<(int O, int R, int H, int T, int Q)>[m.Reqs.Length];
        double objective = 0;
        foreach (var ((o, r, h, t), q) in b.Lines.OrderBy(k => m.Reqs[k.Key.R].PriorityRank).ThenBy(k => k.Key.R).ThenBy(k => k.Key.T).ThenBy(k => k.Key.O).ThenBy(k => k.Key.H))
        {
            if (q <= 0) continue;
            var item = m.OfferItem[o];
            var f = m.Factor(r, item);
            var p = t + m.In[o, h];
            var a = p + m.Out[r, h];
            var value = m.LineValue(o, r, h, t, q);
            objective += value;
            lines.Add(new PlanLine(m.Offers[o].Id, m.Reqs[r].Id, m.Hubs[h].Code, q, t, p, a, q * f, false, null, null, value));
            if (!usedBy.TryGetValue(o, out var u)) usedBy[o] = u = [];
            u[r] = u.GetValueOrDefault(r) + q;
            if (a <= m.Reqs[r].NeededByWeek) onTime[r] += q * f;
            else (lateLines[r] ??= []).Add((o, r, h, t, q));
        }

        // Purchase lines, with the funding split per contribution.
        var purchases = new List<PurchaseLine>();
        var lateBuys = new List<(int S, int H, int T, int Q)>[m.Reqs.Length];
        foreach (var ((src, r, h, t), q) in b.Purchases.OrderBy(k => m.Reqs[k.Key.R].PriorityRank).ThenBy(k => k.Key.R).ThenBy(k => k.Key.T).ThenBy(k => k.Key.S).ThenBy(k => k.Key.H))
        {
            if (q <= 0) continue;
            var prodIx = m.SourceProduct[src];
            var prod = m.Products[prodIx];
            var f = m.Factor(r, m.ProductItem[prodIx]);
            var p = t + m.ProductIn[prodIx, h];
            var a = p + m.Out[r, h];
            var value = m.PurchaseLineValue(src, r, h, t, q);
            objective += value;
            var production = m.SourceProduction[src];
            var split = b.Funding[(src, r, h, t)].OrderBy(x => x.Key)
                .Select(x => new FundingShare(m.Contributions[x.Key].Id, m.Contributions[x.Key].PoolId, m.Contributions[x.Key].Donor, x.Value)).ToList();
            purchases.Add(new PurchaseLine(prod.Id, prod.CompanyId, m.Reqs[r].Id, m.Hubs[h].Code, q, production ? PurchaseSource.Production : PurchaseSource.Stock,
                production ? t - prod.LeadTimeWeeks : t, t, p, a, q * f, q * prod.UnitPrice, split, value));
            if (a <= m.Reqs[r].NeededByWeek) onTime[r] += q * f;
            else (lateBuys[r] ??= []).Add((src, h, t, q));
        }

        // Blocked lines: pending offers matched to what is still uncovered, by priority; never shipped.
        var pendingLeft = m.Offers.Select((o, i) => m.Standing[i] == OfferStanding.Pending ? o.Quantity : 0).ToArray();
        var blockedCov = new double[m.Reqs.Length];
        foreach (var r in Enumerable.Range(0, m.Reqs.Length).OrderBy(r => m.Reqs[r].PriorityRank).ThenBy(r => r))
        {
            foreach (var (item, f) in m.Accepted[r])
                foreach (var o in m.OffersOfItem[item].OrderBy(o => m.Offers[o].EarliestWeek).ThenBy(o => o))
                {
                    if (pendingLeft[o] <= 0) continue;
                    var rest = m.Reqs[r].Quantity - b.Covered[r] - blockedCov[r];
                    var q = (int)Math.Min(pendingLeft[o], Math.Floor(rest / f + 1e-9));
                    if (q <= 0) continue;
                    pendingLeft[o] -= q;
                    blockedCov[r] += q * f;
                    var (code, reason) = PendingReason(m, o);
                    lines.Add(new PlanLine(m.Offers[o].Id, m.Reqs[r].Id, null, q, null, null, null, q * f, true, code, reason, 0));
                }
        }

        var blockedPairs = lines.Where(l => l.Blocked).Select(l => (l.OfferId, l.RequirementId)).ToHashSet();
        var coverage = new List<RequirementCoverage>(m.Reqs.Length);
        for (var r = 0; r < m.Reqs.Length; r++)
        {
            var req = m.Reqs[r];
            var stock = b.CoveredStock[r];
            var made = b.CoveredProduction[r];
            var cov = new RequirementCoverage(req.Id, req.PriorityRank, req.NeededByWeek, req.Quantity, Round(b.Covered[r]), Round(onTime[r]), Round(blockedCov[r]), [],
                Round(b.Covered[r] - stock - made), Round(stock), Round(made));
            if (!cov.FullyCoveredOnTime)
                cov = cov with { Explanations = m.Products.Length == 0
                    ? Explain(m, b, r, usedBy, lateLines[r] ?? [], blockedPairs)
                    : WithShort(m, b, r, [.. Explain(m, b, r, usedBy, lateLines[r] ?? [], blockedPairs, withPurchases: true), .. ExplainPurchases(m, b, r, lateBuys[r] ?? [])]) };
            coverage.Add(cov);
        }

        var loads = new List<HubWeekLoad>(m.Hubs.Length * m.H);
        for (var h = 0; h < m.Hubs.Length; h++)
            for (var w = 1; w <= m.H; w++)
                loads.Add(new HubWeekLoad(m.Hubs[h].Code, w, Round(b.Load[h, w]), m.Capacity[h, w]));

        double? gap = bound is { } bd ? Math.Max(0, (bd - objective) / Math.Max(1.0, Math.Abs(bd))) : null;
        if (status == PlanStatus.Optimal && gap > 1e-7) status = PlanStatus.Feasible;
        var industry = m.Products.Length > 0 || m.Contributions.Length > 0;
        return new PlanResult(planner, status, objective, bound, gap, lines, coverage, loads, stats,
            industry ? purchases : null, industry || m.Scenario.Currency is not null ? m.Currency : null);
    }

    private static string Weeks(int n) => n == 1 ? "1 week" : $"{n} weeks";

    private static double Round(double x) => Math.Round(x, 6);

    private static (string Code, string Reason) PendingReason(PlanningModel m, int o)
    {
        var off = m.Offers[o];
        var policy = m.Policy[o]!;
        var item = m.Items[m.OfferItem[o]];
        return Clearance.PendingCode(off.TransferConsent, off.ExportLicence, policy.LicenceRequired) switch
        {
            "consent.pending" => ("consent.pending", $"transfer consent pending for offer {off.Id}: it may be matched but must not ship"),
            "licence.pending" => ("licence.pending", $"export licence pending for offer {off.Id}: it may be matched but must not ship"),
            _ => ("licence.required", $"{off.Donor}'s policy requires an export licence for category {policy.LicenceCategory} ('{item.Name}' is {item.ControlEntry}) and offer {off.Id} has none granted: it may be matched but must not ship"),
        };
    }

    private static List<Explanation> Explain(PlanningModel m, PlanBuilder b, int r, Dictionary<int, Dictionary<int, int>> usedBy,
        List<(int O, int R, int H, int T, int Q)> late, HashSet<(string, string)> blockedPairs, bool withPurchases = false)
    {
        var req = m.Reqs[r];
        var ex = new List<Explanation>();
        var own = m.ItemIndex[req.ItemId];
        var shortfall = req.Quantity - b.Covered[r] > 1e-9;

        foreach (var si in m.IncompatibleSubstitutes[r])
            ex.Add(new Explanation("compatibility",
                $"substitute '{m.Items[si].Name}' ({m.Items[si].CompatibilityFamily ?? "no family"}) is not compatible with '{m.Items[own].Name}' ({m.Items[own].CompatibilityFamily ?? "no family"}): its offers cannot meet this requirement"));

        if (shortfall)
        {
            var any = false;
            foreach (var (item, f) in m.Accepted[r])
                foreach (var o in m.OffersOfItem[item])
                {
                    any = true;
                    var off = m.Offers[o];
                    switch (m.Standing[o])
                    {
                        case OfferStanding.PolicyDenied:
                            ex.Add(new Explanation(m.Policy[o]!.Code!, $"offer {off.Id} from {off.Donor} is not eligible: {m.Policy[o]!.Reason}", off.Id));
                            continue;
                        case OfferStanding.ClearanceDenied:
                            ex.Add(off.TransferConsent == ClearanceStatus.Denied
                                ? new Explanation("consent.denied", $"offer {off.Id} is not eligible: transfer consent was denied", off.Id)
                                : new Explanation("licence.denied", $"offer {off.Id} is not eligible: export licence was denied", off.Id));
                            continue;
                        case OfferStanding.Pending:
                            var (code, reason) = PendingReason(m, o);
                            var blocked = blockedPairs.Contains((off.Id, req.Id));
                            ex.Add(new Explanation(code, blocked ? $"{reason}; matched as blocked" : reason, off.Id));
                            continue;
                        case OfferStanding.Empty:
                            continue;
                    }
                    var earliestArrival = Enumerable.Range(0, m.Hubs.Length).Min(h => off.EarliestWeek + m.In[o, h] + m.Out[r, h]);
                    if (earliestArrival > m.H)
                    {
                        ex.Add(new Explanation("horizon", $"offer {off.Id} is available from week {off.EarliestWeek} and cannot arrive before week {earliestArrival}, after the {m.H}-week horizon", off.Id));
                        continue;
                    }
                    if (usedBy.TryGetValue(o, out var users))
                        foreach (var (other, q) in users.OrderBy(u => m.Reqs[u.Key].PriorityRank))
                        {
                            if (other == r) continue;
                            var o2 = m.Reqs[other];
                            var higher = o2.PriorityRank < req.PriorityRank;
                            ex.Add(new Explanation("taken-by",
                                higher
                                    ? $"{q} units of offer {off.Id} taken by higher-priority requirement {o2.Id} (rank {o2.PriorityRank})"
                                    : $"{q} units of offer {off.Id} taken by requirement {o2.Id} (rank {o2.PriorityRank}), where they add more to the objective",
                                off.Id, o2.Id));
                        }
                    if (b.OfferLeft[o] > 0)
                    {
                        // Unused units: is every hub full in every week they could pass it?
                        var full = new List<(int H, int W)>();
                        var allFull = true;
                        for (var h = 0; h < m.Hubs.Length && allFull; h++)
                        {
                            var first = off.EarliestWeek + m.In[o, h];
                            var last = m.LastPassWeek(r, h);
                            for (var p = first; p <= last; p++)
                            {
                                if (b.RoomUnits(h, p, item) > 0) { allFull = false; break; }
                                if (full.Count == 0 || full[^1].H != h) full.Add((h, p));
                            }
                        }
                        if (allFull)
                            foreach (var (h, w) in full)
                                ex.Add(new Explanation("hub-full",
                                    $"{b.OfferLeft[o]} units of offer {off.Id} are left unshipped: hub {m.Hubs[h].Code} is full in week {w} and every later week they could pass it",
                                    off.Id, null, m.Hubs[h].Code, w));
                        else
                            ex.Add(new Explanation("not-chosen",
                                $"{b.OfferLeft[o]} units of offer {off.Id} are left unused by this plan although they could still ship",
                                off.Id));
                    }
                }
            var offered = m.Accepted[r].SelectMany(a => m.OffersOfItem[a.Item]).Where(o => m.Standing[o] == OfferStanding.Eligible).ToList();
            if (offered.Count > 0 && offered.All(o => b.OfferLeft[o] == 0))
                ex.Add(new Explanation("supply-short",
                    $"every eligible offer of the item or an accepted substitute is used up ({offered.Sum(o => m.Offers[o].Quantity)} units offered, all allocated); {req.Quantity - b.Covered[r]:0.##} still uncovered"));
            if (!any && !m.Accepted[r].Any(a => m.Products.Where((_, p) => m.ProductItem[p] == a.Item).Any()))
                ex.Add(new Explanation("no-offer", $"no offer of '{m.Items[own].Name}'" + (m.Accepted[r].Length > 1 ? " or of an accepted substitute" : "")));
        }

        foreach (var (o, _, h, t, q) in late)
        {
            var off = m.Offers[o];
            var p = t + m.In[o, h];
            var a = p + m.Out[r, h];
            var fastest = Enumerable.Range(0, m.Hubs.Length).Select(x => (H: x, A: off.EarliestWeek + m.In[o, x] + m.Out[r, x])).MinBy(x => x.A);
            if (fastest.A > req.NeededByWeek)
            {
                ex.Add(new Explanation("late.transit",
                    $"{q} units of offer {off.Id} arrive in week {a}, {Weeks(a - req.NeededByWeek)} late: available from week {off.EarliestWeek}, plus {fastest.A - off.EarliestWeek} weeks in transit (via {m.Hubs[fastest.H].Code}), exceeds needed-by week {req.NeededByWeek}",
                    off.Id, null, m.Hubs[h].Code, a));
                continue;
            }
            // An on-time route existed: name the full hub-week that pushed the line late.
            (int H, int W)? blockedAt = null;
            for (var x = 0; x < m.Hubs.Length && blockedAt is null; x++)
            {
                var lastOnTime = req.NeededByWeek - m.Out[r, x];
                for (var w = off.EarliestWeek + m.In[o, x]; w <= Math.Min(lastOnTime, m.H); w++)
                    if (b.RoomUnits(x, w, m.OfferItem[o]) <= 0) { blockedAt = (x, w); break; }
            }
            ex.Add(blockedAt is { } ba
                ? new Explanation("late.hub-full",
                    $"{q} units of offer {off.Id} arrive in week {a}, {Weeks(a - req.NeededByWeek)} late: hub {m.Hubs[ba.H].Code} is full in week {ba.W}",
                    off.Id, null, m.Hubs[ba.H].Code, ba.W)
                : new Explanation("late.chosen",
                    $"{q} units of offer {off.Id} arrive in week {a}, {Weeks(a - req.NeededByWeek)} late, although an on-time route had room",
                    off.Id, null, m.Hubs[h].Code, a));
        }
        if (ex.Count == 0 && !withPurchases)
            ex.Add(new Explanation("short", $"covered {b.Covered[r]:0.##} of {req.Quantity}: no further whole unit of any eligible offer fits"));
        return ex;
    }


    private static string Money(PlanningModel m, decimal x) => x.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture) + " " + m.Currency;

    /// <summary>
    /// Why purchases did not close the gap (docs/planning.md, "Explanations"): companies not approved, lead time,
    /// production capacity, money exhausted or restricted; and why bought units arrive late.
    /// </summary>
    private static List<Explanation> ExplainPurchases(PlanningModel m, PlanBuilder b, int r, List<(int S, int H, int T, int Q)> late)
    {
        var req = m.Reqs[r];
        var ex = new List<Explanation>();
        var shortfall = req.Quantity - b.Covered[r] > 1e-9;
        int Fastest(int prod) => Enumerable.Range(0, m.Hubs.Length).Min(h => m.ProductIn[prod, h] + m.Out[r, h]);
        if (shortfall)
        {
            foreach (var (item, f) in m.Accepted[r])
            {
                if (b.NeedUnits(r, f) <= 0) continue;
                var products = Enumerable.Range(0, m.Products.Length).Where(p => m.ProductItem[p] == item).ToList();
                if (products.Count == 0) continue;
                var itemName = m.Items[item].Name;
                var buyable = new List<int>();
                foreach (var p in products)
                {
                    var prod = m.Products[p];
                    if (!m.ProductPlanned[p])
                    {
                        var co = m.ProductCompany[p];
                        ex.Add(new Explanation("company.not-approved",
                            $"product {prod.Id} of company {co?.Name ?? prod.CompanyId} is not planned: the company's vetting is {co?.Vetting.ToString() ?? "unknown"}, only Approved companies sell", ProductId: prod.Id));
                        continue;
                    }
                    if (b.Banned[p])
                    {
                        ex.Add(new Explanation("production.minimum-order",
                            $"product {prod.Id} is not bought: this plan could not use its minimum order of {prod.MinimumOrder} units", ProductId: prod.Id));
                        continue;
                    }
                    var stockLeft = b.StockLeft[p] > 0;
                    var start = Math.Max(1, prod.EarliestStartWeek);
                    var lastShip = Enumerable.Range(0, m.Hubs.Length).Max(h => m.LastPassWeek(r, h) - m.ProductIn[p, h]);
                    var canProduce = prod.MonthlyCapacity > 0;
                    var producible = false;
                    if (canProduce)
                    {
                        var ready = start + prod.LeadTimeWeeks;
                        if (ready > lastShip)
                            ex.Add(new Explanation("production.lead-time",
                                $"product {prod.Id}: ordered in week {start} at the earliest, it is ready in week {ready} ({prod.LeadTimeWeeks} weeks' lead time) and cannot arrive within the {m.H}-week horizon (week {ready + Fastest(p)} at the earliest)", ProductId: prod.Id, Week: ready));
                        else
                        {
                            var fullMonths = Enumerable.Range(PlanningModel.MonthOf(ready), PlanningModel.MonthOf(lastShip) - PlanningModel.MonthOf(ready) + 1)
                                .All(k => b.Produced[p, k] >= prod.MonthlyCapacity);
                            if (fullMonths)
                                ex.Add(new Explanation("production.capacity",
                                    $"product {prod.Id}: its production capacity of {prod.MonthlyCapacity} units a month is used up in every month it could still deliver in (months {PlanningModel.MonthOf(ready)}–{PlanningModel.MonthOf(lastShip)})", ProductId: prod.Id));
                            else producible = true;
                        }
                    }
                    if (stockLeft || producible) buyable.Add(p);
                }
                // Money: the cheapest product still available that the remaining eligible money cannot pay one unit of.
                var unpaid = buyable.Where(p => m.Products[p].UnitPrice > 0 && b.AffordableUnits(p) == 0).ToList();
                if (unpaid.Count > 0 && unpaid.Count == buyable.Count)
                {
                    var p = unpaid.MinBy(x => m.Products[x].UnitPrice);
                    var prod = m.Products[p];
                    var eligible = Enumerable.Range(0, m.Contributions.Length).Where(c => m.MayPay[c, item]).ToList();
                    var otherLeft = Enumerable.Range(0, m.Contributions.Length).Where(c => !m.MayPay[c, item] && b.MoneyLeft[c] >= prod.UnitPrice).ToList();
                    if (otherLeft.Count > 0)
                    {
                        var pools = otherLeft.Select(c => m.Contributions[c].PoolId).Distinct().ToList();
                        var why = FundingRules.MayPay(m.Contributions[otherLeft[0]], m.Scenario.Donors.FirstOrDefault(d => d.Code == m.Contributions[otherLeft[0]].Donor), m.Items[item]).Reason;
                        ex.Add(new Explanation("funds.restricted",
                            $"product {prod.Id} ({Money(m, prod.UnitPrice)} a unit) is not bought further: the money left ({Money(m, otherLeft.Sum(c => b.MoneyLeft[c]))} in pool {string.Join(", ", pools)}) may not pay for '{itemName}' ({why})" +
                            (eligible.Count > 0 ? $"; the money that may is spent ({Money(m, eligible.Sum(c => b.MoneyLeft[c]))} left)" : "; no contribution may pay for it"),
                            ProductId: prod.Id, PoolId: pools[0]));
                    }
                    else
                    {
                        var pools = eligible.Select(c => m.Contributions[c].PoolId).Distinct().ToList();
                        ex.Add(new Explanation("funds.exhausted",
                            pools.Count == 0
                                ? $"product {prod.Id} ({Money(m, prod.UnitPrice)} a unit) is not bought: there is no money to pay for it"
                                : $"product {prod.Id} ({Money(m, prod.UnitPrice)} a unit) is not bought further: the money of pool {string.Join(", ", pools)} that may pay for '{itemName}' is spent ({Money(m, eligible.Sum(c => b.MoneyLeft[c]))} left)",
                            ProductId: prod.Id, PoolId: pools.FirstOrDefault()));
                    }
                }
            }
        }

        foreach (var (src, h, t, q) in late)
        {
            var p = m.SourceProduct[src];
            var prod = m.Products[p];
            var a = t + m.ProductIn[p, h] + m.Out[r, h];
            var first = m.SourceFirstShip(src);
            var fastest = first + Fastest(p);
            var lateBy = Weeks(a - req.NeededByWeek);
            if (fastest > req.NeededByWeek)
                ex.Add(m.SourceProduction[src]
                    ? new Explanation("production.lead-time",
                        $"{q} units of product {prod.Id} arrive in week {a}, {lateBy} late: ordered in week {Math.Max(1, prod.EarliestStartWeek)} at the earliest, ready in week {first} ({prod.LeadTimeWeeks} weeks' lead time), they cannot arrive before week {fastest}, after needed-by week {req.NeededByWeek}",
                        null, null, m.Hubs[h].Code, a, prod.Id)
                    : new Explanation("late.transit",
                        $"{q} units of product {prod.Id} (stock) arrive in week {a}, {lateBy} late: transit from {prod.Origin} takes {fastest - 1} weeks at the fastest",
                        null, null, m.Hubs[h].Code, a, prod.Id));
            else if (m.SourceProduction[src] && Enumerable.Range(first, Math.Max(0, req.NeededByWeek - Fastest(p) - first + 1))
                         .All(w => b.Produced[p, PlanningModel.MonthOf(w)] >= prod.MonthlyCapacity))
                ex.Add(new Explanation("production.capacity",
                    $"{q} units of product {prod.Id} arrive in week {a}, {lateBy} late: its production capacity of {prod.MonthlyCapacity} units a month is used up in the months that could deliver on time",
                    null, null, m.Hubs[h].Code, a, prod.Id));
            else
                ex.Add(new Explanation("late.chosen",
                    $"{q} units of product {prod.Id} arrive in week {a}, {lateBy} late, although an earlier delivery was possible (hub room or capacity went to other requirements)",
                    null, null, m.Hubs[h].Code, a, prod.Id));
        }
        return ex;
    }

    private static List<Explanation> WithShort(PlanningModel m, PlanBuilder b, int r, List<Explanation> ex)
    {
        if (ex.Count == 0)
            ex.Add(new Explanation("short", $"covered {b.Covered[r]:0.##} of {m.Reqs[r].Quantity}: no further whole unit of any eligible offer or product fits"));
        return ex;
    }
}
