namespace Quartermaster.Domain.Training;

using Quartermaster.Domain.Common;

public enum CohortState { Planned, InTraining, Graduated, Cancelled }

/// <summary>
/// A cohort of trainees on a course at a site, starting on a Monday. Trainees are a count and the receiving unit (no
/// personal data). Optionally trained for one requirement, whose equipment its graduates will crew. Graduates become
/// crews available to their unit from the graduation week (start + course length).
/// </summary>
public sealed class Cohort : VersionedEntity
{
    public const int MaxTrainees = 1000;

    private Cohort() { }

    private Cohort(Guid id, Course course, TrainingSite site, DateOnly startDate, int seats, int trainees, string receivingUnit, Guid? requirementId)
    {
        Id = id;
        CourseId = course.Id;
        SiteId = site.Id;
        HostNation = site.HostNation;
        StartDate = startDate;
        LengthWeeks = course.LengthWeeks;
        Seats = seats;
        RequirementId = requirementId;
        SetTrainees(trainees, receivingUnit);
    }

    /// <summary>Plans a cohort: the site must run the course, start on one of its dates, be open throughout and have the seats.</summary>
    /// <param name="seatsTaken">Seats of the other cohorts of the same course starting the same week at the site.</param>
    public static Cohort Plan(Guid id, Course course, TrainingSite site, DateOnly startDate, int seats, int trainees, string receivingUnit,
        Guid? requirementId, int seatsTaken = 0)
    {
        Guard.Positive(seats, "seats");
        site.CheckCohort(course, startDate, seats, seatsTaken);
        return new Cohort(id, course, site, startDate, seats, trainees, receivingUnit, requirementId);
    }

    public Guid Id { get; private set; }
    public Guid CourseId { get; private set; }
    public Guid SiteId { get; private set; }

    /// <summary>The site's host nation, kept on the cohort so that access can be decided without the site.</summary>
    public string HostNation { get; private set; } = "";
    public DateOnly StartDate { get; private set; }

    /// <summary>The course's length when the cohort was planned.</summary>
    public int LengthWeeks { get; private set; }
    public int Seats { get; private set; }
    public int Trainees { get; private set; }
    public string ReceivingUnit { get; private set; } = "";
    public Guid? RequirementId { get; private set; }
    public CohortState State { get; private set; } = CohortState.Planned;

    /// <summary>Trainees who passed (set at graduation).</summary>
    public int? Passed { get; private set; }
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    /// <summary>The Monday from which graduates are available as crews.</summary>
    public DateOnly GraduationDate => Weeks.Add(StartDate, LengthWeeks);

    public bool IsActive => State is CohortState.Planned or CohortState.InTraining;

    public void SetTrainees(int trainees, string receivingUnit)
    {
        if (State is CohortState.Graduated or CohortState.Cancelled)
            throw new DomainException("state", $"The cohort is {State} and can no longer change.");
        Guard.NotNegative(trainees, "trainees");
        if (trainees > Seats) throw new DomainException("trainees", $"{trainees} trainees exceed the cohort's {Seats} seats.");
        ReceivingUnit = Guard.Required(receivingUnit, "receivingUnit", 120);
        Trainees = trainees;
    }

    /// <summary>The cohort has started training (on or after its start date).</summary>
    public void Start(DateOnly today)
    {
        if (State != CohortState.Planned)
            throw new DomainException("state", $"Only a planned cohort can start; this one is {State}.");
        if (today < StartDate)
            throw new DomainException("state", $"The cohort starts on {StartDate:yyyy-MM-dd}; it cannot be recorded as in training on {today:yyyy-MM-dd}.");
        if (Trainees == 0) throw new DomainException("trainees", "A cohort without trainees cannot start.");
        State = CohortState.InTraining;
    }

    /// <summary>The cohort has graduated; <paramref name="passed"/> trainees passed (at most the trainees).</summary>
    public void Graduate(int passed, DateOnly today)
    {
        if (State != CohortState.InTraining)
            throw new DomainException("state", $"Only a cohort in training can graduate; this one is {State}.");
        Guard.NotNegative(passed, "passed");
        if (passed > Trainees) throw new DomainException("passed", $"{passed} passed exceeds the cohort's {Trainees} trainees.");
        if (today < StartDate)
            throw new DomainException("state", $"The cohort starts on {StartDate:yyyy-MM-dd}; it cannot graduate on {today:yyyy-MM-dd}.");
        Passed = passed;
        State = CohortState.Graduated;
    }

    public void Cancel()
    {
        if (!IsActive) throw new DomainException("state", $"A {State} cohort cannot be cancelled.");
        State = CohortState.Cancelled;
    }

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;
}
