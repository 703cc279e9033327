using Quartermaster.Domain.Technology;

namespace Quartermaster.Application.Technology;

public sealed record ParticipantView(string CompanyCode, string CompanyName, string Nation, bool Lead, bool Illustrative);

public sealed record ClassificationView(string? MunitionsListEntry, string? MunitionsListTitle, string? DualUseEntry, string? DualUseDescription, string? Eccn);

public sealed record TechnicalDataView(Guid Id, Guid ProjectId, string Title, string Marking, string? Location, IReadOnlyList<string> ReleasableTo,
    bool Illustrative, long Version);

/// <summary>
/// A project as the viewer may see it. <see cref="Visibility"/> "Listed" carries the code, title and domain only: every
/// other field is null (the project exists, nothing else is released).
/// </summary>
public sealed record ProjectView(Guid Id, string Code, string Title, string Domain, string Visibility, string? Description,
    IReadOnlyList<ParticipantView>? Participants, int? Trl, IReadOnlyList<TrlChange>? TrlHistory, ClassificationView? Classification,
    bool? Classified, IReadOnlyList<string>? ReleasableTo, IReadOnlyList<Milestone>? Milestones, IReadOnlyList<TechnicalDataView>? TechnicalData,
    bool Illustrative, long? Version);

public sealed record MilestoneInput(string? Title, DateOnly? Due, DateOnly? Done = null);

/// <summary>A project as the coordinator records it. Companies are named by code; the lead is one of them (or added to them).</summary>
public sealed record ProjectInput(string? Code, string? Title, TechnologyDomain? Domain, string? Description, string? LeadCompany,
    IReadOnlyList<string>? Companies = null, int? Trl = null, string? TrlNote = null, DateOnly? TrlOn = null, string? MunitionsListEntry = null, string? DualUseEntry = null,
    string? Eccn = null, IReadOnlyList<string>? ReleasableTo = null, IReadOnlyList<MilestoneInput>? Milestones = null, bool Illustrative = false);

public sealed record TrlInput(int? Trl, string? Note, DateOnly? On = null);

public sealed record MilestoneDoneInput(DateOnly? Done);

public sealed record TechnicalDataInput(string? Title, DataMarking? Marking, string? Location = null, IReadOnlyList<string>? ReleasableTo = null,
    bool Illustrative = false);

/// <summary>Filters of the project list; all optional.</summary>
public sealed record ProjectFilter(TechnologyDomain? Domain = null, string? Company = null, string? Nation = null, int? MinTrl = null, string? Text = null);
