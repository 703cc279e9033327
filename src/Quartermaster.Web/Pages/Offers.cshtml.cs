using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Offers;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

public sealed class OffersModel(OffersService offers, NationsService nations) : ListPageModel
{
    public static readonly (string Key, string Label)[] SortOptions =
    [
        ("donor", "Donor (A–Z)"), ("-donor", "Donor (Z–A)"), ("-announced", "Announced (newest)"), ("announced", "Announced (oldest)"),
        ("description", "Description"), ("-quantity", "Quantity (largest)"), ("status", "Status"),
    ];

    public IReadOnlyList<OfferView> Items { get; private set; } = [];
    public IReadOnlyList<NationView> Donors { get; private set; } = [];
    public string? Donor => Q("donor")?.ToUpperInvariant();
    public AidType? AidType { get; private set; }
    public OfferStatus? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Donors = (await nations.List(new PageQuery(1, PageQuery.MaxPageSize, "name"), null, ct)).Items;
        AidType = QEnum<AidType>("aidType");
        Status = QEnum<OfferStatus>("status");
        if (Error is not null) { SetPager(new Page<OfferView>([], 0, 1, PageSize)); return; }
        Items = (await Guarded(() => offers.List(Query(), Donor, AidType, Status, ct))).Items;
    }
}
