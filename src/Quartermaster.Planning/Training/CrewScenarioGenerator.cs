namespace Quartermaster.Planning.Training;

/// <summary>Random but reproducible crew scenarios for tests and benchmarks.</summary>
public static class CrewScenarioGenerator
{
    /// <summary>
    /// A scenario with the given sizes: courses of 2–12 weeks (a quarter of them with one or two prerequisites among
    /// the earlier courses), sites running 4–12 courses with starts every 1–4 weeks and a few blackout weeks, and
    /// requirements of 1–12 crews of 2–20 trainees arriving in weeks 4..horizon. Seats are deliberately short.
    /// </summary>
    public static CrewScenario Generate(int seed, int requirements, int courses, int sites, int weeks)
    {
        var rng = new Random(seed);
        var cs = new List<CrewCourse>();
        for (var c = 0; c < courses; c++)
        {
            var prereqs = new List<string>();
            if (c >= 4 && rng.NextDouble() < 0.25)
                for (var k = rng.Next(1, 3); k > 0; k--)
                {
                    var p = $"C{rng.Next(0, c / 2)}";
                    if (!prereqs.Contains(p)) prereqs.Add(p);
                }
            cs.Add(new CrewCourse($"C{c}", rng.Next(2, 13), rng.Next(20, 81), prereqs));
        }
        var ss = new List<CrewSite>();
        var runs = cs.Select(_ => 0).ToArray();
        for (var s = 0; s < sites; s++)
        {
            var every = rng.Next(1, 5);
            var first = rng.Next(1, every + 1);
            var mine = Enumerable.Range(0, rng.Next(4, 13)).Select(_ => rng.Next(courses)).Distinct().ToList();
            foreach (var c in mine) runs[c]++;
            var blackout = Enumerable.Range(0, rng.Next(0, 4)).Select(_ => rng.Next(1, weeks + 1)).Distinct().Order().ToList();
            ss.Add(new CrewSite($"S{s}", rng.Next(24, 97), mine.Select(c => $"C{c}").ToList(),
                Enumerable.Range(0, weeks).Select(k => first + k * every).Where(w => w <= weeks).ToList(), blackout));
        }
        // Every course runs somewhere, except a few (no-site explanations).
        for (var c = 0; c < courses; c++)
            if (runs[c] == 0 && rng.NextDouble() < 0.9)
            {
                var s = rng.Next(sites);
                ss[s] = ss[s] with { Courses = ss[s].Courses.Append($"C{c}").ToList() };
            }
        var rs = new List<CrewRequirement>();
        for (var r = 0; r < requirements; r++)
            rs.Add(new CrewRequirement($"R{r}", $"C{rng.Next(courses)}", rng.Next(1, 13), rng.Next(2, 21), r + 1, rng.Next(4, weeks + 1)));
        return new CrewScenario(weeks, cs, ss, rs);
    }
}
