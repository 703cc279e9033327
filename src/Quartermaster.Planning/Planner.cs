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
    private const int ColumnsPerPair = 4;
    private const int MaxColumnsPerPair = 24;
    private const int ColumnBudgetPerRound = 8_000;

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
        solver.SetSolverSpecificParametersAsString("use_preprocessing: false"); // measured faster on these sparse LPs
        var objective = solver.Objective();
        objective.SetMaximization();
        var inf = double.PositiveInfinity;

        // --- Rows: demand per requirement, capacity per hub-week; supply rows per offer group appear with its first column.
        var supplyRow = new LP.Constraint?[groupOffers.Count];
        var demandRow = new LP.Constraint[m.Reqs.Length];
        for (var r = 0; r < m.Reqs.Length; r++) demandRow[r] = solver.MakeConstraint(-inf, m.Reqs[r].Quantity, "");
        var capRow = new LP.Constraint[m.Hubs.Length, m.H + 1];
        for (var h = 0; h < m.Hubs.Length; h++)
            for (var p = 1; p <= m.H; p++) capRow[h, p] = solver.MakeConstraint(-inf, m.Capacity[h, p], "");

        // Purchase sources are numbered after the offer groups: G = groups + source. Each has a stock row (stock) or
        // one row per month of production (monthlyCapacity), created with its first column; money rows per item and
        // one row per contribution, with explicit funding variables z[c, item] for every allowed (contribution, item).
        var nG = groupOffers.Count;
        var nS = m.SourceProduct.Length;
        var stockRow = new LP.Constraint?[nS];
        var monthRow = new Dictionary<(int S, int Month), LP.Constraint>();
        // Items with the same set of contributions that may pay for them form one funding class with one money row
        // (exact: any split of a contribution's money among the items of a class is allowed).
        var moneyRow = new LP.Constraint?[m.Items.Length];
        var contribRow = new LP.Constraint[m.Contributions.Length];
        var funding = new List<(int C, int Item, LP.Variable V)>();
        for (var c = 0; c < m.Contributions.Length; c++) contribRow[c] = solver.MakeConstraint(-inf, (double)m.Contributions[c].Amount, "");
        var classRow = new Dictionary<string, (LP.Constraint Row, int Item)>(StringComparer.Ordinal);
        for (var i = 0; i < m.Items.Length; i++)
        {
            if (m.SourcesOfItem[i].Count == 0 || m.AcceptedBy[i].Count == 0) continue;
            var key = new string(Enumerable.Range(0, m.Contributions.Length).Select(c => m.MayPay[c, i] ? '1' : '0').ToArray());
            if (classRow.TryGetValue(key, out var cls)) { moneyRow[i] = cls.Row; continue; }
            moneyRow[i] = solver.MakeConstraint(-inf, 0, "");
            classRow[key] = (moneyRow[i]!, i);
            for (var c = 0; c < m.Contributions.Length; c++)
            {
                if (!m.MayPay[c, i]) continue;
                var z = solver.MakeNumVar(0, (double)m.Contributions[c].Amount, "");
                moneyRow[i]!.SetCoefficient(z, -1);
                contribRow[c].SetCoefficient(z, 1);
                funding.Add((c, i, z));
            }
        }
        // Money that may pay for each item at all (bounds a purchase pair's units in the Lagrangian bound).
        var moneyFor = new double[m.Items.Length];
        for (var i = 0; i < m.Items.Length; i++)
            for (var c = 0; c < m.Contributions.Length; c++) if (m.MayPay[c, i]) moneyFor[i] += (double)m.Contributions[c].Amount;
        int SrcOf(int g) => g - nG;
        int ItemOf(int g) => g < nG ? groupItem[g] : m.SourceItem(g - nG);
        int InOf(int g, int h) => g < nG ? m.In[groupOffers[g][0], h] : m.ProductIn[m.SourceProduct[g - nG], h];
        double SupplyOf(int g)
        {
            if (g < nG) return groupSupply[g];
            var src = g - nG;
            var prod = m.Products[m.SourceProduct[src]];
            if (!m.SourceProduction[src]) return prod.Stock;
            return (double)prod.MonthlyCapacity * (m.Months - PlanningModel.MonthOf(m.SourceFirstShip(src)) + 1);
        }
        double Value(int g, int r, double f, int h, int p)
            => g < nG ? ColumnValue(m, groupOffers[g][0], r, groupItem[g], f, h, p) : m.PurchaseUnitValue(g - nG, r, f, h, p);

        // Entry week of each group (or purchase source) at each hub: earliest week + inbound transit.
        var entry = new int[nG + nS, m.Hubs.Length];
        for (var g = 0; g < nG; g++)
            for (var h = 0; h < m.Hubs.Length; h++) entry[g, h] = m.Offers[groupOffers[g][0]].EarliestWeek + m.In[groupOffers[g][0], h];
        for (var src = 0; src < nS; src++)
            for (var h = 0; h < m.Hubs.Length; h++) entry[nG + src, h] = m.SourceFirstShip(src) + m.ProductIn[m.SourceProduct[src], h];

        // Candidate pairs: (requirement, group or source, factor). Columns are (pair, hub, pass week).
        var pairs = new List<(int R, int G, double F)>();
        for (var r = 0; r < m.Reqs.Length; r++)
            foreach (var (item, f) in m.Accepted[r])
            {
                foreach (var g in groupsOfItem[item]) pairs.Add((r, g, f));
                foreach (var src in m.SourcesOfItem[item]) pairs.Add((r, nG + src, f));
            }

        var columns = new List<PathColumn>();
        var present = new HashSet<(int Pair, int H, int P)>();
        void AddColumn(int pair, int h, int p)
        {
            if (!present.Add((pair, h, p))) return;
            var (r, g, f) = pairs[pair];
            var item = ItemOf(g);
            // A column's units all pass hub h in week p, so at most ⌊C_h / w⌋ of them fit: a valid bound that
            // tightens the relaxation where single units are heavy compared with a hub's weekly capacity.
            var v = solver.MakeNumVar(0, MaxUnitsThroughHub(m, item, h, p), "");
            objective.SetCoefficient(v, Value(g, r, f, h, p));
            if (g < nG) (supplyRow[g] ??= solver.MakeConstraint(-inf, groupSupply[g], "")).SetCoefficient(v, 1);
            else
            {
                var src = SrcOf(g);
                var prod = m.Products[m.SourceProduct[src]];
                if (m.SourceProduction[src])
                {
                    var month = PlanningModel.MonthOf(p - InOf(g, h));
                    if (!monthRow.TryGetValue((src, month), out var row)) monthRow[(src, month)] = row = solver.MakeConstraint(-inf, prod.MonthlyCapacity, "");
                    row.SetCoefficient(v, 1);
                }
                else (stockRow[src] ??= solver.MakeConstraint(-inf, prod.Stock, "")).SetCoefficient(v, 1);
                if (prod.UnitPrice > 0) moneyRow[item]!.SetCoefficient(v, (double)prod.UnitPrice);
            }
            demandRow[r].SetCoefficient(v, f);
            var w = m.WeightTonnes[item];
            if (w > 0) capRow[h, p].SetCoefficient(v, w);
            columns.Add(new PathColumn(pair, h, p, v));
        }

        // Seeds: for each requirement and accepted item, the best few groups at their best hub, passing as early as they can.
        const int seedsPerItem = 3;
        var byReqItem = pairs.Select((x, k) => (x, k)).GroupBy(x => (x.x.R, ItemOf(x.x.G), x.x.G >= nG));
        foreach (var grp in byReqItem)
        {
            var best = grp.Select(x => (x.k, Best: BestHub(m, x.x.R, x.x.G, x.x.F, entry, Value)))
                .Where(x => x.Best.H >= 0).OrderByDescending(x => x.Best.Value).Take(seedsPerItem);
            foreach (var (k, b) in best)
            {
                AddColumn(k, b.H, b.P);
                // A production pair is seeded in every month it can ship in: the month's first week it can ship, at the
                // hub with the best value then (production is capped per month, so the LP needs several months at once).
                var (r, g, f) = pairs[k];
                if (g < nG || !m.SourceProduction[g - nG]) continue;
                var first = m.SourceFirstShip(g - nG);
                for (var month = PlanningModel.MonthOf(first) + 1; month <= m.Months; month++)
                {
                    var t = 4 * month - 3;
                    (int H, double V) pick = (-1, double.NegativeInfinity);
                    for (var h = 0; h < m.Hubs.Length; h++)
                    {
                        var pass = t + InOf(g, h);
                        if (pass > m.LastPassWeek(r, h)) continue;
                        var v = Value(g, r, f, h, pass);
                        if (v > pick.V) pick = (h, v);
                    }
                    if (pick.H >= 0) AddColumn(k, pick.H, t + InOf(g, pick.H));
                }
            }
        }
        // Warm start (what-if re-planning): every shipped line of the previous plan that still exists becomes a column.
        if (options.WarmStart is { } previous)
        {
            var pairIndex = new Dictionary<(int R, int G), int>();
            for (var k = 0; k < pairs.Count; k++) pairIndex.TryAdd((pairs[k].R, pairs[k].G), k);
            var groupOf = new Dictionary<int, int>();
            for (var g = 0; g < groupOffers.Count; g++) foreach (var o in groupOffers[g]) groupOf[o] = g;
            var hubIndex = Enumerable.Range(0, m.Hubs.Length).ToDictionary(h => m.Hubs[h].Code, StringComparer.Ordinal);
            foreach (var l in previous.Lines)
            {
                if (l.Blocked || l.HubCode is null || l.ShipWeek is null) continue;
                if (!m.OfferIndex.TryGetValue(l.OfferId, out var o) || !groupOf.TryGetValue(o, out var g)) continue;
                if (!m.ReqIndex.TryGetValue(l.RequirementId, out var r) || !hubIndex.TryGetValue(l.HubCode, out var h)) continue;
                if (!pairIndex.TryGetValue((r, g), out var k)) continue;
                var p = Math.Max(l.ShipWeek.Value, m.Offers[o].EarliestWeek) + m.In[o, h];
                if (p >= entry[g, h] && p <= m.LastPassWeek(r, h)) AddColumn(k, h, p);
            }
        }
        var constraints = solver.NumConstraints();
        progress?.Report(new PlanProgress("build", $"model built: {groupOffers.Count} offer groups, {nS} purchase sources, {funding.Count} funding variables, {pairs.Count} requirement-group pairs, {columns.Count} seed columns, {constraints} constraints", 0.1));

        // --- Column generation: solve the restricted LP, price every absent column, add the best ones, until none
        // prices out (the restricted LP is then the full LP relaxation). Each round's primal values are kept as soon as
        // it is solved, so a stop at the round or time limit rounds the last solved LP, never a model changed since.
        using var reg = ct.Register(() => solver.InterruptSolve());
        double lpValue = 0, bound = 0;
        var converged = pairs.Count == 0; // nothing eligible: the empty plan is proven optimal (bound 0)
        var rounds = 0;
        var solved = pairs.Count == 0;
        var maxRounds = options.MaxColumnGenerationRounds <= 0 ? int.MaxValue : options.MaxColumnGenerationRounds;
        var perPair = Math.Clamp(ColumnBudgetPerRound / Math.Max(1, pairs.Count), ColumnsPerPair, MaxColumnsPerPair);
        double[] solvedValues = [];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var top = new List<(int H, int P, double Rc)>(perPair + 1);
        var added = new List<(int Pair, int H, int P)>();
        while (pairs.Count > 0 && rounds < maxRounds)
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
            solvedValues = new double[columns.Count];
            for (var c = 0; c < columns.Count; c++) solvedValues[c] = columns[c].V.SolutionValue();

            var yDem = demandRow.Select(c => c.DualValue()).ToArray();
            var ySup = supplyRow.Select(c => c?.DualValue() ?? 0).ToArray();
            var yStock = stockRow.Select(c => c?.DualValue() ?? 0).ToArray();
            var yMonth = monthRow.ToDictionary(x => x.Key, x => x.Value.DualValue());
            var yRow = classRow.Values.ToDictionary(x => x.Row, x => x.Row.DualValue());
            var yMoney = moneyRow.Select(c => c is null ? 0 : yRow[c]).ToArray();
            var yContrib = contribRow.Select(c => c.DualValue()).ToArray();
            var yCap = new double[m.Hubs.Length, m.H + 1];
            for (var h = 0; h < m.Hubs.Length; h++)
                for (var p = 1; p <= m.H; p++) yCap[h, p] = capRow[h, p].DualValue();

            // Price every (pair, hub, week); keep the best absent columns per pair. The bound is the Lagrangian bound
            // of these duals: y·b plus, per pair, the best positive reduced cost of any of its columns times the most
            // the pair can carry (min(S_g, Q_r / f)); valid at every round, equal to the LP value once converged.
            added.Clear();
            double slack = 0;
            for (var r = 0; r < m.Reqs.Length; r++) slack += Math.Max(0, yDem[r]) * m.Reqs[r].Quantity;
            for (var g = 0; g < groupOffers.Count; g++) slack += Math.Max(0, ySup[g]) * groupSupply[g];
            for (var src = 0; src < nS; src++) slack += Math.Max(0, yStock[src]) * m.Products[m.SourceProduct[src]].Stock;
            foreach (var ((src, _), y) in yMonth) slack += Math.Max(0, y) * m.Products[m.SourceProduct[src]].MonthlyCapacity;
            for (var c = 0; c < m.Contributions.Length; c++) slack += Math.Max(0, yContrib[c]) * (double)m.Contributions[c].Amount;
            // Funding variables (all present): reduced cost y_money(i) − y_contribution(c), at most the contribution's amount.
            foreach (var (c, i, _) in funding) slack += Math.Max(0, yMoney[i] - yContrib[c]) * (double)m.Contributions[c].Amount;
            for (var h = 0; h < m.Hubs.Length; h++)
                for (var p = 1; p <= m.H; p++) slack += Math.Max(0, yCap[h, p]) * m.Capacity[h, p];
            for (var k = 0; k < pairs.Count; k++)
            {
                var (r, g, f) = pairs[k];
                var item = ItemOf(g);
                var w = m.WeightTonnes[item];
                var purchase = g >= nG;
                var src = g - nG;
                var production = purchase && m.SourceProduction[src];
                double baseRc;
                if (!purchase) baseRc = -ySup[g] - f * yDem[r];
                else
                {
                    var prod = m.SourceProduct[src];
                    baseRc = -f * yDem[r] - (double)m.Products[prod].UnitPrice * yMoney[item] - (production ? 0 : yStock[src])
                             - m.PurchasePenalty(prod);
                }
                top.Clear();
                double best = 0;
                for (var h = 0; h < m.Hubs.Length; h++)
                {
                    var last = m.LastPassWeek(r, h);
                    var inw = InOf(g, h);
                    var inCost = PlanningModel.TransportCostPerTonneWeek * w * inw;
                    for (var p = entry[g, h]; p <= last; p++)
                    {
                        var rc = m.UnitValueAtHub(r, item, f, h, p) - inCost + baseRc - w * yCap[h, p]
                                 - (production ? yMonth.GetValueOrDefault((src, PlanningModel.MonthOf(p - inw))) : 0);
                        if (rc <= Eps) continue;
                        if (rc > best) best = rc;
                        if ((top.Count == perPair && rc <= top[^1].Rc) || present.Contains((k, h, p))) continue;
                        var at = top.FindIndex(t => t.Rc < rc);
                        top.Insert(at < 0 ? top.Count : at, (h, p, rc));
                        if (top.Count > perPair) top.RemoveAt(top.Count - 1);
                    }
                }
                var most = Math.Min(SupplyOf(g), m.Reqs[r].Quantity / f);
                if (purchase && m.Products[m.SourceProduct[src]].UnitPrice > 0) most = Math.Min(most, moneyFor[item] / (double)m.Products[m.SourceProduct[src]].UnitPrice);
                slack += best * most;
                if (top.Count == 0) continue;
                foreach (var (h, p, _) in top) added.Add((k, h, p));
            }
            bound = slack;
            progress?.Report(new PlanProgress("solve", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"LP round {rounds}: {columns.Count} columns, value {lpValue:0.###}, bound {bound:0.###}, {added.Count} improving columns, {clock.Elapsed.TotalSeconds:0.0} s"),
                Math.Min(0.8, 0.1 + 0.05 * rounds)));
            if (added.Count == 0) { converged = true; bound = lpValue; break; }
            if (options.TimeLimitSeconds > 0 && clock.Elapsed.TotalSeconds >= options.TimeLimitSeconds) break;
            foreach (var (k, h, p) in added) AddColumn(k, h, p);
        }
        ct.ThrowIfCancellationRequested();

        // --- Rounding: floor the LP flows and hand them to the group's offers in order, then repair greedily.
        progress?.Report(new PlanProgress("round", "rounding the LP solution to whole units", 0.85));
        var lpFlows = columns.Take(solvedValues.Length).Select((c, i) => (c.Pair, c.H, c.P, X: solvedValues[i])).Where(c => c.X > Eps).ToList();
        var builder = new PlanBuilder(m);
        void AssignColumn(PlanBuilder b, int pair, int h, int p, long want)
        {
            var (r, g, _) = pairs[pair];
            if (g < nG) Assign(m, b, r, groupOffers[g], h, p, want);
            else b.AddPurchase(g - nG, r, h, p - InOf(g, h), want);
        }
        foreach (var col in lpFlows.OrderBy(c => m.Reqs[pairs[c.Pair].R].PriorityRank).ThenBy(c => c.P).ThenBy(c => c.Pair))
            AssignColumn(builder, col.Pair, col.H, col.P, (long)Math.Floor(col.X + Eps));
        // Variant: requirement by requirement in rank order, round each flow up where everything still fits, then top up.
        var byRank = new PlanBuilder(m);
        foreach (var grp in lpFlows.GroupBy(c => pairs[c.Pair].R).OrderBy(g => m.Reqs[g.Key].PriorityRank).ThenBy(g => g.Key))
        {
            ct.ThrowIfCancellationRequested();
            foreach (var col in grp.OrderBy(c => c.P).ThenBy(c => c.Pair))
                AssignColumn(byRank, col.Pair, col.H, col.P, (long)Math.Ceiling(col.X - Eps));
            byRank.FillRequirement(grp.Key);
        }
        byRank.FillResidual(ct);
        builder.FillResidual(ct);

        // Incumbents: the rounded LP plan competes with two priority-order heuristics (the greedy baseline, and the
        // residual fill from an empty plan, which lets goods wait for a hub with room); the best objective is kept.
        // Whole units of substitutes with fractional factors can leave a rounded LP plan a fraction short where a
        // priority-order plan takes the item itself.
        progress?.Report(new PlanProgress("round", "comparing the rounded LP plan with priority-order heuristics", 0.9));
        var candidates = new List<PlanBuilder> { builder, byRank, GreedyPlanner.Build(m, ct) };
        var fill = new PlanBuilder(m);
        fill.FillResidual(ct);
        candidates.Add(fill);
        foreach (var c in candidates) c.EnforceMinimumOrders(b => b.FillResidual(ct));
        builder = candidates.MaxBy(c => c.Objective())!;

        // Exact repair: the integer program over the LP's columns and the best plan's, from that plan (CP-SAT).
        var gapBefore = (bound - builder.Objective()) / Math.Max(1.0, Math.Abs(bound));
        if (options.RepairSeconds > 0 && pairs.Count > 0 && gapBefore > 1e-7)
        {
            progress?.Report(new PlanProgress("repair", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"repairing the rounded plan exactly (gap {gapBefore:P4})"), 0.92));
            var lpColumns = lpFlows.Where(c => pairs[c.Pair].G < nG).Select(c => new IntegerRepair.Column(pairs[c.Pair].R, pairs[c.Pair].G, pairs[c.Pair].F, c.H, c.P)).ToList();
            var repaired = IntegerRepair.Improve(m, builder, lpColumns, groupOffers, groupItem, options.RepairSeconds, ct);
            if (repaired is not null && repaired.Objective() > builder.Objective() + 1e-9) builder = repaired;
        }

        progress?.Report(new PlanProgress("explain", "explaining requirements not fully covered on time", 0.95));
        var stats = new PlanStatistics(groupOffers.Count, columns.Count, constraints, rounds, converged, lpValue);
        var result = PlanAssembler.Build(m, builder, "optimiser", converged ? PlanStatus.Optimal : PlanStatus.Feasible,
            pairs.Count == 0 ? 0 : bound, stats);
        progress?.Report(new PlanProgress("done", $"objective {result.Objective:0.###}, bound {result.Bound:0.###}, gap {result.Gap:P4}", 1));
        return result;
    }

    private static void Assign(PlanningModel m, PlanBuilder b, int r, List<int> offers, int h, int p, long want)
    {
        foreach (var o in offers)
        {
            if (want <= 0) break;
            want -= b.Add(o, r, h, p - m.In[o, h], want);
        }
    }

    /// <summary>Objective coefficient of one unit of a group (represented by offer o) passing hub h in week p for requirement r.</summary>
    private static double ColumnValue(PlanningModel m, int o, int r, int item, double f, int h, int p)
        => m.UnitValueAtHub(r, item, f, h, p) - m.InboundUnitCost(o, h);

    /// <summary>⌊C_h / w⌋ whole units of the item fit through hub h in one week (unbounded for weightless items).</summary>
    internal static double MaxUnitsThroughHub(PlanningModel m, int item, int h, int p)
    {
        var w = m.WeightTonnes[item];
        return w <= 0 ? double.PositiveInfinity : Math.Floor(m.Capacity[h, p] / w + 1e-9);
    }

    private static (int H, int P, double Value) BestHub(PlanningModel m, int r, int g, double f, int[,] entry, Func<int, int, double, int, int, double> value)
    {
        (int H, int P, double Value) best = (-1, -1, double.NegativeInfinity);
        for (var h = 0; h < m.Hubs.Length; h++)
        {
            var p = entry[g, h];
            if (p > m.LastPassWeek(r, h)) continue;
            var v = value(g, r, f, h, p);
            if (v > best.Value) best = (h, p, v);
        }
        return best;
    }

    private sealed record PathColumn(int Pair, int H, int P, LP.Variable V);
}
