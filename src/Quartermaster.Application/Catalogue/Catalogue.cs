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
    decimal UnitWeightKg, string? TrainingCourse, long Version, bool EnhancedMonitoring = false, int InventoryIntervalDays = 90)
{
    /// <param name="courseCode">The code of the linked training course (<see cref="CatalogueItem.TrainingCourseId"/>).</param>
    public static CatalogueItemView Of(CatalogueItem i, string? courseCode = null) => new(i.Id, i.Code, i.Name, i.Nsn, i.SupplyClass,
        CodificationReference.Shared.SupplyClassName(i.SupplyClass), i.Coalition, i.IsLethal, i.ControlEntry,
        i.CompatibilityFamily, i.Tracking.ToString(), i.UnitOfIssue, i.UnitWeightKg, courseCode, i.Version, i.EnhancedMonitoring, i.InventoryIntervalDays);
}

public sealed record CatalogueItemInput(string? Code, string? Name, string? Nsn, string? SupplyClass, string? Coalition,
    bool IsLethal, string? ControlEntry, string? CompatibilityFamily, Tracking Tracking = Tracking.None,
    string? UnitOfIssue = null, decimal UnitWeightKg = 0, string? TrainingCourse = null,
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

    public async Task<Page<CatalogueItemView>> List(PageQuery page, string? coalition = null, bool? lethal = null, CancellationToken ct = default)
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
        var result = await q.ToPage(db, page, "name", Sorts, i => i, ct);
        var courses = await CourseCodes(result.Items.Select(i => i.TrainingCourseId), ct);
        return new Page<CatalogueItemView>(result.Items.Select(i => View(i, courses)).ToList(), result.Total, result.PageNumber, result.PageSize);
    }

    public async Task<CatalogueItemView> Get(Guid id, CancellationToken ct = default)
    {
        var item = await Find(id, ct);
        return View(item, await CourseCodes([item.TrainingCourseId], ct));
    }

    /// <summary>Course code → id of every course: the catalogue names an item's course by its code.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> CourseIds(CancellationToken ct)
        => await db.Courses.AsNoTracking().Select(c => new { c.Code, c.Id }).ToDictionaryAsync(c => c.Code, c => c.Id, ct);

    private async Task<Dictionary<Guid, string>> CourseCodes(IEnumerable<Guid?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Courses.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
    }

    private static CatalogueItemView View(CatalogueItem i, IReadOnlyDictionary<Guid, string> courses)
        => CatalogueItemView.Of(i, i.TrainingCourseId is { } c ? courses.GetValueOrDefault(c) : null);

    public async Task<CatalogueItem> Find(Guid id, CancellationToken ct = default)
        => await db.CatalogueItems.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("Catalogue item", id.ToString());

    public Task<(CatalogueItemView Item, IReadOnlyList<string> Warnings)> Create(Actor actor, CatalogueItemInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create catalogue item {input.Code}", async () =>
        {
            var code = CatalogueItem.ParseCode(input.Code);
            if (await db.CatalogueItems.AnyAsync(i => i.Code == code, ct))
                throw new ConflictException($"Catalogue item '{code}' already exists.");
            var warnings = new List<string>();
            var item = New(input, warnings, await CourseIds(ct));
            db.CatalogueItems.Add(item);
            return (item, warnings);
        }, r => Task.FromResult((CatalogueItemView.Of(r.item, Code(input.TrainingCourse)), (IReadOnlyList<string>)r.warnings)), ct);

    public Task<(CatalogueItemView Item, IReadOnlyList<string> Warnings)> Update(Actor actor, Guid id, long expectedVersion, CatalogueItemInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update catalogue item {id}", async () =>
        {
            var item = await Find(id, ct);
            db.ExpectVersion(item, expectedVersion);
            var warnings = new List<string>();
            Change(item, input, warnings, await CourseIds(ct));
            return (item, warnings);
        }, r => Task.FromResult((CatalogueItemView.Of(r.item, Code(input.TrainingCourse)), (IReadOnlyList<string>)r.warnings)), ct);

    private static string? Code(string? course) => string.IsNullOrWhiteSpace(course) ? null : course.Trim().ToLowerInvariant();

    /// <summary>A new item from input (create and import). <paramref name="courses"/> maps course codes to ids.</summary>
    public static CatalogueItem New(CatalogueItemInput input, ICollection<string> warnings, IReadOnlyDictionary<string, Guid> courses, string courseField = "trainingCourse")
    {
        var item = new CatalogueItem(Guid.NewGuid(), input.Code!, input.Name!, input.SupplyClass!, input.Coalition!, input.IsLethal, CodificationReference.Shared);
        Apply(item, input, warnings, courses, courseField);
        return item;
    }

    /// <summary>Sets every field of an existing item from input (update and re-import); unchanged values change nothing.</summary>
    public static void Change(CatalogueItem item, CatalogueItemInput input, ICollection<string> warnings, IReadOnlyDictionary<string, Guid> courses, string courseField = "trainingCourse")
    {
        item.Rename(input.Name!);
        item.SetStockNumber(null, CodificationReference.Shared, warnings); // the stock number must follow the supply class
        item.SetClassification(input.SupplyClass!, input.Coalition!, input.IsLethal, CodificationReference.Shared);
        Apply(item, input, warnings, courses, courseField);
    }

    private static void Apply(CatalogueItem item, CatalogueItemInput input, ICollection<string> warnings, IReadOnlyDictionary<string, Guid> courses, string courseField)
    {
        var course = Code(input.TrainingCourse);
        if (course is not null && !courses.ContainsKey(course))
        {
            // An import links what it can and says what it could not; the API refuses.
            if (courseField != "training_course")
                throw new RequestException(courseField, $"No training course has the code '{input.TrainingCourse}' (see /api/v1/training/courses).");
            warnings.Add($"{courseField}: no training course has the code '{course}'; the item is imported without a course (create the course, then import again).");
            course = null;
        }
        item.LinkCourse(course is null ? null : courses[course]);
        item.SetStockNumber(input.Nsn, CodificationReference.Shared, warnings);
        item.SetControl(input.ControlEntry);
        item.SetLogistics(input.Tracking, input.UnitOfIssue, input.UnitWeightKg, input.CompatibilityFamily);
        if (input.EnhancedMonitoring is not null || input.InventoryIntervalDays is not null)
            item.SetMonitoring(input.EnhancedMonitoring ?? item.EnhancedMonitoring, input.InventoryIntervalDays);
    }
}
