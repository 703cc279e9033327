using Quartermaster.Application.Catalogue;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

public sealed class CatalogueModel(CatalogueService catalogue) : ListPageModel
{
    public static readonly (string Key, string Label)[] SortOptions =
        [("name", "Name (A–Z)"), ("-name", "Name (Z–A)"), ("code", "Code"), ("supplyclass", "Supply class"), ("coalition", "Coalition")];

    public IReadOnlyList<CatalogueItemView> Items { get; private set; } = [];
    public string? Coalition => Q("coalition")?.ToLowerInvariant();
    public bool? Lethal { get; private set; }
    public static IReadOnlyList<(string Code, string Name)> AllCoalitions => Coalitions.All;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Lethal = Q("lethal") switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => null,
        };
        Items = (await Guarded(() => catalogue.List(Query(), Coalition, Lethal, ct))).Items;
    }
}
