using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Nations;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Offers;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Funding;

/// <summary>
/// What the new-pledge and edit forms share: the contribution's limits beyond its donor's policy (forbidden control-list
/// categories, an earmark to a capability coalition or to one catalogue item). The rules (a policy's categories always
/// apply, a coalition or an item but not both, limits frozen once the money pays for an order) are the service's.
/// </summary>
public abstract class FundingFormModel(NationsService nations) : PledgeFormModel(nations)
{
    protected static readonly Dictionary<string, string> FieldLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["donorCode"] = "Donor", ["pool"] = "Pool", ["poolId"] = "Pool", ["amount"] = "Amount", ["currency"] = "Currency", ["pledgedOn"] = "Pledged on",
        ["nonLethalOnly"] = "Non-lethal only", ["note"] = "Note", ["releasability"] = "Releasability", ["releasedTo"] = "Listed nations",
        ["forbiddenCategories"] = "Forbidden categories", ["earmarkCoalition"] = "Earmarked for a coalition", ["earmarkItemCode"] = "Earmarked for an item",
        ["earmarkItem"] = "Earmarked for an item", ["form"] = "Funding pledge",
    };

    protected override IReadOnlyDictionary<string, string> Labels => FieldLabels;

    [BindProperty] public string? ForbiddenCategories { get; set; }
    [BindProperty] public string? EarmarkCoalition { get; set; }
    [BindProperty] public string? EarmarkItemCode { get; set; }

    /// <summary>The categories as typed ("ML4, 9A" or one per line), upper-cased, without duplicates.</summary>
    protected IReadOnlyList<string> ForbiddenList()
        => (ForbiddenCategories ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant()).Distinct().ToList();

    protected string? Coalition => string.IsNullOrWhiteSpace(EarmarkCoalition) ? null : EarmarkCoalition.Trim();
    protected string? ItemCode => string.IsNullOrWhiteSpace(EarmarkItemCode) ? null : EarmarkItemCode.Trim();
}

/// <summary>A funding pledge: amount, pool, restriction, who may see it, and its history.</summary>
public sealed class FundingDetailModel(FundingService funding, FundingPoolsService pools, Application.Catalogue.CatalogueService catalogue, RecordHistoryService history,
    IAuthorizationService auth, CurrentActor current) : RecordFormModel
{
    public FundingView Pledge { get; private set; } = null!;
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange { get; private set; }
    public string? EarmarkItem { get; private set; }

    /// <summary>The pool's name (what people call it); its code when the pledge predates pool records.</summary>
    public string PoolName { get; private set; } = "";

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Pledge = await funding.Get(id, ct);
        PoolName = Pledge.PoolId is { } pool ? (await pools.Find(pool, ct)).Name : Pledge.Pool;
        if (Pledge.EarmarkItemId is { } item) EarmarkItem = (await catalogue.Get(item, ct)) is var i ? $"{i.Name} ({i.Code})" : null;
        MayChange = (await auth.AuthorizeAsync(User, Policies.Pledge)).Succeeded && current.Viewer?.MayChangeFor(Pledge.DonorCode) == true
                    && Pledge.Status != "Withdrawn";
        History = new RecordHistory("FundingPledge", id.ToString(), await history.Of("FundingPledge", id.ToString(), ct),
            (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

/// <summary>Changing a funding pledge's amount, note, restriction (only ever tightened) and releasability.</summary>
[Authorize(Policy = Policies.Pledge)]
public sealed class EditFundingModel(FundingService funding, Application.Catalogue.CatalogueService catalogue, NationsService nations, CurrentActor current)
    : FundingFormModel(nations)
{
    public FundingView Pledge { get; private set; } = null!;
    private string? currentItemCode;

    [BindProperty] public decimal? Amount { get; set; }
    [BindProperty] public string? Currency { get; set; }
    [BindProperty] public bool NonLethalOnly { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public long Version { get; set; }

    private async Task<FundingView> Own(Guid id, CancellationToken ct)
    {
        var pledge = await funding.Get(id, ct);
        if (!(Claims.ViewerOf(User)?.MayChangeFor(pledge.DonorCode) ?? false))
            throw new Application.Common.NotFoundException("Funding pledge", id.ToString());
        return pledge;
    }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Pledge = await Own(id, ct);
        await LoadNations(ct);
        (Amount, Currency, NonLethalOnly, Note, Version) = (Pledge.Amount, Pledge.Currency, Pledge.NonLethalOnly, Pledge.Note, Pledge.Version);
        Releasability = Enum.Parse<Domain.Access.Releasability>(Pledge.Releasability);
        ReleasedTo = string.Join(", ", Pledge.ReleasedTo);
        ForbiddenCategories = string.Join(", ", Pledge.ForbiddenCategories);
        EarmarkCoalition = Pledge.EarmarkCoalition;
        EarmarkItemCode = await CurrentItemCode(ct);
    }

    private async Task<string?> CurrentItemCode(CancellationToken ct)
        => currentItemCode ??= Pledge.EarmarkItemId is { } item ? (await catalogue.Get(item, ct)).Code : null;

    /// <summary>Whether the form changes the limits: only then are they sent (limits are frozen once the money pays for an order).</summary>
    private async Task<bool> LimitsChanged(CancellationToken ct)
        => !ForbiddenList().Order(StringComparer.Ordinal).SequenceEqual(Pledge.ForbiddenCategories.Order(StringComparer.Ordinal))
           || Coalition != Pledge.EarmarkCoalition
           || !string.Equals(ItemCode, await CurrentItemCode(ct), StringComparison.OrdinalIgnoreCase);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Pledge = await Own(id, ct);
        await LoadNations(ct);
        CollectBindingErrors();
        if (Amount is null && (ModelState[nameof(Amount)]?.Errors.Count ?? 0) == 0) AddError("amount", "Enter the amount pledged.");
        if (Errors.Count > 0) return Page();
        var input = new FundingInput(null, Pledge.Pool, Amount!.Value, Currency?.Trim(), Pledge.PledgedOn, NonLethalOnly,
            string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Releasability, ReleasedToList());
        if (await LimitsChanged(ct))
            input = input with { ForbiddenCategories = ForbiddenList(), EarmarkCoalition = Coalition ?? "", EarmarkItemCode = ItemCode ?? "" };
        var saved = await Attempt(() => funding.Update(current.Actor, id, Version, input, ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"Funding pledge saved: {saved.Amount.ToString("N0", CultureInfo.InvariantCulture)} {saved.Currency} to {saved.Pool}.", $"/funding/{id}");
    }
}
