using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Technology;
using Quartermaster.Storage;

namespace Quartermaster.Application.Technology;

/// <summary>
/// Use cases on dual-use technology projects and their technical data. Reads go through <see cref="TechnologyAccess"/>;
/// changes are the coordinator's, one transaction each, ledgered with the actor, against the version the caller saw.
/// </summary>
public sealed class ProjectsService(QuartermasterDb db, TechnologyAccess access)
{
    private DateTime Now => db.Clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The projects the viewer may see, filtered. A project only listed to the viewer (code, title, domain) matches the
    /// domain and text filters only: filtering it by company, nation or readiness would reveal what is not released.
    /// </summary>
    public async Task<IReadOnlyList<ProjectView>> List(TechnologyViewer viewer, ProjectFilter? filter = null, CancellationToken ct = default)
    {
        filter ??= new ProjectFilter();
        var all = await db.TechnologyProjects.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        Guid? companyId = null;
        if (!string.IsNullOrWhiteSpace(filter.Company))
        {
            var code = filter.Company.Trim().ToLowerInvariant();
            companyId = await db.Companies.AsNoTracking().Where(c => c.Code == code).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) ?? Guid.Empty;
        }
        var nation = string.IsNullOrWhiteSpace(filter.Nation) ? null : Domain.Nations.NationCode.Parse(filter.Nation, "nation");
        if (filter.MinTrl is { } m && m is < TechnologyProject.MinTrl or > TechnologyProject.MaxTrl)
            throw new RequestException("minTrl", $"minTrl is a technology readiness level from 1 to 9 (got {m}).");
        var text = filter.Text?.Trim();
        var shown = new List<(TechnologyProject, ProjectVisibility)>();
        foreach (var p in all)
        {
            var v = TechnologyAccess.Visibility(p, viewer);
            if (v == ProjectVisibility.Hidden) continue;
            if (filter.Domain is { } d && p.Domain != d) continue;
            if (!string.IsNullOrEmpty(text) && !p.Code.Contains(text, StringComparison.OrdinalIgnoreCase) && !p.Title.Contains(text, StringComparison.OrdinalIgnoreCase)) continue;
            if (companyId is not null || nation is not null || filter.MinTrl is not null)
            {
                if (v != ProjectVisibility.Full) continue;
                if (companyId is { } cid && p.Participants.All(x => x.CompanyId != cid)) continue;
                if (nation is not null && p.Participants.All(x => x.Nation != nation)) continue;
                if (filter.MinTrl is { } min && p.Trl < min) continue;
            }
            shown.Add((p, v));
        }
        return await Views(shown, viewer, withData: false, ct);
    }

    public async Task<ProjectView> Get(Guid id, TechnologyViewer viewer, CancellationToken ct = default)
    {
        var (p, v) = await access.Project(id, viewer, ct);
        return (await Views([(p, v)], viewer, withData: true, ct))[0];
    }

    /// <summary>A project named by its code or id, as the viewer may see it.</summary>
    public async Task<ProjectView> Get(string codeOrId, TechnologyViewer viewer, CancellationToken ct = default)
    {
        if (Guid.TryParse(codeOrId, out var id)) return await Get(id, viewer, ct);
        var code = codeOrId.Trim().ToLowerInvariant();
        var found = await db.TechnologyProjects.AsNoTracking().Where(p => p.Code == code).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        return found is { } f ? await Get(f, viewer, ct) : throw new NotFoundException("Technology project", codeOrId);
    }

    public async Task<IReadOnlyList<TechnicalDataView>> TechnicalData(Guid projectId, TechnologyViewer viewer, CancellationToken ct = default)
    {
        var (p, v) = await access.Project(projectId, viewer, ct);
        if (v != ProjectVisibility.Full) throw new NotFoundException("Technology project", projectId.ToString());
        return (await access.Readable(p, viewer, ct)).Select(DataView).ToList();
    }

    public async Task<TechnicalDataView> TechnicalDataRecord(Guid projectId, Guid id, TechnologyViewer viewer, CancellationToken ct = default)
        => DataView((await access.Record(projectId, id, viewer, ct)).Record);

    /// <summary>The companies a coordinator may name as participants (not suspended), for the project form.</summary>
    public async Task<IReadOnlyList<(string Code, string Name, string Nation)>> Companies(CancellationToken ct = default)
        => (await db.Companies.AsNoTracking().Where(c => c.Vetting != VettingStatus.Suspended).OrderBy(c => c.Nation).ThenBy(c => c.Name)
            .Select(c => new { c.Code, c.Name, c.Nation }).ToListAsync(ct)).Select(c => (c.Code, c.Name, c.Nation)).ToList();

    // --- Changes (the coordinator).

    public Task<ProjectView> Create(Actor actor, ProjectInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create technology project {input.Code}", async () =>
        {
            EnsureCell(actor);
            var code = CatalogueItem.ParseCode(input.Code);
            if (await db.TechnologyProjects.AnyAsync(p => p.Code == code, ct)) throw new ConflictException($"Technology project '{code}' already exists.");
            var trl = input.Trl ?? throw new RequestException("trl", "trl is required: a technology readiness level from 1 to 9.");
            var project = new TechnologyProject(Guid.NewGuid(), code, input.Title!, input.Domain ?? throw new RequestException("domain", "domain is required: AI, UncrewedSystems, Quantum, Space, ElectronicWarfare, Cyber or Other."),
                input.Description, trl, input.TrlOn, Now, actor.ToString(), input.TrlNote);
            await Apply(project, input, [], ct);
            db.TechnologyProjects.Add(project);
            return project;
        }, p => CellView(p.Id, ct), ct);

    public Task<ProjectView> Update(Actor actor, Guid id, long expectedVersion, ProjectInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update technology project {id}", async () =>
        {
            EnsureCell(actor);
            var project = await Find(id, ct);
            db.ExpectVersion(project, expectedVersion);
            project.Describe(input.Title!, input.Domain ?? throw new RequestException("domain", "domain is required."), input.Description);
            var recordNations = (await db.TechnicalDataRecords.AsNoTracking().Where(r => r.ProjectId == id).Select(r => r.ReleasableTo).ToListAsync(ct))
                .SelectMany(ReleaseList.Decode).ToList();
            await Apply(project, input, recordNations, ct);
            return project;
        }, p => CellView(p.Id, ct), ct);

    public Task<ProjectView> ChangeTrl(Actor actor, Guid id, long expectedVersion, TrlInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"change TRL of technology project {id}", async () =>
        {
            EnsureCell(actor);
            var project = await Find(id, ct);
            db.ExpectVersion(project, expectedVersion);
            project.ChangeTrl(input.Trl ?? throw new RequestException("trl", "trl is required: a technology readiness level from 1 to 9."), input.On, Now, actor.ToString(), input.Note);
            return project;
        }, p => CellView(p.Id, ct), ct);

    public Task<ProjectView> CompleteMilestone(Actor actor, Guid id, int number, long expectedVersion, MilestoneDoneInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"milestone {number} of technology project {id}", async () =>
        {
            EnsureCell(actor);
            var project = await Find(id, ct);
            db.ExpectVersion(project, expectedVersion);
            project.CompleteMilestone(number, input.Done);
            return project;
        }, p => CellView(p.Id, ct), ct);

    public Task<TechnicalDataView> AddTechnicalData(Actor actor, Guid projectId, TechnicalDataInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"add technical data to technology project {projectId}", async () =>
        {
            EnsureCell(actor);
            var project = await Find(projectId, ct);
            var record = new TechnicalDataRecord(Guid.NewGuid(), project.Id, input.Title!, input.Marking ?? throw new RequestException("marking", "marking is required: Unclassified, Restricted, Confidential or Secret."), input.Location);
            record.SetReleasableTo(input.ReleasableTo, project);
            record.MarkIllustrative(input.Illustrative);
            db.TechnicalDataRecords.Add(record);
            return record;
        }, r => Task.FromResult(DataView(r)), ct);

    public Task<TechnicalDataView> UpdateTechnicalData(Actor actor, Guid projectId, Guid id, long expectedVersion, TechnicalDataInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update technical data {id}", async () =>
        {
            EnsureCell(actor);
            var project = await Find(projectId, ct);
            var record = await db.TechnicalDataRecords.FirstOrDefaultAsync(r => r.Id == id && r.ProjectId == projectId, ct) ?? throw new NotFoundException("Technical data", id.ToString());
            db.ExpectVersion(record, expectedVersion);
            record.Update(input.Title!, input.Marking ?? throw new RequestException("marking", "marking is required."), input.Location);
            record.SetReleasableTo(input.ReleasableTo, project);
            return record;
        }, r => Task.FromResult(DataView(r)), ct);

    /// <summary>Writes are the cell's; anyone else is answered as if the project did not exist.</summary>
    private static void EnsureCell(Actor actor)
    {
        if (Access.Acting.RoleOf(actor) != Role.Coordinator) throw new NotFoundException("Technology project", "");
    }

    private async Task<TechnologyProject> Find(Guid id, CancellationToken ct)
        => await db.TechnologyProjects.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("Technology project", id.ToString());

    private async Task Apply(TechnologyProject project, ProjectInput input, IReadOnlyList<string> recordNations, CancellationToken ct)
    {
        // Companies by code: the lead first, then the others; every one must exist and none be suspended.
        if (string.IsNullOrWhiteSpace(input.LeadCompany)) throw new RequestException("leadCompany", "leadCompany is required: the code of the company that leads the project.");
        var codes = new List<(string Code, string Field)> { (Company.ParseCode(input.LeadCompany), "leadCompany") };
        for (var i = 0; i < (input.Companies?.Count ?? 0); i++)
        {
            var field = $"companies[{i}]";
            var c = Rethrow(field, () => Company.ParseCode(input.Companies![i]));
            if (codes.Any(x => x.Code == c))
            {
                if (codes[0].Code == c) continue; // the lead may be listed among the companies too
                throw new RequestException(field, $"Company '{c}' is listed twice.");
            }
            codes.Add((c, field));
        }
        var wanted = codes.Select(c => c.Code).ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => wanted.Contains(c.Code)).ToDictionaryAsync(c => c.Code, ct);
        var participants = new List<ProjectParticipant>();
        foreach (var (code, field) in codes)
        {
            if (!companies.TryGetValue(code, out var company)) throw new RequestException(field, $"No company has the code '{code}'.");
            if (company.Vetting == VettingStatus.Suspended) throw new RequestException(field, $"{company.Name} is suspended: a suspended company cannot take part in a project.");
            participants.Add(new ProjectParticipant(company.Id, company.Nation, field == "leadCompany"));
        }
        project.SetParticipants(participants);
        project.Classify(input.MunitionsListEntry, input.DualUseEntry, input.Eccn);
        var releasable = new List<string>();
        for (var i = 0; i < (input.ReleasableTo?.Count ?? 0); i++)
        {
            var code = Rethrow($"releasableTo[{i}]", () => Domain.Nations.NationCode.Parse(input.ReleasableTo![i], "releasableTo"));
            if (!await db.Nations.AnyAsync(n => n.Code == code, ct)) throw new RequestException($"releasableTo[{i}]", $"No nation has the code '{code}'.");
            releasable.Add(code);
        }
        project.SetReleasableTo(releasable, recordNations);
        project.SetMilestones((input.Milestones ?? []).Select(m => (m?.Title, m?.Due, m?.Done)).ToList());
        project.MarkIllustrative(input.Illustrative);
    }

    private static T Rethrow<T>(string field, Func<T> parse)
    {
        try { return parse(); }
        catch (DomainException e) { throw new RequestException(field, e.Message); }
    }

    private async Task<ProjectView> CellView(Guid id, CancellationToken ct)
    {
        var p = await db.TechnologyProjects.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var cell = new TechnologyViewer(Role.Coordinator, null);
        return (await Views([(p, ProjectVisibility.Full)], cell, withData: true, ct))[0];
    }

    private async Task<List<ProjectView>> Views(IReadOnlyList<(TechnologyProject Project, ProjectVisibility Visibility)> projects, TechnologyViewer viewer, bool withData, CancellationToken ct)
    {
        var ids = projects.Where(p => p.Visibility == ProjectVisibility.Full).SelectMany(p => p.Project.Participants.Select(x => x.CompanyId)).Distinct().ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var views = new List<ProjectView>();
        foreach (var (p, v) in projects)
        {
            if (v != ProjectVisibility.Full)
            {
                views.Add(new ProjectView(p.Id, p.Code, p.Title, p.Domain.ToString(), v.ToString(), null, null, null, null, null, null, null, null, null, p.Illustrative, null));
                continue;
            }
            var data = withData ? (await access.Readable(p, viewer, ct)).Select(DataView).ToList() : null;
            views.Add(new ProjectView(p.Id, p.Code, p.Title, p.Domain.ToString(), v.ToString(), p.Description,
                p.Participants.Select(x => companies.TryGetValue(x.CompanyId, out var c)
                    ? new ParticipantView(c.Code, c.Name, x.Nation, x.Lead, c.Illustrative)
                    : new ParticipantView(x.CompanyId.ToString(), "(unknown company)", x.Nation, x.Lead, false)).ToList(),
                p.Trl, p.TrlHistory,
                new ClassificationView(p.MunitionsListEntry, ExportControlList.MunitionsListTitle(p.MunitionsListEntry), p.DualUseEntry,
                    ExportControlList.DualUseDescription(p.DualUseEntry), p.Eccn),
                p.IsClassified, p.ReleasableNations, p.Milestones, data, p.Illustrative, p.Version));
        }
        return views;
    }

    private static TechnicalDataView DataView(TechnicalDataRecord r)
        => new(r.Id, r.ProjectId, r.Title, r.Marking.ToString(), r.Location, r.ReleasableNations, r.Illustrative, r.Version);
}
