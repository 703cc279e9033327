using Quartermaster.Domain.Access;
using Quartermaster.Domain.Technology;

namespace Quartermaster.Domain.Tests;

public class TechnologyProjectTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Usa = Guid.NewGuid(), Jpn = Guid.NewGuid(), Deu = Guid.NewGuid();

    private static TechnologyProject P(int trl = 3)
    {
        var p = new TechnologyProject(Guid.NewGuid(), "swarm-uas", "Swarm navigation", TechnologyDomain.UncrewedSystems, null, trl, new DateOnly(2025, 1, 1), Now, "coordinator", null);
        p.SetParticipants([new ProjectParticipant(Usa, "USA", true), new ProjectParticipant(Jpn, "JPN", false)]);
        return p;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(-3)]
    public void A_readiness_level_outside_1_to_9_is_refused_naming_trl(int level)
    {
        Refused.With("trl", () => P(level));
        var p = P();
        Refused.With("trl", () => p.ChangeTrl(level, null, Now, "coordinator", "test"));
        Assert.Equal(3, p.Trl);
        Assert.Single(p.TrlHistory);
    }

    [Fact]
    public void Every_readiness_change_is_kept_with_its_date_author_note_and_previous_level()
    {
        var p = P();
        p.ChangeTrl(5, new DateOnly(2025, 6, 1), Now, "alice", "Flight test");
        p.ChangeTrl(4, new DateOnly(2025, 9, 1), Now, "bob", "Re-assessed after review");
        Assert.Equal(4, p.Trl);
        Assert.Equal([3, 5, 4], p.TrlHistory.Select(h => h.To));
        Assert.Equal([null, 3, 5], p.TrlHistory.Select(h => h.From));
        Assert.Equal("bob", p.TrlHistory[^1].By);
        Assert.Equal(new DateOnly(2025, 9, 1), p.TrlHistory[^1].On);
        Refused.With("note", () => p.ChangeTrl(6, null, Now, "bob", null));
        Refused.With("trl", () => p.ChangeTrl(4, null, Now, "bob", "same"));
        Refused.With("on", () => p.ChangeTrl(6, new DateOnly(2025, 8, 1), Now, "bob", "before the previous change"));
        Refused.With("on", () => p.ChangeTrl(6, new DateOnly(2026, 12, 4), Now, "bob", "tomorrow"));
        Assert.Equal(3, p.TrlHistory.Count);
    }

    [Theory]
    [InlineData("ML23", null, null, "munitionsListEntry")]
    [InlineData("4A005", null, null, "munitionsListEntry")]
    [InlineData(null, "ML10", null, "dualUseEntry")]
    [InlineData(null, "4F005", null, "dualUseEntry")]
    [InlineData(null, "quantum", null, "dualUseEntry")]
    [InlineData(null, null, "5A2", "eccn")]
    [InlineData(null, null, "X5A002", "eccn")]
    public void An_export_classification_that_does_not_parse_is_refused_naming_its_field(string? ml, string? du, string? eccn, string field)
    {
        var p = P();
        Refused.With(field, () => p.Classify(ml, du, eccn));
        Assert.False(p.IsClassified);
    }

    [Fact]
    public void Entries_are_normalised_and_make_the_project_classified()
    {
        var p = P();
        p.Classify(" ml10 ", "4a005", "ear99");
        Assert.Equal(("ML10", "4A005", "EAR99"), (p.MunitionsListEntry, p.DualUseEntry, p.Eccn));
        p.Classify(null, "3A001.b.2", "5a002.a.1");
        Assert.Equal(("3A001.B.2", "5A002.A.1"), (p.DualUseEntry, p.Eccn));
        Assert.True(p.IsClassified);
    }

    [Fact]
    public void An_unclassified_project_names_no_nation_to_release_to_and_cannot_lose_its_classification_while_it_does()
    {
        var p = P();
        Refused.With("releasableTo", () => p.SetReleasableTo(["JPN"], []));
        p.Classify("ML10", null, null);
        p.SetReleasableTo(["jpn", "USA", "JPN"], []);
        Assert.Equal(["JPN", "USA"], p.ReleasableNations);
        Refused.With("releasableTo", () => p.Classify(null, null, null));
        Assert.Equal("ML10", p.MunitionsListEntry);
    }

    [Fact]
    public void The_project_list_keeps_every_nation_its_records_are_released_to_and_a_record_stays_within_the_project()
    {
        var p = P();
        p.Classify("ML10", null, null);
        p.SetReleasableTo(["USA", "JPN"], []);
        var r = new TechnicalDataRecord(Guid.NewGuid(), p.Id, "ICD", DataMarking.Restricted, null);
        Refused.With("releasableTo", () => r.SetReleasableTo(["USA", "DEU"], p));
        Assert.Null(r.ReleasableTo);
        r.SetReleasableTo(["JPN"], p);
        var ex = Refused.With("releasableTo", () => p.SetReleasableTo(["USA"], r.ReleasableNations));
        Assert.Contains("JPN", ex.Message);
        Assert.Equal(["JPN", "USA"], p.ReleasableNations);
    }

    [Fact]
    public void A_project_needs_exactly_one_lead_and_no_company_twice()
    {
        var p = P();
        Refused.With("participants", () => p.SetParticipants([]));
        Refused.With("leadCompany", () => p.SetParticipants([new ProjectParticipant(Usa, "USA", false)]));
        Refused.With("leadCompany", () => p.SetParticipants([new ProjectParticipant(Usa, "USA", true), new ProjectParticipant(Jpn, "JPN", true)]));
        Refused.With("participants", () => p.SetParticipants([new ProjectParticipant(Usa, "USA", true), new ProjectParticipant(Usa, "USA", false)]));
        Assert.Equal(Usa, p.LeadCompanyId);
    }

    [Fact]
    public void Milestones_are_numbered_and_completed_once()
    {
        var p = P();
        Refused.With("milestones[1].due", () => p.SetMilestones([("CDR", new DateOnly(2026, 1, 1), null), ("Trials", null, null)]));
        Refused.With("milestones[0].title", () => p.SetMilestones([("", new DateOnly(2026, 1, 1), null)]));
        p.SetMilestones([("CDR", new DateOnly(2026, 1, 1), null), ("Trials", new DateOnly(2026, 6, 1), null)]);
        p.CompleteMilestone(2, new DateOnly(2026, 6, 3));
        Assert.Equal(new DateOnly(2026, 6, 3), p.Milestones[1].Done);
        Refused.With("done", () => p.CompleteMilestone(2, new DateOnly(2026, 6, 3)));
        Refused.With("milestone", () => p.CompleteMilestone(3, new DateOnly(2026, 6, 3)));
    }
}

/// <summary>The release rule (the deemed-export check) on its own.</summary>
public class TechnologyReleaseTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Usa = Guid.NewGuid(), Nld = Guid.NewGuid(), Jpn = Guid.NewGuid();

    private static TechnologyProject Quantum(bool classified = true, params string[] releasableTo)
    {
        var p = new TechnologyProject(Guid.NewGuid(), "q-nav", "Quantum navigation", TechnologyDomain.Quantum, null, 4, null, Now, "c", null);
        p.SetParticipants([new ProjectParticipant(Nld, "NLD", true), new ProjectParticipant(Usa, "USA", false)]);
        if (classified) p.Classify(null, "7A003", null);
        p.SetReleasableTo(releasableTo, []);
        return p;
    }

    private static TechnicalDataRecord Record(TechnologyProject p, params string[] to)
    {
        var r = new TechnicalDataRecord(Guid.NewGuid(), p.Id, "Test results", DataMarking.Confidential, null);
        r.SetReleasableTo(to, p);
        return r;
    }

    private static readonly TechnologyViewer JpnPoc = new(Role.NationalPointOfContact, "JPN");

    [Fact]
    public void A_partner_sees_only_the_existence_of_a_classified_project_not_released_to_it_and_none_of_its_data()
    {
        var p = Quantum(true, "NLD", "USA");
        var r = Record(p, "NLD", "USA");
        Assert.Equal(ProjectVisibility.Listed, TechnologyRelease.VisibilityOf(p, JpnPoc));
        Assert.False(TechnologyRelease.MayRead(p, r, JpnPoc));
    }

    [Fact]
    public void An_unclassified_project_shares_nothing_with_a_partner()
        => Assert.Equal(ProjectVisibility.Hidden, TechnologyRelease.VisibilityOf(Quantum(false), JpnPoc));

    [Fact]
    public void Technical_data_needs_the_nation_on_the_project_list_and_on_the_record_list()
    {
        var p = Quantum(true, "NLD", "USA", "JPN");
        var toJpn = Record(p, "JPN", "USA");
        var notJpn = Record(p, "USA");
        Assert.Equal(ProjectVisibility.Full, TechnologyRelease.VisibilityOf(p, JpnPoc));
        Assert.True(TechnologyRelease.MayRead(p, toJpn, JpnPoc));
        Assert.False(TechnologyRelease.MayRead(p, notJpn, JpnPoc));
        // A participating nation sees its project, but technical data only as released.
        var nldOnlyProject = Quantum(true, "USA");
        var nld = new TechnologyViewer(Role.NationalPointOfContact, "NLD");
        Assert.Equal(ProjectVisibility.Full, TechnologyRelease.VisibilityOf(nldOnlyProject, nld));
        Assert.False(TechnologyRelease.MayRead(nldOnlyProject, Record(nldOnlyProject, "USA"), nld));
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Auditor)]
    public void The_cell_sees_every_project_and_all_technical_data(Role role)
    {
        var p = Quantum(false);
        var cell = new TechnologyViewer(role, null);
        Assert.Equal(ProjectVisibility.Full, TechnologyRelease.VisibilityOf(p, cell));
        Assert.True(TechnologyRelease.MayRead(p, Record(p), cell));
    }

    [Fact]
    public void An_industry_representative_sees_only_projects_of_their_company_and_data_only_once_it_is_approved()
    {
        var p = Quantum(true, "NLD", "USA");
        var r = Record(p, "USA");
        var usaRep = new TechnologyViewer(Role.IndustryRepresentative, "USA", Usa, CompanyApproved: true);
        Assert.Equal(ProjectVisibility.Full, TechnologyRelease.VisibilityOf(p, usaRep));
        Assert.True(TechnologyRelease.MayRead(p, r, usaRep));
        Assert.False(TechnologyRelease.MayRead(p, r, usaRep with { CompanyApproved = false }));
        var other = new TechnologyViewer(Role.IndustryRepresentative, "USA", Guid.NewGuid(), true);
        Assert.Equal(ProjectVisibility.Hidden, TechnologyRelease.VisibilityOf(p, other));
        Assert.False(TechnologyRelease.MayRead(p, r, other));
    }

    [Fact]
    public void A_record_of_another_project_is_never_readable_through_this_one()
    {
        var p = Quantum(true, "JPN");
        var q = Quantum(true, "JPN");
        Assert.False(TechnologyRelease.MayRead(p, Record(q, "JPN"), JpnPoc));
    }
}
