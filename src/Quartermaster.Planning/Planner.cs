using LP = Google.OrTools.LinearSolver;

namespace Quartermaster.Planning;

/// <summary>
/// The optimiser: solves the LP relaxation of the allocation model (docs/planning.md) with Google OR-Tools GLOP by
/// column generation over the hub-week passage variables, rounds it to whole units, repairs the remainder greedily and
/// reports the integral plan's objective, the LP bound and the gap.
/// </summary>
public static class Planner
{
    private const double Eps = 1e-6;

    /// <summary>
    /// Plans a scenario. Throws <see cref="ScenarioException"/> if the scenario is inconsistent and
    /// <see cref="OperationCanceledException"/> if <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static PlanResult Solve(Scenario scenario, PlannerOptions? options = null, IProgress<PlanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= PlannerOptions.Default;
        var ct = cancellationToken;
        progress?.Report(new PlanProgress("compile", "checking the scenario and eligibility", 0));
        var m = new PlanningModel(scenario);
        ct.ThrowIfCancellationRequested();

        // --- Offer groups: eligible offers with the same item, origin and earliest week are interchangeable.
        var groupKey = new Dictionary<(int Item, string Origin, int Earliest), int>();
        var groupOffers = new List<List<int>>();
        var groupSupply = new List<double>();
        var groupItem = new List<int>();
        for (var o = 0; o < m.Offers.Length; o++)
        {
            var item = m.OfferItem[o];
            if (m.Standing[o] != OfferStanding.Eligible || m.AcceptedBy[item].Count == 0) continue;
            var key = (item, m.Offers[o].Origin, m.Offers[o].EarliestWeek);
            if (!groupKey.TryGetValue(key, out var g))
            {
                groupKey[key] = g = groupOffers.Count;
                groupOffers.Add([]); groupSupply.Add(0); groupItem.Add(item);
            }
            groupOffers[g].Add(o);
            groupSupply[g] += m.Offers[o].Quantity;
        }
        var groupsOfItem = m.Items.Select(_ => new List<int>()).ToArray();
        for (var g = 0; g < groupOffers.Count; g++) groupsOfItem[groupItem[g]].Add(g);

        using var solver = LP.Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP is not available.");
        if (options.LpTimeLimitSeconds > 0) solver.SetTimeLimit((long)(options.LpTimeLimitSeconds * 1000));
        var objective = solver.Objective();
        objective.SetMaximization();
        var inf = double.PositiveInfinity;

        // --- Rows.
        var supplyRow = new LP.Constraint[groupOffers.Count];
        for (var g = 0; g < supplyRow.Length; g++) supplyRow[g] = solver.MakeConstraint(-inf, groupSupply[g], "");
        var demandRow = new LP.Constraint[m.Reqs.Length];
        for (var r = 0; r < m.Reqs.Length; r++) demandRow[r] = solver.MakeConstraint(-inf, m.Reqs[r].Quantity, "");
        var capRow = new LP.Constraint[m.Hubs.Length, m.H + 1];
        for (var h = 0; h < m.Hubs.Length; h++)
            for (var p = 1; p <= m.H; p++) capRow[h, p] = solver.MakeConstraint(-inf, m.CapacityTonnes[h], "");

        // --- Chains: per (item, hub), goods waiting to pass the hub in weeks a..b.
        var chains = new List<Chain>();
        var sVars = new List<(int G, int H, LP.Variable V)>();
        var variables = 0;
        for (var i = 0; i < m.Items.Length; i++)
        {
            if (groupsOfItem[i].Count == 0) continue;
            for (var h = 0; h < m.Hubs.Length; h++)
            {
                var last = m.AcceptedBy[i].Max(x => m.LastPassWeek(x.Req, h));
                var entries = groupsOfItem[i].Select(g => (G: g, P: m.Offers[groupOffers[g][0]].EarliestWeek + m.In[groupOffers[g][0], h]))
                    .Where(e => e.P <= last).ToList();
                if (entries.Count == 0) continue;
                var first = entries.Min(e => e.P);
                var c = new Chain(i, h, first, last);
                for (var p = first; p <= last; p++) c.Balance[p - first] = solver.MakeConstraint(-inf, 0, "");
                for (var p = first; p < last; p++)
                {
                    var v = solver.MakeNumVar(0, inf, "");
                    c.Balance[p - first].SetCoefficient(v, 1);      // outflow of week p (rows read: −inflow + outflow ≤ 0)
                    c.Balance[p + 1 - first].SetCoefficient(v, -1); // inflow of week p + 1
                    variables++;
                }
                foreach (var (g, p) in entries)
                {
                    var v = solver.MakeNumVar(0, inf, "");
                    supplyRow[g].SetCoefficient(v, 1);
                    c.Balance[p - first].SetCoefficient(v, -1);
                    objective.SetCoefficient(v, -m.InboundUnitCost(groupOffers[g][0], h));
                    sVars.Add((g, h, v));
                    variables++;
                }
                chains.Add(c);
            }
            ct.ThrowIfCancellationRequested();
        }

        var uVars = new List<UColumn>();
        void AddU(int ci, int req, double f, int p)
        {
            var c = chains[ci];
            if (!c.Present.Add(((long)req << 20) | (uint)p)) return;
            var v = solver.MakeNumVar(0, inf, "");
            objective.SetCoefficient(v, m.UnitValueAtHub(req, c.Item, f, c.Hub, p));
            c.Balance[p - c.First].SetCoefficient(v, 1);
            demandRow[req].SetCoefficient(v, f);
            var w = m.WeightTonnes[c.Item];
            if (w > 0) capRow[c.Hub, p].SetCoefficient(v, w);
            uVars.Add(new UColumn(ci, req, f, p, v));
            variables++;
        }

        // Seed columns: pass in the first week goods can, and in the last on-time week.
        for (var ci = 0; ci < chains.Count; ci++)
        {
            var c = chains[ci];
            foreach (var (req, f) in m.AcceptedBy[c.Item])
            {
                var last = m.LastPassWeek(req, c.Hub);
                if (c.First > last) continue;
                AddU(ci, req, f, c.First);
                var onTime = Math.Min(m.Reqs[req].NeededByWeek - m.Out[req, c.Hub], last);
                if (onTime > c.First) AddU(ci, req, f, onTime);
            }
        }
        var constraints = solver.NumConstraints();
        progress?.Report(new PlanProgress("build", $"model built: {groupOffers.Count} offer groups, {chains.Count} item-hub chains, {variables} variables, {constraints} constraints", 0.1));

        // --- Column generation.
        using var reg = ct.Register(() => solver.InterruptSolve());
        var supplyOfItem = new double[m.Items.Length];
        for (var g = 0; g < groupOffers.Count; g++) supplyOfItem[groupItem[g]] += groupSupply[g];
        double lpValue = 0, bound = 0;
        var converged = false;
        var rounds = 0;
        var solved = chains.Count == 0;
        while (chains.Count > 0 && rounds < Math.Max(1, options.MaxColumnGenerationRounds))
        {
            rounds++;
            var status = solver.Solve();
            ct.ThrowIfCancellationRequested();
            if (status != LP.Solver.ResultStatus.OPTIMAL)
            {
                if (!solved) throw new InvalidOperationException($"The LP solver stopped with status {status} before finding an optimal relaxation.");
                break; // keep the last optimal restricted solution and its bound
            }
            solved = true;
            lpValue = objective.Value();

            var yDem = demandRow.Select(c => c.DualValue()).ToArray();
            var yCap = new double[m.Hubs.Length, m.H + 1];
            for (var h = 0; h < m.Hubs.Length; h++)
                for (var p = 1; p <= m.H; p++) yCap[h, p] = capRow[h, p].DualValue();

            var added = new List<(int Ci, int Req, double F, int P)>();
            double slack = 0;
            for (var ci = 0; ci < chains.Count; ci++)
            {
                var c = chains[ci];
                var yBal = c.Balance.Select(b => b.DualValue()).ToArray();
                var w = m.WeightTonnes[c.Item];
                foreach (var (req, f) in m.AcceptedBy[c.Item])
                {
                    var last = m.LastPassWeek(req, c.Hub);
                    var ub = Math.Min(m.Reqs[req].Quantity / f, supplyOfItem[c.Item]);
                    if (w > 0) ub = Math.Min(ub, m.CapacityTonnes[c.Hub] / w);
                    double bestRc = 0; var bestP = -1;
                    for (var p = c.First; p <= last; p++)
                    {
                        if (c.Present.Contains(((long)req << 20) | (uint)p)) continue;
                        var rc = m.UnitValueAtHub(req, c.Item, f, c.Hub, p) - yBal[p - c.First] - f * yDem[req] - w * yCap[c.Hub, p];
                        if (rc <= Eps) continue;
                        slack += rc * ub;
                        if (rc > bestRc) { bestRc = rc; bestP = p; }
                    }
                    if (bestP >= 0) added.Add((ci, req, f, bestP));
                }
            }
            bound = lpValue + slack;
            progress?.Report(new PlanProgress("solve", $"LP round {rounds}: value {lpValue:0.###}, bound {bound:0.###}, {added.Count} improving columns", Math.Min(0.8, 0.1 + 0.05 * rounds)));
            if (added.Count == 0) { converged = true; bound = lpValue; break; }
            foreach (var (ci, req, f, p) in added) AddU(ci, req, f, p);
        }
        ct.ThrowIfCancellationRequested();

        // --- Rounding: floor the LP flows, hand them to real offers first-in-first-out, then repair greedily.
        progress?.Report(new PlanProgress("round", "rounding the LP solution to whole units", 0.85));
        var builder = new PlanBuilder(m);
        if (chains.Count > 0)
        {
            var pools = chains.Select(_ => new List<PoolEntry>()).ToArray();
            var chainOf = new Dictionary<(int Item, int Hub), int>();
            for (var ci = 0; ci < chains.Count; ci++) chainOf[(chains[ci].Item, chains[ci].Hub)] = ci;
            var groupLeft = groupOffers.Select(l => l.Select(o => m.Offers[o].Quantity).ToArray()).ToArray();
            foreach (var (g, h, v) in sVars.OrderBy(x => x.G).ThenByDescending(x => x.V.SolutionValue()))
            {
                var quota = (long)Math.Floor(v.SolutionValue() + Eps);
                var ci = chainOf[(groupItem[g], h)];
                for (var k = 0; k < groupOffers[g].Count && quota > 0; k++)
                {
                    var take = (int)Math.Min(quota, groupLeft[g][k]);
                    if (take <= 0) continue;
                    groupLeft[g][k] -= take;
                    quota -= take;
                    var o = groupOffers[g][k];
                    pools[ci].Add(new PoolEntry(o, m.Offers[o].EarliestWeek + m.In[o, h]) { Left = take });
                }
            }
            foreach (var pool in pools) pool.Sort((x, y) => x.P != y.P ? x.P.CompareTo(y.P) : x.O.CompareTo(y.O));
            foreach (var col in uVars.Select(u => (u.Ci, u.Req, u.P, Q: (long)Math.Floor(u.V.SolutionValue() + Eps)))
                         .Where(u => u.Q > 0)
                         .OrderBy(u => u.P).ThenBy(u => m.Reqs[u.Req].PriorityRank).ThenBy(u => u.Req))
            {
                var c = chains[col.Ci];
                var want = col.Q;
                foreach (var e in pools[col.Ci])
                {
                    if (want <= 0 || e.P > col.P) break;
                    if (e.Left <= 0) continue;
                    var n = builder.Add(e.O, col.Req, c.Hub, col.P - m.In[e.O, c.Hub], Math.Min(want, e.Left));
                    e.Left -= n;
                    want -= n;
                }
            }
        }
        builder.FillResidual(ct);

        progress?.Report(new PlanProgress("explain", "explaining requirements not fully covered on time", 0.95));
        var stats = new PlanStatistics(groupOffers.Count, variables, constraints, rounds, converged, lpValue);
        var result = PlanAssembler.Build(m, builder, "optimiser", converged ? PlanStatus.Optimal : PlanStatus.Feasible,
            chains.Count == 0 ? 0 : bound, stats);
        progress?.Report(new PlanProgress("done", $"objective {result.Objective:0.###}, bound {result.Bound:0.###}, gap {result.Gap:P4}", 1));
        return result;
    }

    private sealed class Chain(int item, int hub, int first, int last)
    {
        public int Item { get; } = item;
        public int Hub { get; } = hub;
        public int First { get; } = first;
        public LP.Constraint[] Balance { get; } = new LP.Constraint[last - first + 1];
        public HashSet<long> Present { get; } = [];
    }

    private sealed record UColumn(int Ci, int Req, double F, int P, LP.Variable V);

    private sealed class PoolEntry(int o, int p)
    {
        public int O { get; } = o;
        public int P { get; } = p;
        public long Left { get; set; }
    }
}
