using Quartermaster.Planning.Training;

namespace Quartermaster.Planning.Tests.Training;

/// <summary>Seeded random crew scenarios: both planners respect every constraint; CP-SAT never loses to the baseline.</summary>
public class CrewPlannerPropertyTests
{
    public static TheoryData<int> Seeds()
    {
        var d = new TheoryData<int>();
        for (var seed = 1; seed <= 25; seed++) d.Add(seed);
        return d;
    }

    private static CrewScenario Random(int seed)
    {
        var rnd = new Random(seed);
        return CrewScenarioGenerator.Generate(seed, requirements: 5 + rnd.Next(40), courses: 3 + rnd.Next(12), sites: 1 + rnd.Next(5), weeks: 20 + rnd.Next(40));
    }

    private static readonly CrewPlannerOptions Quick = new() { TimeLimitSeconds = 5, Workers = 1 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Crew_plan_respects_capacity_start_weeks_blackouts_and_prerequisites(int seed)
    {
        var s = Random(seed);
        var plan = CrewPlanner.Solve(s, Quick);
        Assert.Empty(CrewInvariants.Violations(s, plan));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Baseline_respects_every_constraint_too(int seed)
    {
        var s = Random(seed);
        Assert.Empty(CrewInvariants.Violations(s, CrewBaselinePlanner.Solve(s)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Optimiser_is_never_worse_than_the_baseline_and_never_above_its_bound(int seed)
    {
        var s = Random(seed);
        var plan = CrewPlanner.Solve(s, Quick);
        var baseline = CrewBaselinePlanner.Solve(s);
        Assert.True(plan.Objective >= baseline.Objective, $"optimiser {plan.Objective} < baseline {baseline.Objective}");
        Assert.Equal(baseline.Objective, plan.Baseline!.Objective);
        Assert.True(plan.Bound >= plan.Objective);
        Assert.True(plan.CrewsOnTime >= 0 && plan.CrewsOnTime <= plan.CrewsNeeded);
    }
}

/// <summary>Small hand-made cases: each explanation, freshness, priority when seats are short, and bad input.</summary>
public class CrewPlannerCaseTests
{
    private static CrewScenario One(int arrival, int crews = 1, int crewSize = 8, int seats = 8, int[]? starts = null, int[]? blackout = null,
        IReadOnlyList<string>? prereqs = null, int length = 4)
    {
        var courses = new List<CrewCourse> { new("gun", length, 48, prereqs) };
        if (prereqs is not null) courses.Add(new CrewCourse("basic", 2, 48));
        return new CrewScenario(30, courses,
            [new CrewSite("range", seats, courses.Select(c => c.Id).ToList(), starts ?? [.. Enumerable.Range(1, 30)], blackout)],
            [new CrewRequirement("R1", "gun", crews, crewSize, 1, arrival)]);
    }

    private static CrewCoverage Solve(CrewScenario s, out CrewPlanResult plan)
    {
        plan = CrewPlanner.Solve(s, new CrewPlannerOptions { TimeLimitSeconds = 5, Workers = 1 });
        Assert.Empty(CrewInvariants.Violations(s, plan));
        return plan.Coverage.Single();
    }

    [Fact]
    public void Crews_graduate_as_late_as_possible_but_by_the_arrival()
    {
        var c = Solve(One(arrival: 20), out var plan);
        Assert.True(c.OnTime);
        Assert.Equal(CrewPlanStatus.Optimal, plan.Status);
        Assert.Equal(20, plan.Assignments.Single().GraduationWeek);
        Assert.True(plan.Baseline!.Objective < plan.Objective, "the baseline starts at once and graduates early");
    }

    [Fact]
    public void An_arrival_sooner_than_the_course_allows_is_explained()
    {
        var c = Solve(One(arrival: 3), out var plan);
        Assert.Equal("training.arrival-too-soon", c.Explanations.Single().Code);
        Assert.Equal(1, c.CrewsLate);
        Assert.Equal(5, plan.Assignments.Single().GraduationWeek);
    }

    [Fact]
    public void A_course_no_site_runs_is_explained()
    {
        var s = One(arrival: 20) with { Sites = [new CrewSite("range", 8, [], Enumerable.Range(1, 30).ToList())] };
        Assert.Equal("training.no-site", Solve(s, out _).Explanations.Single().Code);
    }

    [Fact]
    public void Blackouts_that_cover_every_start_are_no_site()
    {
        var c = Solve(One(arrival: 20, starts: [5], blackout: [7]), out _);
        Assert.Equal("training.no-site", c.Explanations.Single().Code);
    }

    [Fact]
    public void A_prerequisite_that_ends_too_late_is_explained_and_precedes_the_course()
    {
        var c = Solve(One(arrival: 6, prereqs: ["basic"]), out var plan);
        Assert.Equal("training.prerequisite", c.Explanations.Single().Code);
        var basic = plan.Assignments.Single(a => a.Prerequisite);
        var gun = plan.Assignments.Single(a => !a.Prerequisite);
        Assert.True(basic.GraduationWeek <= gun.StartWeek);
    }

    [Fact]
    public void When_seats_are_short_the_more_urgent_requirement_gets_them_and_the_other_is_site_full()
    {
        var s = One(arrival: 10) with
        {
            Requirements = [new CrewRequirement("late-rank", "gun", 1, 8, 2, 10), new CrewRequirement("urgent", "gun", 1, 8, 1, 10)],
            Sites = [new CrewSite("range", 8, ["gun"], [6])],
        };
        var plan = CrewPlanner.Solve(s, new CrewPlannerOptions { TimeLimitSeconds = 5, Workers = 1 });
        Assert.Empty(CrewInvariants.Violations(s, plan));
        Assert.True(plan.Coverage.Single(c => c.RequirementId == "urgent").OnTime);
        Assert.Equal("training.site-full", plan.Coverage.Single(c => c.RequirementId == "late-rank").Explanations.Single().Code);
    }

    [Fact]
    public void Seats_taken_by_existing_cohorts_are_not_planned_again()
    {
        var s = One(arrival: 10, starts: [6]) with { Taken = [new SeatsTaken("range", "gun", 6, 8)] };
        Assert.Equal("training.no-site", Solve(s, out var plan).Explanations.Single().Code);
        Assert.Empty(plan.Assignments);
    }

    [Fact]
    public void A_prerequisite_cycle_and_unknown_courses_are_refused_naming_the_record()
    {
        var cycle = new CrewScenario(10, [new CrewCourse("a", 2, 8, ["b"]), new CrewCourse("b", 2, 8, ["a"])], [], []);
        Assert.Contains("cycle", Assert.Throws<CrewScenarioException>(() => CrewPlanner.Solve(cycle)).Message);
        var unknown = new CrewScenario(10, [new CrewCourse("a", 2, 8)], [], [new CrewRequirement("R", "zz", 1, 2, 1, 5)]);
        Assert.Equal("requirements[0] (id R)", Assert.Throws<CrewScenarioException>(() => CrewPlanner.Solve(unknown)).Record);
        var zero = new CrewScenario(10, [new CrewCourse("a", 0, 8)], [], []);
        Assert.Contains("lengthWeeks", Assert.Throws<CrewScenarioException>(() => CrewPlanner.Solve(zero)).Message);
    }
}
