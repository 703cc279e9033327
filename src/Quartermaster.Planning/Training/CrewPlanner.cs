using System.Diagnostics;
using Google.OrTools.Sat;

namespace Quartermaster.Planning.Training;

/// <summary>
/// The crew planner: schedules cohorts so that crews graduate by the week their equipment arrives, as late as possible
/// (fresh crews), by priority when seats are short, under seat capacity, start weeks, blackout weeks and prerequisites.
/// One CP-SAT model per independent component (courses linked by prerequisites), hinted with the baseline;
/// docs/planning.md, "Crew planning", states the model exactly.
/// </summary>
public static class CrewPlanner
{
    public static CrewPlanResult Solve(CrewScenario scenario, CrewPlannerOptions? options = null, IProgress<PlanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= CrewPlannerOptions.Default;
        var clock = Stopwatch.StartNew();
        progress?.Report(new PlanProgress("compile", "checking the crew scenario and building cohort slots", 0));
        var m = new CrewModel(scenario);
        var index = Enumerable.Range(0, m.Reqs.Length).ToDictionary(r => m.Reqs[r].Id, StringComparer.Ordinal);

        var baselineClock = Stopwatch.StartNew();
        var baseline = CrewBaselinePlanner.Build(m, cancellationToken);
        var baselineSeconds = baselineClock.Elapsed.TotalSeconds;
        var baselineByReq = baseline.ToLookup(a => index[a.RequirementId]);
        var latestByReq = CrewBaselinePlanner.LatestFit(m, Enumerable.Range(0, m.Reqs.Length), cancellationToken).ToLookup(a => index[a.RequirementId]);

        var byComponent = Enumerable.Range(0, m.Reqs.Length).Where(r => m.Reqs[r].Crews > 0)
            .GroupBy(r => m.ComponentOf[m.MainCourse(r)]).OrderBy(g => g.Key).ToList();
        var estimate = byComponent.ToDictionary(g => g.Key, g => g.Sum(r => m.Chain[r].Sum(c => m.SlotsOf[c].Count)) + 1);
        var remainingWork = estimate.Values.Sum();
        var assignments = new List<CrewAssignment>();
        long bound = 0;
        var optimal = true;
        int variables = 0, constraints = 0, done = 0;
        foreach (var group in byComponent)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = Math.Max(0.05, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds);
            var share = Math.Max(0.05, left * estimate[group.Key] / Math.Max(1, remainingWork));
            remainingWork -= estimate[group.Key];
            var reqs = group.ToList();
            var fromBaseline = reqs.SelectMany(r => baselineByReq[r]).ToList();
            var fromLatest = reqs.SelectMany(r => latestByReq[r]).ToList();
            var hint = m.Score(fromLatest, index) >= m.Score(fromBaseline, index) ? fromLatest : fromBaseline;
            var solved = estimate[group.Key] > options.MaxComponentVariables
                ? new ComponentResult(hint, Math.Min(DemandBound(m, reqs), SupplyBound(m, reqs)), false, 0, 0)
                : SolveComponent(m, reqs, hint, index, share, options.Workers, cancellationToken);
            variables += solved.Variables;
            constraints += solved.Constraints;
            optimal &= solved.Optimal;
            bound += solved.Bound;
            var hintScore = m.Score(hint, index);
            assignments.AddRange(m.Score(solved.Assignments, index) >= hintScore ? solved.Assignments : hint);
            done++;
            if (done % 10 == 0 || done == byComponent.Count)
                progress?.Report(new PlanProgress("solve", $"{done} of {byComponent.Count} components solved", 0.05 + 0.9 * done / Math.Max(1, byComponent.Count)));
        }
        assignments = assignments.OrderBy(a => m.Reqs[index[a.RequirementId]].PriorityRank).ThenBy(a => a.RequirementId, StringComparer.Ordinal)
            .ThenBy(a => a.StartWeek).ThenBy(a => a.CourseId, StringComparer.Ordinal).ToList();
        var objective = m.Score(assignments, index);
        bound = Math.Max(bound, objective);
        var gap = (double)(bound - objective) / Math.Max(1, bound);
        var result = new CrewPlanResult("cp-sat", optimal && bound == objective ? CrewPlanStatus.Optimal : CrewPlanStatus.Feasible, objective, bound, gap,
            assignments, m.Coverage(assignments), new CrewPlanStatistics(m.Components, m.Slots.Count, variables, constraints, clock.Elapsed.TotalSeconds),
            new CrewBaseline(m.Score(baseline, index), m.Coverage(baseline).Sum(c => c.CrewsOnTime), baseline.Where(a => !a.Prerequisite).Sum(a => a.Crews), baselineSeconds));
        progress?.Report(new PlanProgress("done", $"{result.CrewsOnTime} of {result.CrewsNeeded} crews on time; objective {objective:N0}, bound {bound:N0}", 1));
        return result;
    }

    /// <summary>Every crew on time and graduating exactly in its arrival week: a valid upper bound.</summary>
    private static long DemandBound(CrewModel m, List<int> reqs) => reqs.Sum(r => m.Reqs[r].Crews * m.CrewValue(r, m.Reqs[r].ArrivalWeek));

    /// <summary>Every seat of a main-course cohort earning the most any requirement could earn per seat in it: a valid upper bound.</summary>
    private static long SupplyBound(CrewModel m, List<int> reqs)
    {
        long total = 0;
        foreach (var byCourse in reqs.GroupBy(m.MainCourse))
            foreach (var s in m.SlotsOf[byCourse.Key])
            {
                var best = byCourse.Max(r => m.CrewValue(r, s.Graduation) / m.Reqs[r].CrewSize);
                if (best > 0) total += best * s.Capacity;
            }
        return total;
    }

    private sealed record ComponentResult(List<CrewAssignment> Assignments, long Bound, bool Optimal, int Variables, int Constraints);

    private static ComponentResult SolveComponent(CrewModel m, List<int> reqs, List<CrewAssignment> hint, Dictionary<string, int> index,
        double seconds, int workers, CancellationToken ct)
    {
        var model = new CpModel();
        var vars = new List<(int R, CrewModel.Slot Slot, IntVar X)>();
        var perSlot = new Dictionary<int, LinearExprBuilder>();
        var objective = LinearExpr.NewBuilder();
        long trivialBound = 0;
        var constraints = 0;
        foreach (var r in reqs)
        {
            var req = m.Reqs[r];
            var main = m.MainCourse(r);
            var mainSlots = m.SlotsOf[main];
            if (mainSlots.Count == 0) continue;
            var latestStart = mainSlots[^1].Start;
            var chainVars = new Dictionary<int, List<(CrewModel.Slot Slot, IntVar X)>>();
            var feasible = true;
            foreach (var c in m.Chain[r])
            {
                var list = new List<(CrewModel.Slot, IntVar)>();
                foreach (var s in m.SlotsOf[c])
                {
                    if (c != main && s.Graduation > latestStart) continue;
                    var ub = Math.Min(req.Crews, s.Capacity / req.CrewSize);
                    if (ub <= 0) continue;
                    list.Add((s, model.NewIntVar(0, ub, "")));
                }
                if (list.Count == 0) { feasible = false; break; }
                chainVars[c] = list;
            }
            if (!feasible) continue;
            trivialBound += req.Crews * m.CrewValue(r, req.ArrivalWeek);
            var total = LinearExpr.Sum(chainVars[main].Select(v => (LinearExpr)v.X));
            model.Add(total <= req.Crews);
            constraints++;
            foreach (var (c, list) in chainVars)
            {
                foreach (var (s, x) in list)
                {
                    vars.Add((r, s, x));
                    if (!perSlot.TryGetValue(s.Index, out var b)) perSlot[s.Index] = b = LinearExpr.NewBuilder();
                    b.AddTerm(x, req.CrewSize);
                    if (c == main) objective.AddTerm(x, m.CrewValue(r, s.Graduation));
                }
                if (c == main) continue;
                model.Add(LinearExpr.Sum(list.Select(v => (LinearExpr)v.X)) == total);
                constraints++;
            }
            // Prerequisites: by every start week t of course q, no more crews have started q than have finished p.
            foreach (var q in m.Chain[r])
                foreach (var p in m.PrereqsOf[q])
                {
                    var qs = chainVars[q];
                    var ps = chainVars[p];
                    foreach (var t in qs.Select(v => v.Slot.Start).Distinct())
                    {
                        var e = LinearExpr.NewBuilder();
                        foreach (var (s, x) in qs) if (s.Start <= t) e.Add(x);
                        foreach (var (s, x) in ps) if (s.Graduation <= t) e.AddTerm(x, -1);
                        model.Add(e <= 0);
                        constraints++;
                    }
                }
        }
        foreach (var (slot, b) in perSlot)
        {
            model.Add(b <= m.Slots[slot].Capacity);
            constraints++;
        }
        if (vars.Count == 0) return new ComponentResult([], 0, true, 0, constraints);
        model.Maximize(objective);

        var hinted = hint.GroupBy(a => (index[a.RequirementId], Slot: a)).ToDictionary(
            g => (g.Key.Item1, m.SlotsOf[m.CourseIndex[g.Key.Slot.CourseId]].First(s => m.Sites[s.Site].Id == g.Key.Slot.SiteId && s.Start == g.Key.Slot.StartWeek).Index),
            g => g.Sum(a => a.Crews));
        foreach (var (r, s, x) in vars) model.AddHint(x, hinted.GetValueOrDefault((r, s.Index)));

        var solver = new CpSolver
        {
            StringParameters = $"max_time_in_seconds:{seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} num_workers:{Math.Max(1, workers)} log_search_progress:false",
        };
        using var stop = ct.Register(() => solver.StopSearch());
        var status = solver.Solve(model);
        ct.ThrowIfCancellationRequested();
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            return new ComponentResult(hint, Math.Min(trivialBound, SupplyBound(m, reqs)), false, vars.Count, constraints);
        var result = new List<CrewAssignment>();
        foreach (var (r, s, x) in vars)
        {
            var v = (int)solver.Value(x);
            if (v <= 0) continue;
            var req = m.Reqs[r];
            result.Add(new CrewAssignment(req.Id, m.Courses[s.Course].Id, m.Sites[s.Site].Id, s.Start, s.Graduation, v, v * req.CrewSize, s.Course != m.MainCourse(r)));
        }
        var bound = (long)Math.Floor(solver.BestObjectiveBound + 1e-6);
        return new ComponentResult(result, Math.Min(bound, Math.Min(trivialBound, SupplyBound(m, reqs))), status == CpSolverStatus.Optimal, vars.Count, constraints);
    }
}
