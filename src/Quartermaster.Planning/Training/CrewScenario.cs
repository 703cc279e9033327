namespace Quartermaster.Planning.Training;

/// <summary>A course as the crew planner sees it: length in weeks, seats per cohort and the courses a trainee must pass first.</summary>
public sealed record CrewCourse(string Id, int LengthWeeks, int SeatsPerCohort, IReadOnlyList<string>? Prerequisites = null);

/// <summary>
/// A training site: seats per cohort, the courses it runs, the weeks a cohort may start (1..horizon) and the weeks it is
/// closed (no cohort may be in session in a blackout week).
/// </summary>
public sealed record CrewSite(string Id, int SeatsPerCohort, IReadOnlyList<string> Courses, IReadOnlyList<int> StartWeeks, IReadOnlyList<int>? BlackoutWeeks = null);

/// <summary>
/// Crews one requirement still needs: <see cref="Crews"/> crews of <see cref="CrewSize"/> trainees on course
/// <see cref="CourseId"/> (and its prerequisites), ready by <see cref="ArrivalWeek"/>, the week the equipment arrives.
/// Rank 1 is the most urgent. One requirement may appear once per arrival week (as separate ids).
/// </summary>
public sealed record CrewRequirement(string Id, string CourseId, int Crews, int CrewSize, int PriorityRank, int ArrivalWeek);

/// <summary>Seats already taken by existing cohorts of a course starting in a week at a site.</summary>
public sealed record SeatsTaken(string SiteId, string CourseId, int StartWeek, int Seats);

/// <summary>A self-contained crew-planning snapshot (docs/planning.md, "Crew planning"). Weeks are numbered 1..<see cref="HorizonWeeks"/>.</summary>
public sealed record CrewScenario(
    int HorizonWeeks,
    IReadOnlyList<CrewCourse> Courses,
    IReadOnlyList<CrewSite> Sites,
    IReadOnlyList<CrewRequirement> Requirements,
    IReadOnlyList<SeatsTaken>? Taken = null)
{
    public const int MaxHorizonWeeks = 260;

    /// <summary>Checks consistency; throws <see cref="CrewScenarioException"/> naming the first bad record.</summary>
    public void Validate()
    {
        if (HorizonWeeks is < 1 or > MaxHorizonWeeks)
            throw new CrewScenarioException("horizonWeeks", $"must be between 1 and {MaxHorizonWeeks} (got {HorizonWeeks})");
        var courses = new Dictionary<string, CrewCourse>(StringComparer.Ordinal);
        for (var i = 0; i < Courses.Count; i++)
        {
            var c = Courses[i];
            var at = $"courses[{i}] (id {c.Id})";
            if (string.IsNullOrWhiteSpace(c.Id)) throw new CrewScenarioException($"courses[{i}]", "id is required");
            if (!courses.TryAdd(c.Id, c)) throw new CrewScenarioException(at, "duplicate course id");
            if (c.LengthWeeks < 1) throw new CrewScenarioException(at, $"lengthWeeks must be at least 1 (got {c.LengthWeeks})");
            if (c.SeatsPerCohort < 1) throw new CrewScenarioException(at, $"seatsPerCohort must be at least 1 (got {c.SeatsPerCohort})");
        }
        for (var i = 0; i < Courses.Count; i++)
            foreach (var p in Courses[i].Prerequisites ?? [])
                if (!courses.ContainsKey(p)) throw new CrewScenarioException($"courses[{i}] (id {Courses[i].Id})", $"unknown prerequisite '{p}'");
        foreach (var c in Courses)
            if (HasCycle(c.Id, courses)) throw new CrewScenarioException($"course {c.Id}", "its prerequisites form a cycle");
        var sites = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Sites.Count; i++)
        {
            var s = Sites[i];
            var at = $"sites[{i}] (id {s.Id})";
            if (string.IsNullOrWhiteSpace(s.Id)) throw new CrewScenarioException($"sites[{i}]", "id is required");
            if (!sites.Add(s.Id)) throw new CrewScenarioException(at, "duplicate site id");
            if (s.SeatsPerCohort < 1) throw new CrewScenarioException(at, $"seatsPerCohort must be at least 1 (got {s.SeatsPerCohort})");
            foreach (var c in s.Courses) if (!courses.ContainsKey(c)) throw new CrewScenarioException(at, $"unknown course '{c}'");
            foreach (var w in s.StartWeeks.Concat(s.BlackoutWeeks ?? []))
                if (w < 1 || w > HorizonWeeks) throw new CrewScenarioException(at, $"week {w} is outside 1..{HorizonWeeks}");
        }
        var reqs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Requirements.Count; i++)
        {
            var r = Requirements[i];
            var at = $"requirements[{i}] (id {r.Id})";
            if (string.IsNullOrWhiteSpace(r.Id)) throw new CrewScenarioException($"requirements[{i}]", "id is required");
            if (!reqs.Add(r.Id)) throw new CrewScenarioException(at, "duplicate requirement id");
            if (!courses.ContainsKey(r.CourseId)) throw new CrewScenarioException(at, $"unknown course '{r.CourseId}'");
            if (r.Crews < 0) throw new CrewScenarioException(at, $"crews must not be negative (got {r.Crews})");
            if (r.CrewSize < 1) throw new CrewScenarioException(at, $"crewSize must be at least 1 (got {r.CrewSize})");
            if (r.PriorityRank < 1) throw new CrewScenarioException(at, $"priorityRank must be at least 1 (got {r.PriorityRank})");
            if (r.ArrivalWeek < 1 || r.ArrivalWeek > HorizonWeeks + 1)
                throw new CrewScenarioException(at, $"arrivalWeek must be between 1 and {HorizonWeeks + 1} (got {r.ArrivalWeek})");
        }
        for (var i = 0; i < (Taken?.Count ?? 0); i++)
        {
            var t = Taken![i];
            if (!sites.Contains(t.SiteId) || !courses.ContainsKey(t.CourseId) || t.Seats < 0)
                throw new CrewScenarioException($"taken[{i}]", "needs a known site, a known course and seats ≥ 0");
        }
    }

    private static bool HasCycle(string start, Dictionary<string, CrewCourse> courses)
    {
        var stack = new Stack<string>(courses[start].Prerequisites ?? []);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            if (c == start) return true;
            if (!seen.Add(c)) continue;
            foreach (var p in courses[c].Prerequisites ?? []) stack.Push(p);
        }
        return false;
    }
}

/// <summary>The crew scenario is inconsistent; <see cref="Record"/> names the record at fault.</summary>
public sealed class CrewScenarioException(string record, string problem) : Exception($"{record}: {problem}")
{
    public string Record { get; } = record;
    public string Problem { get; } = problem;
}
