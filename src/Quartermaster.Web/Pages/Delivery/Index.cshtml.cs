using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Domain.Delivery;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Delivery;

/// <summary>The shipments the signed-in person may see (a point of contact: its own nation's), by state, with paging.</summary>
public sealed class ShipmentsModel(ShipmentsService shipments) : ListPageModel
{
    public static readonly (string Key, string Label)[] SortOptions =
        [("planned", "Planned departure"), ("-planned", "Planned departure (latest)"), ("expected", "Expected arrival"), ("reference", "Reference"), ("donor", "Donor")];

    public IReadOnlyList<ShipmentSummary> Items { get; private set; } = [];
    public ShipmentState? State { get; private set; }
    public string? Donor => Q("donor")?.ToUpperInvariant();
    public bool MayShip => User.IsInRole("Coordinator") || User.IsInRole("NationalPointOfContact");

    public async Task OnGetAsync(CancellationToken ct)
    {
        State = QEnum<ShipmentState>("state");
        Items = (await Guarded(() => shipments.List(new PageQuery(PageNumber, PageSize, Sort ?? "planned", Search), State, Donor, ct))).Items;
    }
}
