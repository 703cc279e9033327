namespace Quartermaster.Domain.Technology;

using Quartermaster.Domain.Access;

/// <summary>How much of a project a viewer may see.</summary>
public enum ProjectVisibility
{
    /// <summary>Nothing: the project is not even listed (an unclassified project, to a partner; any project, to another company).</summary>
    Hidden,

    /// <summary>That it exists: code, title and domain only (a classified project not released to the viewer's nation).</summary>
    Listed,

    /// <summary>The project's facts, readiness history and milestones; its technical data record by record.</summary>
    Full,
}

/// <summary>
/// Who is looking at technology projects: the role, the nation they act for (for an industry representative the nation
/// of their company) and, for an industry representative, their company and whether the cell approved it.
/// </summary>
public sealed record TechnologyViewer(Role Role, string? Nation, Guid? CompanyId = null, bool CompanyApproved = false)
{
    /// <summary>Coordinators and auditors of the cell see every project and all its technical data.</summary>
    public bool IsCell => Role is Role.Coordinator or Role.Auditor;
}

/// <summary>
/// The release rule of technology projects, in one place (the equivalent of a deemed-export check: technical data is
/// shown only to a person whose nation may receive it).
/// <list type="bullet">
/// <item>The cell (coordinators, auditors) sees every project and every technical-data record.</item>
/// <item>An industry representative sees a project only if their company takes part in it; anyone else sees a project in
/// full if their nation is a participating company's nation or on the project's releasable-to list.</item>
/// <item>Otherwise a classified project is listed (code, title, domain); an unclassified one is hidden.</item>
/// <item>A technical-data record is readable by a viewer outside the cell only if the viewer sees the project in full and
/// the viewer's nation is on the project's releasable-to list and on the record's (an industry representative's company
/// must also be approved).</item>
/// </list>
/// </summary>
public static class TechnologyRelease
{
    public static ProjectVisibility VisibilityOf(TechnologyProject project, TechnologyViewer viewer)
    {
        if (viewer.IsCell) return ProjectVisibility.Full;
        if (viewer.Role == Role.IndustryRepresentative)
            return viewer.CompanyId is { } company && project.Participants.Any(p => p.CompanyId == company) ? ProjectVisibility.Full : ProjectVisibility.Hidden;
        if (viewer.Nation is { } nation && (project.Participants.Any(p => p.Nation == nation) || ReleaseList.Contains(project.ReleasableTo, nation)))
            return ProjectVisibility.Full;
        return project.IsClassified ? ProjectVisibility.Listed : ProjectVisibility.Hidden;
    }

    public static bool MayRead(TechnologyProject project, TechnicalDataRecord record, TechnologyViewer viewer)
    {
        if (record.ProjectId != project.Id) return false;
        if (viewer.IsCell) return true;
        // Only an approved company takes part in a project's technical data (Company.Vetting).
        if (viewer.Role == Role.IndustryRepresentative && !viewer.CompanyApproved) return false;
        return VisibilityOf(project, viewer) == ProjectVisibility.Full
               && viewer.Nation is { } nation
               && ReleaseList.Contains(project.ReleasableTo, nation)
               && ReleaseList.Contains(record.ReleasableTo, nation);
    }
}
