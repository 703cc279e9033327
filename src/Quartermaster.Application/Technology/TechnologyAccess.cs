using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Technology;
using Quartermaster.Storage;

namespace Quartermaster.Application.Technology;

/// <summary>
/// The one application gate of technology projects: every read of a project or of its technical data passes here and
/// is decided by <see cref="TechnologyRelease"/>. A project the viewer may not see, and a technical-data record the
/// viewer's nation may not receive, answer as if they did not exist (404).
/// </summary>
public sealed class TechnologyAccess(QuartermasterDb db)
{
    /// <summary>
    /// The viewer of an actor. An industry representative looks through their company (the company code bound to the
    /// account): its nation and its vetting; an unknown company sees nothing.
    /// </summary>
    public async Task<TechnologyViewer> ViewerOf(Actor actor, string? company, CancellationToken ct = default)
    {
        var role = Acting.RoleOf(actor);
        if (role != Role.IndustryRepresentative) return new TechnologyViewer(role, actor.Nation);
        var code = company?.Trim().ToLowerInvariant();
        var c = string.IsNullOrEmpty(code) ? null
            : await db.Companies.AsNoTracking().Where(x => x.Code == code).Select(x => new { x.Id, x.Nation, x.Vetting }).FirstOrDefaultAsync(ct);
        return c is null
            ? new TechnologyViewer(role, null, Guid.Empty, false)
            : new TechnologyViewer(role, c.Nation, c.Id, c.Vetting == VettingStatus.Approved);
    }

    public static ProjectVisibility Visibility(TechnologyProject project, TechnologyViewer viewer) => TechnologyRelease.VisibilityOf(project, viewer);

    /// <summary>The project if the viewer may see at least that it exists; else "not found".</summary>
    public async Task<(TechnologyProject Project, ProjectVisibility Visibility)> Project(Guid id, TechnologyViewer viewer, CancellationToken ct)
    {
        var p = await db.TechnologyProjects.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        var v = p is null ? ProjectVisibility.Hidden : Visibility(p, viewer);
        return p is null || v == ProjectVisibility.Hidden ? throw new NotFoundException("Technology project", id.ToString()) : (p, v);
    }

    /// <summary>The technical-data records of a project that the viewer's nation may receive (none unless the project is seen in full).</summary>
    public async Task<List<TechnicalDataRecord>> Readable(TechnologyProject project, TechnologyViewer viewer, CancellationToken ct)
    {
        var records = await db.TechnicalDataRecords.AsNoTracking().Where(r => r.ProjectId == project.Id).OrderBy(r => r.Title).ToListAsync(ct);
        return records.Where(r => TechnologyRelease.MayRead(project, r, viewer)).ToList();
    }

    /// <summary>One technical-data record, if the viewer may read it; else "not found" (also when the project exists).</summary>
    public async Task<(TechnologyProject Project, TechnicalDataRecord Record)> Record(Guid projectId, Guid id, TechnologyViewer viewer, CancellationToken ct)
    {
        var record = await db.TechnicalDataRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.ProjectId == projectId, ct);
        var project = record is null ? null : await db.TechnologyProjects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (record is null || project is null || !TechnologyRelease.MayRead(project, record, viewer))
            throw new NotFoundException("Technical data", id.ToString());
        return (project, record);
    }
}
