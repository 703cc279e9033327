using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Requirements;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

public sealed class RequirementsModel(RequirementsService requirements) : ListPageModel
{
    public static readonly (string Key, string Label)[] SortOptions =
    [
        ("priority", "Priority (highest first)"), ("-priority", "Priority (lowest first)"),
        ("neededby", "Needed by (soonest)"), ("-neededby", "Needed by (latest)"),
        ("period", "Period (oldest)"), ("-period", "Period (newest)"),
        ("status", "Status"), ("-quantity", "Quantity (largest)"), ("quantity", "Quantity (smallest)"),
    ];

    public IReadOnlyList<RequirementView> Items { get; private set; } = [];
    public string? Period => Q("period");
    public RequirementStatus? Status { get; private set; }
    public bool AnyIllustrative => Items.Any(r => r.Illustrative);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Status = QEnum<RequirementStatus>("status");
        if (Error is not null) { SetPager(new Application.Common.Page<RequirementView>([], 0, 1, PageSize)); return; }
        Items = (await Guarded(() => requirements.List(Query(), Period, Status, ct))).Items;
    }
}
