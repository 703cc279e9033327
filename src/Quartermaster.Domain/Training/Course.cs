using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Training;

using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;

/// <summary>
/// A training course for the crews of a system. The systems are the catalogue items that link to the course
/// (<see cref="CatalogueItem.TrainingCourseId"/>); a course no item links to is a foundation course that other
/// courses require. <see cref="CrewSize"/> is the number of trainees who make one crew for one unit of the system
/// (a howitzer: 8; an air-defence battery: about 90).
/// </summary>
public sealed partial class Course : VersionedEntity
{
    public const int MaxLengthWeeks = 104;
    public const int MaxCrewSize = 500;
    public const int MaxSeats = 1000;

    private Course() { }

    public Course(Guid id, string code, string name, int lengthWeeks, int crewSize, int seatsPerCohort)
    {
        Id = id;
        Code = CatalogueItem.ParseCode(code);
        Update(name, lengthWeeks, crewSize, seatsPerCohort);
    }

    public Guid Id { get; private set; }

    /// <summary>A short, stable key (e.g. "m777-crew").</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    public int LengthWeeks { get; private set; }
    public int CrewSize { get; private set; }
    public int SeatsPerCohort { get; private set; }

    /// <summary>Free-text language requirement (e.g. "English, or Ukrainian with interpreters").</summary>
    public string? Language { get; private set; }

    /// <summary>The STANAG 6001 level (0–5) trainees must hold in <see cref="Language"/>, if one is set.</summary>
    public int? LanguageLevel { get; private set; }

    /// <summary>Courses a trainee must pass before starting this one (each must end before this one starts).</summary>
    public List<Guid> Prerequisites { get; private set; } = [];

    /// <summary>True for demo records built for illustration.</summary>
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    public void Update(string name, int lengthWeeks, int crewSize, int seatsPerCohort)
    {
        var checkedName = Guard.Required(name, "name", 200);
        Guard.Positive(lengthWeeks, "lengthWeeks");
        if (lengthWeeks > MaxLengthWeeks) throw new DomainException("lengthWeeks", $"lengthWeeks must be at most {MaxLengthWeeks} (got {lengthWeeks}).");
        Guard.Positive(crewSize, "crewSize");
        if (crewSize > MaxCrewSize) throw new DomainException("crewSize", $"crewSize must be at most {MaxCrewSize} (got {crewSize}).");
        Guard.Positive(seatsPerCohort, "seatsPerCohort");
        if (seatsPerCohort > MaxSeats) throw new DomainException("seatsPerCohort", $"seatsPerCohort must be at most {MaxSeats} (got {seatsPerCohort}).");
        Name = checkedName;
        LengthWeeks = lengthWeeks;
        CrewSize = crewSize;
        SeatsPerCohort = seatsPerCohort;
    }

    /// <summary>Sets the language requirement: free text, optionally with a STANAG 6001 level 0–5.</summary>
    public void SetLanguage(string? language, int? level)
    {
        var text = Guard.Optional(language, "language", 100);
        if (level is { } l && (l < 0 || l > 5))
            throw new DomainException("languageLevel", $"languageLevel is a STANAG 6001 level from 0 to 5 (got {l}).");
        if (level is not null && text is null)
            throw new DomainException("language", "Name the language the STANAG 6001 level applies to.");
        Language = text;
        LanguageLevel = level;
    }

    /// <summary>
    /// Sets the prerequisites. <paramref name="prerequisitesOf"/> gives every other course's prerequisites, so that a
    /// cycle (a course that would, through others, require itself) is refused.
    /// </summary>
    public void SetPrerequisites(IEnumerable<Guid> prerequisites, Func<Guid, IReadOnlyCollection<Guid>?> prerequisitesOf, Func<Guid, string>? nameOf = null)
    {
        var list = new List<Guid>();
        foreach (var p in prerequisites)
        {
            if (p == Id) throw new DomainException("prerequisites", "A course cannot be its own prerequisite.");
            if (list.Contains(p)) throw new DomainException("prerequisites", $"Prerequisite {nameOf?.Invoke(p) ?? p.ToString()} is listed twice.");
            list.Add(p);
        }
        var cycle = PrerequisiteGraph.FindCycle(Id, list, prerequisitesOf);
        if (cycle is not null)
            throw new DomainException("prerequisites",
                $"Prerequisite cycle: {string.Join(" → ", cycle.Select(c => nameOf?.Invoke(c) ?? c.ToString()))}; a course cannot require itself through others.");
        Prerequisites = list;
    }

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;
}

/// <summary>The prerequisite relation between courses: cycles and transitive closures, in one place.</summary>
public static class PrerequisiteGraph
{
    /// <summary>
    /// The cycle that <paramref name="course"/> would close with the given direct prerequisites, as the path
    /// course → … → course, or null if there is none.
    /// </summary>
    public static IReadOnlyList<Guid>? FindCycle(Guid course, IReadOnlyCollection<Guid> prerequisites, Func<Guid, IReadOnlyCollection<Guid>?> prerequisitesOf)
    {
        var parent = new Dictionary<Guid, Guid>();
        var stack = new Stack<Guid>();
        foreach (var p in prerequisites)
        {
            if (parent.ContainsKey(p)) continue;
            parent[p] = course;
            stack.Push(p);
        }
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            if (c == course)
            {
                var path = new List<Guid> { course };
                var at = parent[course];
                while (at != course) { path.Add(at); at = parent[at]; }
                path.Add(course);
                path.Reverse();
                return path;
            }
            foreach (var next in (c == course ? prerequisites : prerequisitesOf(c)) ?? [])
            {
                if (parent.ContainsKey(next)) continue;
                parent[next] = c;
                stack.Push(next);
            }
        }
        return null;
    }

    /// <summary>Every course a trainee of <paramref name="course"/> must pass first (transitively), nearest first.</summary>
    public static IReadOnlyList<Guid> AllPrerequisites(Guid course, Func<Guid, IReadOnlyCollection<Guid>?> prerequisitesOf)
    {
        var seen = new HashSet<Guid>();
        var order = new List<Guid>();
        var queue = new Queue<Guid>(prerequisitesOf(course) ?? []);
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            if (c == course || !seen.Add(c)) continue;
            order.Add(c);
            foreach (var n in prerequisitesOf(c) ?? []) queue.Enqueue(n);
        }
        return order;
    }
}
