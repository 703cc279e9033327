using Quartermaster.Domain.Training;

namespace Quartermaster.Domain.Tests;

public class CourseTests
{
    private static Course C(string code = "m777-crew", int weeks = 5, int crew = 8, int seats = 48)
        => new(Guid.NewGuid(), code, "M777 crew course", weeks, crew, seats);

    [Theory]
    [InlineData(0, 8, 48, "lengthWeeks")]
    [InlineData(5, 0, 48, "crewSize")]
    [InlineData(5, 8, 0, "seatsPerCohort")]
    [InlineData(105, 8, 48, "lengthWeeks")]
    public void A_course_with_zero_length_crew_size_or_seats_is_refused_naming_the_field(int weeks, int crew, int seats, string field)
        => Refused.With(field, () => C(weeks: weeks, crew: crew, seats: seats));

    [Fact]
    public void A_prerequisite_cycle_is_refused_and_named()
    {
        var a = C("a");
        var b = C("b");
        var c = C("c");
        var graph = new Dictionary<Guid, IReadOnlyCollection<Guid>> { [a.Id] = [], [b.Id] = [a.Id], [c.Id] = [b.Id] };
        var names = new Dictionary<Guid, string> { [a.Id] = "a", [b.Id] = "b", [c.Id] = "c" };
        var ex = Refused.With("prerequisites", () => a.SetPrerequisites([c.Id], id => graph.GetValueOrDefault(id), id => names[id]));
        Assert.Contains("a → c → b → a", ex.Message);
        Assert.Empty(a.Prerequisites);
    }

    [Fact]
    public void A_course_cannot_be_its_own_prerequisite_nor_list_one_twice()
    {
        var a = C("a");
        var b = C("b");
        Refused.With("prerequisites", () => a.SetPrerequisites([a.Id], _ => null));
        Refused.With("prerequisites", () => a.SetPrerequisites([b.Id, b.Id], _ => null));
        a.SetPrerequisites([b.Id], _ => []);
        Assert.Equal([b.Id], a.Prerequisites);
    }

    [Fact]
    public void Language_level_is_a_stanag_6001_level_of_a_named_language()
    {
        var c = C();
        Refused.With("languageLevel", () => c.SetLanguage("English", 6));
        Refused.With("language", () => c.SetLanguage(null, 2));
        c.SetLanguage(" English ", 2);
        Assert.Equal(("English", 2), (c.Language, c.LanguageLevel));
    }

    [Fact]
    public void Transitive_prerequisites_are_listed_nearest_first()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var graph = new Dictionary<Guid, IReadOnlyCollection<Guid>> { [c] = [b], [b] = [a], [a] = [] };
        Assert.Equal([b, a], PrerequisiteGraph.AllPrerequisites(c, id => graph.GetValueOrDefault(id)));
    }
}

public class SiteAndCohortTests
{
    private static readonly DateOnly Monday = new(2026, 1, 5);

    private static (Course Course, TrainingSite Site) World(int siteSeats = 40, int courseSeats = 48, int weeks = 4)
    {
        var course = new Course(Guid.NewGuid(), "gun-crew", "Gun crew", weeks, 8, courseSeats);
        var site = new TrainingSite(Guid.NewGuid(), "range", "Range", "DEU", siteSeats);
        site.SetCourses([course.Id]);
        site.SetSchedule(null, Monday, 2);
        return (course, site);
    }

    [Fact]
    public void Start_dates_and_blackouts_must_be_mondays()
    {
        var (_, site) = World();
        Refused.With("startDates[0]", () => site.SetSchedule([new DateOnly(2026, 1, 6)], null, null));
        Refused.With("blackoutWeeks[0]", () => site.SetBlackouts([new DateOnly(2026, 1, 7)]));
        Refused.With("cadenceWeeks", () => site.SetSchedule(null, Monday, null));
        Refused.With("startDates", () => site.SetSchedule([Monday], Monday, 2));
    }

    [Fact]
    public void A_cadence_gives_every_nth_monday_from_its_first_date()
    {
        var (_, site) = World();
        Assert.Equal([Monday, Monday.AddDays(14), Monday.AddDays(28)], site.StartsBetween(Monday.AddDays(-30), Monday.AddDays(30)).ToList());
        Assert.True(site.IsScheduledStart(Monday.AddDays(14)));
        Assert.False(site.IsScheduledStart(Monday.AddDays(7)));
        Assert.False(site.IsScheduledStart(Monday.AddDays(-14)));
    }

    [Fact]
    public void A_cohort_over_capacity_is_refused_naming_seats()
    {
        var (course, site) = World(siteSeats: 40, courseSeats: 48);
        var ex = Refused.With("seats", () => Cohort.Plan(Guid.NewGuid(), course, site, Monday, 41, 41, "unit", null));
        Assert.Contains("40", ex.Message);
        Refused.With("seats", () => Cohort.Plan(Guid.NewGuid(), course, site, Monday, 24, 24, "unit", null, seatsTaken: 24));
        Assert.Equal(40, Cohort.Plan(Guid.NewGuid(), course, site, Monday, 16, 16, "unit", null, seatsTaken: 24).Seats + 24);
    }

    [Fact]
    public void A_start_outside_the_sites_dates_or_in_a_blackout_is_refused()
    {
        var (course, site) = World(weeks: 4);
        Refused.With("startDate", () => Cohort.Plan(Guid.NewGuid(), course, site, Monday.AddDays(7), 8, 8, "unit", null));
        Refused.With("startDate", () => Cohort.Plan(Guid.NewGuid(), course, site, Monday.AddDays(1), 8, 8, "unit", null));
        site.SetBlackouts([Monday.AddDays(21)]);
        var ex = Refused.With("startDate", () => Cohort.Plan(Guid.NewGuid(), course, site, Monday, 8, 8, "unit", null));
        Assert.Contains("blackout", ex.Message);
        Assert.NotNull(Cohort.Plan(Guid.NewGuid(), course, site, Monday.AddDays(28), 8, 8, "unit", null));
    }

    [Fact]
    public void A_site_that_does_not_run_the_course_is_refused()
    {
        var (_, site) = World();
        var other = new Course(Guid.NewGuid(), "other", "Other", 2, 2, 10);
        Refused.With("courseCode", () => Cohort.Plan(Guid.NewGuid(), other, site, Monday, 2, 2, "unit", null));
    }

    [Fact]
    public void Closing_a_site_adds_blackout_weeks()
    {
        var (_, site) = World();
        site.Close(Monday, 3);
        Assert.Equal([Monday, Monday.AddDays(7), Monday.AddDays(14)], site.BlackoutWeeks);
        Refused.With("weeks", () => site.Close(Monday, 0));
    }

    [Fact]
    public void A_cohort_goes_planned_then_in_training_then_graduated_with_at_most_its_trainees_passing()
    {
        var (course, site) = World();
        var cohort = Cohort.Plan(Guid.NewGuid(), course, site, Monday, 24, 24, "55th brigade", null);
        Assert.Equal(Monday.AddDays(28), cohort.GraduationDate);
        Refused.With("state", () => cohort.Graduate(20, Monday));
        Refused.With("state", () => cohort.Start(Monday.AddDays(-1)));
        cohort.Start(Monday);
        Refused.With("passed", () => cohort.Graduate(25, Monday.AddDays(28)));
        Assert.Equal(CohortState.InTraining, cohort.State);
        cohort.Graduate(22, Monday.AddDays(28));
        Assert.Equal((CohortState.Graduated, 22), (cohort.State, cohort.Passed!.Value));
        Refused.With("state", () => cohort.Cancel());
        Refused.With("state", () => cohort.SetTrainees(10, "x"));
    }

    [Fact]
    public void Trainees_cannot_exceed_seats_and_a_cohort_without_trainees_cannot_start()
    {
        var (course, site) = World();
        Refused.With("trainees", () => Cohort.Plan(Guid.NewGuid(), course, site, Monday, 10, 11, "unit", null));
        var empty = Cohort.Plan(Guid.NewGuid(), course, site, Monday, 10, 0, "unit", null);
        Refused.With("trainees", () => empty.Start(Monday));
        empty.Cancel();
        Assert.Equal(CohortState.Cancelled, empty.State);
    }

    [Fact]
    public void Sustainment_needs_a_positive_quantity_and_another_item()
    {
        var system = Guid.NewGuid();
        Refused.With("quantityPerUnit", () => new SustainmentNeed(Guid.NewGuid(), system, Guid.NewGuid(), SustainmentKind.SparesKit, 0));
        Refused.With("itemCode", () => new SustainmentNeed(Guid.NewGuid(), system, system, SustainmentKind.SparesKit, 1));
        Assert.Equal(3, new SustainmentNeed(Guid.NewGuid(), system, Guid.NewGuid(), SustainmentKind.FirstLoadAmmunition, 1.5m).NeededFor(2));
    }
}
