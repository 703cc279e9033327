namespace Quartermaster.Domain.Training;

/// <summary>Military-style readiness ratings: the lowest of the equipment, crew and sustainment fractions decides.</summary>
public enum ReadinessRating { Ready, SubstantiallyReady, PartlyReady, NotReady }

/// <summary>Units arriving (or received) on a date.</summary>
public sealed record Arrival(DateOnly Date, int Units, bool Received);

/// <summary>A cohort as readiness counts it.</summary>
public sealed record CohortSupply(DateOnly StartDate, DateOnly GraduationDate, int Trainees, int? Passed, CohortState State)
{
    public static CohortSupply Of(Cohort c) => new(c.StartDate, c.GraduationDate, c.Trainees, c.Passed, c.State);

    /// <summary>Trained people on <paramref name="asOf"/>; with <paramref name="forecast"/>, active cohorts count from their graduation date.</summary>
    public int GraduatesBy(DateOnly asOf, bool forecast) => State switch
    {
        CohortState.Graduated => Passed ?? 0,
        CohortState.Planned or CohortState.InTraining when forecast && GraduationDate <= asOf => Trainees,
        _ => 0,
    };

    /// <summary>When the graduates are (or are expected to be) available: graduation date of an active or graduated cohort.</summary>
    public DateOnly? AvailableFrom => State == CohortState.Cancelled ? null : GraduationDate;
}

/// <summary>The crews a requirement needs: one crew of <see cref="CrewSize"/> per unit, trained on <see cref="CourseName"/>.</summary>
public sealed record CrewNeed(string CourseName, int CrewSize, IReadOnlyList<CohortSupply> Cohorts);

/// <summary>One sustainment need of a requirement: <see cref="Needed"/> units of an item, and what arrives of it for this requirement.</summary>
public sealed record SustainmentSupply(string ItemName, SustainmentKind Kind, int Needed, IReadOnlyList<Arrival> Arrivals);

/// <summary>Everything readiness needs to know of one requirement.</summary>
public sealed record ReadinessInput(int Quantity, IReadOnlyList<Arrival> Equipment, CrewNeed? Crews, IReadOnlyList<SustainmentSupply> Sustainment);

/// <summary>
/// One element of readiness (equipment, crews, one sustainment need): the fraction present on the day of assessment
/// (0..1), a sentence, when it first starts to arrive and when it reaches the ready threshold (null: not under current plans).
/// </summary>
public sealed record ReadinessElement(string Element, double Fraction, int Have, int Need, string Text, DateOnly? FirstDate, DateOnly? ReadyDate);

/// <summary>The readiness of a requirement on a day, with the deciding (lacking) element and the forecast date it becomes usable.</summary>
public sealed record ReadinessAssessment(
    ReadinessRating Rating, double Fraction, ReadinessElement Equipment, ReadinessElement? Crews, IReadOnlyList<ReadinessElement> Sustainment,
    ReadinessElement? Lacking, DateOnly? ForecastDate)
{
    public IEnumerable<ReadinessElement> Elements => new[] { Equipment }.Concat(Crews is null ? [] : [Crews]).Concat(Sustainment);
}

/// <summary>
/// The readiness rule, in one place. Equipment counts units received, and planned arrivals whose date has come (until
/// receipts exist); crews count graduates (passed) divided by the crew size, one crew per unit needed; each
/// sustainment need counts its arrivals against units per system × quantity. The lowest fraction decides the rating:
/// at least 90 % ready, 70 % substantially ready, 50 % partly ready, else not ready. The forecast date is the first day
/// every element reaches 90 % counting planned arrivals and active cohorts at their dates: the latest of the
/// equipment's arrival, the crews' graduation and the sustainment's arrival.
/// </summary>
public static class ReadinessRules
{
    public const double Ready = 0.9;
    public const double Substantial = 0.7;
    public const double Partial = 0.5;

    public static ReadinessRating RatingOf(double fraction)
        => fraction >= Ready - 1e-9 ? ReadinessRating.Ready
            : fraction >= Substantial - 1e-9 ? ReadinessRating.SubstantiallyReady
            : fraction >= Partial - 1e-9 ? ReadinessRating.PartlyReady
            : ReadinessRating.NotReady;

    /// <summary>Units needed to reach the ready threshold (90 %, rounded up).</summary>
    public static int ReadyCount(int need) => (int)Math.Ceiling(need * Ready - 1e-9);

    public static ReadinessAssessment Assess(ReadinessInput input, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        var equipment = ArrivalElement("equipment", "units", input.Quantity, input.Equipment, today, null);
        var crews = input.Crews is null ? null : CrewElement(input.Crews, input.Quantity, today);
        var sustainment = input.Sustainment.Select(s => ArrivalElement("sustainment", s.ItemName, s.Needed, s.Arrivals, today, s.Kind)).ToList();
        var all = new[] { equipment }.Concat(crews is null ? [] : [crews]).Concat(sustainment).ToList();
        var lowest = all.MinBy(e => e.Fraction)!;
        var forecast = all.Any(e => e.ReadyDate is null) ? (DateOnly?)null : all.Max(e => e.ReadyDate!.Value);
        return new ReadinessAssessment(RatingOf(lowest.Fraction), lowest.Fraction, equipment, crews, sustainment,
            lowest.Fraction < 1 - 1e-9 ? lowest : null, forecast);
    }

    private static double Fraction(int have, int need) => need <= 0 ? 1 : Math.Min(1.0, (double)have / need);

    private static ReadinessElement ArrivalElement(string element, string what, int need, IReadOnlyList<Arrival> arrivals, DateOnly today, SustainmentKind? kind)
    {
        var ordered = arrivals.Where(a => a.Units > 0).OrderBy(a => a.Date).ToList();
        var received = ordered.Where(a => a.Received).Sum(a => a.Units);
        var arrived = ordered.Where(a => !a.Received && a.Date <= today).Sum(a => a.Units);
        var have = Math.Min(need, received + arrived);
        var planned = ordered.Where(a => !a.Received && a.Date > today).Sum(a => a.Units);
        var target = ReadyCount(need);
        DateOnly? ready = need <= 0 ? today : null;
        var running = 0;
        foreach (var a in ordered)
        {
            running += a.Units;
            if (running >= target) { ready = a.Date; break; }
        }
        var label = kind switch
        {
            SustainmentKind.SparesKit => $"spares kit ({what})",
            SustainmentKind.FirstLoadAmmunition => $"first-load ammunition ({what})",
            SustainmentKind.Other => what,
            _ => null,
        };
        string text;
        if (ordered.Count == 0)
            text = label is null ? $"0 of {need:N0} units: equipment not allocated" : $"{label} not allocated (0 of {need:N0})";
        else
        {
            var main = label is null ? $"{have:N0} of {need:N0} units " + (received > 0 ? "received" : "arrived")
                : $"{label}: {have:N0} of {need:N0}";
            var more = planned > 0 ? $", {planned:N0} more planned by {ordered.Last(a => !a.Received).Date:yyyy-MM-dd}" : "";
            var shortText = received + arrived + planned < target ? $"; {need - Math.Min(need, received + arrived + planned):N0} not allocated" : "";
            text = main + more + shortText;
        }
        return new ReadinessElement(element, Fraction(have, need), have, need, text, ordered.FirstOrDefault()?.Date, ready);
    }

    private static ReadinessElement CrewElement(CrewNeed crews, int need, DateOnly today)
    {
        var people = crews.Cohorts.Sum(c => c.GraduatesBy(today, forecast: false));
        var have = Math.Min(need, people / crews.CrewSize);
        var target = ReadyCount(need);
        DateOnly? ready = need <= 0 ? today : null;
        // A cohort still in training past its graduation date graduates today at the earliest (not yet recorded).
        DateOnly Available(CohortSupply c) => c.State == CohortState.Graduated || c.GraduationDate > today ? c.GraduationDate : today;
        var active = crews.Cohorts.Where(c => c.State != CohortState.Cancelled).OrderBy(Available).ToList();
        var running = 0;
        foreach (var c in active)
        {
            running += c.State == CohortState.Graduated ? c.Passed ?? 0 : c.Trainees;
            if (running / crews.CrewSize >= target) { ready = Available(c); break; }
        }
        var inTraining = active.Where(c => c.State is CohortState.InTraining).Sum(c => c.Trainees) / crews.CrewSize;
        var planned = active.Where(c => c.State is CohortState.Planned).Sum(c => c.Trainees) / crews.CrewSize;
        var text = $"{have:N0} of {need:N0} crews ({crews.CourseName})";
        if (inTraining > 0) text += $", {inTraining:N0} in training";
        if (planned > 0) text += $", {planned:N0} planned";
        if (active.Count == 0) text += ": no cohort planned";
        return new ReadinessElement("crews", Fraction(have, need), have, need, text, active.MinBy(c => c.StartDate)?.StartDate, ready);
    }

    /// <summary>
    /// Shares the arrivals of one sustainment item among the requirements that need it, in priority order: each takes
    /// from the earliest arrivals until its need is met. Returns, per need (same order), the arrivals it gets.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Arrival>> Share(IReadOnlyList<int> needsInPriorityOrder, IEnumerable<Arrival> arrivals)
    {
        var queue = new Queue<Arrival>(arrivals.Where(a => a.Units > 0).OrderBy(a => !a.Received).ThenBy(a => a.Date));
        var result = new List<IReadOnlyList<Arrival>>();
        Arrival? part = null;
        foreach (var need in needsInPriorityOrder)
        {
            var mine = new List<Arrival>();
            var left = need;
            while (left > 0 && (part is not null || queue.Count > 0))
            {
                var a = part ?? queue.Dequeue();
                part = null;
                var take = Math.Min(left, a.Units);
                mine.Add(a with { Units = take });
                left -= take;
                if (take < a.Units) part = a with { Units = a.Units - take };
            }
            result.Add(mine);
        }
        return result;
    }
}
