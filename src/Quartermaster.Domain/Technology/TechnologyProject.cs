using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Technology;

using Quartermaster.Domain.Access;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;

/// <summary>The field of a dual-use technology project (domain brief: "Dual-use technology project").</summary>
public enum TechnologyDomain { AI, UncrewedSystems, Quantum, Space, ElectronicWarfare, Cyber, Other }

/// <summary>A participating company as the project records it: its nation is kept with it (a company's nation never changes).</summary>
public sealed record ProjectParticipant(Guid CompanyId, string Nation, bool Lead);

/// <summary>
/// One change of the technology readiness level: the date of the assessment, from which level to which, who recorded it
/// and when, and what it rests on.
/// </summary>
public sealed record TrlChange(DateOnly On, int? From, int To, string By, string? Note, DateTime RecordedAt);

/// <summary>A milestone of a project: due on a date, done (or not yet) on another.</summary>
public sealed record Milestone(int Number, string Title, DateOnly Due, DateOnly? Done);

/// <summary>
/// A dual-use technology project: joint work between companies of several nations, with its technology readiness
/// level (1–9, every change kept), its export classification (a Munitions List entry, an EU dual-use Annex I entry, a
/// US ECCN) and the nations that may receive its technical data. A project without any export classification is
/// <see cref="IsClassified">unclassified</see>: it names no nation to release to, and a partner sees nothing of it.
/// Who sees what is decided by <see cref="TechnologyRelease"/> alone.
/// </summary>
public sealed partial class TechnologyProject : VersionedEntity
{
    public const int MinTrl = 1;
    public const int MaxTrl = 9;
    public const int MaxMilestones = 200;

    private TechnologyProject() { }

    public TechnologyProject(Guid id, string code, string title, TechnologyDomain domain, string? description, int trl, DateOnly? on, DateTime now, string by, string? note)
    {
        Id = id;
        Code = CatalogueItem.ParseCode(code);
        Describe(title, domain, description);
        ChangeTrl(trl, on, now, by, note ?? "Assessed when the project was recorded.");
    }

    public Guid Id { get; private set; }

    /// <summary>A short, stable key (e.g. "quantum-nav-2031").</summary>
    public string Code { get; private set; } = "";
    public string Title { get; private set; } = "";
    public TechnologyDomain Domain { get; private set; }
    public string? Description { get; private set; }

    public List<ProjectParticipant> Participants { get; private set; } = [];

    /// <summary>Technology readiness level, 1 (basic principles observed) to 9 (proven in operational environment).</summary>
    public int Trl { get; private set; }
    public List<TrlChange> TrlHistory { get; private set; } = [];

    /// <summary>Wassenaar / EU Common Military List category, ML1–ML22 (e.g. ML10 for uncrewed aircraft).</summary>
    public string? MunitionsListEntry { get; private set; }

    /// <summary>EU Regulation 2021/821 Annex I entry (category digit, product group A–E, three digits: 4A005).</summary>
    public string? DualUseEntry { get; private set; }

    /// <summary>US Export Control Classification Number, as the US partner gives it (checked for its format only), or EAR99.</summary>
    public string? Eccn { get; private set; }

    /// <summary>The nations that may receive the project's technical data, "|DEU|JPN|" (see <see cref="ReleaseList"/>).</summary>
    public string? ReleasableTo { get; private set; }

    public List<Milestone> Milestones { get; private set; } = [];

    /// <summary>True for demo records built for illustration.</summary>
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    /// <summary>Whether any export classification is recorded. An unclassified project shares nothing with a partner.</summary>
    public bool IsClassified => MunitionsListEntry is not null || DualUseEntry is not null || Eccn is not null;

    public Guid? LeadCompanyId => Participants.FirstOrDefault(p => p.Lead)?.CompanyId;

    public IReadOnlyList<string> ReleasableNations => ReleaseList.Decode(ReleasableTo);

    public IReadOnlyList<string> ParticipantNations => Participants.Select(p => p.Nation).Distinct().Order().ToList();

    public void Describe(string title, TechnologyDomain domain, string? description)
    {
        var t = Guard.Required(title, "title", 200);
        Guard.Defined(domain, "domain");
        var d = Guard.Optional(description, "description", 4000);
        Title = t;
        Domain = domain;
        Description = d;
    }

    /// <summary>Sets the participating companies: at least one, no company twice, exactly one lead.</summary>
    public void SetParticipants(IReadOnlyList<ProjectParticipant> participants)
    {
        if (participants.Count == 0) throw new DomainException("participants", "A project needs at least its lead company.");
        if (participants.Count > 100) throw new DomainException("participants", "A project has at most 100 participating companies.");
        if (participants.Select(p => p.CompanyId).Distinct().Count() != participants.Count)
            throw new DomainException("participants", "A company takes part in a project once.");
        var leads = participants.Count(p => p.Lead);
        if (leads != 1) throw new DomainException("leadCompany", leads == 0 ? "Name the lead company of the project." : "A project has one lead company.");
        Participants = participants.Select(p => p with { Nation = Nations.NationCode.Parse(p.Nation, "participants") }).ToList();
    }

    /// <summary>
    /// Records a new readiness level assessed on <paramref name="on"/> (default: the day of <paramref name="now"/>), signed
    /// by <paramref name="by"/>. A level outside 1–9, the same level again, a date in the future or before the previous
    /// change, and a change without a note are refused.
    /// </summary>
    public void ChangeTrl(int level, DateOnly? on, DateTime now, string by, string? note)
    {
        if (level is < MinTrl or > MaxTrl)
            throw new DomainException("trl", $"trl is a technology readiness level from {MinTrl} to {MaxTrl} (got {level}).");
        var who = Guard.Required(by, "by", 200);
        var n = Guard.Optional(note, "note", 1000);
        var today = DateOnly.FromDateTime(now);
        var date = on ?? today;
        if (date > today) throw new DomainException("on", $"A readiness assessment cannot be dated in the future ({date:yyyy-MM-dd}).");
        if (TrlHistory.Count > 0 && level == Trl) throw new DomainException("trl", $"The project is already at TRL {level}.");
        if (TrlHistory.Count > 0 && n is null) throw new DomainException("note", "Say what the change of readiness level rests on (a test, a review).");
        if (TrlHistory.Count > 0 && date < TrlHistory[^1].On)
            throw new DomainException("on", $"A readiness change cannot be dated before the previous one ({TrlHistory[^1].On:yyyy-MM-dd}).");
        TrlHistory = [.. TrlHistory, new TrlChange(date, TrlHistory.Count == 0 ? null : Trl, level, who, n, now)];
        Trl = level;
    }

    /// <summary>
    /// Sets the export classification. Entries that do not parse are refused naming their field; a project that
    /// names nations to release to must stay classified.
    /// </summary>
    public void Classify(string? munitionsListEntry, string? dualUseEntry, string? eccn)
    {
        var ml = ControlEntry.ParseOptional(munitionsListEntry, "munitionsListEntry");
        if (ml is not null && !ControlEntry.IsMunitionsList(ml))
            throw new DomainException("munitionsListEntry", $"'{munitionsListEntry}' is not a Munitions List entry: use ML1–ML22 (e.g. ML10).");
        var du = ControlEntry.ParseOptional(dualUseEntry, "dualUseEntry");
        if (du is not null && ControlEntry.IsMunitionsList(du))
            throw new DomainException("dualUseEntry", $"'{dualUseEntry}' is a Munitions List entry: give it as munitionsListEntry; dualUseEntry is an EU Annex I entry such as 4A005.");
        var us = ParseEccn(eccn);
        if (ml is null && du is null && us is null && ReleasableTo is not null)
            throw new DomainException("releasableTo", "An unclassified project releases nothing: remove the releasable-to nations before removing its export classification.");
        MunitionsListEntry = ml;
        DualUseEntry = du;
        Eccn = us;
    }

    /// <summary>
    /// Sets the nations that may receive the project's technical data. Only a classified project names any; the list
    /// must keep every nation a technical-data record is released to (<paramref name="recordNations"/>).
    /// </summary>
    public void SetReleasableTo(IEnumerable<string>? nations, IEnumerable<string> recordNations)
    {
        var encoded = ReleaseList.Encode(nations?.Select(n => Nations.NationCode.Parse(n, "releasableTo")));
        if (encoded is not null && !IsClassified)
            throw new DomainException("releasableTo", "Classify the project (Munitions List, EU dual-use or ECCN entry) before naming nations that may receive its technical data.");
        var missing = recordNations.Distinct().Where(n => !ReleaseList.Contains(encoded, n)).Order().ToList();
        if (missing.Count > 0)
            throw new DomainException("releasableTo", $"Technical data of the project is released to {string.Join(", ", missing)}: withdraw that release from the records first.");
        ReleasableTo = encoded;
    }

    public void SetMilestones(IReadOnlyList<(string? Title, DateOnly? Due, DateOnly? Done)> milestones)
    {
        if (milestones.Count > MaxMilestones) throw new DomainException("milestones", $"A project has at most {MaxMilestones} milestones.");
        var list = new List<Milestone>();
        for (var i = 0; i < milestones.Count; i++)
        {
            var (title, due, done) = milestones[i];
            var t = Guard.Required(title, $"milestones[{i}].title", 200);
            var d = due ?? throw new DomainException($"milestones[{i}].due", "Give the milestone's due date.");
            list.Add(new Milestone(i + 1, t, d, done));
        }
        Milestones = list;
    }

    /// <summary>Marks milestone <paramref name="number"/> done on a date (or not done again, with null).</summary>
    public void CompleteMilestone(int number, DateOnly? done)
    {
        var i = Milestones.FindIndex(m => m.Number == number);
        if (i < 0) throw new DomainException("milestone", $"The project has no milestone {number}.");
        if (Milestones[i].Done == done) throw new DomainException("done", done is null ? $"Milestone {number} is not done." : $"Milestone {number} is already done on {done:yyyy-MM-dd}.");
        var copy = Milestones.ToList();
        copy[i] = copy[i] with { Done = done };
        Milestones = copy;
    }

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;

    /// <summary>ECCN: category digit, product group A–E, three digits (5A002), optional paragraph (5A002.a.1); or EAR99.</summary>
    public static string? ParseEccn(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim().ToUpperInvariant();
        if (v == "EAR99" || EccnPattern().IsMatch(v)) return v;
        throw new DomainException("eccn", $"'{value}' is not an ECCN: a category digit, a group letter A–E and three digits (e.g. 5A002, 3A001.b.2), or EAR99.");
    }

    [GeneratedRegex(@"^[0-9][A-E]\d{3}(\.[A-Z0-9]+)*$")]
    private static partial Regex EccnPattern();
}

/// <summary>A security marking of a technical-data record.</summary>
public enum DataMarking { Unclassified, Restricted, Confidential, Secret }

/// <summary>
/// A technical-data record of a project: its title, marking and the nations it may be released to (a subset of the
/// project's). The data itself (drawings, code, test reports) stays outside; <see cref="Location"/> says where.
/// </summary>
public sealed class TechnicalDataRecord : VersionedEntity
{
    private TechnicalDataRecord() { }

    public TechnicalDataRecord(Guid id, Guid projectId, string title, DataMarking marking, string? location)
    {
        Id = id;
        ProjectId = projectId;
        Update(title, marking, location);
    }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string Title { get; private set; } = "";
    public DataMarking Marking { get; private set; }

    /// <summary>Where the data is kept (a document number, a repository): never the data.</summary>
    public string? Location { get; private set; }

    /// <summary>"|DEU|JPN|": the nations this record may be released to, always within the project's list.</summary>
    public string? ReleasableTo { get; private set; }

    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    public IReadOnlyList<string> ReleasableNations => ReleaseList.Decode(ReleasableTo);

    public void Update(string title, DataMarking marking, string? location)
    {
        var t = Guard.Required(title, "title", 200);
        Guard.Defined(marking, "marking");
        var l = Guard.Optional(location, "location", 500);
        Title = t;
        Marking = marking;
        Location = l;
    }

    /// <summary>Releases the record to nations, each of which the project must release to as well.</summary>
    public void SetReleasableTo(IEnumerable<string>? nations, TechnologyProject project)
    {
        if (project.Id != ProjectId) throw new DomainException("projectId", "The record belongs to another project.");
        var encoded = ReleaseList.Encode(nations?.Select(n => Nations.NationCode.Parse(n, "releasableTo")));
        var outside = ReleaseList.Decode(encoded).Where(n => !ReleaseList.Contains(project.ReleasableTo, n)).ToList();
        if (outside.Count > 0)
            throw new DomainException("releasableTo", project.ReleasableTo is null
                ? "The project releases its technical data to no nation: a record cannot be released further than its project."
                : $"{string.Join(", ", outside)} may not receive the project's technical data (the project releases to {string.Join(", ", project.ReleasableNations)}).");
        ReleasableTo = encoded;
    }

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;
}
