using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Nations;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Nations;

/// <summary>A nation: its status and its donor policy (what it may give), and their history from the ledger.</summary>
public sealed class DetailModel(NationsService nations, RecordHistoryService history, IAuthorizationService auth) : RecordFormModel
{
    public NationView Nation { get; private set; } = null!;
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange { get; private set; }

    public async Task OnGetAsync(string code, CancellationToken ct)
    {
        Nation = await nations.Get(code, ct);
        MayChange = (await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded;
        History = new RecordHistory("Nation", Nation.Code, await history.Of("Nation", Nation.Code, ct), (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

/// <summary>Editing a nation's name, status and donor policy (the coordination cell).</summary>
[Authorize(Policy = Policies.Coordinate)]
public sealed class EditModel(NationsService nations, CurrentActor current) : RecordFormModel
{
    public NationView Nation { get; private set; } = null!;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public NationStatus Status { get; set; }
    [BindProperty] public bool NonLethalOnly { get; set; }
    [BindProperty] public string? ForbiddenCategories { get; set; }
    [BindProperty] public string? LicenceRequiredCategories { get; set; }
    [BindProperty] public long Version { get; set; }

    private static IReadOnlyList<string> List(string? s)
        => (s ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task OnGetAsync(string code, CancellationToken ct)
    {
        Nation = await nations.Get(code, ct);
        (Name, Status, NonLethalOnly, Version) = (Nation.Name, Enum.Parse<NationStatus>(Nation.Status), Nation.NonLethalOnly, Nation.Version);
        ForbiddenCategories = string.Join(", ", Nation.ForbiddenCategories);
        LicenceRequiredCategories = string.Join(", ", Nation.LicenceRequiredCategories);
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        Nation = await nations.Get(code, ct);
        CollectBindingErrors();
        if (string.IsNullOrWhiteSpace(Name)) AddError("name", "Enter the nation's name.");
        if (Errors.Count > 0) return Page();
        var saved = await Attempt(() => nations.Update(current.Actor, Nation.Code, Version,
            new NationInput(Nation.Code, Name!.Trim(), Status, NonLethalOnly, List(ForbiddenCategories), List(LicenceRequiredCategories)), ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"{saved.Name} ({saved.Code}) saved.", $"/nations/{saved.Code}");
    }
}
