using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Nations;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Offers;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Offers;

/// <summary>
/// The offer form (new and edit). The donor's policy is checked by <see cref="OffersService"/> (never here), so a
/// non-lethal-only nation that picks a lethal item sees the service's refusal next to the item field; the item picker
/// offers a known donor only what its policy allows.
/// </summary>
[Authorize(Policy = Policies.Pledge)]
public abstract class OfferFormModel(OffersService offers, NationsService nations) : PledgeFormModel(nations)
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

    protected OffersService Offers => offers;

    public abstract bool IsNew { get; }
    public virtual string BackHref => "/offers";

    public IReadOnlyList<CatalogueItemView> Items { get; private set; } = [];

    /// <summary>The donor whose policy the item picker follows (null: every item; the service checks on saving).</summary>
    public string? ItemsFilteredFor { get; private set; }

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
    [BindProperty] public long Version { get; set; }

    /// <summary>Another nation's offer is "not found" on the change pages, as in the service (existence is not revealed by a form).</summary>
    protected async Task<OfferView> MayChangeOrNotFound(Task<OfferView> get)
    {
        var offer = await get;
        if (!(Claims.ViewerOf(User)?.MayChangeFor(offer.DonorCode) ?? false))
            throw new Application.Common.NotFoundException("Offer", offer.Id.ToString());
        return offer;
    }

    protected static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    protected async Task Load(CancellationToken ct)
    {
        await LoadNations(ct);
        // A point of contact's own nation, or the donor the coordinator chose: only the items its policy allows.
        var donor = IsCoordinator ? Blank(DonorCode)?.ToUpperInvariant() : OwnNation;
        var known = donor is null ? null : Nations.FirstOrDefault(n => n.Code == donor);
        Items = await offers.ItemsPermittedTo(known?.Code, ct);
        ItemsFilteredFor = known?.Name;
    }

    /// <summary>The form as the service's input; problems the page sees itself are reported together with the binding errors.</summary>
    protected OfferInput? Input()
    {
        CollectBindingErrors();
        if (!Undisclosed && QuantityAnnounced is null && AidType == AidType.Military && (ModelState[nameof(QuantityAnnounced)]?.Errors.Count ?? 0) == 0)
            AddError("quantityAnnounced", "Enter the quantity, or tick \"undisclosed\" if the donor does not state it.");
        if (Errors.Count > 0) return null;
        var item = Blank(ItemCode);
        var description = string.IsNullOrWhiteSpace(Description)
            ? Items.FirstOrDefault(i => string.Equals(i.Code, item, StringComparison.OrdinalIgnoreCase))?.Name ?? item
            : Description.Trim();
        return new OfferInput(IsNew && IsCoordinator ? DonorCode : null, AidType, item, description,
            Undisclosed ? null : QuantityAnnounced, Condition, EarliestAvailable, Blank(OriginDepot), DeclaredValue,
            DeclaredValue is null ? null : Blank(DeclaredCurrency), Announced?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TransferConsent, Blank(ConsentFrom)?.ToUpperInvariant(), ExportLicence, Releasability, ReleasedToList());
    }
}

public sealed class NewOfferModel(OffersService offers, NationsService nations, CurrentActor current) : OfferFormModel(offers, nations)
{
    public override bool IsNew => true;

    public async Task<IActionResult> OnGetAsync(string? donor, CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        Announced = HttpContext.Today();
        DonorCode ??= Blank(donor)?.ToUpperInvariant();
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        await Load(ct);
        var input = Input();
        if (input is null) return Page();
        // The same form sent twice creates one offer (RequestId, see PledgeFormModel.Once); a repeat goes to the first one.
        string? message = null;
        var location = await Once(input, async () =>
        {
            var created = await Attempt(() => Offers.Create(current.Actor, input, ct));
            if (created is null) return null;
            message = $"Offer saved: {created.Description} from {created.DonorCode}.";
            return $"/offers/{created.Id}";
        }, ct);
        return location is null ? Page() : SavedAndRedirect(message ?? "Offer saved.", location);
    }
}

public sealed class EditOfferModel(OffersService offers, NationsService nations, CurrentActor current) : OfferFormModel(offers, nations)
{
    public override bool IsNew => false;
    public OfferView Offer { get; private set; } = null!;
    public override string BackHref => $"/offers/{Offer.Id}";

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Offer = await MayChangeOrNotFound(Offers.Get(id, ct));
        DonorCode = Offer.DonorCode;
        await Load(ct);
        AidType = Enum.Parse<AidType>(Offer.AidType);
        ItemCode = Offer.ItemCode;
        Description = Offer.Description;
        QuantityAnnounced = Offer.QuantityAnnounced;
        Undisclosed = Offer.QuantityAnnounced is null;
        Condition = Enum.Parse<Condition>(Offer.Condition);
        EarliestAvailable = Offer.EarliestAvailable;
        OriginDepot = Offer.OriginDepot;
        DeclaredValue = Offer.DeclaredValue;
        DeclaredCurrency = Offer.DeclaredCurrency ?? "EUR";
        Announced = Offer.AnnouncedOn;
        TransferConsent = Enum.Parse<ClearanceStatus>(Offer.TransferConsent);
        ConsentFrom = Offer.ConsentFrom;
        ExportLicence = Enum.Parse<ClearanceStatus>(Offer.ExportLicence);
        Releasability = Enum.Parse<Domain.Access.Releasability>(Offer.Releasability);
        ReleasedTo = string.Join(", ", Offer.ReleasedTo);
        Version = Offer.Version;
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Offer = await MayChangeOrNotFound(Offers.Get(id, ct));
        DonorCode = Offer.DonorCode;
        AidType = Enum.Parse<AidType>(Offer.AidType);
        ItemCode = Offer.ItemCode;
        await Load(ct);
        var input = Input();
        if (input is null) return Page();
        var saved = await Attempt(() => Offers.Update(current.Actor, id, Version, input, ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"Offer saved: {saved.Description}.", $"/offers/{id}");
    }
}

/// <summary>An offer: its terms, clearances and progress, what the signed-in person may do with it, and its history.</summary>
public sealed class OfferDetailModel(OffersService offers, RecordHistoryService history, IAuthorizationService auth, CurrentActor current)
    : RecordFormModel
{
    public OfferView Offer { get; private set; } = null!;
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange { get; private set; }
    public bool MayAccept => MayChange && Offer.Status == nameof(OfferStatus.Offered);
    public bool MayWithdraw => MayChange && Offer.Status is not (nameof(OfferStatus.Shipped) or nameof(OfferStatus.Delivered) or nameof(OfferStatus.Withdrawn));
    public bool MayEdit => MayChange && Offer.Status != nameof(OfferStatus.Withdrawn);

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Offer = await offers.Get(id, ct);
        MayChange = (await auth.AuthorizeAsync(User, Policies.Pledge)).Succeeded && current.Viewer?.MayChangeFor(Offer.DonorCode) == true;
        History = new RecordHistory("Offer", id.ToString(), await history.Of("Offer", id.ToString(), ct),
            (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

/// <summary>Accepting or withdrawing an offer: neither can be undone, so each asks for confirmation first.</summary>
[Authorize(Policy = Policies.Pledge)]
public sealed class OfferTransitionModel(OffersService offers, CurrentActor current) : RecordFormModel
{
    public OfferView Offer { get; private set; } = null!;
    public string Action { get; private set; } = "";

    [BindProperty] public long Version { get; set; }

    public ConfirmStep Step => Action == "withdraw"
        ? new("Withdraw this offer?",
            $"{Offer.Description} from {Offer.DonorCode} will be withdrawn. A withdrawn offer cannot be allocated, accepted or reopened; pledge a new one if it comes back.",
            "Withdraw the offer", $"/offers/{Offer.Id}", Hidden: Hidden)
        : new("Accept this offer?",
            $"{Offer.Description} from {Offer.DonorCode} will be accepted for planning. Acceptance cannot be undone; the offer can still be withdrawn while nothing of it is allocated.",
            "Accept the offer", $"/offers/{Offer.Id}", Danger: false, Hidden: Hidden);

    private Dictionary<string, string> Hidden => new() { ["Version"] = Offer.Version.ToString(CultureInfo.InvariantCulture) };

    public async Task OnGetAsync(Guid id, string action, CancellationToken ct)
    {
        Action = action;
        Offer = await offers.Get(id, ct);
        if (!(Claims.ViewerOf(User)?.MayChangeFor(Offer.DonorCode) ?? false))
            throw new Application.Common.NotFoundException("Offer", id.ToString());
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string action, CancellationToken ct)
    {
        Action = action;
        Offer = await offers.Get(id, ct);
        var done = await Attempt(() => offers.Transition(current.Actor, id, Version, action, null, ct));
        if (done is null) return Page();
        return SavedAndRedirect(action == "withdraw" ? $"Offer withdrawn: {done.Description}." : $"Offer accepted: {done.Description}.", $"/offers/{id}");
    }
}
