namespace Quartermaster.Planning;

/// <summary>
/// Mutable state of an integral plan under construction: remaining offer units, coverage per requirement and tonnes
/// per hub-week. Every line goes through <see cref="Add"/>, which enforces every constraint of the model.
/// </summary>
internal sealed class PlanBuilder
{
    private readonly PlanningModel _m;
    public int[] OfferLeft { get; }
    public double[] Covered { get; }
    public double[,] Load { get; } // [hub, week 1..H]
    public Dictionary<(int O, int R, int H, int T), int> Lines { get; } = [];

    public PlanBuilder(PlanningModel m)
    {
        _m = m;
        OfferLeft = m.Offers.Select((o, i) => m.Standing[i] == OfferStanding.Eligible ? o.Quantity : 0).ToArray();
        Covered = new double[m.Reqs.Length];
        Load = new double[m.Hubs.Length, m.H + 2];
        StockLeft = m.Products.Select(p => p.Stock).ToArray();
        Produced = new int[m.Products.Length, m.Months + 2];
        ProductUnits = new int[m.Products.Length];
        Banned = new bool[m.Products.Length];
        MoneyLeft = m.Contributions.Select(c => c.Amount).ToArray();
    }

    // --- Purchases
    public int[] StockLeft { get; }
    /// <summary>Produced[p, month]: units of product p available at origin in that month.</summary>
    public int[,] Produced { get; }
    /// <summary>Units of each product bought so far (stock and production).</summary>
    public int[] ProductUnits { get; }
    /// <summary>Products dropped because they could not reach their minimum order.</summary>
    public bool[] Banned { get; }
    public decimal[] MoneyLeft { get; }
    /// <summary>Purchase lines: (source, requirement, hub, ship week) → units.</summary>
    public Dictionary<(int S, int R, int H, int T), int> Purchases { get; } = [];
    /// <summary>Funding of each purchase line: contribution → amount.</summary>
    public Dictionary<(int S, int R, int H, int T), Dictionary<int, decimal>> Funding { get; } = [];
    /// <summary>Coverage per requirement from purchases (stock, production).</summary>
    public double[] CoveredStock => _coveredStock ??= new double[_m.Reqs.Length];
    public double[] CoveredProduction => _coveredProduction ??= new double[_m.Reqs.Length];
    private double[]? _coveredStock, _coveredProduction;

    /// <summary>Money still available for the item: the remaining amounts of every contribution that may pay for it.</summary>
    public decimal MoneyFor(int item)
    {
        decimal sum = 0;
        for (var c = 0; c < MoneyLeft.Length; c++) if (_m.MayPay[c, item]) sum += MoneyLeft[c];
        return sum;
    }

    /// <summary>Units source src can still supply shipping in week t (stock left, or the month's production room).</summary>
    public long SourceRoom(int src, int t)
    {
        var p = _m.SourceProduct[src];
        if (Banned[p] || t < _m.SourceFirstShip(src) || t > _m.H) return 0;
        return _m.SourceProduction[src] ? _m.Products[p].MonthlyCapacity - Produced[p, PlanningModel.MonthOf(t)] : StockLeft[p];
    }

    /// <summary>Whole units of the item the remaining eligible money pays for in full.</summary>
    public long AffordableUnits(int product)
    {
        var price = _m.Products[product].UnitPrice;
        if (price <= 0) return long.MaxValue; // free units need no money
        return (long)Math.Floor(MoneyFor(_m.ProductItem[product]) / price);
    }

    /// <summary>
    /// Buys as many units of source src for requirement r through hub h, shipping in week t, as every constraint allows
    /// (need, hub room, stock or monthly capacity, money), up to <paramref name="wanted"/>; the cost is drawn from the
    /// eligible contributions in <see cref="PlanningModel.FundingOrder"/>. Returns units bought.
    /// </summary>
    public int AddPurchase(int src, int r, int h, int t, long wanted)
    {
        var prod = _m.SourceProduct[src];
        var item = _m.ProductItem[prod];
        var f = _m.Factor(r, item);
        if (f <= 0 || wanted <= 0) return 0;
        var p = t + _m.ProductIn[prod, h];
        if (p + _m.Out[r, h] > _m.H) return 0;
        var q = Math.Min(Math.Min(wanted, SourceRoom(src, t)), Math.Min(NeedUnits(r, f), RoomUnits(h, p, item)));
        if (q <= 0) return 0;
        q = Math.Min(q, AffordableUnits(prod));
        if (q <= 0) return 0;
        var n = (int)q;
        var key = (src, r, h, t);
        var cost = n * _m.Products[prod].UnitPrice;
        var split = Funding.TryGetValue(key, out var fs) ? fs : Funding[key] = [];
        foreach (var c in _m.FundingOrder)
        {
            if (cost <= 0) break;
            if (!_m.MayPay[c, item] || MoneyLeft[c] <= 0) continue;
            var take = Math.Min(cost, MoneyLeft[c]);
            MoneyLeft[c] -= take;
            cost -= take;
            split[c] = split.GetValueOrDefault(c) + take;
        }
        Apply(src, r, h, t, n, f, item);
        return n;
    }

    private void Apply(int src, int r, int h, int t, int n, double f, int item)
    {
        var prod = _m.SourceProduct[src];
        if (_m.SourceProduction[src]) Produced[prod, PlanningModel.MonthOf(t)] += n; else StockLeft[prod] -= n;
        ProductUnits[prod] += n;
        Covered[r] += n * f;
        (_m.SourceProduction[src] ? CoveredProduction : CoveredStock)[r] += n * f;
        Load[h, t + _m.ProductIn[prod, h]] += n * _m.WeightTonnes[item];
        var key = (src, r, h, t);
        Purchases[key] = Purchases.GetValueOrDefault(key) + n;
    }

    /// <summary>Copies another plan's purchase lines and their funding into this (empty) plan.</summary>
    public void CopyPurchases(PlanBuilder other)
    {
        foreach (var (key, n) in other.Purchases)
        {
            var item = _m.SourceItem(key.S);
            Apply(key.S, key.R, key.H, key.T, n, _m.Factor(key.R, item), item);
            var split = Funding[key] = new Dictionary<int, decimal>(other.Funding[key]);
            foreach (var (c, a) in split) MoneyLeft[c] -= a;
        }
        Array.Copy(other.Banned, Banned, Banned.Length);
    }

    /// <summary>Removes every purchase line of a product (money, capacity, coverage and hub room are given back).</summary>
    private void RemoveProduct(int prod)
    {
        foreach (var key in Purchases.Keys.Where(k => _m.SourceProduct[k.S] == prod).ToList())
        {
            var n = Purchases[key];
            var item = _m.SourceItem(key.S);
            var f = _m.Factor(key.R, item);
            if (_m.SourceProduction[key.S]) Produced[prod, PlanningModel.MonthOf(key.T)] -= n; else StockLeft[prod] += n;
            ProductUnits[prod] -= n;
            Covered[key.R] -= n * f;
            (_m.SourceProduction[key.S] ? CoveredProduction : CoveredStock)[key.R] -= n * f;
            Load[key.H, key.T + _m.ProductIn[prod, key.H]] -= n * _m.WeightTonnes[item];
            foreach (var (c, a) in Funding[key]) MoneyLeft[c] += a;
            Purchases.Remove(key);
            Funding.Remove(key);
        }
    }

    /// <summary>
    /// Minimum orders: while some product is bought above 0 but below its minimumOrder, every such product's lines are
    /// removed, the product is barred from this plan and <paramref name="refill"/> runs again on what is left.
    /// </summary>
    public void EnforceMinimumOrders(Action<PlanBuilder> refill)
    {
        while (true)
        {
            var under = Enumerable.Range(0, _m.Products.Length).Where(p => ProductUnits[p] > 0 && ProductUnits[p] < _m.Products[p].MinimumOrder).ToList();
            if (under.Count == 0) return;
            foreach (var p in under) { RemoveProduct(p); Banned[p] = true; }
            refill(this);
        }
    }

    /// <summary>The objective of the lines so far (the same formula <see cref="PlanAssembler"/> reports).</summary>
    public double Objective()
    {
        double sum = 0;
        foreach (var ((o, r, h, t), q) in Lines) sum += _m.LineValue(o, r, h, t, q);
        foreach (var ((src, r, h, t), q) in Purchases) sum += _m.PurchaseLineValue(src, r, h, t, q);
        return sum;
    }

    /// <summary>Whole units of <paramref name="item"/> that still fit through hub h in week p.</summary>
    public long RoomUnits(int h, int p, int item)
    {
        if (p < 1 || p > _m.H) return 0;
        var w = _m.WeightTonnes[item];
        if (w <= 0) return long.MaxValue;
        var room = _m.Capacity[h, p] - Load[h, p];
        return room <= 0 ? 0 : (long)Math.Floor(room / w + 1e-9);
    }

    /// <summary>Whole units with factor f that still fit in requirement r's uncovered quantity.</summary>
    public long NeedUnits(int r, double factor)
    {
        var rest = _m.Reqs[r].Quantity - Covered[r];
        return rest <= 1e-9 ? 0 : (long)Math.Floor(rest / factor + 1e-9);
    }

    /// <summary>Adds as many units as every constraint allows, up to <paramref name="wanted"/>; returns units added.</summary>
    public int Add(int o, int r, int h, int shipWeek, long wanted)
    {
        var item = _m.OfferItem[o];
        var f = _m.Factor(r, item);
        if (f <= 0 || wanted <= 0 || _m.Standing[o] != OfferStanding.Eligible) return 0;
        if (shipWeek < _m.Offers[o].EarliestWeek) return 0;
        var p = shipWeek + _m.In[o, h];
        if (p + _m.Out[r, h] > _m.H) return 0;
        var q = Math.Min(Math.Min(wanted, OfferLeft[o]), Math.Min(NeedUnits(r, f), RoomUnits(h, p, item)));
        if (q <= 0) return 0;
        var n = (int)q;
        OfferLeft[o] -= n;
        Covered[r] += n * f;
        Load[h, p] += n * _m.WeightTonnes[item];
        var key = (o, r, h, shipWeek);
        Lines[key] = Lines.GetValueOrDefault(key) + n;
        return n;
    }

    /// <summary>
    /// Residual fill: by priority rank, repeatedly takes the best-valued single (offer, hub, week) move that fits,
    /// letting goods wait at origin when a hub is full. Used to repair a rounded LP solution.
    /// </summary>
    public void FillResidual(CancellationToken ct)
    {
        foreach (var r in Enumerable.Range(0, _m.Reqs.Length).OrderBy(r => _m.Reqs[r].PriorityRank).ThenBy(r => r))
        {
            ct.ThrowIfCancellationRequested();
            FillRequirement(r);
        }
    }

    /// <summary>Residual fill of one requirement (see <see cref="FillResidual"/>).</summary>
    public void FillRequirement(int r)
    {
        {
            while (true)
            {
                double best = 0; (int O, int H, int T) pick = (-1, -1, -1);
                foreach (var (item, f) in _m.Accepted[r])
                {
                    if (NeedUnits(r, f) <= 0) continue;
                    foreach (var o in _m.OffersOfItem[item])
                    {
                        if (OfferLeft[o] <= 0) continue;
                        for (var h = 0; h < _m.Hubs.Length; h++)
                        {
                            var first = _m.Offers[o].EarliestWeek + _m.In[o, h];
                            var last = _m.LastPassWeek(r, h);
                            for (var p = first; p <= last; p++)
                            {
                                if (RoomUnits(h, p, item) <= 0) continue;
                                var v = _m.UnitValueAtHub(r, item, f, h, p) - _m.InboundUnitCost(o, h);
                                if (v > best + 1e-12) { best = v; pick = (o, h, p - _m.In[o, h]); }
                                break; // the first week with room is the best week for this (offer, hub)
                            }
                        }
                    }
                }
                // Purchases compete on the same value (gifts first: a bought unit pays the purchase penalty).
                (int S, int H, int T) buy = (-1, -1, -1);
                foreach (var (item, f) in _m.Accepted[r])
                {
                    if (NeedUnits(r, f) <= 0) continue;
                    foreach (var src in _m.SourcesOfItem[item])
                    {
                        var prod = _m.SourceProduct[src];
                        if (Banned[prod] || AffordableUnits(prod) <= 0) continue;
                        for (var h = 0; h < _m.Hubs.Length; h++)
                        {
                            var inw = _m.ProductIn[prod, h];
                            var last = _m.LastPassWeek(r, h);
                            for (var p = _m.SourceFirstShip(src) + inw; p <= last; p++)
                            {
                                if (RoomUnits(h, p, item) <= 0 || SourceRoom(src, p - inw) <= 0) continue;
                                var v = _m.PurchaseUnitValue(src, r, f, h, p);
                                if (v > best + 1e-12) { best = v; buy = (src, h, p - inw); pick = (-1, -1, -1); }
                                break;
                            }
                        }
                    }
                }
                if (buy.S >= 0)
                {
                    if (AddPurchase(buy.S, r, buy.H, buy.T, long.MaxValue) == 0) break;
                    continue;
                }
                if (pick.O < 0) break;
                if (Add(pick.O, r, pick.H, pick.T, long.MaxValue) == 0) break;
            }
        }
    }
}
