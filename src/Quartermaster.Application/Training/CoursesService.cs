using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Training;
using Quartermaster.Storage;

namespace Quartermaster.Application.Training;

/// <summary>Use cases on courses and on the sustainment each system needs (the coordination cell's records).</summary>
public sealed class CoursesService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<CourseView>> List(CancellationToken ct = default)
    {
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        return await Views(courses, ct);
    }

    public async Task<CourseView> Get(Guid id, CancellationToken ct = default) => (await Views([await Find(id, ct)], ct))[0];

    public async Task<Course> Find(Guid id, CancellationToken ct = default)
        => await db.Courses.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Course", id.ToString());

    public Task<CourseView> Create(Actor actor, CourseInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create course {input.Code}", async () =>
        {
            var code = CatalogueItem.ParseCode(input.Code);
            if (await db.Courses.AnyAsync(c => c.Code == code, ct)) throw new ConflictException($"Course '{code}' already exists.");
            var course = new Course(Guid.NewGuid(), code, input.Name!, input.LengthWeeks, input.CrewSize, input.SeatsPerCohort);
            await Apply(course, input, ct);
            db.Courses.Add(course);
            return course;
        }, async c => (await Views([c], ct))[0], ct);

    public Task<CourseView> Update(Actor actor, Guid id, long expectedVersion, CourseInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update course {id}", async () =>
        {
            var course = await Find(id, ct);
            db.ExpectVersion(course, expectedVersion);
            course.Update(input.Name!, input.LengthWeeks, input.CrewSize, input.SeatsPerCohort);
            await Apply(course, input, ct);
            return course;
        }, async c => (await Views([c], ct))[0], ct);

    private async Task Apply(Course course, CourseInput input, CancellationToken ct)
    {
        course.SetLanguage(input.Language, input.LanguageLevel);
        var all = await db.Courses.AsNoTracking().Select(c => new { c.Id, c.Code, c.Prerequisites }).ToListAsync(ct);
        var byCode = all.ToDictionary(c => c.Code, c => c.Id);
        var prereqs = new List<Guid>();
        for (var i = 0; i < (input.Prerequisites?.Count ?? 0); i++)
        {
            var code = input.Prerequisites![i]?.Trim().ToLowerInvariant() ?? "";
            if (code == course.Code) throw new RequestException($"prerequisites[{i}]", "A course cannot be its own prerequisite.");
            prereqs.Add(byCode.TryGetValue(code, out var pid) ? pid
                : throw new RequestException($"prerequisites[{i}]", $"No course has the code '{input.Prerequisites[i]}'."));
        }
        var graph = all.ToDictionary(c => c.Id, c => (IReadOnlyCollection<Guid>)c.Prerequisites);
        var names = all.ToDictionary(c => c.Id, c => c.Code);
        names[course.Id] = course.Code;
        course.SetPrerequisites(prereqs, id => id == course.Id ? null : graph.GetValueOrDefault(id), id => names.GetValueOrDefault(id, id.ToString()));
        course.MarkIllustrative(input.Illustrative);
    }

    private async Task<List<CourseView>> Views(IReadOnlyList<Course> courses, CancellationToken ct)
    {
        var ids = courses.Select(c => (Guid?)c.Id).ToList();
        var systems = (await db.CatalogueItems.AsNoTracking().Where(i => ids.Contains(i.TrainingCourseId)).Select(i => new { i.Code, i.TrainingCourseId }).ToListAsync(ct))
            .ToLookup(i => i.TrainingCourseId!.Value, i => i.Code);
        var prereqIds = courses.SelectMany(c => c.Prerequisites).Distinct().ToList();
        var codes = await db.Courses.AsNoTracking().Where(c => prereqIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        return courses.Select(c => new CourseView(c.Id, c.Code, c.Name, c.LengthWeeks, c.CrewSize, c.SeatsPerCohort, c.Language, c.LanguageLevel,
            c.Prerequisites.Select(p => codes.GetValueOrDefault(p, p.ToString())).ToList(), systems[c.Id].Order().ToList(), c.Illustrative, c.Version)).ToList();
    }

    // --- Sustainment needs.

    public async Task<IReadOnlyList<SustainmentView>> Sustainment(string? systemCode = null, CancellationToken ct = default)
    {
        var q = db.SustainmentNeeds.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(systemCode))
        {
            var code = systemCode.Trim().ToLowerInvariant();
            q = q.Where(s => db.CatalogueItems.Any(i => i.Id == s.SystemItemId && i.Code == code));
        }
        return await SustainmentViews(await q.ToListAsync(ct), ct);
    }

    public Task<SustainmentView> AddSustainment(Actor actor, SustainmentInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"add sustainment {input.ItemCode} to {input.SystemCode}", async () =>
        {
            var system = await ItemId(input.SystemCode, "systemCode", ct);
            var item = await ItemId(input.ItemCode, "itemCode", ct);
            if (await db.SustainmentNeeds.AnyAsync(s => s.SystemItemId == system && s.ItemId == item, ct))
                throw new ConflictException($"{input.SystemCode} already lists {input.ItemCode} as sustainment; change that record instead.");
            var need = new SustainmentNeed(Guid.NewGuid(), system, item,
                input.Kind ?? throw new RequestException("kind", "kind is required: SparesKit, FirstLoadAmmunition or Other."), input.QuantityPerUnit);
            need.MarkIllustrative(input.Illustrative);
            db.SustainmentNeeds.Add(need);
            return need;
        }, async n => (await SustainmentViews([n], ct))[0], ct);

    public Task<SustainmentView> ChangeSustainment(Actor actor, Guid id, long expectedVersion, SustainmentInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"change sustainment {id}", async () =>
        {
            var need = await db.SustainmentNeeds.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("Sustainment need", id.ToString());
            db.ExpectVersion(need, expectedVersion);
            need.Change(input.Kind ?? need.Kind, input.QuantityPerUnit);
            return need;
        }, async n => (await SustainmentViews([n], ct))[0], ct);

    private async Task<Guid> ItemId(string? code, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new RequestException(field, $"{field} is required (a catalogue item code).");
        var c = code.Trim().ToLowerInvariant();
        return await db.CatalogueItems.Where(i => i.Code == c).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct)
               ?? throw new RequestException(field, $"No catalogue item has the code '{code}'.");
    }

    private async Task<List<SustainmentView>> SustainmentViews(IReadOnlyList<SustainmentNeed> needs, CancellationToken ct)
    {
        var ids = needs.SelectMany(n => new[] { n.SystemItemId, n.ItemId }).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => (i.Code, i.Name), ct);
        return needs.Select(n => new SustainmentView(n.Id, items[n.SystemItemId].Code, items[n.SystemItemId].Name, items[n.ItemId].Code, items[n.ItemId].Name,
            n.Kind.ToString(), n.QuantityPerUnit, n.Illustrative, n.Version)).OrderBy(v => v.SystemCode).ThenBy(v => v.ItemCode).ToList();
    }
}
