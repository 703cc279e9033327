using System.Globalization;
using System.Text;

namespace Quartermaster.Planning;

/// <summary>Plain-text rendering of a plan: summary, lines, coverage with explanations, and a side-by-side comparison.</summary>
public static class PlanTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Formats a what-if comparison: the changes, both plans' figures and every requirement that changes (covered,
    /// on time and mean arrival week before → after, what changed and why). <paramref name="label"/> names requirements.
    /// </summary>
    public static string FormatComparison(WhatIfResult whatIf, Func<string, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(whatIf);
        label ??= id => id;
        var sb = new StringBuilder();
        var c = whatIf.Comparison;
        sb.AppendLine("Changes");
        for (var i = 0; i < whatIf.Changes.Count; i++) sb.AppendLine(Inv, $"  {i + 1}. {whatIf.Changes[i].Describe()}");
        sb.AppendLine();
        sb.AppendLine(Inv, $"Current:  {whatIf.Current.Status}, objective {whatIf.Current.Objective.ToString("N2", Inv)}, {whatIf.Current.Coverage.Count(x => x.FullyCoveredOnTime)} of {whatIf.Current.Coverage.Count} requirements fully on time");
        sb.AppendLine(Inv, $"Proposed: {whatIf.Proposed.Status}, objective {whatIf.Proposed.Objective.ToString("N2", Inv)}, {whatIf.Proposed.Coverage.Count(x => x.FullyCoveredOnTime)} of {whatIf.Proposed.Coverage.Count} requirements fully on time, gap {(whatIf.Proposed.Gap ?? 0).ToString("P4", Inv)}");
        sb.AppendLine(Inv, $"Requirements: {c.Gained} gained, {c.Lost} lost, {c.Earlier} earlier, {c.Later} later");
        var changed = c.Requirements.Where(r => r.Changed).ToList();
        if (changed.Count == 0) { sb.AppendLine("No requirement changes."); return sb.ToString(); }
        sb.AppendLine();
        Table(sb, ["Requirement", "Covered", "On time", "Mean arrival", "Change", "Why"],
            changed.Select(r => new[]
            {
                label(r.RequirementId),
                $"{r.CoveredBefore.ToString("0.##", Inv)} → {r.CoveredAfter.ToString("0.##", Inv)} of {r.QuantityAfter}",
                $"{r.OnTimeBefore.ToString("0.##", Inv)} → {r.OnTimeAfter.ToString("0.##", Inv)}",
                $"{Wk(r.MeanArrivalBefore)} → {Wk(r.MeanArrivalAfter)}",
                string.Join(", ", r.Changes.Select(k => k.ToString().ToLowerInvariant())),
                string.Join("; ", r.Why),
            }));
        return sb.ToString();
    }

    private static string Wk(double? w) => w is { } x ? "W" + x.ToString("0.#", Inv) : "-";

    /// <summary>Formats a plan as fixed-width text tables.</summary>
    public static string Format(PlanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        var boundText = result.Bound is { } b ? $"   Bound: {b.ToString("N2", Inv)}   Gap: {result.Gap!.Value.ToString("P4", Inv)}" : "";
        sb.AppendLine(Inv, $"Planner: {result.Planner}   Status: {result.Status}   Objective: {result.Objective.ToString("N2", Inv)}{boundText}");
        sb.AppendLine();
        sb.AppendLine("Plan lines");
        Table(sb, ["Offer", "Requirement", "Hub", "Qty", "Ship wk", "Hub wk", "Arrive wk", "Coverage", "Blocked"],
            result.Lines.Select(l => new[]
            {
                l.OfferId, l.RequirementId, l.HubCode ?? "-", l.Quantity.ToString(Inv), W(l.ShipWeek), W(l.HubWeek), W(l.ArrivalWeek),
                l.Coverage.ToString("0.##", Inv), l.Blocked ? $"yes: {l.BlockedReason}" : "",
            }));
        if (result.Purchases is { } purchases)
        {
            sb.AppendLine();
            var total = purchases.Sum(p => p.Cost);
            sb.AppendLine(Inv, $"Purchases ({purchases.Count} lines, {total.ToString("#,0.##", Inv)} {result.Currency ?? "EUR"})");
            Table(sb, ["Product", "Company", "Requirement", "Source", "Hub", "Qty", "Order wk", "Ship wk", "Arrive wk", "Coverage", "Cost", "Paid by"],
                purchases.Select(p => new[]
                {
                    p.ProductId, p.CompanyId, p.RequirementId, p.Source.ToString(), p.HubCode, p.Quantity.ToString(Inv), W(p.OrderWeek), W(p.ShipWeek),
                    W(p.ArrivalWeek), p.Coverage.ToString("0.##", Inv), p.Cost.ToString("#,0.##", Inv),
                    string.Join(", ", p.Funding.Select(f => $"{f.ContributionId} ({f.PoolId}) {f.Amount.ToString("#,0.##", Inv)}")),
                }));
        }
        sb.AppendLine();
        sb.AppendLine("Coverage");
        if (result.Purchases is null)
            Table(sb, ["Requirement", "Rank", "Needed by", "Quantity", "Covered", "On time", "Blocked"],
                result.Coverage.Select(c => new[]
                {
                    c.RequirementId, c.PriorityRank.ToString(Inv), c.NeededByWeek.ToString(Inv), c.Quantity.ToString(Inv),
                    c.Covered.ToString("0.##", Inv), c.CoveredOnTime.ToString("0.##", Inv), c.BlockedCoverage.ToString("0.##", Inv),
                }));
        else
            Table(sb, ["Requirement", "Rank", "Needed by", "Quantity", "Covered", "Gifts", "Stock", "Production", "On time", "Blocked"],
                result.Coverage.Select(c => new[]
                {
                    c.RequirementId, c.PriorityRank.ToString(Inv), c.NeededByWeek.ToString(Inv), c.Quantity.ToString(Inv),
                    c.Covered.ToString("0.##", Inv), c.FromGifts.ToString("0.##", Inv), c.FromStock.ToString("0.##", Inv), c.FromProduction.ToString("0.##", Inv),
                    c.CoveredOnTime.ToString("0.##", Inv), c.BlockedCoverage.ToString("0.##", Inv),
                }));
        var short_ = result.Coverage.Where(c => c.Explanations.Count > 0).ToList();
        if (short_.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Not fully covered on time");
            foreach (var c in short_)
            {
                sb.AppendLine(Inv, $"  {c.RequirementId} (rank {c.PriorityRank}): covered {c.Covered.ToString("0.##", Inv)} of {c.Quantity}, {c.CoveredOnTime.ToString("0.##", Inv)} on time");
                foreach (var e in c.Explanations) sb.AppendLine(Inv, $"    [{e.Code}] {e.Message}");
            }
        }
        return sb.ToString();
    }

    /// <summary>Formats two plans of the same scenario side by side (e.g. optimiser vs greedy).</summary>
    public static string Compare(PlanResult a, PlanResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sb = new StringBuilder();
        static string OnTime(PlanResult r) => r.Coverage.Count(c => c.FullyCoveredOnTime).ToString(Inv);
        static string Units(PlanResult r) => r.Coverage.Sum(c => c.Covered).ToString("N1", Inv);
        Table(sb, ["", a.Planner, b.Planner],
        [
            ["Status", a.Status.ToString(), b.Status.ToString()],
            ["Objective", a.Objective.ToString("N2", Inv), b.Objective.ToString("N2", Inv)],
            ["Bound", a.Bound?.ToString("N2", Inv) ?? "-", b.Bound?.ToString("N2", Inv) ?? "-"],
            ["Gap", a.Gap?.ToString("P4", Inv) ?? "-", b.Gap?.ToString("P4", Inv) ?? "-"],
            ["Requirements fully on time", OnTime(a), OnTime(b)],
            ["Units of coverage", Units(a), Units(b)],
            ["Shipped lines", a.Lines.Count(l => !l.Blocked).ToString(Inv), b.Lines.Count(l => !l.Blocked).ToString(Inv)],
            .. (a.Purchases is not null || b.Purchases is not null
                ? new[]
                {
                    new[] { "Purchase lines", (a.Purchases?.Count ?? 0).ToString(Inv), (b.Purchases?.Count ?? 0).ToString(Inv) },
                    ["Money spent", (a.Purchases?.Sum(p => p.Cost) ?? 0).ToString("#,0.##", Inv), (b.Purchases?.Sum(p => p.Cost) ?? 0).ToString("#,0.##", Inv)],
                }
                : []),
            ["Blocked lines", a.Lines.Count(l => l.Blocked).ToString(Inv), b.Lines.Count(l => l.Blocked).ToString(Inv)],
        ]);
        return sb.ToString();
    }

    private static string W(int? w) => w?.ToString(Inv) ?? "-";

    private static void Table(StringBuilder sb, string[] head, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var width = head.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        void Row(string[] cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(width[i]))).TrimEnd());
        Row(head);
        sb.AppendLine(string.Join("  ", width.Select(w => new string('-', w))));
        foreach (var r in all) Row(r);
        if (all.Count == 0) sb.AppendLine("(none)");
    }
}
