using Quartermaster.Planning.Training;

namespace Quartermaster.Planning.Tests.Training;

/// <summary>Every constraint of the crew model (docs/planning.md, "Crew planning"), checked from the scenario alone.</summary>
public static class CrewInvariants
{
    public static readonly string[] Codes = ["training.site-full", "training.no-site", "training.prerequisite", "training.arrival-too-soon"];

    public static List<string> Violations(CrewScenario s, CrewPlanResult plan)
    {
        var v = new List<string>();
        var courses = s.Courses.ToDictionary(c => c.Id);
        var sites = s.Sites.ToDictionary(x => x.Id);
        var reqs = s.Requirements.ToDictionary(r => r.Id);
        var taken = (s.Taken ?? []).GroupBy(t => (t.SiteId, t.CourseId, t.StartWeek)).ToDictionary(g => g.Key, g => g.Sum(t => t.Seats));
        foreach (var a in plan.Assignments)
        {
            var c = courses[a.CourseId];
            var site = sites[a.SiteId];
            var req = reqs[a.RequirementId];
            if (a.Crews <= 0) v.Add($"{a}: no crews");
            if (a.Trainees != a.Crews * req.CrewSize) v.Add($"{a}: trainees are not crews × crew size");
            if (!site.Courses.Contains(a.CourseId)) v.Add($"{a}: site does not run the course");
            if (!site.StartWeeks.Contains(a.StartWeek)) v.Add($"{a}: not a start week of the site");
            if (a.GraduationWeek != a.StartWeek + c.LengthWeeks) v.Add($"{a}: graduation is not start + length");
            if (a.GraduationWeek - 1 > s.HorizonWeeks) v.Add($"{a}: in session beyond the horizon");
            if (Enumerable.Range(a.StartWeek, c.LengthWeeks).Any(w => (site.BlackoutWeeks ?? []).Contains(w))) v.Add($"{a}: in session in a blackout week");
            if (a.Prerequisite == (a.CourseId == req.CourseId)) v.Add($"{a}: prerequisite flag wrong");
        }
        foreach (var g in plan.Assignments.GroupBy(a => (a.SiteId, a.CourseId, a.StartWeek)))
        {
            var cap = Math.Min(sites[g.Key.SiteId].SeatsPerCohort, courses[g.Key.CourseId].SeatsPerCohort) - taken.GetValueOrDefault(g.Key);
            if (g.Sum(a => a.Trainees) > cap) v.Add($"slot {g.Key}: {g.Sum(a => a.Trainees)} trainees over {cap} seats");
        }
        foreach (var r in s.Requirements)
        {
            var mine = plan.Assignments.Where(a => a.RequirementId == r.Id).ToList();
            var main = mine.Where(a => a.CourseId == r.CourseId).ToList();
            var crews = main.Sum(a => a.Crews);
            if (crews > r.Crews) v.Add($"{r.Id}: {crews} crews planned for {r.Crews} needed");
            var chain = Chain(r.CourseId, courses);
            foreach (var p in chain.Skip(1))
                if (mine.Where(a => a.CourseId == p).Sum(a => a.Crews) != crews) v.Add($"{r.Id}: prerequisite {p} not taken by every crew");
            foreach (var q in chain)
                foreach (var p in courses[q].Prerequisites ?? [])
                    foreach (var t in mine.Where(a => a.CourseId == q).Select(a => a.StartWeek).Distinct())
                    {
                        var started = mine.Where(a => a.CourseId == q && a.StartWeek <= t).Sum(a => a.Crews);
                        var finished = mine.Where(a => a.CourseId == p && a.GraduationWeek <= t).Sum(a => a.Crews);
                        if (started > finished) v.Add($"{r.Id}: by week {t}, {started} crews started {q} but only {finished} finished {p}");
                    }
            var cov = plan.Coverage.Single(c => c.RequirementId == r.Id);
            var onTime = main.Where(a => a.GraduationWeek <= r.ArrivalWeek).Sum(a => a.Crews);
            if (cov.CrewsOnTime != onTime || cov.CrewsLate != crews - onTime) v.Add($"{r.Id}: coverage {cov} does not match the assignments");
            if (onTime < r.Crews && (cov.Explanations.Count == 0 || cov.Explanations.Any(e => !Codes.Contains(e.Code))))
                v.Add($"{r.Id}: {r.Crews - onTime} crews not on time without a known explanation");
            if (onTime >= r.Crews && cov.Explanations.Count > 0) v.Add($"{r.Id}: explained although on time");
        }
        if (plan.Bound is { } b && b < plan.Objective) v.Add($"bound {b} below objective {plan.Objective}");
        return v;
    }

    private static List<string> Chain(string course, Dictionary<string, CrewCourse> courses)
    {
        var order = new List<string> { course };
        var queue = new Queue<string>(courses[course].Prerequisites ?? []);
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            if (order.Contains(p)) continue;
            order.Add(p);
            foreach (var q in courses[p].Prerequisites ?? []) queue.Enqueue(q);
        }
        return order;
    }
}
