namespace Quartermaster.Planning.Training;

/// <summary>Optimal: proven optimal. Feasible: a valid plan, with a gap to the proven bound (time limit).</summary>
public enum CrewPlanStatus { Optimal, Feasible }

/// <summary>
/// <see cref="Crews"/> crews (<see cref="Trainees"/> trainees) of a requirement in a cohort of a course at a site,
/// starting in <see cref="StartWeek"/> and graduating (available) in <see cref="GraduationWeek"/> = start + length.
/// <see cref="Prerequisite"/>: the cohort is a prerequisite course the same trainees take first.
/// </summary>
public sealed record CrewAssignment(string RequirementId, string CourseId, string SiteId, int StartWeek, int GraduationWeek, int Crews, int Trainees, bool Prerequisite);

/// <summary>Why crews cannot be ready by the equipment's arrival: a stable code and a sentence.</summary>
public sealed record CrewExplanation(string Code, string Message, string? CourseId = null, int? Week = null);

/// <summary>How one requirement's crews are planned: on time (graduating by the arrival week), late, or not at all, and why.</summary>
public sealed record CrewCoverage(string RequirementId, int PriorityRank, int ArrivalWeek, int Crews, int CrewsOnTime, int CrewsLate,
    int? LastGraduationWeek, IReadOnlyList<CrewExplanation> Explanations)
{
    public bool OnTime => CrewsOnTime >= Crews;
}

/// <summary>The baseline's score with the same objective, for comparison.</summary>
public sealed record CrewBaseline(long Objective, int CrewsOnTime, int CrewsPlanned, double Seconds);

/// <summary>Size of the model: independent components (courses linked by prerequisites), CP-SAT variables and constraints.</summary>
public sealed record CrewPlanStatistics(int Components, int Slots, int Variables, int Constraints, double Seconds);

/// <summary>A crew plan: cohorts to open (assignments), coverage per requirement with explanations, objective, bound and gap.</summary>
/// <param name="Planner">"cp-sat" or "baseline".</param>
/// <param name="Bound">Proven upper bound on the objective of any plan (null for the baseline).</param>
/// <param name="Gap">(bound − objective) / max(1, bound), null for the baseline.</param>
public sealed record CrewPlanResult(string Planner, CrewPlanStatus Status, long Objective, long? Bound, double? Gap,
    IReadOnlyList<CrewAssignment> Assignments, IReadOnlyList<CrewCoverage> Coverage, CrewPlanStatistics Statistics, CrewBaseline? Baseline)
{
    public int CrewsNeeded => Coverage.Sum(c => c.Crews);
    public int CrewsOnTime => Coverage.Sum(c => c.CrewsOnTime);
    public int CrewsPlanned => Coverage.Sum(c => c.CrewsOnTime + c.CrewsLate);
}

/// <summary>Options of <see cref="CrewPlanner.Solve"/>.</summary>
public sealed record CrewPlannerOptions
{
    /// <summary>Time for all CP-SAT solves together, in seconds.</summary>
    public double TimeLimitSeconds { get; init; } = 20;

    /// <summary>
    /// Components whose model would have more variables than this are planned by the latest-fit heuristic alone, with
    /// the demand and supply bounds (docs/planning.md); smaller ones by CP-SAT.
    /// </summary>
    public int MaxComponentVariables { get; init; } = 20_000;

    /// <summary>CP-SAT search workers per component.</summary>
    public int Workers { get; init; } = 2;

    public static CrewPlannerOptions Default { get; } = new();
}
