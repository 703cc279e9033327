using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Allocations;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Offers;
using Quartermaster.Planning;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Plans;

/// <summary>One row of the what-if form; which fields count depends on <see cref="Kind"/>.</summary>
public sealed class ChangeRow
{
    public string? Kind { get; set; }
    public string? Target { get; set; }
    public ClearanceStatus? Status { get; set; }
    public int? Number { get; set; }
    public decimal? Tonnes { get; set; }
    public int? FromWeek { get; set; }
    public int? ToWeek { get; set; }
    public int? Rank { get; set; }
    public int? NeededBy { get; set; }
    public string? Donor { get; set; }
    public string? Item { get; set; }
}

/// <summary>
/// What-if re-planning in the browser: a coordinator lists changes, the planner re-plans the period in the background
/// without writing anything, and the page shows the current and the proposed plan side by side per requirement.
/// </summary>
public sealed class WhatIfModel(WhatIfService whatIf, PlanJobs jobs, CurrentActor actor) : PageModel
{
    public const int Rows = 5;

    public static readonly (string Kind, string Words, string Fields)[] Kinds =
    [
        ("consent", "Set a transfer consent", "offer, status"),
        ("licence", "Set an export licence", "offer, status"),
        ("hubCapacity", "Close a hub or cut its capacity", "hub, from week, to week, tonnes a week (0 = closed)"),
        ("addOffer", "Add a pledge", "donor, item, quantity, available from (week)"),
        ("withdrawOffer", "Withdraw a pledge", "offer"),
        ("delayOffer", "Delay a pledge", "offer, quantity field = weeks of delay"),
        ("requirement", "Change a requirement", "requirement, and any of quantity, rank, needed-by week"),
    ];

    [BindProperty] public List<ChangeRow> Changes { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Job { get; set; }

    public WhatIfChoices? Choices { get; private set; }
    public PlanJob? Running { get; private set; }
    public ComparisonView? View { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Job is { } id)
        {
            Running = jobs.Find(id);
            if (Running is null) Error = "This what-if is no longer available (results are kept in memory until the server restarts); run it again.";
            else if (Running.WhatIf is { } v)
                View = new ComparisonView(v.Result.Comparison, "Current data", "With the changes", v.Labels, ShowUnchanged: false);
        }
        await LoadChoices(ct);
        while (Changes.Count < Rows) Changes.Add(new ChangeRow());
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.IsInRole(nameof(Domain.Access.Role.Coordinator))) return Forbid();
        var changes = new List<ScenarioChange>();
        try
        {
            for (var i = 0; i < Changes.Count; i++)
                if (ToChange(Changes[i], i + 1) is { } c) changes.Add(c);
            if (changes.Count == 0) throw new RequestException("changes", "Give at least one change: choose what to change in a row.");
        }
        catch (RequestException e)
        {
            Error = e.Message;
            await LoadChoices(ct);
            while (Changes.Count < Rows) Changes.Add(new ChangeRow());
            return Page();
        }
        var job = jobs.Enqueue(string.IsNullOrWhiteSpace(Period) ? null : Period.Trim(), actor.Actor, actor.Viewer!, changes);
        return Redirect($"/plans/what-if?job={job.Id}");
    }

    private async Task LoadChoices(CancellationToken ct)
    {
        try { Choices = await whatIf.Choices(string.IsNullOrWhiteSpace(Period) ? null : Period.Trim(), ct); }
        catch (RequestException e) { Error ??= e.Message; }
    }

    private static ScenarioChange? ToChange(ChangeRow r, int row)
    {
        if (string.IsNullOrWhiteSpace(r.Kind)) return null;
        string Need(string? v, string what) => string.IsNullOrWhiteSpace(v) ? throw new RequestException("changes", $"Change {row}: choose the {what}.") : v.Trim();
        T Must<T>(T? v, string what) where T : struct => v ?? throw new RequestException("changes", $"Change {row}: give the {what}.");
        return r.Kind switch
        {
            "consent" => new SetConsent(Need(r.Target, "offer"), Must(r.Status, "status")),
            "licence" => new SetLicence(Need(r.Target, "offer"), Must(r.Status, "status")),
            "hubCapacity" => new ChangeHubCapacity(Need(r.Target, "hub"), Must(r.FromWeek, "from week"), Must(r.ToWeek, "to week"), r.Tonnes ?? 0),
            "addOffer" => new AddOffer(new ScenarioOffer($"what-if-{row}", Need(r.Donor, "donor").ToUpperInvariant(), Need(r.Item, "item"),
                Must(r.Number, "quantity"), r.FromWeek ?? 1, Need(r.Donor, "donor").ToUpperInvariant())),
            "withdrawOffer" => new WithdrawOffer(Need(r.Target, "offer")),
            "delayOffer" => new DelayOffer(Need(r.Target, "offer"), Must(r.Number, "number of weeks")),
            "requirement" => r.Number is null && r.Rank is null && r.NeededBy is null
                ? throw new RequestException("changes", $"Change {row}: give a new quantity, rank or needed-by week.")
                : new ChangeRequirement(Need(r.Target, "requirement"), r.Number, r.Rank, r.NeededBy),
            _ => throw new RequestException("changes", $"Change {row}: unknown kind of change '{r.Kind}'."),
        };
    }
}
