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

/// <summary>A funding pledge: amount, pool, restriction, who may see it, and its history.</summary>
public sealed class FundingDetailModel(FundingService funding, RecordHistoryService history, IAuthorizationService auth, CurrentActor current)
    : RecordFormModel
{
    public FundingView Pledge { get; private set; } = null!;
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Pledge = await funding.Get(id, ct);
        MayChange = (await auth.AuthorizeAsync(User, Policies.Pledge)).Succeeded && current.Viewer?.MayChangeFor(Pledge.DonorCode) == true
                    && Pledge.Status != "Withdrawn";
        History = new RecordHistory("FundingPledge", id.ToString(), await history.Of("FundingPledge", id.ToString(), ct),
            (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

/// <summary>Changing a funding pledge's amount, note, restriction (only ever tightened) and releasability.</summary>
[Authorize(Policy = Policies.Pledge)]
public sealed class EditFundingModel(FundingService funding, NationsService nations, CurrentActor current) : PledgeFormModel(nations)
{
    public FundingView Pledge { get; private set; } = null!;

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
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Pledge = await Own(id, ct);
        await LoadNations(ct);
        CollectBindingErrors();
        if (Amount is null && (ModelState[nameof(Amount)]?.Errors.Count ?? 0) == 0) AddError("amount", "Enter the amount pledged.");
        if (Errors.Count > 0) return Page();
        var input = new FundingInput(null, Pledge.Pool, Amount!.Value, Currency?.Trim(), Pledge.PledgedOn, NonLethalOnly,
            string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Releasability, ReleasedToList());
        var saved = await Attempt(() => funding.Update(current.Actor, id, Version, input, ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"Funding pledge saved: {saved.Amount.ToString("N0", CultureInfo.InvariantCulture)} {saved.Currency} to {saved.Pool}.", $"/funding/{id}");
    }
}
