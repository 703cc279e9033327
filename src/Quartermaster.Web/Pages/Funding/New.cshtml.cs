using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Nations;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Offers;

namespace Quartermaster.Web.Pages.Funding;

/// <summary>Pledging money into a pool. A non-lethal-only donor's pledge is restricted by the service whatever the box says.</summary>
public sealed class NewFundingModel(FundingService funding, NationsService nations, CurrentActor current) : PledgeFormModel(nations)
{
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["donorCode"] = "Donor", ["pool"] = "Pool", ["amount"] = "Amount", ["currency"] = "Currency", ["pledgedOn"] = "Pledged on",
        ["nonLethalOnly"] = "Non-lethal only", ["note"] = "Note", ["releasability"] = "Releasability", ["releasedTo"] = "Listed nations",
        ["form"] = "Funding pledge",
    };

    protected override IReadOnlyDictionary<string, string> Labels => FieldLabels;

    [BindProperty] public string? Pool { get; set; }
    [BindProperty] public decimal? Amount { get; set; }
    [BindProperty] public string? Currency { get; set; } = "EUR";
    [BindProperty] public DateOnly? PledgedOn { get; set; }
    [BindProperty] public bool NonLethalOnly { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        PledgedOn = DateOnly.FromDateTime(DateTime.UtcNow);
        await LoadNations(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayPledge) return Forbid();
        await LoadNations(ct);
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
            NonLethalOnly, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Releasability, ReleasedToList());
        var location = await Once(input, async () => await Attempt(() => funding.Create(current.Actor, input, ct)) is { } created
            ? string.Create(CultureInfo.InvariantCulture, $"/funding?search={Uri.EscapeDataString(created.Pool)}&donor={Uri.EscapeDataString(created.DonorCode)}")
            : null, ct);
        return location is null ? Page() : Redirect(location);
    }
}
