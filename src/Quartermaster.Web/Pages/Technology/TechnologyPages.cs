using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Technology;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Technology;
using Quartermaster.Web.Api;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Technology;

/// <summary>The projects the signed-in person may see (a project only listed to them shows code, title and domain), with filters.</summary>
public sealed class IndexModel(ProjectsService projects, TechnologyAccess access, CurrentActor actor, IAuthorizationService auth) : ListPageModel
{
    public IReadOnlyList<ProjectView> Projects { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name, string Nation)> Companies { get; private set; } = [];
    public bool MayCreate { get; private set; }
    public TechnologyDomain? Domain { get; private set; }
    public int? MinTrl { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Domain = QEnum<TechnologyDomain>("domain");
        MinTrl = int.TryParse(Q("minTrl"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : null;
        MayCreate = (await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded;
        var viewer = await access.ViewerAsync(actor, HttpContext, ct);
        try { Projects = await projects.List(viewer, new ProjectFilter(Domain, Q("company"), Q("nation"), MinTrl, Q("q")), ct); }
        catch (RequestException e) { Error = $"{Labels.Field(e.Field)}: {e.Message}"; }
        catch (DomainException e) { Error = $"{Labels.Field(e.Field)}: {e.Message}"; }
        if (MayCreate) Companies = await projects.Companies(ct);
    }

    public static string Classification(ProjectView p)
        => p.Classification is not { } c ? "" : string.Join(" · ", new[] { c.MunitionsListEntry, c.DualUseEntry, c.Eccn is null ? null : "ECCN " + c.Eccn }.Where(s => s is not null)) is { Length: > 0 } s ? s : "Unclassified";
}

/// <summary>
/// One project: its facts, the readiness history as a step chart, milestones and the technical data the viewer's nation
/// may receive. The coordinator records a new readiness level, completes milestones and adds technical data here.
/// </summary>
public sealed class DetailModel(ProjectsService projects, TechnologyAccess access, CurrentActor actor, RecordHistoryService history, IAuthorizationService auth) : RecordFormModel
{
    public ProjectView Project { get; private set; } = null!;
    public RecordHistory? History { get; private set; }
    public bool MayChange { get; private set; }
    public string? ViewerNation { get; private set; }
    public TrlChart Chart { get; private set; } = null!;

    [BindProperty] public long Version { get; set; }
    [BindProperty] public int? NewTrl { get; set; }
    [BindProperty] public DateOnly? TrlOn { get; set; }
    [BindProperty] public string? TrlNote { get; set; }
    [BindProperty] public int Milestone { get; set; }
    [BindProperty] public bool Done { get; set; }
    [BindProperty] public string? DataTitle { get; set; }
    [BindProperty] public DataMarking? DataMarking { get; set; }
    [BindProperty] public string? DataLocation { get; set; }
    [BindProperty] public List<string> DataReleasableTo { get; set; } = [];

    public Task OnGetAsync(Guid id, CancellationToken ct) => Load(id, ct);

    public Task<IActionResult> OnPostTrlAsync(Guid id, CancellationToken ct)
        => Change(id, ct, () => projects.ChangeTrl(actor.Actor, id, Version, new TrlInput(NewTrl, TrlNote, TrlOn), ct), p => $"{p.Code} is now at TRL {p.Trl}.");

    public Task<IActionResult> OnPostMilestoneAsync(Guid id, CancellationToken ct)
        => Change(id, ct, () => projects.CompleteMilestone(actor.Actor, id, Milestone, Version, new MilestoneDoneInput(Done ? Today : null), ct),
            p => $"Milestone {Milestone} of {p.Code} {(Done ? "done" : "not done")}.");

    public Task<IActionResult> OnPostDataAsync(Guid id, CancellationToken ct)
        => Change(id, ct, () => projects.AddTechnicalData(actor.Actor, id, new TechnicalDataInput(DataTitle, DataMarking, DataLocation, DataReleasableTo), ct),
            r => $"Technical data \"{r.Title}\" recorded.");

    private DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<IActionResult> Change<T>(Guid id, CancellationToken ct, Func<Task<T>> call, Func<T, string> message) where T : class
    {
        if (!(await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded) return Forbid();
        CollectBindingErrors();
        var saved = Errors.Count == 0 ? await Attempt(call) : null;
        if (saved is not null) return SavedAndRedirect(message(saved), $"/technology/{id}");
        await Load(id, ct);
        return Page();
    }

    private async Task Load(Guid id, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(actor, HttpContext, ct);
        ViewerNation = viewer.Nation;
        Project = await projects.Get(id, viewer, ct);
        Chart = TrlChart.Build(Project.TrlHistory ?? [], DateOnly.FromDateTime(DateTime.UtcNow));
        MayChange = (await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded;
        if (Project.Visibility == nameof(ProjectVisibility.Full))
            History = new RecordHistory("TechnologyProject", id.ToString(), await history.Of("TechnologyProject", id.ToString(), ct), (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
        if (Errors.Count == 0 || Version == 0) Version = Project.Version ?? 0;
    }
}

/// <summary>One technical-data record, shown only to a viewer whose nation may receive it (anyone else: 404).</summary>
public sealed class DataModel(ProjectsService projects, TechnologyAccess access, CurrentActor actor, IAuthorizationService auth) : RecordFormModel
{
    public ProjectView Project { get; private set; } = null!;
    public TechnicalDataView Record { get; private set; } = null!;
    public bool MayChange { get; private set; }

    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public DataMarking? Marking { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public List<string> ReleasableTo { get; set; } = [];

    public async Task OnGetAsync(Guid id, Guid recordId, CancellationToken ct)
    {
        await Load(id, recordId, ct);
        (Title, Marking, Location, ReleasableTo, Version) = (Record.Title, Enum.Parse<DataMarking>(Record.Marking), Record.Location, Record.ReleasableTo.ToList(), Record.Version);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid recordId, CancellationToken ct)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded) return Forbid();
        await Load(id, recordId, ct);
        CollectBindingErrors();
        var saved = Errors.Count == 0 ? await Attempt(() => projects.UpdateTechnicalData(actor.Actor, id, recordId, Version, new TechnicalDataInput(Title, Marking, Location, ReleasableTo), ct)) : null;
        return saved is null ? Page() : SavedAndRedirect($"Technical data \"{saved.Title}\" saved.", $"/technology/{id}/data/{recordId}");
    }

    private async Task Load(Guid id, Guid recordId, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(actor, HttpContext, ct);
        Record = await projects.TechnicalDataRecord(id, recordId, viewer, ct);
        Project = await projects.Get(id, viewer, ct);
        MayChange = (await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded;
    }
}

/// <summary>The project form (new and edit) of the coordinator.</summary>
public abstract class ProjectFormModel(ProjectsService projects, CurrentActor actor) : RecordFormModel
{
    protected ProjectsService Projects => projects;
    protected CurrentActor Current => actor;

    public IReadOnlyList<(string Code, string Name, string Nation)> CompanyChoices { get; private set; } = [];
    public abstract bool IsNew { get; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public TechnologyDomain? Domain { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? LeadCompany { get; set; }
    [BindProperty] public List<string> Companies { get; set; } = [];
    [BindProperty] public int? Trl { get; set; }
    [BindProperty] public DateOnly? TrlOn { get; set; }
    [BindProperty] public string? TrlNote { get; set; }
    [BindProperty] public string? MunitionsListEntry { get; set; }
    [BindProperty] public string? DualUseEntry { get; set; }
    [BindProperty] public string? Eccn { get; set; }
    [BindProperty] public string? ReleasableTo { get; set; }
    [BindProperty] public string? Milestones { get; set; }
    [BindProperty] public long Version { get; set; }

    protected async Task LoadChoices(CancellationToken ct) => CompanyChoices = await projects.Companies(ct);

    /// <summary>"JPN, USA" → codes; the service checks each.</summary>
    protected IReadOnlyList<string> Nations() => (ReleasableTo ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>One milestone a line: "2027-03-31 | Critical design review" or "2027-03-31 | Critical design review | done 2027-04-02".</summary>
    protected IReadOnlyList<MilestoneInput>? ParseMilestones()
    {
        var list = new List<MilestoneInput>();
        var lines = (Milestones ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
            {
                AddError("milestones", $"Line {i + 1}: write \"YYYY-MM-DD | title\" (optionally \"| done YYYY-MM-DD\").");
                return null;
            }
            DateOnly? done = null;
            if (parts.Length > 2)
            {
                var d = parts[2].StartsWith("done", StringComparison.OrdinalIgnoreCase) ? parts[2][4..].Trim() : parts[2];
                if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dd))
                {
                    AddError("milestones", $"Line {i + 1}: the done date is written \"done YYYY-MM-DD\".");
                    return null;
                }
                done = dd;
            }
            list.Add(new MilestoneInput(parts[1], due, done));
        }
        return list;
    }

    public static string MilestoneText(IEnumerable<Milestone> milestones)
        => string.Join("\n", milestones.Select(m => $"{m.Due:yyyy-MM-dd} | {m.Title}{(m.Done is { } d ? $" | done {d:yyyy-MM-dd}" : "")}"));

    protected ProjectInput Input(IReadOnlyList<MilestoneInput> milestones)
        => new(Code, Title, Domain, Description, LeadCompany, Companies, Trl, TrlNote, TrlOn, MunitionsListEntry, DualUseEntry, Eccn, Nations(), milestones);
}

[Authorize(Policy = Policies.Coordinate)]
public sealed class NewModel(ProjectsService projects, CurrentActor actor) : ProjectFormModel(projects, actor)
{
    public override bool IsNew => true;

    public Task OnGetAsync(CancellationToken ct) => LoadChoices(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadChoices(ct);
        CollectBindingErrors();
        var milestones = ParseMilestones();
        if (Errors.Count > 0 || milestones is null) return Page();
        var saved = await Attempt(() => Projects.Create(Current.Actor, Input(milestones), ct));
        return saved is null ? Page() : SavedAndRedirect($"Project {saved.Code} recorded.", $"/technology/{saved.Id}");
    }
}

[Authorize(Policy = Policies.Coordinate)]
public sealed class EditModel(ProjectsService projects, TechnologyAccess access, CurrentActor actor) : ProjectFormModel(projects, actor)
{
    public override bool IsNew => false;
    public ProjectView Project { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await Load(id, ct);
        var p = Project;
        (Code, Title, Domain, Description, Version) = (p.Code, p.Title, Enum.Parse<TechnologyDomain>(p.Domain), p.Description, p.Version ?? 0);
        LeadCompany = p.Participants!.First(c => c.Lead).CompanyCode;
        Companies = p.Participants!.Where(c => !c.Lead).Select(c => c.CompanyCode).ToList();
        (MunitionsListEntry, DualUseEntry, Eccn) = (p.Classification!.MunitionsListEntry, p.Classification.DualUseEntry, p.Classification.Eccn);
        ReleasableTo = string.Join(", ", p.ReleasableTo!);
        Milestones = MilestoneText(p.Milestones!);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        await Load(id, ct);
        CollectBindingErrors();
        var milestones = ParseMilestones();
        if (Errors.Count > 0 || milestones is null) return Page();
        var saved = await Attempt(() => Projects.Update(Current.Actor, id, Version, Input(milestones), ct));
        return saved is null ? Page() : SavedAndRedirect($"Project {saved.Code} saved.", $"/technology/{saved.Id}");
    }

    private async Task Load(Guid id, CancellationToken ct)
    {
        Project = await Projects.Get(id, await access.ViewerAsync(Current, HttpContext, ct), ct);
        await LoadChoices(ct);
    }
}

/// <summary>
/// The readiness history as a step chart (server-rendered SVG): time along x from the first assessment to today, TRL
/// 1–9 up y; each level holds until the next change.
/// </summary>
public sealed record TrlChart(string Path, IReadOnlyList<(double X, double Y, TrlChange Change)> Points, IReadOnlyList<(double Y, int Level)> Levels,
    IReadOnlyList<(double X, string Label)> Years, double Width, double Height)
{
    public const double W = 640, H = 220, Left = 36, Right = 12, Top = 10, Bottom = 28;

    public static TrlChart Build(IReadOnlyList<TrlChange> history, DateOnly today)
    {
        var levels = Enumerable.Range(1, 9).Select(l => (Y(l), l)).ToList();
        if (history.Count == 0) return new TrlChart("", [], levels, [], W, H);
        var start = history[0].On.DayNumber;
        var end = Math.Max(today.DayNumber, history[^1].On.DayNumber);
        var span = Math.Max(1, end - start);
        double X(DateOnly d) => Left + (d.DayNumber - start) * (W - Left - Right) / span;
        var points = history.Select(h => (X(h.On), Y(h.To), h)).ToList();
        var path = new System.Text.StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y, _) = points[i];
            path.Append(i == 0 ? $"M{F(x)},{F(y)}" : $" H{F(x)} V{F(y)}");
        }
        path.Append($" H{F(X(DateOnly.FromDayNumber(end)))}");
        var years = new List<(double, string)>();
        for (var y = DateOnly.FromDayNumber(start).Year + 1; y <= DateOnly.FromDayNumber(end).Year; y++)
            years.Add((X(new DateOnly(y, 1, 1)), y.ToString(CultureInfo.InvariantCulture)));
        return new TrlChart(path.ToString(), points, levels, years, W, H);
    }

    private static double Y(int level) => Top + (9 - level) * (H - Top - Bottom) / 8;

    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
