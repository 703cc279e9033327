namespace Quartermaster.Planning;

/// <summary>How one requirement fares in a proposed plan compared with the current one.</summary>
public enum CoverageChange { Unchanged, Gained, Lost, Earlier, Later }

/// <summary>
/// One requirement before and after: coverage (units of its item), coverage on time, the coverage-weighted mean
/// arrival week of what is shipped, what changed and why.
/// </summary>
public sealed record RequirementDelta(
    string RequirementId, int PriorityRank, int QuantityBefore, int QuantityAfter,
    double CoveredBefore, double CoveredAfter, double OnTimeBefore, double OnTimeAfter,
    double? MeanArrivalBefore, double? MeanArrivalAfter,
    IReadOnlyList<CoverageChange> Changes, IReadOnlyList<string> Why)
{
    public bool Changed => Changes.Count > 0 && Changes[0] != CoverageChange.Unchanged;
}

/// <summary>Two plans compared requirement by requirement (requirements present in either plan).</summary>
public sealed record PlanComparison(
    double ObjectiveBefore, double ObjectiveAfter, IReadOnlyList<RequirementDelta> Requirements)
{
    public int Gained => Requirements.Count(r => r.Changes.Contains(CoverageChange.Gained));
    public int Lost => Requirements.Count(r => r.Changes.Contains(CoverageChange.Lost));
    public int Earlier => Requirements.Count(r => r.Changes.Contains(CoverageChange.Earlier));
    public int Later => Requirements.Count(r => r.Changes.Contains(CoverageChange.Later));

    private const double Eps = 1e-6;

    /// <summary>
    /// Compares <paramref name="before"/> (the current plan) with <paramref name="after"/> (the proposed one).
    /// Gained / lost: covered units went up / down. Earlier / later: units covered on time went up / down, or, with
    /// the same coverage and on-time coverage, the coverage-weighted weeks late went down / up. The reasons name the
    /// changes that touch the requirement or an offer that served it in either plan, then the proposed plan's own
    /// explanations of a shortfall or lateness; otherwise the effect is a knock-on one (units or hub room moved),
    /// naming the changes when there are at most five.
    /// </summary>
    public static PlanComparison Compare(PlanResult before, PlanResult after, IReadOnlyList<ScenarioChange>? changes = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        changes ??= [];
        var b = before.Coverage.ToDictionary(c => c.RequirementId);
        var a = after.Coverage.ToDictionary(c => c.RequirementId);
        var offersBefore = Served(before);
        var offersAfter = Served(after);
        var ids = before.Coverage.Select(c => c.RequirementId).Concat(after.Coverage.Select(c => c.RequirementId)).Distinct();
        var list = new List<RequirementDelta>();
        foreach (var id in ids)
        {
            var cb = b.GetValueOrDefault(id);
            var ca = a.GetValueOrDefault(id);
            double covB = cb?.Covered ?? 0, covA = ca?.Covered ?? 0, otB = cb?.CoveredOnTime ?? 0, otA = ca?.CoveredOnTime ?? 0;
            var arrB = MeanArrival(before, id);
            var arrA = MeanArrival(after, id);
            var kinds = new List<CoverageChange>();
            if (covA > covB + Eps) kinds.Add(CoverageChange.Gained);
            else if (covA < covB - Eps) kinds.Add(CoverageChange.Lost);
            if (otA > otB + Eps) kinds.Add(CoverageChange.Earlier);
            else if (otA < otB - Eps) kinds.Add(CoverageChange.Later);
            else if (Math.Abs(covA - covB) <= Eps)
            {
                // Same coverage, same on-time coverage: earlier / later only if the weeks late changed (arriving earlier
                // than needed is worth nothing, so plans that differ only there are equally good, not "earlier").
                var lateB = WeeksLate(before, id, cb?.NeededByWeek ?? ca!.NeededByWeek);
                var lateA = WeeksLate(after, id, ca?.NeededByWeek ?? cb!.NeededByWeek);
                if (lateA < lateB - Eps) kinds.Add(CoverageChange.Earlier);
                else if (lateA > lateB + Eps) kinds.Add(CoverageChange.Later);
            }
            if (kinds.Count == 0) kinds.Add(CoverageChange.Unchanged);

            var why = new List<string>();
            if (kinds[0] != CoverageChange.Unchanged)
            {
                var touching = offersBefore.GetValueOrDefault(id, []).Union(offersAfter.GetValueOrDefault(id, [])).ToHashSet();
                foreach (var c in changes)
                    if (c.RequirementId == id || (c.OfferId is { } o && touching.Contains(o))) why.Add(c.Describe());
                if (kinds.Contains(CoverageChange.Lost) || kinds.Contains(CoverageChange.Later))
                    why.AddRange((ca?.Explanations ?? []).Select(e => e.Message));
                if (why.Count == 0)
                {
                    var of = changes.Count is > 0 and <= 5 ? $" ({string.Join("; ", changes.Select(c => c.Describe()))})" : "";
                    why.Add(kinds.Contains(CoverageChange.Gained) || kinds.Contains(CoverageChange.Earlier)
                        ? $"knock-on effect of the changes{of}: units or hub room freed elsewhere now serve this requirement"
                        : $"knock-on effect of the changes{of}: units or hub room now go to other requirements");
                }
            }
            list.Add(new RequirementDelta(id, ca?.PriorityRank ?? cb!.PriorityRank, cb?.Quantity ?? 0, ca?.Quantity ?? 0,
                covB, covA, otB, otA, arrB, arrA, kinds, why));
        }
        list.Sort((x, y) => x.PriorityRank != y.PriorityRank ? x.PriorityRank.CompareTo(y.PriorityRank) : string.CompareOrdinal(x.RequirementId, y.RequirementId));
        return new PlanComparison(before.Objective, after.Objective, list);
    }

    private static Dictionary<string, HashSet<string>> Served(PlanResult p)
    {
        var d = new Dictionary<string, HashSet<string>>();
        foreach (var l in p.Lines)
        {
            if (!d.TryGetValue(l.RequirementId, out var s)) d[l.RequirementId] = s = [];
            s.Add(l.OfferId);
        }
        foreach (var c in p.Coverage)
            foreach (var e in c.Explanations)
                if (e.OfferId is { } o)
                {
                    if (!d.TryGetValue(c.RequirementId, out var s)) d[c.RequirementId] = s = [];
                    s.Add(o);
                }
        return d;
    }

    private static double WeeksLate(PlanResult p, string id, int neededBy)
    {
        double sum = 0;
        foreach (var l in p.Lines)
            if (!l.Blocked && l.RequirementId == id && l.ArrivalWeek is { } a && a > neededBy) sum += l.Coverage * (a - neededBy);
        return sum;
    }

    private static double? MeanArrival(PlanResult p, string id)
    {
        double w = 0, sum = 0;
        foreach (var l in p.Lines)
            if (!l.Blocked && l.RequirementId == id && l.ArrivalWeek is { } a) { w += l.Coverage; sum += l.Coverage * a; }
        return w > 0 ? sum / w : null;
    }
}
