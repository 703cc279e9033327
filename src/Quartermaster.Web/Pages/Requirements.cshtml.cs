using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Requirements;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

public sealed class RequirementsModel(RequirementsService requirements, IAuthorizationService auth, CurrentActor current) : ListPageModel
{
    public static readonly IReadOnlyList<ExportColumn<RequirementView>> ExportColumns =
    [
        new("period", r => r.Period), new("priority_rank", r => r.PriorityRank), new("item", r => r.ItemCode), new("item_name", r => r.ItemName),
        new("quantity", r => r.Quantity), new("quantity_covered", r => r.QuantityCovered), new("quantity_delivered", r => r.QuantityDelivered),
        new("needed_by", r => r.NeededBy), new("destination", r => r.Destination), new("status", r => r.Status),
        new("substitutes", r => string.Join(";", r.Substitutes.Select(s => $"{s.ItemCode}:{s.EquivalenceFactor.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))),
        new("note", r => r.Note), new("illustrative", r => r.Illustrative),
    ];

    public static readonly (string Key, string Label)[] SortOptions =
    [
        ("priority", "Priority (highest first)"), ("-priority", "Priority (lowest first)"),
        ("neededby", "Needed by (soonest)"), ("-neededby", "Needed by (latest)"),
        ("period", "Period (oldest)"), ("-period", "Period (newest)"),
        ("status", "Status"), ("-quantity", "Quantity (largest)"), ("quantity", "Quantity (smallest)"),
    ];

    protected override string DefaultSort => "priority";

    public IReadOnlyList<RequirementView> Items { get; private set; } = [];
    public string? Period => Q("period");
    public RequirementStatus? Status { get; private set; }
    public bool AnyIllustrative => Items.Any(r => r.Illustrative);
    public bool MayChange { get; private set; }
    public bool MayApprove { get; private set; }
    public ListApprovalView? Approval { get; private set; }

    /// <summary>Re-ranking (by number, or by dragging rows) is offered on one period's list in priority order.</summary>
    public bool Rerankable => MayChange && Period is not null && (Sort ?? DefaultSort) == DefaultSort && Items.Count > 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        MayChange = (await auth.AuthorizeAsync(User, Policies.Requirements)).Succeeded;
        MayApprove = (await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded;
        Status = QEnum<RequirementStatus>("status");
        if (Error is not null) { SetPager(new Page<RequirementView>([], 0, 1, PageSize)); return Page(); }
        if (ExportFormat is not null) return await Export("requirements", ExportColumns, q => requirements.List(q, Period, Status, ct));
        Items = (await Guarded(() => requirements.List(Query(), Period, Status, ct))).Items;
        if (Period is not null && Error is null) Approval = await requirements.Approval(Period, ct);
        return Page();
    }

    /// <summary>Saves the ranks typed (or set by dragging) for the lines shown; every problem is reported together.</summary>
    public async Task<IActionResult> OnPostRerankAsync([FromForm] Dictionary<Guid, int> ranks, CancellationToken ct)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.Requirements)).Succeeded) return Forbid();
        if (Period is null) return BadRequest();
        try
        {
            var moved = await requirements.Rerank(current.Actor, Period, ranks, ct);
            Flash.Set(TempData, moved.Count == 0 ? "Nothing changed: the ranks are as they were." :
                $"Ranks saved: {moved.Count} {(moved.Count == 1 ? "line" : "lines")} of {Period} moved.");
        }
        catch (Exception ex) when (ex is RequestException or Quartermaster.Domain.Common.DomainException or ConflictException)
        {
            Flash.Problem(TempData, ex.Message);
        }
        var back = Request.Query.Where(kv => kv.Key != "handler").ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
        return LocalRedirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Request.Path, back));
    }
}
