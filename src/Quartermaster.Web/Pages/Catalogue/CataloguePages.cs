using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Training;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Catalogue;

/// <summary>A catalogue item: classification, control entry, logistics and support, and its history.</summary>
public sealed class DetailModel(CatalogueService catalogue, CoursesService courses, RecordHistoryService history, IAuthorizationService auth) : RecordFormModel
{
    public CatalogueItemView Item { get; private set; } = null!;

    /// <summary>What the item needs to be usable (spares kit, first-load ammunition per unit): Training's sustainment records.</summary>
    public IReadOnlyList<SustainmentView> Sustainment { get; private set; } = [];
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Item = await catalogue.Get(id, ct);
        Sustainment = await courses.Sustainment(Item.Code, ct);
        MayChange = (await auth.AuthorizeAsync(User, Policies.Coordinate)).Succeeded;
        History = new RecordHistory("CatalogueItem", id.ToString(), await history.Of("CatalogueItem", id.ToString(), ct),
            (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

/// <summary>The catalogue item form (new and edit; the coordination cell). Codification warnings are shown with the saved message.</summary>
[Authorize(Policy = Policies.Coordinate)]
public abstract class ItemFormModel : RecordFormModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Nsn { get; set; }
    [BindProperty] public string? SupplyClass { get; set; }
    [BindProperty] public string? Coalition { get; set; }
    [BindProperty] public bool IsLethal { get; set; }
    [BindProperty] public string? ControlEntry { get; set; }
    [BindProperty] public string? CompatibilityFamily { get; set; }
    [BindProperty] public Tracking Tracking { get; set; } = Tracking.None;
    [BindProperty] public string? UnitOfIssue { get; set; } = "EA";
    [BindProperty] public decimal? UnitWeightKg { get; set; }
    [BindProperty] public string? TrainingCourse { get; set; }
    [BindProperty] public bool EnhancedMonitoring { get; set; }
    [BindProperty] public int? InventoryIntervalDays { get; set; } = Quartermaster.Domain.Accountability.Monitoring.DefaultIntervalDays;
    [BindProperty] public long Version { get; set; }

    /// <summary>The codes of the training courses an item may link to.</summary>
    public IReadOnlyList<string> CourseCodes { get; private set; } = [];

    public abstract bool IsNew { get; }
    public abstract string BackHref { get; }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    protected CatalogueItemInput? Input()
    {
        CollectBindingErrors();
        if (IsNew && string.IsNullOrWhiteSpace(Code)) AddError("code", "Enter the item's code (lower case, e.g. helmet-mk7).");
        if (string.IsNullOrWhiteSpace(Name)) AddError("name", "Enter the item's name.");
        if (string.IsNullOrWhiteSpace(SupplyClass)) AddError("supplyClass", "Enter the four-digit supply class (FSC), e.g. 8470.");
        if (string.IsNullOrWhiteSpace(Coalition)) AddError("coalition", "Choose the capability coalition.");
        if (Errors.Count > 0) return null;
        return new CatalogueItemInput(Blank(Code), Name!.Trim(), Blank(Nsn), SupplyClass!.Trim(), Coalition!.Trim(), IsLethal, Blank(ControlEntry),
            Blank(CompatibilityFamily), Tracking, Blank(UnitOfIssue) ?? "EA", UnitWeightKg ?? 0, Blank(TrainingCourse),
            EnhancedMonitoring, InventoryIntervalDays);
    }

    protected void Fill(CatalogueItemView i)
    {
        (Code, Name, Nsn, SupplyClass, Coalition, IsLethal, ControlEntry, CompatibilityFamily) =
            (i.Code, i.Name, i.Nsn, i.SupplyClass, i.Coalition, i.IsLethal, i.ControlEntry, i.CompatibilityFamily);
        (Tracking, UnitOfIssue, UnitWeightKg, TrainingCourse, Version) =
            (Enum.Parse<Tracking>(i.Tracking), i.UnitOfIssue, i.UnitWeightKg, i.TrainingCourse, i.Version);
        (EnhancedMonitoring, InventoryIntervalDays) = (i.EnhancedMonitoring, i.InventoryIntervalDays);
    }

    protected async Task LoadCourses(CatalogueService catalogue, CancellationToken ct)
        => CourseCodes = (await catalogue.CourseIds(ct)).Keys.Order(StringComparer.Ordinal).ToList();

    protected static string Saved(CatalogueItemView item, IReadOnlyList<string> warnings)
        => $"{item.Name} ({item.Code}) saved." + (warnings.Count == 0 ? "" : " Note: " + string.Join(" ", warnings));

    public static string Num(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
}

public sealed class NewModel(CatalogueService catalogue, CurrentActor current) : ItemFormModel
{
    public override bool IsNew => true;
    public override string BackHref => "/catalogue";

    public Task OnGetAsync(CancellationToken ct) => LoadCourses(catalogue, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadCourses(catalogue, ct);
        var input = Input();
        if (input is null) return Page();
        var saved = await Attempt(async () => (object)await catalogue.Create(current.Actor, input, ct));
        if (saved is not ValueTuple<CatalogueItemView, IReadOnlyList<string>> (var item, var warnings)) return Page();
        return SavedAndRedirect(Saved(item, warnings), $"/catalogue/{item.Id}");
    }
}

public sealed class EditModel(CatalogueService catalogue, CurrentActor current) : ItemFormModel
{
    public CatalogueItemView Item { get; private set; } = null!;
    public override bool IsNew => false;
    public override string BackHref => $"/catalogue/{Item.Id}";

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Item = await catalogue.Get(id, ct);
        await LoadCourses(catalogue, ct);
        Fill(Item);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Item = await catalogue.Get(id, ct);
        await LoadCourses(catalogue, ct);
        Code = Item.Code;
        var input = Input();
        if (input is null) return Page();
        var saved = await Attempt(async () => (object)await catalogue.Update(current.Actor, id, Version, input, ct));
        if (saved is not ValueTuple<CatalogueItemView, IReadOnlyList<string>> (var item, var warnings)) return Page();
        return SavedAndRedirect(Saved(item, warnings), $"/catalogue/{id}");
    }
}
