using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;

namespace Quartermaster.Domain.Tests;

public sealed class AccessTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(Role.Coordinator, null, true)]
    [InlineData(Role.Auditor, null, true)]
    [InlineData(Role.NationalPointOfContact, "JPN", true)]
    [InlineData(Role.NationalPointOfContact, "USA", false)]
    [InlineData(Role.RecipientOfficer, "UKR", false)]
    [InlineData(Role.IndustryRepresentative, null, false)]
    public void Only_the_donor_the_cell_and_auditors_see_a_record_released_to_coordinators(Role role, string? nation, bool sees)
        => Assert.Equal(sees, new Viewer(role, nation).Sees("JPN", Releasability.Coordinators, null));

    [Fact]
    public void A_record_released_to_listed_nations_is_seen_by_those_nations_only()
    {
        var (releasability, list) = ReleaseList.Terms(Releasability.ListedNations, ["usa", "DEU"]);
        Assert.Equal("|DEU|USA|", list);
        Assert.True(new Viewer(Role.NationalPointOfContact, "USA").Sees("JPN", releasability, list));
        Assert.False(new Viewer(Role.NationalPointOfContact, "FRA").Sees("JPN", releasability, list));
        Assert.False(new Viewer(Role.NationalPointOfContact, "US").Sees("JPN", releasability, "|USA|"));
    }

    [Fact]
    public void Everyone_sees_a_record_released_to_all_participants()
        => Assert.True(new Viewer(Role.IndustryRepresentative, null).Sees("JPN", Releasability.AllParticipants, null));

    [Fact]
    public void Releasing_to_listed_nations_needs_at_least_one_nation()
        => Assert.Equal("releasedTo", Assert.Throws<DomainException>(() => ReleaseList.Terms(Releasability.ListedNations, [])).Field);

    [Fact]
    public void Seeing_a_released_record_never_allows_changing_it()
    {
        var usa = new Viewer(Role.NationalPointOfContact, "USA");
        Assert.True(usa.Sees("JPN", Releasability.AllParticipants, null));
        Assert.False(usa.MayChangeFor("JPN"));
        Assert.True(usa.MayChangeFor("USA"));
        Assert.False(new Viewer(Role.Auditor, null).MayChangeFor("JPN"));
        Assert.True(new Viewer(Role.Coordinator, null).MayChangeFor("JPN"));
    }

    [Fact]
    public void A_point_of_contact_is_bound_to_a_nation_and_a_coordinator_to_none()
    {
        Assert.Equal("nation", Assert.Throws<DomainException>(() => new Account(Guid.NewGuid(), "poc", "PoC", Role.NationalPointOfContact, null, null, Now)).Field);
        Assert.Equal("nation", Assert.Throws<DomainException>(() => new Account(Guid.NewGuid(), "co", "Co", Role.Coordinator, "DEU", null, Now)).Field);
        Assert.Equal("company", Assert.Throws<DomainException>(() => new Account(Guid.NewGuid(), "ind", "Ind", Role.IndustryRepresentative, null, null, Now)).Field);
        Assert.Equal("userName", Assert.Throws<DomainException>(() => new Account(Guid.NewGuid(), "a b", "x", Role.Auditor, null, null, Now)).Field);
    }

    [Fact]
    public void The_fifth_failed_sign_in_locks_the_account_for_fifteen_minutes_and_a_success_clears_the_count()
    {
        var a = new Account(Guid.NewGuid(), "poc-jpn", "PoC", Role.NationalPointOfContact, "JPN", null, Now);
        for (var i = 0; i < 4; i++) a.RecordFailedSignIn(Now);
        Assert.False(a.IsLockedOut(Now));
        a.RecordSignIn();
        for (var i = 0; i < 4; i++) a.RecordFailedSignIn(Now);
        Assert.False(a.IsLockedOut(Now));
        a.RecordFailedSignIn(Now);
        Assert.True(a.IsLockedOut(Now.AddMinutes(14)));
        Assert.False(a.IsLockedOut(Now.AddMinutes(15)));
    }

    [Fact]
    public void A_token_is_valid_until_it_expires_or_is_revoked_and_cannot_be_revoked_twice()
    {
        var t = new ApiToken(Guid.NewGuid(), Guid.NewGuid(), "cli", "qm_abcdefg", "hash", TokenScope.Read, Now, Now.AddDays(1));
        Assert.True(t.IsValid(Now.AddHours(23)));
        Assert.False(t.IsValid(Now.AddDays(1)));
        t.Revoke(Now.AddMinutes(1));
        Assert.False(t.IsValid(Now.AddMinutes(2)));
        Assert.Throws<DomainException>(() => t.Revoke(Now.AddMinutes(3)));
    }

    [Fact]
    public void A_token_lives_at_most_a_year_and_must_expire_after_creation()
    {
        Assert.Equal("expires", Assert.Throws<DomainException>(() => new ApiToken(Guid.NewGuid(), Guid.NewGuid(), "x", "p", "h", TokenScope.Read, Now, Now)).Field);
        Assert.Equal("expires", Assert.Throws<DomainException>(() => new ApiToken(Guid.NewGuid(), Guid.NewGuid(), "x", "p", "h", TokenScope.Read, Now, Now.AddDays(400))).Field);
    }
}
