using Quartermaster.Application.Nations;
using Quartermaster.Domain.Nations;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

public sealed class NationsModel(NationsService nations) : ListPageModel
{
    public static readonly (string Key, string Label)[] SortOptions =
        [("name", "Name (A–Z)"), ("-name", "Name (Z–A)"), ("code", "Code"), ("status", "Status")];

    public IReadOnlyList<NationView> Items { get; private set; } = [];
    public NationStatus? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Status = QEnum<NationStatus>("status");
        if (Error is not null) { SetPager(new Application.Common.Page<NationView>([], 0, 1, PageSize)); return; }
        Items = (await Guarded(() => nations.List(Query(), Status, ct))).Items;
    }

    /// <summary>The nation's giving policy in words, e.g. "non-lethal only; not ML1, ML2".</summary>
    public static string Policy(NationView n)
    {
        var parts = new List<string>();
        if (n.NonLethalOnly) parts.Add("non-lethal only");
        if (n.ForbiddenCategories.Count > 0) parts.Add("no items in " + string.Join(", ", n.ForbiddenCategories));
        if (n.LicenceRequiredCategories.Count > 0) parts.Add("export licence needed for " + string.Join(", ", n.LicenceRequiredCategories));
        return parts.Count == 0 ? "no restrictions recorded" : string.Join("; ", parts);
    }
}
