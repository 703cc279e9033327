namespace Quartermaster.Planning;

/// <summary>
/// The baseline a coordinator would do by hand: requirements in priority order (rank, then list order); for each,
/// accepted items in order (the item, then its compatible substitutes), eligible offers by earliest week then list
/// order; each offer ships in its earliest week through the first hub (scenario order) with room that week and an
/// arrival within the horizon. Evaluated with the same objective as the optimiser.
/// </summary>
public static class GreedyPlanner
{
    /// <summary>Plans greedily; throws <see cref="ScenarioException"/> if the scenario is inconsistent.</summary>
    public static PlanResult Solve(Scenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var m = new PlanningModel(scenario);
        var b = Build(m, cancellationToken);
        return PlanAssembler.Build(m, b, "greedy", PlanStatus.Feasible, null, new PlanStatistics(0, 0, 0, 0, false, 0));
    }

    internal static PlanBuilder Build(PlanningModel m, CancellationToken cancellationToken)
    {
        var b = new PlanBuilder(m);
        foreach (var r in Enumerable.Range(0, m.Reqs.Length).OrderBy(r => m.Reqs[r].PriorityRank).ThenBy(r => r))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (item, f) in m.Accepted[r])
                foreach (var o in m.OffersOfItem[item].OrderBy(o => m.Offers[o].EarliestWeek).ThenBy(o => o))
                {
                    if (b.NeedUnits(r, f) <= 0) break;
                    if (b.OfferLeft[o] <= 0) continue;
                    for (var h = 0; h < m.Hubs.Length && b.OfferLeft[o] > 0 && b.NeedUnits(r, f) > 0; h++)
                        b.Add(o, r, h, m.Offers[o].EarliestWeek, long.MaxValue);
                }
        }
        BuyWhatIsLeft(m, b, cancellationToken);
        b.EnforceMinimumOrders(x => BuyWhatIsLeft(m, x, cancellationToken));
        return b;
    }

    /// <summary>
    /// Buy what is left: requirements by rank (then list order), accepted items in order, the item's purchase sources by
    /// unit price, then product list order, stock before production; stock ships in week 1, production in the first week
    /// it can ship with room in that month's capacity (then the next such weeks); hubs in scenario order; as many whole
    /// units as the need, the source, the hub and the remaining eligible money allow.
    /// </summary>
    private static void BuyWhatIsLeft(PlanningModel m, PlanBuilder b, CancellationToken ct)
    {
        if (m.SourceProduct.Length == 0) return;
        foreach (var r in Enumerable.Range(0, m.Reqs.Length).OrderBy(r => m.Reqs[r].PriorityRank).ThenBy(r => r))
        {
            ct.ThrowIfCancellationRequested();
            foreach (var (item, f) in m.Accepted[r])
                foreach (var src in m.SourcesOfItem[item].OrderBy(x => m.Products[m.SourceProduct[x]].UnitPrice).ThenBy(x => m.SourceProduct[x]).ThenBy(x => m.SourceProduction[x]))
                {
                    if (b.NeedUnits(r, f) <= 0) break;
                    if (b.AffordableUnits(m.SourceProduct[src]) <= 0) continue;
                    var first = m.SourceFirstShip(src);
                    var lastWeek = m.SourceProduction[src] ? m.H : first;
                    for (var t = first; t <= lastWeek && b.NeedUnits(r, f) > 0; t++)
                        for (var h = 0; h < m.Hubs.Length && b.NeedUnits(r, f) > 0 && b.SourceRoom(src, t) > 0; h++)
                            b.AddPurchase(src, r, h, t, long.MaxValue);
                }
        }
    }
}
