using Quartermaster.Application.Common;
using Quartermaster.Planning;
using Quartermaster.Storage;

namespace Quartermaster.Application.Allocations;

/// <summary>A what-if re-plan of a period: the changes, the plan of the current data, the proposed plan, their comparison.</summary>
public sealed record WhatIfView(string Period, WhatIfResult Result, PlanLabels Labels);

/// <summary>The ids a what-if can refer to, each with a label.</summary>
public sealed record WhatIfChoices(string Period, int HorizonWeeks, IReadOnlyList<(string Id, string Label)> Offers,
    IReadOnlyList<(string Id, string Label)> Requirements, IReadOnlyList<(string Id, string Label)> Hubs, IReadOnlyList<(string Id, string Label)> Items);

/// <summary>
/// What-if re-planning from the database: takes the period's current data, plans it as it stands and with the given
/// changes applied in memory (the second solve seeded with the first), and compares the two per requirement.
/// Nothing is written: stored data and plans stay as they are until someone makes the changes and confirms a plan.
/// </summary>
public sealed class WhatIfService(QuartermasterDb db, AllocationsService allocations)
{
    public async Task<WhatIfView> Run(string? period, IReadOnlyList<ScenarioChange> changes, IProgress<PlanProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0) throw new RequestException("changes", "Give at least one change to plan what would happen.");
        progress?.Report(new PlanProgress("snapshot", "reading requirements, offers and hubs", 0.02));
        var snapshot = await PlanSnapshot.Take(db, period, changes.OfType<AddOffer>().Select(a => a.Offer?.Donor ?? ""), ct);
        Scenario changed;
        try { changed = WhatIf.Apply(snapshot.Scenario, changes); }
        catch (ScenarioException e) { throw new RequestException("changes", e.Message); }
        var current = snapshot.WithUndisclosedExplained(Planner.Solve(snapshot.Scenario, PlannerOptions.Default, Scaled(progress, "current data", 0.05, 0.45), ct));
        var proposed = snapshot.WithUndisclosedExplained(Planner.Solve(changed, PlannerOptions.Default with { WarmStart = current },
            Scaled(progress, "with the changes", 0.5, 0.45), ct));
        var result = new WhatIfResult(changes, current, proposed, PlanComparison.Compare(current, proposed, changes));
        progress?.Report(new PlanProgress("done", $"{result.Comparison.Gained} gained, {result.Comparison.Lost} lost, {result.Comparison.Earlier} earlier, {result.Comparison.Later} later", 1));
        return new WhatIfView(snapshot.Period, result, await allocations.LabelsFor(snapshot.Period,
            proposed with { Lines = [.. current.Lines, .. proposed.Lines], Coverage = [.. current.Coverage, .. proposed.Coverage] }, ct));
    }

    /// <summary>What a what-if form can name for a period: offers, requirements and hubs by id with readable labels.</summary>
    public async Task<WhatIfChoices> Choices(string? period, CancellationToken ct = default)
    {
        var snapshot = await PlanSnapshot.Take(db, period, ct);
        var s = snapshot.Scenario;
        var empty = new PlanResult("optimiser", PlanStatus.Feasible, 0, null, null,
            s.Offers.Select(o => new PlanLine(o.Id, s.Requirements[0].Id, null, 0, null, null, null, 0, true, null, null, 0)).ToList(), [], [], new PlanStatistics(0, 0, 0, 0, false, 0));
        var labels = await allocations.LabelsFor(snapshot.Period, empty, ct);
        return new WhatIfChoices(snapshot.Period, s.HorizonWeeks,
            s.Offers.Select(o => (o.Id, $"{labels.Offers.GetValueOrDefault(o.Id) ?? o.Id} — {o.Quantity} units from week {o.EarliestWeek}")).ToList(),
            s.Requirements.Select(r => (r.Id, labels.Requirements.GetValueOrDefault(r.Id) ?? r.Id)).ToList(),
            s.Hubs.Select(h => (h.Code, $"{h.Code} ({h.WeeklyCapacityTonnes:0.#} t a week)")).ToList(),
            s.Items.Select(i => (i.Id, i.Name)).ToList());
    }

    private static IProgress<PlanProgress>? Scaled(IProgress<PlanProgress>? progress, string what, double from, double span)
        => progress is null ? null : new Relay(p => progress.Report(p with
        {
            Message = $"{what}: {p.Message}",
            Fraction = p.Fraction is { } f ? from + span * f : null,
            Phase = p.Phase == "done" ? "solve" : p.Phase,
        }));

    private sealed class Relay(Action<PlanProgress> report) : IProgress<PlanProgress>
    {
        public void Report(PlanProgress value) => report(value);
    }
}
