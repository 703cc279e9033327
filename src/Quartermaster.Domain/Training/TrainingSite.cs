namespace Quartermaster.Domain.Training;

using Quartermaster.Domain.Common;
using Quartermaster.Domain.Nations;

/// <summary>Weeks are numbered by their Monday: every start date, blackout week and graduation is a Monday.</summary>
public static class Weeks
{
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static DateOnly Monday(DateOnly date, string field)
        => date.DayOfWeek == DayOfWeek.Monday ? date
            : throw new DomainException(field, $"{date:yyyy-MM-dd} is a {date.DayOfWeek}: weeks start on Mondays (e.g. {MondayOf(date):yyyy-MM-dd}).");

    public static DateOnly Add(DateOnly monday, int weeks) => monday.AddDays(7 * weeks);

    /// <summary>Whole weeks from <paramref name="from"/> to <paramref name="to"/> (both Mondays).</summary>
    public static int Between(DateOnly from, DateOnly to) => (to.DayNumber - from.DayNumber) / 7;
}

/// <summary>
/// A training site in a host nation: which courses it runs, how many seats one cohort has, when cohorts may start
/// (a list of dates, or a cadence: every N weeks from a first date) and the weeks it is closed (blackouts).
/// </summary>
public sealed class TrainingSite : VersionedEntity
{
    public const int MaxBlackoutWeeks = 520;
    public const int MaxStartDates = 520;

    private TrainingSite() { }

    public TrainingSite(Guid id, string code, string name, string hostNation, int seatsPerCohort)
    {
        Id = id;
        Code = Catalogue.CatalogueItem.ParseCode(code);
        HostNation = NationCode.Parse(hostNation, "hostNation");
        Update(name, seatsPerCohort);
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>The host nation (ISO 3166-1 alpha-3); its point of contact manages the site.</summary>
    public string HostNation { get; private set; } = "";

    /// <summary>Seats in one cohort at this site.</summary>
    public int SeatsPerCohort { get; private set; }
    public List<Guid> Courses { get; private set; } = [];

    /// <summary>Explicit start dates (Mondays), used when there is no cadence.</summary>
    public List<DateOnly> StartDates { get; private set; } = [];

    /// <summary>With a cadence: the first start date (a Monday) and the weeks between starts.</summary>
    public DateOnly? CadenceFrom { get; private set; }
    public int? CadenceWeeks { get; private set; }

    /// <summary>Mondays of the weeks the site is closed: no cohort is in session in them.</summary>
    public List<DateOnly> BlackoutWeeks { get; private set; } = [];
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    public void Update(string name, int seatsPerCohort)
    {
        var checkedName = Guard.Required(name, "name", 200);
        Guard.Positive(seatsPerCohort, "seatsPerCohort");
        if (seatsPerCohort > Course.MaxSeats) throw new DomainException("seatsPerCohort", $"seatsPerCohort must be at most {Course.MaxSeats} (got {seatsPerCohort}).");
        Name = checkedName;
        SeatsPerCohort = seatsPerCohort;
    }

    public void SetCourses(IEnumerable<Guid> courses)
    {
        var list = courses.ToList();
        if (list.Distinct().Count() != list.Count) throw new DomainException("courses", "A course is listed twice.");
        Courses = list;
    }

    /// <summary>Either explicit start dates or a cadence (every <paramref name="cadenceWeeks"/> weeks from <paramref name="cadenceFrom"/>).</summary>
    public void SetSchedule(IEnumerable<DateOnly>? startDates, DateOnly? cadenceFrom, int? cadenceWeeks)
    {
        var dates = (startDates ?? []).Select((d, i) => Weeks.Monday(d, $"startDates[{i}]")).Distinct().Order().ToList();
        if (dates.Count > MaxStartDates) throw new DomainException("startDates", $"At most {MaxStartDates} start dates (got {dates.Count}).");
        if (cadenceFrom is null != cadenceWeeks is null)
            throw new DomainException(cadenceFrom is null ? "cadenceFrom" : "cadenceWeeks", "A cadence needs both its first start date (cadenceFrom) and the weeks between starts (cadenceWeeks).");
        if (cadenceWeeks is { } w && (w < 1 || w > 52))
            throw new DomainException("cadenceWeeks", $"cadenceWeeks must be between 1 and 52 (got {w}).");
        if (cadenceFrom is { } f) Weeks.Monday(f, "cadenceFrom");
        if (dates.Count > 0 && cadenceFrom is not null)
            throw new DomainException("startDates", "Give either start dates or a cadence, not both.");
        StartDates = dates;
        CadenceFrom = cadenceFrom;
        CadenceWeeks = cadenceWeeks;
    }

    public void SetBlackouts(IEnumerable<DateOnly> weeks)
    {
        var list = weeks.Select((d, i) => Weeks.Monday(d, $"blackoutWeeks[{i}]")).Distinct().Order().ToList();
        if (list.Count > MaxBlackoutWeeks) throw new DomainException("blackoutWeeks", $"At most {MaxBlackoutWeeks} blackout weeks (got {list.Count}).");
        BlackoutWeeks = list;
    }

    /// <summary>Closes the site for <paramref name="weeks"/> weeks from <paramref name="from"/> (adds them to the blackouts).</summary>
    public void Close(DateOnly from, int weeks)
    {
        Weeks.Monday(from, "from");
        if (weeks is < 1 or > 104) throw new DomainException("weeks", $"weeks must be between 1 and 104 (got {weeks}).");
        SetBlackouts(BlackoutWeeks.Concat(Enumerable.Range(0, weeks).Select(k => Weeks.Add(from, k))));
    }

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;

    public bool Runs(Guid courseId) => Courses.Contains(courseId);

    public bool IsScheduledStart(DateOnly monday)
        => CadenceFrom is { } f && CadenceWeeks is { } w
            ? monday >= f && Weeks.Between(f, monday) % w == 0 && (monday.DayNumber - f.DayNumber) % 7 == 0
            : StartDates.Contains(monday);

    /// <summary>Scheduled start dates in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IEnumerable<DateOnly> StartsBetween(DateOnly from, DateOnly to)
    {
        if (CadenceFrom is { } f && CadenceWeeks is { } w)
        {
            var d = f;
            if (d < from) d = Weeks.Add(f, (Weeks.Between(f, Weeks.MondayOf(from)) + w - 1) / w * w);
            for (; d <= to; d = Weeks.Add(d, w))
                if (d >= from) yield return d;
        }
        else
            foreach (var d in StartDates.Where(d => d >= from && d <= to)) yield return d;
    }

    /// <summary>The first blackout week in [start, start + weeks), or null.</summary>
    public DateOnly? BlackoutDuring(DateOnly start, int weeks)
    {
        var end = Weeks.Add(start, weeks);
        foreach (var b in BlackoutWeeks)
            if (b >= start && b < end) return b;
        return null;
    }

    /// <summary>Refuses a cohort of <paramref name="course"/> starting <paramref name="start"/> that this site cannot hold.</summary>
    /// <param name="seatsTaken">Seats of the other cohorts of the same course starting the same week at this site.</param>
    public void CheckCohort(Course course, DateOnly start, int seats, int seatsTaken = 0)
    {
        Weeks.Monday(start, "startDate");
        if (!Runs(course.Id)) throw new DomainException("courseCode", $"Site {Code} does not run course {course.Code}.");
        if (!IsScheduledStart(start))
            throw new DomainException("startDate", $"{start:yyyy-MM-dd} is not a start date of site {Code}" + ScheduleText() + ".");
        if (BlackoutDuring(start, course.LengthWeeks) is { } b)
            throw new DomainException("startDate", $"A {course.LengthWeeks}-week cohort from {start:yyyy-MM-dd} would be in session in the blackout week of {b:yyyy-MM-dd} at site {Code}.");
        var capacity = Math.Min(SeatsPerCohort, course.SeatsPerCohort);
        if (seats + seatsTaken > capacity)
            throw new DomainException("seats", seatsTaken == 0
                ? $"{seats} seats exceed the cohort capacity of {capacity} (site {Code}: {SeatsPerCohort}, course {course.Code}: {course.SeatsPerCohort})."
                : $"{seats} seats with the {seatsTaken} already planned for {start:yyyy-MM-dd} exceed the cohort capacity of {capacity} (site {Code}: {SeatsPerCohort}, course {course.Code}: {course.SeatsPerCohort}).");
    }

    public string ScheduleText()
        => CadenceFrom is { } f ? $" (every {CadenceWeeks} weeks from {f:yyyy-MM-dd})"
            : StartDates.Count == 0 ? " (it has no start dates)" : $" (starts: {string.Join(", ", StartDates.Take(6).Select(d => d.ToString("yyyy-MM-dd")))}{(StartDates.Count > 6 ? ", …" : "")})";
}
