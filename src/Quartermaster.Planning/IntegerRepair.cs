using Google.OrTools.Sat;

namespace Quartermaster.Planning;

/// <summary>
/// Exact repair of a rounded plan: the integer program of docs/planning.md restricted to the columns the LP used
/// (value &gt; 0) and the columns of the best heuristic plan, solved with CP-SAT from that plan as a hint, within a
/// time limit. The result is never worse than the hint: the plan improves, not the bound.
/// </summary>
internal static class IntegerRepair
{
    private const double WeightScale = 10_000;   // tonnes → units of 0.1 kg
    private const double FactorScale = 1_000;    // coverage in thousandths of a unit
    private const double ValueScale = 100;       // objective in hundredths

    public sealed record Column(int R, int G, double F, int H, int P);

    public static PlanBuilder? Improve(PlanningModel m, PlanBuilder hint, IReadOnlyList<Column> lpColumns,
        IReadOnlyList<List<int>> groupOffers, IReadOnlyList<int> groupItem, double seconds, CancellationToken ct)
    {
        if (seconds <= 0) return null;
        var groupOf = new Dictionary<int, int>();
        for (var g = 0; g < groupOffers.Count; g++) foreach (var o in groupOffers[g]) groupOf[o] = g;
        var index = new Dictionary<(int R, int G, int H, int P), int>();
        var cols = new List<Column>();
        var hintValue = new List<long>();
        void Add(Column c, long h)
        {
            if (!index.TryGetValue((c.R, c.G, c.H, c.P), out var k)) { index[(c.R, c.G, c.H, c.P)] = k = cols.Count; cols.Add(c); hintValue.Add(0); }
            hintValue[k] += h;
        }
        foreach (var ((o, r, h, t), q) in hint.Lines)
            if (q > 0 && groupOf.TryGetValue(o, out var g)) Add(new Column(r, g, m.Factor(r, m.OfferItem[o]), h, t + m.In[o, h]), q);
        foreach (var c in lpColumns) Add(c, 0);
        if (cols.Count == 0) return null;

        // Purchases of the hint stay fixed: their coverage and hub tonnes are taken off the rows the gifts may use.
        var boughtCover = new double[m.Reqs.Length];
        var boughtLoad = new Dictionary<(int H, int P), double>();
        foreach (var ((src, r, h, t), q) in hint.Purchases)
        {
            var item = m.SourceItem(src);
            boughtCover[r] += q * m.Factor(r, item);
            var key = (h, t + m.ProductIn[m.SourceProduct[src], h]);
            boughtLoad[key] = boughtLoad.GetValueOrDefault(key) + q * m.WeightTonnes[item];
        }
        double Cap(int h, int p) => Math.Max(0, m.Capacity[h, p] - boughtLoad.GetValueOrDefault((h, p)));
        double Need(int r) => Math.Max(0, m.Reqs[r].Quantity - boughtCover[r]);

        var model = new CpModel();
        var vars = new IntVar[cols.Count];
        var bySupply = new Dictionary<int, List<int>>();
        var byDemand = new Dictionary<int, List<int>>();
        var byHub = new Dictionary<(int, int), List<int>>();
        for (var k = 0; k < cols.Count; k++)
        {
            var c = cols[k];
            var item = groupItem[c.G];
            var supply = groupOffers[c.G].Sum(o => m.Offers[o].Quantity);
            var need = (long)Math.Floor(Need(c.R) / c.F + 1e-9);
            var w = m.WeightTonnes[item];
            var room = w <= 0 ? long.MaxValue : (long)Math.Floor(Cap(c.H, c.P) / w + 1e-9);
            vars[k] = model.NewIntVar(0, Math.Min(supply, Math.Min(need, room)), "");
            (bySupply.TryGetValue(c.G, out var sa) ? sa : bySupply[c.G] = []).Add(k);
            (byDemand.TryGetValue(c.R, out var sb) ? sb : byDemand[c.R] = []).Add(k);
            (byHub.TryGetValue((c.H, c.P), out var sd) ? sd : byHub[(c.H, c.P)] = []).Add(k);
            model.AddHint(vars[k], hintValue[k]);
        }
        foreach (var (g, ks) in bySupply)
            model.Add(LinearExpr.Sum(ks.Select(k => vars[k])) <= groupOffers[g].Sum(o => m.Offers[o].Quantity));
        foreach (var (r, ks) in byDemand)
        {
            // f·x ≤ Q in integers: factors rounded up, the quantity down, so every solution respects the real row.
            model.Add(LinearExpr.WeightedSum(ks.Select(k => vars[k]), ks.Select(k => (long)Math.Ceiling(cols[k].F * FactorScale - 1e-9)))
                      <= (long)Math.Floor(Need(r) * FactorScale + 1e-6));
        }
        foreach (var ((h, p), ks) in byHub)
        {
            var weights = ks.Select(k => (long)Math.Ceiling(m.WeightTonnes[groupItem[cols[k].G]] * WeightScale - 1e-9)).ToArray();
            if (weights.All(x => x == 0)) continue;
            model.Add(LinearExpr.WeightedSum(ks.Select(k => vars[k]), weights) <= (long)Math.Floor(Cap(h, p) * WeightScale + 1e-6));
        }
        var objective = new long[cols.Count];
        for (var k = 0; k < cols.Count; k++)
        {
            var c = cols[k];
            var o0 = groupOffers[c.G][0];
            objective[k] = (long)Math.Round((m.UnitValueAtHub(c.R, groupItem[c.G], c.F, c.H, c.P) - m.InboundUnitCost(o0, c.H)) * ValueScale);
        }
        model.Maximize(LinearExpr.WeightedSum(vars, objective));
        var solver = new CpSolver
        {
            StringParameters = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                // One worker and a deterministic time limit, so that the same scenario gives the same plan; and the same
                // limit in wall-clock seconds, because CP-SAT's deterministic seconds are not seconds: on the 1,000-offer
                // benchmark 5 of them took 36 s (docs/benchmarks.md). Whichever comes first stops the search.
                $"max_deterministic_time:{seconds:0.###} max_time_in_seconds:{seconds:0.###} num_workers:1 random_seed:1 log_search_progress:false"),
        };
        using var reg = ct.Register(() => solver.StopSearch());
        var status = solver.Solve(model);
        ct.ThrowIfCancellationRequested();
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return null;

        var b = new PlanBuilder(m);
        b.CopyPurchases(hint);
        // Earliest passages first, so that a group's offers are used in list order the way the rounding does.
        foreach (var k in Enumerable.Range(0, cols.Count).OrderBy(k => m.Reqs[cols[k].R].PriorityRank).ThenBy(k => cols[k].P))
        {
            var want = solver.Value(vars[k]);
            var c = cols[k];
            foreach (var o in groupOffers[c.G])
            {
                if (want <= 0) break;
                want -= b.Add(o, c.R, c.H, c.P - m.In[o, c.H], want);
            }
        }
        b.FillResidual(ct);
        b.EnforceMinimumOrders(x => x.FillResidual(ct));
        return b;
    }
}
