using Quartermaster.Domain.Training;

namespace Quartermaster.Domain.Tests;

public class ReadinessTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static CohortSupply Graduated(int passed, int weeksAgo = 2)
        => new(Today.AddDays(-7 * (weeksAgo + 5)), Today.AddDays(-7 * weeksAgo), passed, passed, CohortState.Graduated);

    private static CohortSupply Training(int trainees, int graduatesInWeeks)
        => new(Today.AddDays(-7), Today.AddDays(7 * graduatesInWeeks), trainees, null, CohortState.InTraining);

    private static ReadinessInput Input(int quantity, IReadOnlyList<Arrival> equipment, CrewNeed? crews = null, params SustainmentSupply[] sustainment)
        => new(quantity, equipment, crews, sustainment);

    [Theory]
    [InlineData(0.95, ReadinessRating.Ready)]
    [InlineData(0.9, ReadinessRating.Ready)]
    [InlineData(0.89, ReadinessRating.SubstantiallyReady)]
    [InlineData(0.7, ReadinessRating.SubstantiallyReady)]
    [InlineData(0.5, ReadinessRating.PartlyReady)]
    [InlineData(0.49, ReadinessRating.NotReady)]
    public void Ratings_follow_the_thresholds(double fraction, ReadinessRating rating) => Assert.Equal(rating, ReadinessRules.RatingOf(fraction));

    [Fact]
    public void The_lowest_element_decides_and_is_named()
    {
        var a = ReadinessRules.Assess(Input(6, [new Arrival(Today.AddDays(-14), 6, false)],
            new CrewNeed("gun crew", 8, [Graduated(16)])), Today);
        Assert.Equal(ReadinessRating.NotReady, a.Rating);
        Assert.Equal("crews", a.Lacking!.Element);
        Assert.StartsWith("2 of 6 crews", a.Lacking.Text);
        Assert.Equal(1.0, a.Equipment.Fraction);
    }

    [Fact]
    public void Sustainment_that_is_not_allocated_is_named_and_never_forecast()
    {
        var a = ReadinessRules.Assess(Input(4, [new Arrival(Today, 4, true)], null,
            new SustainmentSupply("155 mm round", SustainmentKind.FirstLoadAmmunition, 1200, [])), Today);
        Assert.Equal(ReadinessRating.NotReady, a.Rating);
        Assert.Contains("first-load ammunition (155 mm round) not allocated", a.Lacking!.Text);
        Assert.Null(a.ForecastDate);
    }

    [Fact]
    public void Planned_arrivals_count_once_their_date_has_come_and_set_the_forecast()
    {
        var later = Today.AddDays(21);
        var a = ReadinessRules.Assess(Input(10, [new Arrival(Today.AddDays(-7), 5, false), new Arrival(later, 5, false)]), Today);
        Assert.Equal(ReadinessRating.PartlyReady, a.Rating);
        Assert.Equal(later, a.ForecastDate);
    }

    [Fact]
    public void The_forecast_is_the_latest_of_equipment_crews_and_sustainment()
    {
        var equipment = Today.AddDays(14);
        var ammo = Today.AddDays(28);
        var a = ReadinessRules.Assess(Input(3, [new Arrival(equipment, 3, false)], new CrewNeed("crew", 4, [Training(12, 6)]),
            new SustainmentSupply("round", SustainmentKind.FirstLoadAmmunition, 300, [new Arrival(ammo, 300, false)])), Today);
        Assert.Equal(Today.AddDays(42), a.ForecastDate);
        Assert.Equal(equipment, a.Equipment.ReadyDate);
        Assert.Equal(Today.AddDays(42), a.Crews!.ReadyDate);
        Assert.Equal(ammo, a.Sustainment[0].ReadyDate);
    }

    [Fact]
    public void A_requirement_moves_from_not_ready_to_ready_when_its_cohort_graduates()
    {
        var arrival = new Arrival(Today.AddDays(-30), 6, false);
        var before = ReadinessRules.Assess(Input(6, [arrival], new CrewNeed("crew", 8, [Training(48, 1)])), Today);
        Assert.Equal(ReadinessRating.NotReady, before.Rating);
        Assert.Contains("6 in training", before.Crews!.Text);
        var after = ReadinessRules.Assess(Input(6, [arrival], new CrewNeed("crew", 8, [Graduated(48, 0)])), Today);
        Assert.Equal(ReadinessRating.Ready, after.Rating);
        Assert.Null(after.Lacking);
    }

    [Fact]
    public void Cancelled_cohorts_and_failed_trainees_give_no_crews()
    {
        var cancelled = new CohortSupply(Today, Today.AddDays(35), 48, null, CohortState.Cancelled);
        var a = ReadinessRules.Assess(Input(6, [new Arrival(Today, 6, true)], new CrewNeed("crew", 8, [cancelled, Graduated(15)])), Today);
        Assert.Equal(1, a.Crews!.Have);
        Assert.Null(a.ForecastDate);
    }

    [Fact]
    public void Sustainment_is_shared_in_priority_order_from_the_earliest_arrivals()
    {
        var shares = ReadinessRules.Share([100, 100], [new Arrival(Today.AddDays(7), 120, false), new Arrival(Today, 50, false)]);
        Assert.Equal(100, shares[0].Sum(a => a.Units));
        Assert.Equal(Today, shares[0][0].Date);
        Assert.Equal(70, shares[1].Sum(a => a.Units));
    }
}
