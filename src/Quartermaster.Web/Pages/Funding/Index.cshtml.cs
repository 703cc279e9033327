using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Nations;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Funding;

/// <summary>Funding pledges (money into pools) the signed-in person may see, with search, donor filter and paging.</summary>
public sealed class FundingModel(FundingService funding, NationsService nations) : ListPageModel
{
    public static readonly (string Key, string Label)[] SortOptions =
    [
        ("-pledgedon", "Pledged (newest)"), ("pledgedon", "Pledged (oldest)"), ("donor", "Donor (A–Z)"), ("-donor", "Donor (Z–A)"),
        ("pool", "Pool"), ("status", "Status"),
    ];

    public IReadOnlyList<FundingView> Items { get; private set; } = [];
    public IReadOnlyList<NationName> Donors { get; private set; } = [];
    public string? Donor => Q("donor")?.ToUpperInvariant();
    public string? Pool => Q("pool");
    public bool MayPledge => User.IsInRole("Coordinator") || User.IsInRole("NationalPointOfContact");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Donors = await nations.Names(ct);
        var query = new PageQuery(PageNumber, PageSize, Sort ?? "-pledgedon", Search);
        Items = (await Guarded(() => funding.List(query, Donor, Pool, ct))).Items;
    }
}
