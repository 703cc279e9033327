namespace Quartermaster.Planning.Training;

/// <summary>
/// The compiled crew-planning model shared by the CP-SAT planner and the baseline: cohort slots per course, prerequisite
/// chains per requirement, independent components, priority weights and the objective (docs/planning.md, "Crew planning").
/// </summary>
internal sealed class CrewModel
{
    public const long OnTimeWeight = 1000;
    public const long LateWeight = 100;

    public sealed record Slot(int Index, int Course, int Site, int Start, int Graduation, int Capacity);

    public readonly CrewScenario Scenario;
    public readonly int H;
    public readonly CrewCourse[] Courses;
    public readonly CrewSite[] Sites;
    public readonly CrewRequirement[] Reqs;
    public readonly Dictionary<string, int> CourseIndex = new(StringComparer.Ordinal);
    public readonly List<Slot> Slots = [];

    /// <summary>Slots of each course, by start week.</summary>
    public readonly List<Slot>[] SlotsOf;
    public readonly int[][] PrereqsOf;

    /// <summary>Per requirement: the main course first, then every prerequisite (transitively).</summary>
    public readonly int[][] Chain;

    /// <summary>Per course: the component (courses connected by prerequisites).</summary>
    public readonly int[] ComponentOf;
    public readonly int Components;

    /// <summary>Per requirement: its weight P (higher = more urgent), 2n − position within its component.</summary>
    public readonly long[] Priority;

    /// <summary>Earliest graduation week of each course with its prerequisites, ignoring seats (int.MaxValue: never).</summary>
    public readonly int[] EarliestGraduation;

    public CrewModel(CrewScenario scenario)
    {
        scenario.Validate();
        Scenario = scenario;
        H = scenario.HorizonWeeks;
        Courses = [.. scenario.Courses];
        Sites = [.. scenario.Sites];
        Reqs = [.. scenario.Requirements];
        for (var c = 0; c < Courses.Length; c++) CourseIndex[Courses[c].Id] = c;
        PrereqsOf = Courses.Select(c => (c.Prerequisites ?? []).Select(p => CourseIndex[p]).Distinct().ToArray()).ToArray();

        var taken = new Dictionary<(string, string, int), int>();
        foreach (var t in scenario.Taken ?? [])
            taken[(t.SiteId, t.CourseId, t.StartWeek)] = taken.GetValueOrDefault((t.SiteId, t.CourseId, t.StartWeek)) + t.Seats;
        SlotsOf = Courses.Select(_ => new List<Slot>()).ToArray();
        for (var s = 0; s < Sites.Length; s++)
        {
            var site = Sites[s];
            var blackout = new HashSet<int>(site.BlackoutWeeks ?? []);
            foreach (var courseId in site.Courses.Distinct())
            {
                var c = CourseIndex[courseId];
                var length = Courses[c].LengthWeeks;
                foreach (var start in site.StartWeeks.Distinct().Order())
                {
                    if (start + length - 1 > H) continue;
                    if (Enumerable.Range(start, length).Any(blackout.Contains)) continue;
                    var capacity = Math.Min(site.SeatsPerCohort, Courses[c].SeatsPerCohort) - taken.GetValueOrDefault((site.Id, courseId, start));
                    if (capacity <= 0) continue;
                    var slot = new Slot(Slots.Count, c, s, start, start + length, capacity);
                    Slots.Add(slot);
                    SlotsOf[c].Add(slot);
                }
            }
        }
        foreach (var list in SlotsOf) list.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Site.CompareTo(b.Site));

        Chain = Reqs.Select(r =>
        {
            var main = CourseIndex[r.CourseId];
            var order = new List<int> { main };
            var queue = new Queue<int>(PrereqsOf[main]);
            while (queue.Count > 0)
            {
                var p = queue.Dequeue();
                if (order.Contains(p)) continue;
                order.Add(p);
                foreach (var q in PrereqsOf[p]) queue.Enqueue(q);
            }
            return order.ToArray();
        }).ToArray();

        // Components: union-find over prerequisite edges.
        var parent = Enumerable.Range(0, Courses.Length).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        for (var c = 0; c < Courses.Length; c++)
            foreach (var p in PrereqsOf[c]) parent[Find(c)] = Find(p);
        var ids = new Dictionary<int, int>();
        ComponentOf = new int[Courses.Length];
        for (var c = 0; c < Courses.Length; c++)
        {
            var root = Find(c);
            if (!ids.TryGetValue(root, out var id)) ids[root] = id = ids.Count;
            ComponentOf[c] = id;
        }
        Components = ids.Count;

        Priority = new long[Reqs.Length];
        foreach (var group in Enumerable.Range(0, Reqs.Length).GroupBy(r => ComponentOf[CourseIndex[Reqs[r].CourseId]]))
        {
            var ordered = group.OrderBy(r => Reqs[r].PriorityRank).ThenBy(r => r).ToList();
            for (var i = 0; i < ordered.Count; i++) Priority[ordered[i]] = 2L * ordered.Count - i;
        }

        EarliestGraduation = new int[Courses.Length];
        var done = new bool[Courses.Length];
        int Earliest(int c)
        {
            if (done[c]) return EarliestGraduation[c];
            var notBefore = 1;
            foreach (var p in PrereqsOf[c]) notBefore = Math.Max(notBefore, Earliest(p));
            var best = notBefore == int.MaxValue ? int.MaxValue
                : SlotsOf[c].Where(s => s.Start >= notBefore).Select(s => s.Graduation).DefaultIfEmpty(int.MaxValue).Min();
            done[c] = true;
            return EarliestGraduation[c] = best;
        }
        for (var c = 0; c < Courses.Length; c++) Earliest(c);
    }

    public int MainCourse(int r) => Chain[r][0];

    /// <summary>Objective value of one crew of requirement r graduating in week g (from a cohort of its main course).</summary>
    public long CrewValue(int r, int graduation)
    {
        var req = Reqs[r];
        return graduation <= req.ArrivalWeek
            ? req.CrewSize * (OnTimeWeight * Priority[r] - (req.ArrivalWeek - graduation))
            : req.CrewSize * (LateWeight * Priority[r] - (graduation - req.ArrivalWeek));
    }

    public long Score(IEnumerable<CrewAssignment> assignments, IReadOnlyDictionary<string, int> reqIndex)
        => assignments.Where(a => !a.Prerequisite).Sum(a => a.Crews * CrewValue(reqIndex[a.RequirementId], a.GraduationWeek));

    /// <summary>Coverage and explanations of every requirement for a set of assignments.</summary>
    public IReadOnlyList<CrewCoverage> Coverage(IReadOnlyList<CrewAssignment> assignments)
    {
        var byReq = assignments.Where(a => !a.Prerequisite).ToLookup(a => a.RequirementId);
        var result = new List<CrewCoverage>(Reqs.Length);
        for (var r = 0; r < Reqs.Length; r++)
        {
            var req = Reqs[r];
            var mine = byReq[req.Id].ToList();
            var onTime = mine.Where(a => a.GraduationWeek <= req.ArrivalWeek).Sum(a => a.Crews);
            var late = mine.Sum(a => a.Crews) - onTime;
            var explanations = onTime >= req.Crews ? [] : Explain(r, req.Crews - onTime, late);
            result.Add(new CrewCoverage(req.Id, req.PriorityRank, req.ArrivalWeek, req.Crews, onTime, late,
                mine.Count == 0 ? null : mine.Max(a => a.GraduationWeek), explanations));
        }
        return result;
    }

    private IReadOnlyList<CrewExplanation> Explain(int r, int missing, int late)
    {
        var req = Reqs[r];
        var main = MainCourse(r);
        var course = Courses[main];
        var what = $"{missing} of {req.Crews} crews cannot graduate by week {req.ArrivalWeek}, when the equipment arrives";
        var lateText = late > 0 ? $" ({late} planned to graduate later)" : "";
        if (SlotsOf[main].Count == 0)
            return [new("training.no-site", $"{what}: no site runs course {course.Id} with an open cohort in weeks 1–{H}{lateText}.", course.Id)];
        foreach (var p in Chain[r].Skip(1))
            if (SlotsOf[p].Count == 0)
                return [new("training.prerequisite", $"{what}: prerequisite course {Courses[p].Id} is run at no site with an open cohort in weeks 1–{H}{lateText}.", Courses[p].Id)];
        var alone = SlotsOf[main].Min(s => s.Graduation);
        if (alone > req.ArrivalWeek)
            return [new("training.arrival-too-soon", $"{what}: the earliest cohort of {course.Id} ({course.LengthWeeks} weeks) graduates in week {alone}{lateText}.", course.Id, alone)];
        if (EarliestGraduation[main] > req.ArrivalWeek)
        {
            var blocking = Chain[r].Skip(1).MaxBy(p => EarliestGraduation[p]);
            var eg = EarliestGraduation[main] == int.MaxValue ? "never" : $"in week {EarliestGraduation[main]}";
            return [new("training.prerequisite", $"{what}: prerequisite course {Courses[blocking].Id} must end before {course.Id} starts, so the earliest crew graduates {eg}{lateText}.",
                Courses[blocking].Id, EarliestGraduation[main] == int.MaxValue ? null : EarliestGraduation[main])];
        }
        if (SlotsOf[main].All(s => s.Capacity < req.CrewSize))
            return [new("training.site-full", $"{what}: no cohort of {course.Id} has room for a whole crew of {req.CrewSize}{lateText}.", course.Id)];
        return [new("training.site-full", $"{what}: the seats of the cohorts of {course.Id} that would graduate in time are taken by more urgent requirements or existing cohorts{lateText}.", course.Id)];
    }
}
