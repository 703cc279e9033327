using Quartermaster.Domain.Common;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Domain.Tests;

public class OfferTests
{
    private static readonly Quartermaster.Domain.Nations.PolicyDecision NoLicenceNeeded = Quartermaster.Domain.Nations.PolicyDecision.Allow(false);
    private static readonly Quartermaster.Domain.Nations.PolicyDecision LicenceNeeded =
        new Quartermaster.Domain.Nations.NationPolicy { LicenceRequiredCategories = ["ML2"] }.Permits("M777 howitzer", true, "ML2");

    [Fact]
    public void Licence_required_by_the_donors_policy_blocks_shipping_until_granted()
    {
        var o = NewOffer();
        o.Allocate(5);
        Assert.True(LicenceNeeded.LicenceRequired);
        Assert.False(o.IsClearedUnder(LicenceNeeded));
        var e = Assert.Throws<DomainException>(() => o.MarkShipped(LicenceNeeded));
        Assert.Equal("exportLicence", e.Field);
        Assert.Contains("licence.required", e.Message);
        Assert.Contains("ML2", e.Message);
        o.SetClearances(ClearanceStatus.NotRequired, null, ClearanceStatus.Pending);
        Refused.With("transferConsent", () => o.MarkShipped(LicenceNeeded));
        o.SetClearances(ClearanceStatus.NotRequired, null, ClearanceStatus.Granted);
        o.MarkShipped(LicenceNeeded);
        Assert.Equal(OfferStatus.Shipped, o.Status);
    }

    [Fact]
    public void Licence_required_by_the_donors_policy_blocks_delivery_until_granted()
    {
        var o = Allocated();
        o.MarkShipped(NoLicenceNeeded);
        Refused.With("exportLicence", () => o.Deliver(1, LicenceNeeded));
        o.Deliver(1, NoLicenceNeeded);
        Assert.Equal(1, o.QuantityDelivered);
    }

    private static Offer NewOffer(int? announced = 10)
        => new(Guid.NewGuid(), "AUS", AidType.Military, "M777 howitzer", Guid.NewGuid(), announced);

    private static Offer Allocated(int announced = 10, int allocated = 10)
    {
        var o = NewOffer(announced);
        o.Accept();
        o.Allocate(allocated);
        return o;
    }

    [Fact]
    public void New_offer_is_offered_with_nothing_allocated_or_delivered()
    {
        var o = NewOffer();
        Assert.Equal(OfferStatus.Offered, o.Status);
        Assert.Equal(10, o.QuantityAnnounced);
        Assert.Equal(0, o.QuantityAllocated);
        Assert.Equal(0, o.QuantityDelivered);
        Assert.Equal(10, o.QuantityUnallocated);
        Assert.True(o.IsClearedUnder(NoLicenceNeeded));
    }

    [Fact]
    public void Undisclosed_quantity_stays_unknown_not_zero()
    {
        var o = NewOffer(null);
        Assert.Null(o.QuantityAnnounced);
        Assert.Null(o.QuantityUnallocated);
    }

    [Fact]
    public void Negative_announced_quantity_is_refused()
        => Refused.With("quantityAnnounced", () => NewOffer(-1));

    [Fact]
    public void Description_is_required()
        => Refused.With("description", () => new Offer(Guid.NewGuid(), "AUS", AidType.Military, " ", null, 1));

    [Fact]
    public void Offered_pledge_can_be_accepted_once()
    {
        var o = NewOffer();
        o.Accept();
        Assert.Equal(OfferStatus.Accepted, o.Status);
        Refused.With("status", o.Accept);
    }

    [Fact]
    public void Allocation_moves_the_offer_to_allocated_and_counts_units()
    {
        var o = Allocated(10, 4);
        Assert.Equal(OfferStatus.Allocated, o.Status);
        Assert.Equal(4, o.QuantityAllocated);
        Assert.Equal(6, o.QuantityUnallocated);
    }

    [Fact]
    public void Cannot_allocate_more_than_announced()
    {
        var o = Allocated(10, 7);
        var ex = Refused.With("quantity", () => o.Allocate(4));
        Assert.Contains("3", ex.Message);
        Assert.Equal(7, o.QuantityAllocated);
    }

    [Fact]
    public void Allocating_exactly_the_remainder_is_allowed()
    {
        var o = Allocated(10, 7);
        o.Allocate(3);
        Assert.Equal(0, o.QuantityUnallocated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Allocation_must_be_positive(int quantity)
        => Refused.With("quantity", () => NewOffer().Allocate(quantity));

    [Fact]
    public void Undisclosed_quantity_cannot_be_allocated()
    {
        var o = NewOffer(null);
        Refused.With("quantityAnnounced", () => o.Allocate(1));
        Assert.Equal(0, o.QuantityAllocated);
    }

    [Fact]
    public void Withdrawn_offer_cannot_be_allocated()
    {
        var o = NewOffer();
        o.Withdraw();
        Assert.Equal(OfferStatus.Withdrawn, o.Status);
        Refused.With("status", () => o.Allocate(1));
    }

    [Fact]
    public void Withdrawn_offer_cannot_be_re_announced()
    {
        var o = NewOffer();
        o.Withdraw();
        Refused.With("status", () => o.Announce(5));
    }

    [Theory]
    [InlineData(ClearanceStatus.Denied, ClearanceStatus.NotRequired)]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.Denied)]
    public void Denied_offer_cannot_be_allocated(ClearanceStatus consent, ClearanceStatus licence)
    {
        var o = NewOffer();
        o.SetClearances(consent, "USA", licence);
        Assert.True(o.IsDenied);
        Refused.With("status", () => o.Allocate(1));
    }

    [Fact]
    public void Offer_with_consent_pending_may_be_allocated()
    {
        var o = NewOffer();
        o.SetClearances(ClearanceStatus.Pending, "usa", ClearanceStatus.NotRequired);
        o.Allocate(5);
        Assert.Equal(OfferStatus.Allocated, o.Status);
        Assert.Equal("USA", o.ConsentFrom);
    }

    [Fact]
    public void Consent_pending_blocks_shipping()
    {
        var o = NewOffer();
        o.SetClearances(ClearanceStatus.Pending, "USA", ClearanceStatus.NotRequired);
        o.Allocate(5);
        Refused.With("transferConsent", () => o.MarkShipped(NoLicenceNeeded));
        Assert.Equal(OfferStatus.Allocated, o.Status);
    }

    [Fact]
    public void Export_licence_pending_blocks_shipping()
    {
        var o = NewOffer();
        o.SetClearances(ClearanceStatus.NotRequired, null, ClearanceStatus.Pending);
        o.Allocate(5);
        Refused.With("transferConsent", () => o.MarkShipped(NoLicenceNeeded));
    }

    [Fact]
    public void Granted_consent_lets_the_offer_ship()
    {
        var o = NewOffer();
        o.SetClearances(ClearanceStatus.Pending, "USA", ClearanceStatus.Pending);
        o.Allocate(5);
        o.SetClearances(ClearanceStatus.Granted, "USA", ClearanceStatus.Granted);
        o.MarkShipped(NoLicenceNeeded);
        Assert.Equal(OfferStatus.Shipped, o.Status);
    }

    [Fact]
    public void Only_an_allocated_offer_can_ship()
    {
        Refused.With("status", () => NewOffer().MarkShipped(NoLicenceNeeded));
        var accepted = NewOffer();
        accepted.Accept();
        Refused.With("status", () => accepted.MarkShipped(NoLicenceNeeded));
    }

    [Fact]
    public void Transfer_consent_must_name_the_nation_that_gives_it()
        => Refused.With("consentFrom", () => NewOffer().SetClearances(ClearanceStatus.Pending, " ", ClearanceStatus.NotRequired));

    [Fact]
    public void Consent_not_required_forgets_the_consenting_nation()
    {
        var o = NewOffer();
        o.SetClearances(ClearanceStatus.NotRequired, "USA", ClearanceStatus.NotRequired);
        Assert.Null(o.ConsentFrom);
    }

    [Fact]
    public void Clearances_cannot_change_after_shipping()
    {
        var o = Allocated();
        o.MarkShipped(NoLicenceNeeded);
        Refused.With("transferConsent", () => o.SetClearances(ClearanceStatus.Denied, "USA", ClearanceStatus.NotRequired));
    }

    [Fact]
    public void Cannot_deliver_before_allocated()
    {
        Refused.With("status", () => NewOffer().Deliver(1, NoLicenceNeeded));
        var accepted = NewOffer();
        accepted.Accept();
        Refused.With("status", () => accepted.Deliver(1, NoLicenceNeeded));
    }

    [Fact]
    public void Cannot_deliver_more_than_allocated()
    {
        var o = Allocated(10, 4);
        o.MarkShipped(NoLicenceNeeded);
        Refused.With("quantity", () => o.Deliver(5, NoLicenceNeeded));
        Assert.Equal(0, o.QuantityDelivered);
    }

    [Fact]
    public void Delivering_part_keeps_the_offer_shipped()
    {
        var o = Allocated(10, 10);
        o.MarkShipped(NoLicenceNeeded);
        o.Deliver(6, NoLicenceNeeded);
        Assert.Equal(OfferStatus.Shipped, o.Status);
        Assert.Equal(6, o.QuantityDelivered);
    }

    [Fact]
    public void Delivering_everything_announced_makes_the_offer_delivered()
    {
        var o = Allocated(10, 10);
        o.MarkShipped(NoLicenceNeeded);
        o.Deliver(6, NoLicenceNeeded);
        o.Deliver(4, NoLicenceNeeded);
        Assert.Equal(OfferStatus.Delivered, o.Status);
        Assert.Equal(10, o.QuantityDelivered);
    }

    [Fact]
    public void Offer_with_consent_pending_cannot_be_delivered()
    {
        // hard case 4: consent pending, "may be matched but must not ship"; delivering skips shipping altogether
        var o = NewOffer();
        o.SetClearances(ClearanceStatus.Pending, "USA", ClearanceStatus.NotRequired);
        o.Allocate(5);
        Assert.Throws<DomainException>(() => o.Deliver(5, NoLicenceNeeded));
        Assert.Equal(0, o.QuantityDelivered);
    }

    [Fact]
    public void Releasing_an_allocation_gives_units_back()
    {
        var o = Allocated(10, 6);
        o.ReleaseAllocation(2);
        Assert.Equal(4, o.QuantityAllocated);
        Assert.Equal(OfferStatus.Allocated, o.Status);
    }

    [Fact]
    public void Releasing_the_whole_allocation_returns_the_offer_to_accepted()
    {
        var o = Allocated(10, 6);
        o.ReleaseAllocation(6);
        Assert.Equal(0, o.QuantityAllocated);
        Assert.Equal(OfferStatus.Accepted, o.Status);
    }

    [Fact]
    public void Cannot_release_more_than_is_allocated_and_undelivered()
    {
        var o = Allocated(10, 6);
        o.MarkShipped(NoLicenceNeeded);
        o.Deliver(4, NoLicenceNeeded);
        var ex = Refused.With("quantity", () => o.ReleaseAllocation(3));
        Assert.Contains("2", ex.Message);
        Assert.Equal(6, o.QuantityAllocated);
    }

    [Fact]
    public void Release_must_be_positive()
        => Refused.With("quantity", () => Allocated().ReleaseAllocation(0));

    [Fact]
    public void Denial_after_allocation_releases_the_match_then_the_offer_can_be_withdrawn()
    {
        var o = NewOffer();
        o.SetClearances(ClearanceStatus.Pending, "USA", ClearanceStatus.NotRequired);
        o.Allocate(5);
        o.SetClearances(ClearanceStatus.Denied, "USA", ClearanceStatus.NotRequired);
        Refused.With("transferConsent", () => o.MarkShipped(NoLicenceNeeded));
        o.ReleaseAllocation(5);
        o.Withdraw();
        Assert.Equal(OfferStatus.Withdrawn, o.Status);
    }

    [Fact]
    public void Withdraw_with_allocations_is_refused()
    {
        var o = Allocated(10, 3);
        var ex = Refused.With("status", o.Withdraw);
        Assert.Contains("3", ex.Message);
        Assert.Equal(OfferStatus.Allocated, o.Status);
    }

    [Fact]
    public void Shipped_or_delivered_offer_cannot_be_withdrawn()
    {
        var shipped = Allocated();
        shipped.MarkShipped(NoLicenceNeeded);
        Refused.With("status", shipped.Withdraw);

        var delivered = Allocated(2, 2);
        delivered.MarkShipped(NoLicenceNeeded);
        delivered.Deliver(2, NoLicenceNeeded);
        Refused.With("status", delivered.Withdraw);
    }

    [Fact]
    public void Announcing_below_the_allocated_quantity_is_refused()
    {
        var o = Allocated(10, 6);
        Refused.With("quantityAnnounced", () => o.Announce(5));
        Assert.Equal(10, o.QuantityAnnounced);
    }

    [Fact]
    public void Re_specified_package_can_raise_the_announced_quantity()
    {
        var o = Allocated(10, 6);
        o.Announce(12);
        Assert.Equal(6, o.QuantityUnallocated);
    }

    [Fact]
    public void Reported_delivery_is_kept_apart_from_shipped_deliveries()
    {
        var o = NewOffer();
        o.SetTerms(Condition.New, null, null, Money.Of(1_000m, "EUR"), null);
        o.RecordReportedDelivery(7, 700m);
        Assert.Equal(7, o.QuantityReportedDelivered);
        Assert.Equal(700m, o.ReportedDeliveredValue);
        Assert.Equal(0, o.QuantityDelivered);
        Assert.Equal(OfferStatus.Offered, o.Status);
        o.RecordReportedDelivery(null, null);
        Assert.Null(o.QuantityReportedDelivered);
        Assert.Null(o.ReportedDeliveredValue);
    }

    [Fact]
    public void Negative_reported_delivery_is_refused()
    {
        var o = NewOffer();
        o.SetTerms(Condition.New, null, null, Money.Of(1_000m, "EUR"), null);
        Refused.With("quantityReportedDelivered", () => o.RecordReportedDelivery(-1, null));
        Refused.With("reportedDeliveredValue", () => o.RecordReportedDelivery(1, -1m));
    }

    [Fact]
    public void Reported_delivered_value_needs_the_lines_currency()
        => Refused.With("reportedDeliveredValue", () => NewOffer().RecordReportedDelivery(1, 100m));

    [Fact]
    public void Terms_keep_declared_value_and_announcement_date()
    {
        var o = NewOffer();
        o.SetTerms(Condition.Refurbished, new DateOnly(2022, 8, 1), " Darwin ", Money.Of(35_000_000m, "aud"), FuzzyDate.Parse("until 7/27/2022"));
        Assert.Equal(Condition.Refurbished, o.Condition);
        Assert.Equal("Darwin", o.OriginDepot);
        Assert.Equal(35_000_000m, o.DeclaredValue);
        Assert.Equal("AUD", o.DeclaredCurrency);
        Assert.Equal(Money.Of(35_000_000m, "AUD"), o.Value);
        Assert.Equal("until 7/27/2022", o.AnnouncedRaw);
        Assert.Equal(new DateOnly(2022, 7, 27), o.AnnouncedOn);
    }

    [Fact]
    public void Terms_without_value_clear_it()
    {
        var o = NewOffer();
        o.SetTerms(Condition.New, null, null, Money.Of(1m, "EUR"), null);
        o.SetTerms(Condition.New, null, null, null, null);
        Assert.Null(o.DeclaredValue);
        Assert.Null(o.DeclaredCurrency);
        Assert.Null(o.Value);
        Assert.Null(o.AnnouncedRaw);
    }

    [Fact]
    public void Negative_declared_value_is_refused()
        => Refused.With("declaredValue", () => NewOffer().SetTerms(Condition.New, null, null, Money.Of(-1m, "EUR"), null));

    [Fact]
    public void Refused_terms_leave_the_offer_unchanged()
    {
        var o = NewOffer();
        o.SetTerms(Condition.New, new DateOnly(2022, 8, 1), "Darwin", Money.Of(1m, "EUR"), null);
        Assert.Throws<DomainException>(() => o.SetTerms(Condition.Used, new DateOnly(2023, 1, 1), "Perth", Money.Of(-1m, "EUR"), null));
        Assert.Equal(Condition.New, o.Condition);
        Assert.Equal(new DateOnly(2022, 8, 1), o.EarliestAvailable);
        Assert.Equal("Darwin", o.OriginDepot);
    }

    [Fact]
    public void Source_key_is_optional_and_trimmed()
    {
        var o = NewOffer();
        o.SetSource(" kiel-r7:AUM6#1 ");
        Assert.Equal("kiel-r7:AUM6#1", o.SourceKey);
    }
}

public class ClearanceTests
{
    [Theory]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.NotRequired, true)]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.NotRequired, true)]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.Granted, true)]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.Granted, true)]
    [InlineData(ClearanceStatus.Pending, ClearanceStatus.Granted, false)]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.Pending, false)]
    [InlineData(ClearanceStatus.Denied, ClearanceStatus.Granted, false)]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.Denied, false)]
    public void Cleared_only_when_consent_and_licence_are_not_required_or_granted(ClearanceStatus consent, ClearanceStatus licence, bool cleared)
        => Assert.Equal(cleared, Clearance.IsCleared(consent, licence, licenceRequired: false));

    [Theory]
    [InlineData(ClearanceStatus.Denied, ClearanceStatus.Granted, true)]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.Denied, true)]
    [InlineData(ClearanceStatus.Pending, ClearanceStatus.Pending, false)]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.NotRequired, false)]
    public void Denied_when_either_is_denied(ClearanceStatus consent, ClearanceStatus licence, bool denied)
        => Assert.Equal(denied, Clearance.IsDenied(consent, licence));

    [Theory]
    [InlineData(ClearanceStatus.Pending, ClearanceStatus.NotRequired, true)]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.Pending, true)]
    [InlineData(ClearanceStatus.Pending, ClearanceStatus.Denied, false)]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.Granted, false)]
    public void Pending_when_neither_cleared_nor_denied(ClearanceStatus consent, ClearanceStatus licence, bool pending)
        => Assert.Equal(pending, Clearance.IsPending(consent, licence, licenceRequired: false));

    [Fact]
    public void Every_combination_is_exactly_one_of_cleared_pending_or_denied()
    {
        foreach (var required in new[] { false, true })
        foreach (var c in Enum.GetValues<ClearanceStatus>())
        foreach (var l in Enum.GetValues<ClearanceStatus>())
        {
            var states = new[] { Clearance.IsCleared(c, l, required), Clearance.IsPending(c, l, required), Clearance.IsDenied(c, l) };
            Assert.Equal(1, states.Count(s => s));
        }
    }

    [Theory]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.NotRequired, "licence.required")]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.NotRequired, "licence.required")]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.Pending, "licence.pending")]
    [InlineData(ClearanceStatus.Pending, ClearanceStatus.NotRequired, "consent.pending")]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.Granted, null)]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.Denied, null)]
    public void A_licence_the_policy_requires_counts_only_when_granted(ClearanceStatus consent, ClearanceStatus licence, string? code)
    {
        Assert.Equal(code, Clearance.PendingCode(consent, licence, licenceRequired: true));
        Assert.Equal(licence == ClearanceStatus.Granted && consent != ClearanceStatus.Pending, Clearance.IsCleared(consent, licence, licenceRequired: true));
    }
}

public class AidPackageTests
{
    [Fact]
    public void Package_keeps_raw_announcement_and_estimate()
    {
        var p = new AidPackage(Guid.NewGuid(), " AUM6 ", "AUS", AidType.Military);
        p.Describe(FuzzyDate.Parse("unclear, 04/22"), null, " https://example.org ");
        Assert.Equal("AUM6", p.Reference);
        Assert.Equal("unclear, 04/22", p.AnnouncedRaw);
        Assert.Equal(new DateOnly(2022, 4, 30), p.AnnouncedOn);
        Assert.False(p.AnnouncedDateExact);
        Assert.Equal("https://example.org", p.SourceUrl);
    }

    [Fact]
    public void Package_reference_is_required()
        => Refused.With("package", () => new AidPackage(Guid.NewGuid(), "", "AUS", AidType.Military));

    [Fact]
    public void Package_value_keeps_declared_and_euro_values_apart()
    {
        var p = new AidPackage(Guid.NewGuid(), "AUM6", "AUS", AidType.Military);
        p.Value(Money.Of(35_000_000m, "AUD"), 23_456_872.86m, 23_400_000m, null);
        Assert.Equal(35_000_000m, p.DeclaredValue);
        Assert.Equal("AUD", p.DeclaredCurrency);
        Assert.Equal(23_456_872.86m, p.ValueEur);
        Assert.Equal(23_400_000m, p.SourceValueEur);
        Refused.With("declaredValue", () => p.Value(Money.Of(-1m, "AUD"), null, null, null));
    }

    [Fact]
    public void A_shipped_pledge_keeps_its_clearances_but_setting_the_same_ones_again_is_no_change()
    {
        var o = new Offer(Guid.NewGuid(), "USA", AidType.Military, "Javelin", Guid.NewGuid(), 10);
        o.SetClearances(ClearanceStatus.Granted, "usa", ClearanceStatus.NotRequired);
        o.Accept();
        o.Allocate(10);
        o.MarkShipped(Quartermaster.Domain.Nations.PolicyDecision.Allow(false));
        o.SetClearances(ClearanceStatus.Granted, "USA", ClearanceStatus.NotRequired); // a re-import of the same line
        Refused.With("transferConsent", () => o.SetClearances(ClearanceStatus.Denied, "USA", ClearanceStatus.NotRequired));
        Assert.Equal(ClearanceStatus.Granted, o.TransferConsent);
    }
}
