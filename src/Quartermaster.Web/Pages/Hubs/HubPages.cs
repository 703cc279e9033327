using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Logistics;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Hubs;

public sealed class IndexModel(HubsService hubs) : PageModel
{
    public IReadOnlyList<HubView> Hubs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Hubs = await hubs.List(ct);
}

/// <summary>A hub: capacity and transit times the planner uses, and their history.</summary>
public sealed class DetailModel(HubsService hubs, RecordHistoryService history, IAuthorizationService auth) : RecordFormModel
{
    public HubView Hub { get; private set; } = null!;
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange { get; private set; }

    public async Task OnGetAsync(string code, CancellationToken ct)
    {
        Hub = await hubs.Get(code, ct);
        MayChange = (await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded;
        History = new RecordHistory("Hub", Hub.Code, await history.Of("Hub", Hub.Code, ct), (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

[Authorize(Policy = Policies.Coordinate)]
public sealed class EditModel(HubsService hubs, CurrentActor current) : RecordFormModel
{
    public HubView Hub { get; private set; } = null!;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public decimal? WeeklyCapacityTonnes { get; set; }
    [BindProperty] public int? InboundWeeks { get; set; }
    [BindProperty] public int? OutboundWeeks { get; set; }
    [BindProperty] public long Version { get; set; }

    public static string Num(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    public async Task OnGetAsync(string code, CancellationToken ct)
    {
        Hub = await hubs.Get(code, ct);
        (Name, WeeklyCapacityTonnes, InboundWeeks, OutboundWeeks, Version) = (Hub.Name, Hub.WeeklyCapacityTonnes, Hub.InboundWeeks, Hub.OutboundWeeks, Hub.Version);
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        Hub = await hubs.Get(code, ct);
        CollectBindingErrors();
        if (string.IsNullOrWhiteSpace(Name)) AddError("name", "Enter the hub's name.");
        if (WeeklyCapacityTonnes is null && (ModelState[nameof(WeeklyCapacityTonnes)]?.Errors.Count ?? 0) == 0) AddError("weeklyCapacityTonnes", "Enter the weekly capacity in tonnes.");
        if (InboundWeeks is null && (ModelState[nameof(InboundWeeks)]?.Errors.Count ?? 0) == 0) AddError("inboundWeeks", "Enter the weeks from donor to hub.");
        if (OutboundWeeks is null && (ModelState[nameof(OutboundWeeks)]?.Errors.Count ?? 0) == 0) AddError("outboundWeeks", "Enter the weeks from hub to destination.");
        if (Errors.Count > 0) return Page();
        var saved = await Attempt(() => hubs.Update(current.Actor, code, Version, new HubInput(Name!.Trim(), WeeklyCapacityTonnes!.Value, InboundWeeks!.Value, OutboundWeeks!.Value), ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"Hub {saved.Name} ({saved.Code}) saved.", $"/hubs/{saved.Code}");
    }
}
