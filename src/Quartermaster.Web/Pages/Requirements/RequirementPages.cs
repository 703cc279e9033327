using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Requirements;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Requirements;

/// <summary>One requirement: its facts, what the signed-in person may do with it, and its history from the ledger.</summary>
public sealed class DetailModel(RequirementsService requirements, RecordHistoryService history, IAuthorizationService auth) : RecordFormModel
{
    public RequirementView Requirement { get; private set; } = null!;
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange { get; private set; }
    public bool IsClosed => Requirement.Status is "Cancelled" or "Delivered";

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Requirement = await requirements.Get(id, ct);
        MayChange = (await auth.AuthorizeAsync(User, Policies.Requirements)).Succeeded;
        History = new RecordHistory("Requirement", id.ToString(), await history.Of("Requirement", id.ToString(), ct),
            (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

/// <summary>The fields of the requirement form (new and edit), the item picker, and the substitutes as "code factor" lines.</summary>
[Authorize(Policy = Policies.Requirements)]
public abstract class RequirementFormModel(CatalogueService catalogue) : RecordFormModel
{
    public IReadOnlyList<CatalogueItemView> Items { get; private set; } = [];

    [BindProperty] public string? Period { get; set; }
    [BindProperty] public int? PriorityRank { get; set; }
    [BindProperty] public string? ItemCode { get; set; }
    [BindProperty] public int? Quantity { get; set; }
    [BindProperty] public DateOnly? NeededBy { get; set; }
    [BindProperty] public string? Destination { get; set; }
    [BindProperty] public string? Substitutes { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool Illustrative { get; set; }

    public abstract bool IsNew { get; }

    protected async Task LoadItems(CancellationToken ct)
        => Items = (await catalogue.List(new PageQuery(1, PageQuery.MaxPageSize, "name"), null, null, ct)).Items;

    /// <summary>The form as the service's input; problems the page can see itself (missing numbers, bad substitute lines) become field errors, all at once.</summary>
    protected RequirementInput? Input()
    {
        CollectBindingErrors();
        if (IsNew && string.IsNullOrWhiteSpace(Period)) AddError("period", "Enter the period (month) the line is for, e.g. 2026-03.");
        if (PriorityRank is null && (ModelState[nameof(PriorityRank)]?.Errors.Count ?? 0) == 0)
            AddError("priorityRank", "Enter the priority rank (1 is the most urgent).");
        if (IsNew && string.IsNullOrWhiteSpace(ItemCode)) AddError("itemCode", "Choose the item needed from the catalogue.");
        if (Quantity is null && (ModelState[nameof(Quantity)]?.Errors.Count ?? 0) == 0) AddError("quantity", "Enter the quantity needed.");
        if (NeededBy is null && (ModelState[nameof(NeededBy)]?.Errors.Count ?? 0) == 0) AddError("neededBy", "Enter the date it is needed by.");
        if (string.IsNullOrWhiteSpace(Destination)) AddError("destination", "Name the destination (unit or depot).");
        var subs = new List<SubstituteInput>();
        var lineNo = 0;
        foreach (var raw in (Substitutes ?? "").Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var parts = line.Split([' ', '\t', ',', ';', '×', 'x'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var factor = 1m;
            if (parts.Length == 2 && !decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out factor))
            {
                AddError("substitutes", $"Line {lineNo}: '{parts[1]}' is not an equivalence factor (a number such as 0.8).");
                continue;
            }
            subs.Add(new SubstituteInput(parts[0], factor));
        }
        if (Errors.Count > 0) return null;
        return new RequirementInput(Period?.Trim(), PriorityRank!.Value, ItemCode?.Trim(), Quantity!.Value, NeededBy, Destination!.Trim(), subs,
            string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Illustrative);
    }

    protected static string SubstitutesText(RequirementView r)
        => string.Join("\n", r.Substitutes.Select(s => $"{s.ItemCode} {s.EquivalenceFactor.ToString("0.###", CultureInfo.InvariantCulture)}"));
}

public sealed class NewModel(RequirementsService requirements, CatalogueService catalogue, CurrentActor current) : RequirementFormModel(catalogue)
{
    public override bool IsNew => true;

    public async Task OnGetAsync(string? period, CancellationToken ct)
    {
        await LoadItems(ct);
        Period = period ?? HttpContext.UtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        // The next free rank of the period, so that adding to the end of the list needs no look-up.
        var lines = await requirements.List(new PageQuery(1, 1, "-priority"), Period, null, ct);
        PriorityRank = lines.Items.Count == 0 ? 1 : lines.Items[0].PriorityRank + 1;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadItems(ct);
        var input = Input();
        if (input is null) return Page();
        var created = await Attempt(() => requirements.Create(current.Actor, input, ct));
        if (created is null) return Page();
        return SavedAndRedirect($"Requirement #{created.PriorityRank} of {created.Period} ({created.ItemName}) saved.", $"/requirements/{created.Id}");
    }
}

public sealed class EditModel(RequirementsService requirements, CatalogueService catalogue, CurrentActor current) : RequirementFormModel(catalogue)
{
    public override bool IsNew => false;
    public RequirementView Requirement { get; private set; } = null!;

    [BindProperty] public long Version { get; set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadItems(ct);
        Requirement = await requirements.Get(id, ct);
        (Period, PriorityRank, ItemCode, Quantity, NeededBy, Destination, Note, Illustrative, Version) = (Requirement.Period, Requirement.PriorityRank,
            Requirement.ItemCode, Requirement.Quantity, Requirement.NeededBy, Requirement.Destination, Requirement.Note, Requirement.Illustrative, Requirement.Version);
        Substitutes = SubstitutesText(Requirement);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        await LoadItems(ct);
        Requirement = await requirements.Get(id, ct);
        Period = Requirement.Period;
        ItemCode = Requirement.ItemCode;
        var input = Input();
        if (input is null) return Page();
        var saved = await Attempt(() => requirements.Update(current.Actor, id, Version, input, ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"Requirement #{saved.PriorityRank} of {saved.Period} saved.", $"/requirements/{id}");
    }
}

[Authorize(Policy = Policies.Requirements)]
public sealed class CancelModel(RequirementsService requirements, CurrentActor current) : RecordFormModel
{
    public RequirementView Requirement { get; private set; } = null!;

    [BindProperty] public long Version { get; set; }

    public ConfirmStep Step => new("Cancel this requirement?",
        $"#{Requirement.PriorityRank} of {Requirement.Period}, {Fmt.Int(Requirement.Quantity)} × {Requirement.ItemName} for {Requirement.Destination}, " +
        "will be cancelled. A cancelled line cannot be reopened, edited or planned for; add a new line if the need returns.",
        "Cancel the requirement", $"/requirements/{Requirement.Id}",
        Hidden: new Dictionary<string, string> { ["Version"] = Requirement.Version.ToString(CultureInfo.InvariantCulture) });

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Requirement = await requirements.Get(id, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Requirement = await requirements.Get(id, ct);
        var done = await Attempt(() => requirements.Cancel(current.Actor, id, Version, ct));
        if (done is null) return Page();
        return SavedAndRedirect($"Requirement #{done.PriorityRank} of {done.Period} cancelled.", $"/requirements/{id}");
    }
}

/// <summary>The coordination cell approves the period's list as it stands (a confirmation step: an approval is recorded for good).</summary>
[Authorize(Policy = Policies.Coordinate)]
public sealed class ApproveModel(RequirementsService requirements, CurrentActor current) : RecordFormModel
{
    public ListApprovalView Approval { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public ConfirmStep Step => new($"Approve the list of {Approval.Period}?",
        $"The {Fmt.Int(Approval.LinesNow)} lines of {Approval.Period} as they stand now are recorded as approved by you. " +
        "A later change to the list shows as \"changed since approval\" until it is approved again.",
        "Approve the list", $"/requirements?period={Approval.Period}", Danger: false,
        Hidden: new Dictionary<string, string> { ["Period"] = Approval.Period });

    public async Task OnGetAsync(CancellationToken ct) => Approval = await requirements.Approval(Period ?? "", ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Approval = await requirements.Approval(Period ?? "", ct);
        var done = await Attempt(() => requirements.Approve(current.Actor, Approval.Period, ct));
        if (done is null) return Page();
        return SavedAndRedirect($"The list of {done.Period} is approved ({Fmt.Int(done.LinesApproved)} lines).", $"/requirements?period={done.Period}");
    }
}
