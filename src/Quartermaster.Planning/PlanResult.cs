namespace Quartermaster.Planning;

/// <summary>Optimal: the plan's objective equals the proven bound. Feasible: a valid plan with a gap to the bound.
/// Infeasible: the solver found no plan (never expected: shipping nothing is always allowed).</summary>
public enum PlanStatus { Optimal, Feasible, Infeasible }

/// <summary>
/// One plan line: <see cref="Quantity"/> units of an offer for a requirement. A shipped line goes through
/// <see cref="HubCode"/>, leaves origin in <see cref="ShipWeek"/>, passes the hub in <see cref="HubWeek"/> and arrives in
/// <see cref="ArrivalWeek"/>. A blocked line (consent or licence pending) has no hub or weeks, covers nothing and uses
/// no hub capacity. <see cref="Coverage"/> = quantity × equivalence factor; <see cref="Value"/> is its objective term.
/// </summary>
public sealed record PlanLine(
    string OfferId, string RequirementId, string? HubCode, int Quantity, int? ShipWeek, int? HubWeek, int? ArrivalWeek,
    double Coverage, bool Blocked, string? BlockedCode, string? BlockedReason, double Value);

/// <summary>Why a requirement is not fully covered on time: a stable <see cref="Code"/> and a sentence.</summary>
public sealed record Explanation(string Code, string Message, string? OfferId = null, string? OtherRequirementId = null, string? HubCode = null, int? Week = null,
    string? ProductId = null, string? PoolId = null);

/// <summary>Where a bought unit comes from: the company's stock on hand, or production ordered for the plan.</summary>
public enum PurchaseSource { Stock, Production }

/// <summary>The part of a purchase line's cost paid by one contribution (in the scenario's currency).</summary>
public sealed record FundingShare(string ContributionId, string PoolId, string Donor, decimal Amount);

/// <summary>
/// One purchase line: <see cref="Quantity"/> units of a product bought for a requirement, ordered in
/// <see cref="OrderWeek"/> (production: ready at origin <see cref="ShipWeek"/> = order week + lead time; stock: the
/// same week), through <see cref="HubCode"/>. <see cref="Cost"/> = quantity × unit price, paid as <see cref="Funding"/>
/// says; <see cref="Value"/> is its objective term.
/// </summary>
public sealed record PurchaseLine(
    string ProductId, string CompanyId, string RequirementId, string HubCode, int Quantity, PurchaseSource Source,
    int OrderWeek, int ShipWeek, int HubWeek, int ArrivalWeek, double Coverage, decimal Cost, IReadOnlyList<FundingShare> Funding, double Value);

/// <summary>Coverage of one requirement (in units of the requirement's item) and, if short or late, why.</summary>
public sealed record RequirementCoverage(
    string RequirementId, int PriorityRank, int NeededByWeek, int Quantity, double Covered, double CoveredOnTime,
    double BlockedCoverage, IReadOnlyList<Explanation> Explanations, double FromGifts = 0, double FromStock = 0, double FromProduction = 0)
{
    public bool FullyCoveredOnTime => CoveredOnTime >= Quantity - 1e-9;
}

/// <summary>Tonnes passing a hub in a week (weeks 1..horizon, every hub and week listed).</summary>
public sealed record HubWeekLoad(string HubCode, int Week, double Tonnes, double CapacityTonnes);

/// <summary>Size of the optimisation model (zeros for the greedy baseline).</summary>
public sealed record PlanStatistics(int OfferGroups, int Variables, int Constraints, int ColumnGenerationRounds, bool LpConverged, double LpValue);

/// <summary>A plan and everything needed to show it: objective, proven bound, gap, lines, coverage, explanations, hub loads.</summary>
/// <param name="Planner">"optimiser" or "greedy".</param>
/// <param name="Bound">Best proven upper bound on the objective of any plan (null for greedy).</param>
/// <param name="Gap">(bound − objective) / max(1, |bound|), null for greedy.</param>
public sealed record PlanResult(
    string Planner, PlanStatus Status, double Objective, double? Bound, double? Gap,
    IReadOnlyList<PlanLine> Lines, IReadOnlyList<RequirementCoverage> Coverage, IReadOnlyList<HubWeekLoad> HubLoads,
    PlanStatistics Statistics, IReadOnlyList<PurchaseLine>? Purchases = null, string? Currency = null);

/// <summary>Progress of a solve: a phase name, a sentence and, where known, a fraction done (0..1).</summary>
public sealed record PlanProgress(string Phase, string Message, double? Fraction = null);

/// <summary>Options of <see cref="Planner.Solve"/>.</summary>
public sealed record PlannerOptions
{
    /// <summary>
    /// Maximum column-generation rounds (each re-solves the LP); 0 (the default) = until the LP relaxation is proven
    /// optimal. The bound stays valid if it stops early.
    /// </summary>
    public int MaxColumnGenerationRounds { get; init; }

    /// <summary>Stops column generation after this many seconds (0 = no limit); the bound stays valid.</summary>
    public double TimeLimitSeconds { get; init; }

    /// <summary>
    /// A previous plan of (nearly) the same scenario, e.g. the current plan in what-if re-planning: its shipped lines
    /// that still exist seed the LP's columns, so fewer rounds are needed. The optimum does not depend on it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PlanResult? WarmStart { get; init; }

    /// <summary>
    /// Seconds for the exact repair of the rounded plan (CP-SAT over the LP's columns and the best heuristic plan's,
    /// hinted with that plan); 0 = no repair. It only ever improves the plan. The search stops at this many
    /// deterministic seconds of CP-SAT or this many wall-clock seconds, whichever comes first.
    /// </summary>
    public double RepairSeconds { get; init; } = 5;

    /// <summary>Time limit for each LP solve, in seconds (0 = none).</summary>
    public double LpTimeLimitSeconds { get; init; }

    public static PlannerOptions Default { get; } = new();
}
