using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Common;
using Quartermaster.Application.Readiness;
using Quartermaster.Application.Training;
using Quartermaster.Domain.Common;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Readiness;

/// <summary>
/// The readiness board: one row per requirement with its rating, what is lacking and a timeline of equipment, training
/// and sustainment up to the forecast date. A coordinator can try a draft (add a cohort, close a site for some weeks)
/// and see the forecast move side by side, then save it.
/// </summary>
public sealed class IndexModel(ReadinessService readiness, CoursesService courses, SitesService sites, CurrentActor actor) : PageModel
{
    public const int WindowBeforeWeeks = 13;
    public const int WindowAfterWeeks = 52;

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Coalition { get; set; }
    [BindProperty(SupportsGet = true)] public int? Priority { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    // The draft (what-if): one cohort to add and one site closure.
    [BindProperty] public string? DraftCourse { get; set; }
    [BindProperty] public string? DraftSite { get; set; }
    [BindProperty] public DateOnly? DraftStart { get; set; }
    [BindProperty] public int? DraftTrainees { get; set; }
    [BindProperty] public Guid? DraftRequirement { get; set; }
    [BindProperty] public string? CloseSite { get; set; }
    [BindProperty] public DateOnly? CloseFrom { get; set; }
    [BindProperty] public int? CloseWeeks { get; set; }

    public ReadinessBoard Board { get; private set; } = null!;
    public WhatIfResult? WhatIf { get; private set; }
    public bool Saved { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<CourseView> Courses { get; private set; } = [];
    public IReadOnlyList<SiteView> Sites { get; private set; } = [];
    public bool IsCoordinator => User.IsInRole(nameof(Domain.Access.Role.Coordinator));
    public DateOnly WindowStart => Board.Today.AddDays(-7 * WindowBeforeWeeks);
    public DateOnly WindowEnd => Board.Today.AddDays(7 * WindowAfterWeeks);

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostWhatIfAsync(CancellationToken ct) => await Draft(save: false, ct);

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => await Draft(save: true, ct);

    private async Task<IActionResult> Draft(bool save, CancellationToken ct)
    {
        if (!IsCoordinator) return Forbid();
        var draft = new ReadinessDraft(
            string.IsNullOrWhiteSpace(DraftCourse) ? [] : [new CohortInput(DraftCourse, DraftSite, DraftStart, DraftTrainees ?? 0, DraftTrainees ?? 0, "planned in a what-if", DraftRequirement)],
            string.IsNullOrWhiteSpace(CloseSite) ? [] : [new SiteClosure(CloseSite, CloseFrom, CloseWeeks ?? 0)]);
        try
        {
            if (draft.AddCohorts!.Count == 0 && draft.CloseSites!.Count == 0)
                Error = "The draft is empty: choose a cohort to add or a site to close.";
            else if (save)
            {
                WhatIf = await readiness.Save(actor.Actor, draft, Period, ct);
                Saved = true;
            }
            else WhatIf = await readiness.WhatIf(actor.Actor, draft, Period, ct);
        }
        catch (RequestException e) { Error = $"{Field(e.Field)}: {e.Message}"; }
        catch (DomainException e) { Error = $"{Field(e.Field)}: {e.Message}"; }
        catch (ConflictException e) { Error = e.Message; }
        await Load(ct);
        return Page();
    }

    private static string Field(string field) => field.Replace("addCohorts[0].", "cohort to add: ").Replace("closeSites[0].", "site to close: ");

    private async Task Load(CancellationToken ct)
    {
        try
        {
            Board = await readiness.Board(new ReadinessFilter(Period, Coalition, Priority, Math.Max(1, PageNumber), 50), ct);
        }
        catch (RequestException e)
        {
            Error ??= $"{e.Field}: {e.Message}";
            Board = await readiness.Board(new ReadinessFilter(null, null, null, 1, 50), ct);
        }
        if (IsCoordinator)
        {
            Courses = await courses.List(ct);
            Sites = await sites.List(null, ct);
        }
    }

    /// <summary>Position of a date on the timeline, 0..100 %.</summary>
    public double X(DateOnly date)
    {
        var span = WindowEnd.DayNumber - WindowStart.DayNumber;
        return Math.Clamp((date.DayNumber - WindowStart.DayNumber) * 100.0 / span, 0, 100);
    }

    public static string Pct(double v) => v.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public string Link(int page) => $"/readiness?page={page}" + Q("period", Period) + Q("coalition", Coalition) + Q("priority", Priority?.ToString(CultureInfo.InvariantCulture));

    private static string Q(string k, string? v) => string.IsNullOrWhiteSpace(v) ? "" : $"&{k}={Uri.EscapeDataString(v)}";

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not under current plans";
}
