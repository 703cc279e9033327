using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Nations;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;
using Quartermaster.Web.Pages.Offers;

namespace Quartermaster.Web.Pages.Funding;

/// <summary>Pledging money into a pool. A non-lethal-only donor's pledge is restricted by the service whatever the box says.</summary>
public sealed class NewFundingModel(FundingService funding, FundingPoolsService pools, NationsService nations, CurrentActor current) : FundingFormModel(nations)
{
    /// <summary>The pools a pledge can go into (the field also takes a new name: a General pool of that name is created).</summary>
    public IReadOnlyList<FundingPoolView> Pools { get; private set; } = [];

    [BindProperty] public string? Pool { get; set; }
    [BindProperty] public decimal? Amount { get; set; }
    [BindProperty] public string? Currency { get; set; } = "EUR";
    [BindProperty] public DateOnly? PledgedOn { get; set; }
    [BindProperty] public bool NonLethalOnly { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        PledgedOn = HttpContext.Today();
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        await Load(ct);
        if (!CollectBindingErrors()) return Page();
        if (Amount is null)
        {
            AddError("amount", "Enter the amount pledged.");
            return Page();
        }
        if (string.IsNullOrWhiteSpace(Pool))
        {
            AddError("pool", "Name the pool the money goes into.");
            return Page();
        }
        var input = new FundingInput(IsCoordinator ? DonorCode : null, Pool.Trim(), Amount.Value, Currency?.Trim(), PledgedOn,
            NonLethalOnly, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Releasability, ReleasedToList())
        {
            ForbiddenCategories = ForbiddenList(), EarmarkCoalition = Coalition, EarmarkItemCode = ItemCode,
        };
        string? message = null;
        var location = await Once(input, async () =>
        {
            var created = await Attempt(() => funding.Create(current.Actor, input, ct));
            if (created is null) return null;
            message = $"Funding pledge saved: {created.Amount.ToString("N0", CultureInfo.InvariantCulture)} {created.Currency} to {created.Pool}.";
            return $"/funding/{created.Id}";
        }, ct);
        return location is null ? Page() : SavedAndRedirect(message ?? "Funding pledge saved.", location);
    }

    private async Task Load(CancellationToken ct)
    {
        await LoadNations(ct);
        Pools = await pools.List(current.Actor, ct);
    }
}
