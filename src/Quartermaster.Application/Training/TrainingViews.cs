using Quartermaster.Domain.Training;

namespace Quartermaster.Application.Training;

public sealed record CourseView(Guid Id, string Code, string Name, int LengthWeeks, int CrewSize, int SeatsPerCohort, string? Language,
    int? LanguageLevel, IReadOnlyList<string> Prerequisites, IReadOnlyList<string> Systems, bool Illustrative, long Version);

public sealed record CourseInput(string? Code, string? Name, int LengthWeeks, int CrewSize, int SeatsPerCohort, string? Language = null,
    int? LanguageLevel = null, IReadOnlyList<string>? Prerequisites = null, bool Illustrative = false);

public sealed record SiteView(Guid Id, string Code, string Name, string HostNation, int SeatsPerCohort, IReadOnlyList<string> Courses,
    IReadOnlyList<DateOnly> StartDates, DateOnly? CadenceFrom, int? CadenceWeeks, IReadOnlyList<DateOnly> BlackoutWeeks, bool Illustrative, long Version);

public sealed record SiteInput(string? Code, string? Name, string? HostNation, int SeatsPerCohort, IReadOnlyList<string>? Courses = null,
    IReadOnlyList<DateOnly>? StartDates = null, DateOnly? CadenceFrom = null, int? CadenceWeeks = null, IReadOnlyList<DateOnly>? BlackoutWeeks = null,
    bool Illustrative = false);

public sealed record CohortView(Guid Id, string CourseCode, string CourseName, string SiteCode, string SiteName, string HostNation,
    DateOnly StartDate, DateOnly GraduationDate, int LengthWeeks, int Seats, int Trainees, string ReceivingUnit, Guid? RequirementId,
    string State, int? Passed, bool Illustrative, long Version);

public sealed record CohortInput(string? CourseCode, string? SiteCode, DateOnly? StartDate, int Seats, int Trainees, string? ReceivingUnit,
    Guid? RequirementId = null, bool Illustrative = false);

public sealed record GraduationInput(int Passed);

public sealed record SustainmentView(Guid Id, string SystemCode, string SystemName, string ItemCode, string ItemName, string Kind,
    decimal QuantityPerUnit, bool Illustrative, long Version);

public sealed record SustainmentInput(string? SystemCode, string? ItemCode, SustainmentKind? Kind, decimal QuantityPerUnit, bool Illustrative = false);
