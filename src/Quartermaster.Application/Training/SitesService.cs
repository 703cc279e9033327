using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Training;
using Quartermaster.Storage;

namespace Quartermaster.Application.Training;

/// <summary>Use cases on training sites: the coordinator, or the host nation's point of contact for its own sites.</summary>
public sealed class SitesService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<SiteView>> List(string? hostNation = null, CancellationToken ct = default)
    {
        var q = db.TrainingSites.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(hostNation)) q = q.Where(s => s.HostNation == hostNation.Trim().ToUpper());
        return await Views(await q.OrderBy(s => s.Code).ToListAsync(ct), ct);
    }

    public async Task<SiteView> Get(Guid id, CancellationToken ct = default) => (await Views([await Find(id, ct)], ct))[0];

    public async Task<TrainingSite> Find(Guid id, CancellationToken ct = default)
        => await db.TrainingSites.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("Training site", id.ToString());

    public Task<SiteView> Create(Actor actor, SiteInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create training site {input.Code}", async () =>
        {
            var host = TrainingAccess.HostFor(actor, input.HostNation);
            if (!await db.Nations.AnyAsync(n => n.Code == host, ct)) throw new RequestException("hostNation", $"Unknown nation '{host}'.");
            var code = CatalogueItem.ParseCode(input.Code);
            if (await db.TrainingSites.AnyAsync(s => s.Code == code, ct)) throw new ConflictException($"Training site '{code}' already exists.");
            var site = new TrainingSite(Guid.NewGuid(), code, input.Name!, host, input.SeatsPerCohort);
            await Apply(site, input, ct);
            db.TrainingSites.Add(site);
            return site;
        }, async s => (await Views([s], ct))[0], ct);

    public Task<SiteView> Update(Actor actor, Guid id, long expectedVersion, SiteInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update training site {id}", async () =>
        {
            var site = await Find(id, ct);
            TrainingAccess.EnsureMayManage(actor, site.HostNation, "Training site", id.ToString());
            db.ExpectVersion(site, expectedVersion);
            site.Update(input.Name!, input.SeatsPerCohort);
            await Apply(site, input, ct);
            return site;
        }, async s => (await Views([s], ct))[0], ct);

    private async Task Apply(TrainingSite site, SiteInput input, CancellationToken ct)
    {
        var byCode = await db.Courses.AsNoTracking().Select(c => new { c.Code, c.Id }).ToDictionaryAsync(c => c.Code, c => c.Id, ct);
        var courses = new List<Guid>();
        for (var i = 0; i < (input.Courses?.Count ?? 0); i++)
        {
            var code = input.Courses![i]?.Trim().ToLowerInvariant() ?? "";
            courses.Add(byCode.TryGetValue(code, out var id) ? id : throw new RequestException($"courses[{i}]", $"No course has the code '{input.Courses[i]}'."));
        }
        site.SetCourses(courses);
        site.SetSchedule(input.StartDates, input.CadenceFrom, input.CadenceWeeks);
        site.SetBlackouts(input.BlackoutWeeks ?? []);
        site.MarkIllustrative(input.Illustrative);
    }

    private async Task<List<SiteView>> Views(IReadOnlyList<TrainingSite> sites, CancellationToken ct)
    {
        var codes = await db.Courses.AsNoTracking().Select(c => new { c.Id, c.Code }).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        return sites.Select(s => new SiteView(s.Id, s.Code, s.Name, s.HostNation, s.SeatsPerCohort,
            s.Courses.Select(c => codes.GetValueOrDefault(c, c.ToString())).Order().ToList(), s.StartDates, s.CadenceFrom, s.CadenceWeeks,
            s.BlackoutWeeks, s.Illustrative, s.Version)).ToList();
    }
}
