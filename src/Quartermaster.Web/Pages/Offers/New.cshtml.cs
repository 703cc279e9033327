using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Offers;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Offers;

/// <summary>
/// Pledging an offer line. The donor's policy is checked by <see cref="OffersService"/> (never here), so a
/// non-lethal-only nation that picks a lethal item sees the service's refusal next to the item field.
/// </summary>
public sealed class NewOfferModel(OffersService offers, CatalogueService catalogue, NationsService nations, CurrentActor current)
    : PledgeFormModel(nations)
{
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["donorCode"] = "Donor", ["aidType"] = "Aid type", ["itemCode"] = "Item", ["description"] = "Description",
        ["quantityAnnounced"] = "Quantity", ["quantity"] = "Quantity", ["condition"] = "Condition",
        ["earliestAvailable"] = "Earliest availability", ["originDepot"] = "Origin depot", ["declaredValue"] = "Declared value",
        ["declaredCurrency"] = "Currency", ["currency"] = "Currency", ["announced"] = "Announced on",
        ["transferConsent"] = "Transfer consent", ["consentFrom"] = "Consenting nation", ["exportLicence"] = "Export licence",
        ["releasability"] = "Releasability", ["releasedTo"] = "Listed nations", ["form"] = "Offer",
    };

    protected override IReadOnlyDictionary<string, string> Labels => FieldLabels;

    public IReadOnlyList<CatalogueItemView> Items { get; private set; } = [];

    [BindProperty] public AidType AidType { get; set; } = AidType.Military;
    [BindProperty] public string? ItemCode { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public int? QuantityAnnounced { get; set; }
    [BindProperty] public bool Undisclosed { get; set; }
    [BindProperty] public Condition Condition { get; set; } = Condition.Unknown;
    [BindProperty] public DateOnly? EarliestAvailable { get; set; }
    [BindProperty] public string? OriginDepot { get; set; }
    [BindProperty] public decimal? DeclaredValue { get; set; }
    [BindProperty] public string? DeclaredCurrency { get; set; } = "EUR";
    [BindProperty] public DateOnly? Announced { get; set; }
    [BindProperty] public ClearanceStatus TransferConsent { get; set; } = ClearanceStatus.NotRequired;
    [BindProperty] public string? ConsentFrom { get; set; }
    [BindProperty] public ClearanceStatus ExportLicence { get; set; } = ClearanceStatus.NotRequired;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        Announced = DateOnly.FromDateTime(DateTime.UtcNow);
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        await Load(ct);
        if (!CollectBindingErrors()) return Page();
        if (!Undisclosed && QuantityAnnounced is null && AidType == AidType.Military)
        {
            AddError("quantityAnnounced", "Enter the quantity, or tick \"undisclosed\" if the donor does not state it.");
            return Page();
        }

        var item = string.IsNullOrWhiteSpace(ItemCode) ? null : ItemCode.Trim();
        var description = string.IsNullOrWhiteSpace(Description)
            ? Items.FirstOrDefault(i => string.Equals(i.Code, item, StringComparison.OrdinalIgnoreCase))?.Name ?? item
            : Description.Trim();
        var input = new OfferInput(IsCoordinator ? DonorCode : null, AidType, item, description,
            Undisclosed ? null : QuantityAnnounced, Condition, EarliestAvailable, Blank(OriginDepot), DeclaredValue,
            DeclaredValue is null ? null : Blank(DeclaredCurrency), Announced?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            TransferConsent, Blank(ConsentFrom)?.ToUpperInvariant(), ExportLicence, Releasability, ReleasedToList());

        var location = await Once(input, async () => await Attempt(() => offers.Create(current.Actor, input, ct)) is { } created
            ? $"/offers?search={Uri.EscapeDataString(created.Description)}&donor={Uri.EscapeDataString(created.DonorCode)}"
            : null, ct);
        return location is null ? Page() : Redirect(location);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task Load(CancellationToken ct)
    {
        await LoadNations(ct);
        Items = (await catalogue.List(new PageQuery(1, PageQuery.MaxPageSize, "name"), null, null, ct)).Items;
    }
}
