using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Common;
using Quartermaster.Application.Training;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Planning.Training;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Training;

/// <summary>
/// Training: courses, sites and cohorts. Cohort progress (start, graduation) is recorded here by the coordinator, the
/// recipient's officer or the host nation's point of contact; coordinators and host nations plan cohorts; a coordinator
/// runs the crew planner and may store its cohorts.
/// </summary>
public sealed class IndexModel(CoursesService courses, SitesService sites, CohortsService cohorts, CrewPlanningService planning, CurrentActor actor) : PageModel
{
    public IReadOnlyList<CourseView> Courses { get; private set; } = [];
    public IReadOnlyList<SiteView> Sites { get; private set; } = [];
    public IReadOnlyList<CohortView> Cohorts { get; private set; } = [];
    public CrewPlanView? Plan { get; private set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    [BindProperty] public Guid CohortId { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public int Passed { get; set; }
    [BindProperty] public CohortForm New { get; set; } = new();

    public sealed class CohortForm
    {
        public string? CourseCode { get; set; }
        public string? SiteCode { get; set; }
        public DateOnly? StartDate { get; set; }
        public int Trainees { get; set; }
        public string? ReceivingUnit { get; set; }
    }

    public Role? Role => Enum.TryParse<Role>(actor.Actor.Role, out var r) ? r : null;
    public bool MayPlan => Role is Domain.Access.Role.Coordinator or Domain.Access.Role.NationalPointOfContact;
    public bool MayRecordProgress(CohortView c) => Role is Domain.Access.Role.Coordinator or Domain.Access.Role.RecipientOfficer
                                                   || (Role == Domain.Access.Role.NationalPointOfContact && actor.Actor.Nation == c.HostNation);
    public bool MayManage(CohortView c) => Role == Domain.Access.Role.Coordinator || (Role == Domain.Access.Role.NationalPointOfContact && actor.Actor.Nation == c.HostNation);

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public Task<IActionResult> OnPostStartAsync(CancellationToken ct)
        => Act(ct, async () => { var c = await cohorts.Start(actor.Actor, CohortId, Version, ct); Done = $"The cohort on {c.CourseName} at {c.SiteName} is in training."; });

    public Task<IActionResult> OnPostGraduateAsync(CancellationToken ct)
        => Act(ct, async () => { var c = await cohorts.Graduate(actor.Actor, CohortId, Version, new GraduationInput(Passed), ct); Done = $"The cohort on {c.CourseName} at {c.SiteName} graduated: {c.Passed} of {c.Trainees} passed."; });

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
        => Act(ct, async () => { var c = await cohorts.Cancel(actor.Actor, CohortId, Version, ct); Done = $"The cohort on {c.CourseName} at {c.SiteName} was cancelled."; });

    public Task<IActionResult> OnPostNewAsync(CancellationToken ct)
        => Act(ct, async () =>
        {
            var c = await cohorts.Create(actor.Actor, new CohortInput(New.CourseCode, New.SiteCode, New.StartDate, New.Trainees, New.Trainees, New.ReceivingUnit), ct);
            Done = $"Planned a cohort of {c.Trainees} on {c.CourseName} at {c.SiteName} from {c.StartDate:yyyy-MM-dd}.";
        });

    public Task<IActionResult> OnPostPlanAsync(bool apply, CancellationToken ct)
        => Act(ct, async () =>
        {
            if (Role != Domain.Access.Role.Coordinator) throw new RequestException("plan", "Only a coordinator plans crews.");
            Plan = apply ? await planning.Apply(actor.Actor, null, new CrewPlannerOptions { TimeLimitSeconds = 10 }, null, ct)
                : await planning.Compute(null, new CrewPlannerOptions { TimeLimitSeconds = 10 }, null, ct);
            Done = apply ? $"Stored {Plan.CohortsCreated} planned cohorts." : null;
        });

    private async Task<IActionResult> Act(CancellationToken ct, Func<Task> action)
    {
        if (!User.Identity!.IsAuthenticated || Role is Domain.Access.Role.Auditor or Domain.Access.Role.IndustryRepresentative) return Forbid();
        try { await action(); }
        catch (RequestException e) { Error = $"{e.Field}: {e.Message}"; }
        catch (DomainException e) { Error = $"{e.Field}: {e.Message}"; }
        catch (ConflictException e) { Error = e.Message; }
        catch (NotFoundException e) { Error = e.Message; }
        catch (CrewScenarioException e) { Error = e.Message; }
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        Courses = await courses.List(ct);
        Sites = await sites.List(null, ct);
        Cohorts = await cohorts.List(null, null, null, null, ct);
    }

    public static string State(string state) => state switch
    {
        "InTraining" => "In training",
        _ => state,
    };
}
