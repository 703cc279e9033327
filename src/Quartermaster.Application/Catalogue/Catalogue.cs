using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Catalogue;

public sealed record CatalogueItemView(Guid Id, string Code, string Name, string? Nsn, string SupplyClass, string? SupplyClassName,
    string Coalition, bool IsLethal, string? ControlEntry, string? CompatibilityFamily, string Tracking, string UnitOfIssue,
    decimal UnitWeightKg, string? TrainingCourse, string? Sustainment, long Version, bool EnhancedMonitoring = false, int InventoryIntervalDays = 90)
{
    public static CatalogueItemView Of(CatalogueItem i) => new(i.Id, i.Code, i.Name, i.Nsn, i.SupplyClass,
        CodificationReference.Shared.SupplyClassName(i.SupplyClass), i.Coalition, i.IsLethal, i.ControlEntry,
        i.CompatibilityFamily, i.Tracking.ToString(), i.UnitOfIssue, i.UnitWeightKg, i.TrainingCourse, i.Sustainment, i.Version, i.EnhancedMonitoring, i.InventoryIntervalDays);
}

public sealed record CatalogueItemInput(string? Code, string? Name, string? Nsn, string? SupplyClass, string? Coalition,
    bool IsLethal, string? ControlEntry, string? CompatibilityFamily, Tracking Tracking = Tracking.None,
    string? UnitOfIssue = null, decimal UnitWeightKg = 0, string? TrainingCourse = null, string? Sustainment = null,
    bool? EnhancedMonitoring = null, int? InventoryIntervalDays = null);

/// <summary>Use cases on the catalogue: list, read, create, update. Warnings (e.g. an unknown codification bureau) are returned, not thrown.</summary>
public sealed class CatalogueService(QuartermasterDb db)
{
    private static readonly Dictionary<string, Expression<Func<CatalogueItem, object?>>> Sorts = new()
    {
        ["code"] = i => i.Code,
        ["name"] = i => i.Name,
        ["supplyclass"] = i => i.SupplyClass,
        ["coalition"] = i => i.Coalition,
    };

    public Task<Page<CatalogueItemView>> List(PageQuery page, string? coalition = null, bool? lethal = null, CancellationToken ct = default)
    {
        var q = db.CatalogueItems.AsQueryable();
        if (!string.IsNullOrWhiteSpace(coalition)) q = q.Where(i => i.Coalition == coalition.ToLower());
        if (lethal is not null) q = q.Where(i => i.IsLethal == lethal);
        if (!string.IsNullOrWhiteSpace(page.Search))
        {
            var like = Queries.Like(page.Search);
            q = q.Where(i => EF.Functions.Like(i.Name.ToLower(), like, "\\") || EF.Functions.Like(i.Code, like, "\\")
                             || EF.Functions.Like(i.SupplyClass, like, "\\"));
        }
        return q.ToPage(page, "name", Sorts, CatalogueItemView.Of, ct);
    }

    public async Task<CatalogueItemView> Get(Guid id, CancellationToken ct = default) => CatalogueItemView.Of(await Find(id, ct));

    public async Task<CatalogueItem> Find(Guid id, CancellationToken ct = default)
        => await db.CatalogueItems.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("Catalogue item", id.ToString());

    public Task<(CatalogueItemView Item, IReadOnlyList<string> Warnings)> Create(Actor actor, CatalogueItemInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create catalogue item {input.Code}", async () =>
        {
            var code = CatalogueItem.ParseCode(input.Code);
            if (await db.CatalogueItems.AnyAsync(i => i.Code == code, ct))
                throw new ConflictException($"Catalogue item '{code}' already exists.");
            var warnings = new List<string>();
            var item = New(input, warnings);
            db.CatalogueItems.Add(item);
            return (item, warnings);
        }, r => Task.FromResult((CatalogueItemView.Of(r.item), (IReadOnlyList<string>)r.warnings)), ct);

    public Task<(CatalogueItemView Item, IReadOnlyList<string> Warnings)> Update(Actor actor, Guid id, long expectedVersion, CatalogueItemInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update catalogue item {id}", async () =>
        {
            var item = await Find(id, ct);
            db.ExpectVersion(item, expectedVersion);
            var warnings = new List<string>();
            Change(item, input, warnings);
            return (item, warnings);
        }, r => Task.FromResult((CatalogueItemView.Of(r.item), (IReadOnlyList<string>)r.warnings)), ct);

    /// <summary>A new item from input (create and import).</summary>
    public static CatalogueItem New(CatalogueItemInput input, ICollection<string> warnings)
    {
        var item = new CatalogueItem(Guid.NewGuid(), input.Code!, input.Name!, input.SupplyClass!, input.Coalition!, input.IsLethal, CodificationReference.Shared);
        Apply(item, input, warnings);
        return item;
    }

    /// <summary>Sets every field of an existing item from input (update and re-import); unchanged values change nothing.</summary>
    public static void Change(CatalogueItem item, CatalogueItemInput input, ICollection<string> warnings)
    {
        item.Rename(input.Name!);
        item.SetStockNumber(null, CodificationReference.Shared, warnings); // the stock number must follow the supply class
        item.SetClassification(input.SupplyClass!, input.Coalition!, input.IsLethal, CodificationReference.Shared);
        Apply(item, input, warnings);
    }

    private static void Apply(CatalogueItem item, CatalogueItemInput input, ICollection<string> warnings)
    {
        item.SetStockNumber(input.Nsn, CodificationReference.Shared, warnings);
        item.SetControl(input.ControlEntry);
        item.SetLogistics(input.Tracking, input.UnitOfIssue, input.UnitWeightKg, input.CompatibilityFamily);
        item.SetSupport(input.TrainingCourse, input.Sustainment);
        if (input.EnhancedMonitoring is not null || input.InventoryIntervalDays is not null)
            item.SetMonitoring(input.EnhancedMonitoring ?? item.EnhancedMonitoring, input.InventoryIntervalDays);
    }
}
