namespace Quartermaster.Planning.Training;

/// <summary>
/// The baseline a coordinator would do by hand: requirements in priority order (rank, then list order); each crew takes,
/// course by course (prerequisites first), the first cohort with free seats for the whole crew that starts earliest
/// (after the crew's prerequisites have ended), late or not. Scored with the same objective as the optimiser.
/// </summary>
public static class CrewBaselinePlanner
{
    public static CrewPlanResult Solve(CrewScenario scenario, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var m = new CrewModel(scenario);
        var assignments = Build(m, cancellationToken);
        var index = Enumerable.Range(0, m.Reqs.Length).ToDictionary(r => m.Reqs[r].Id, StringComparer.Ordinal);
        return new CrewPlanResult("baseline", CrewPlanStatus.Feasible, m.Score(assignments, index), null, null, assignments, m.Coverage(assignments),
            new CrewPlanStatistics(m.Components, m.Slots.Count, 0, 0, started.Elapsed.TotalSeconds), null);
    }

    internal static List<CrewAssignment> Build(CrewModel m, CancellationToken ct)
    {
        var free = m.Slots.Select(s => s.Capacity).ToArray();
        var placed = new Dictionary<(int R, int Slot), int>();
        foreach (var r in Enumerable.Range(0, m.Reqs.Length).OrderBy(r => m.Reqs[r].PriorityRank).ThenBy(r => r))
        {
            ct.ThrowIfCancellationRequested();
            var req = m.Reqs[r];
            for (var crew = 0; crew < req.Crews; crew++)
            {
                var picks = new Dictionary<int, CrewModel.Slot>();
                if (!Place(m, m.MainCourse(r), req.CrewSize, free, picks)) break;
                foreach (var s in picks.Values)
                {
                    free[s.Index] -= req.CrewSize;
                    placed[(r, s.Index)] = placed.GetValueOrDefault((r, s.Index)) + 1;
                }
            }
        }
        return ToAssignments(m, placed);
    }

    /// <summary>
    /// The "latest fit" heuristic (the optimiser's hint and its plan for components too large for CP-SAT): requirements
    /// in priority order; each crew takes the latest cohort of its course that graduates by the arrival and whose
    /// prerequisites fit before it (each as late as possible), else the baseline's earliest cohort.
    /// </summary>
    internal static List<CrewAssignment> LatestFit(CrewModel m, IEnumerable<int> requirements, CancellationToken ct)
    {
        var free = m.Slots.Select(s => s.Capacity).ToArray();
        var placed = new Dictionary<(int R, int Slot), int>();
        foreach (var r in requirements.OrderBy(r => m.Reqs[r].PriorityRank).ThenBy(r => r))
        {
            ct.ThrowIfCancellationRequested();
            var req = m.Reqs[r];
            var main = m.MainCourse(r);
            for (var crew = 0; crew < req.Crews; crew++)
            {
                var picks = new Dictionary<int, CrewModel.Slot>();
                var ok = false;
                for (var k = m.SlotsOf[main].Count - 1; k >= 0 && !ok; k--)
                {
                    var s = m.SlotsOf[main][k];
                    if (s.Graduation > req.ArrivalWeek || free[s.Index] < req.CrewSize) continue;
                    picks.Clear();
                    picks[main] = s;
                    ok = m.PrereqsOf[main].All(p => PlaceLatest(m, p, s.Start, req.CrewSize, free, picks));
                    ok = ok && m.Chain[r].All(picks.ContainsKey);
                }
                if (!ok)
                {
                    picks.Clear();
                    if (!Place(m, main, req.CrewSize, free, picks)) break;
                }
                foreach (var s in picks.Values)
                {
                    free[s.Index] -= req.CrewSize;
                    placed[(r, s.Index)] = placed.GetValueOrDefault((r, s.Index)) + 1;
                }
            }
        }
        return ToAssignments(m, placed);
    }

    private static bool PlaceLatest(CrewModel m, int c, int deadline, int seats, int[] free, Dictionary<int, CrewModel.Slot> picks)
    {
        if (picks.TryGetValue(c, out var already)) return already.Graduation <= deadline;
        for (var k = m.SlotsOf[c].Count - 1; k >= 0; k--)
        {
            var s = m.SlotsOf[c][k];
            if (s.Graduation > deadline || free[s.Index] < seats) continue;
            var before = new Dictionary<int, CrewModel.Slot>(picks);
            picks[c] = s;
            if (m.PrereqsOf[c].All(p => PlaceLatest(m, p, s.Start, seats, free, picks))) return true;
            picks.Clear();
            foreach (var (key, value) in before) picks[key] = value;
        }
        return false;
    }

    private static List<CrewAssignment> ToAssignments(CrewModel m, Dictionary<(int R, int Slot), int> placed)
        => placed.Select(p =>
        {
            var s = m.Slots[p.Key.Slot];
            var req = m.Reqs[p.Key.R];
            return new CrewAssignment(req.Id, m.Courses[s.Course].Id, m.Sites[s.Site].Id, s.Start, s.Graduation, p.Value, p.Value * req.CrewSize, s.Course != m.MainCourse(p.Key.R));
        }).OrderBy(a => a.RequirementId, StringComparer.Ordinal).ThenBy(a => a.StartWeek).ToList();

    /// <summary>Picks, for course c and its prerequisites (earliest first), cohorts with room for one crew; false if impossible.</summary>
    private static bool Place(CrewModel m, int c, int seats, int[] free, Dictionary<int, CrewModel.Slot> picks)
    {
        if (picks.ContainsKey(c)) return true;
        var notBefore = 1;
        foreach (var p in m.PrereqsOf[c])
        {
            if (!Place(m, p, seats, free, picks)) return false;
            notBefore = Math.Max(notBefore, picks[p].Graduation);
        }
        foreach (var s in m.SlotsOf[c])
            if (s.Start >= notBefore && free[s.Index] - (picks.Values.Contains(s) ? seats : 0) >= seats)
            {
                picks[c] = s;
                return true;
            }
        return false;
    }
}
