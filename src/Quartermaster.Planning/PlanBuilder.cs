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
    }

    /// <summary>The objective of the lines so far (the same formula <see cref="PlanAssembler"/> reports).</summary>
    public double Objective()
    {
        double sum = 0;
        foreach (var ((o, r, h, t), q) in Lines) sum += _m.LineValue(o, r, h, t, q);
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
                if (pick.O < 0) break;
                if (Add(pick.O, r, pick.H, pick.T, long.MaxValue) == 0) break;
            }
        }
    }
}
