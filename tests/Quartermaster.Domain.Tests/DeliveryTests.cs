using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Domain.Tests;

internal static class Ship
{
    public static readonly DateTime Monday = new(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

    public static List<Leg> Route(DateTime? start = null)
    {
        var d = start ?? Monday;
        return
        [
            new Leg(1, "Grafenwöhr depot", "RZE", TransportMode.Road, "USA", CustodianKind.Donor, d, d.AddDays(3)),
            new Leg(2, "RZE", "Lviv", TransportMode.Road, "Rzeszów hub", CustodianKind.Hub, d.AddDays(4), d.AddDays(5)),
        ];
    }

    public static Shipment New(string? hub = "RZE") => new(Guid.NewGuid(), "SHP-USA-0001", "USA", hub, "Lviv",
        hub is null ? [new Leg(1, "depot", "Lviv", TransportMode.Rail, "DB Cargo", CustodianKind.Carrier, Monday, Monday.AddDays(2))] : Route(),
        "tester", Monday.AddDays(-7));

    public static ShipmentLine Line(Tracking tracking = Tracking.Serial, int quantity = 3, int number = 1)
        => new(Guid.NewGuid(), Guid.NewGuid(), number, "USA", Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), tracking, quantity, 22.3m);

    public static LineReadiness Ready(int serials = 3, ClearanceStatus consent = ClearanceStatus.NotRequired, ClearanceStatus licence = ClearanceStatus.NotRequired,
        Tracking tracking = Tracking.Serial, int lots = 0)
        => new(1, "Javelin", tracking, 3, serials, lots, consent, consent == ClearanceStatus.NotRequired ? null : "USA", licence);

    public static DispatchReadiness Readiness(params LineReadiness[] lines) => new(lines.Length == 0 ? [Ready()] : lines, null);

    public static DateTime Now => Monday.AddDays(30);
}

public class ShipmentStateTests
{
    [Fact]
    public void A_new_shipment_is_planned_with_dates_from_its_route_and_the_week_it_passes_the_hub()
    {
        var s = Ship.New();
        Assert.Equal(ShipmentState.Planned, s.State);
        Assert.Equal(Ship.Monday, s.PlannedDeparture);
        Assert.Equal(Ship.Monday.AddDays(5), s.PlannedArrival);
        Assert.Equal(s.PlannedArrival, s.ExpectedArrival);
        Assert.Equal(new DateOnly(2026, 3, 2), s.HubWeek);
    }

    [Fact]
    public void The_route_must_pass_the_hub_and_end_at_the_destination()
    {
        Refused.With("legs", () => new Shipment(Guid.NewGuid(), "S", "USA", "CNS", "Lviv", Ship.Route(), "t", Ship.Monday));
        Refused.With("legs", () => new Shipment(Guid.NewGuid(), "S", "USA", "RZE", "Kyiv", Ship.Route(), "t", Ship.Monday));
    }

    [Fact]
    public void Legs_are_contiguous_and_never_arrive_before_they_leave()
    {
        var legs = Ship.Route();
        legs[1] = legs[1] with { From = "Warsaw" };
        Refused.With("legs[1].from", () => new Shipment(Guid.NewGuid(), "S", "USA", "RZE", "Lviv", legs, "t", Ship.Monday));
        legs = Ship.Route();
        legs[0] = legs[0] with { PlannedArrival = legs[0].PlannedDeparture.AddHours(-1) };
        Refused.With("legs[0].plannedArrival", () => new Shipment(Guid.NewGuid(), "S", "USA", "RZE", "Lviv", legs, "t", Ship.Monday));
    }

    [Fact]
    public void Planned_dispatched_at_hub_handed_over_received_in_order()
    {
        var s = Ship.New();
        s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness());
        Assert.Equal(ShipmentState.Dispatched, s.State);
        Assert.Equal(Ship.Monday, s.Legs[0].ActualDeparture);
        Refused.With("state", () => s.HandOver(Ship.Monday.AddDays(1), Ship.Now));
        s.ArriveAtHub(Ship.Monday.AddDays(3), Ship.Now);
        Assert.Equal(ShipmentState.AtHub, s.State);
        s.HandOver(Ship.Monday.AddDays(5), Ship.Now);
        Assert.Equal(ShipmentState.HandedOver, s.State);
        s.EnsureReceivable();
        s.MarkReceived(Ship.Now);
        Assert.Equal(ShipmentState.Received, s.State);
        Refused.With("shipmentId", s.EnsureReceivable);
    }

    [Fact]
    public void A_shipment_without_a_hub_is_handed_over_straight_from_dispatch()
    {
        var s = Ship.New(hub: null);
        s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness());
        Refused.With("state", () => s.ArriveAtHub(Ship.Monday.AddDays(1), Ship.Now));
        s.HandOver(Ship.Monday.AddDays(2), Ship.Now);
        Assert.Equal(ShipmentState.HandedOver, s.State);
    }

    [Fact]
    public void A_shipment_not_yet_handed_over_cannot_be_received()
    {
        var s = Ship.New();
        Refused.With("shipmentId", s.EnsureReceivable);
        s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness());
        Refused.With("shipmentId", s.EnsureReceivable);
    }

    [Fact]
    public void Only_a_planned_shipment_can_be_cancelled_and_it_needs_a_reason()
    {
        var s = Ship.New();
        Refused.With("reason", () => s.Cancel(" ", Ship.Now));
        s.Cancel("donor withdrew", Ship.Now);
        Assert.Equal(ShipmentState.Cancelled, s.State);
        var t = Ship.New();
        t.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness());
        Refused.With("state", () => t.Cancel("too late", Ship.Now));
    }

    [Fact]
    public void Events_dated_in_the_future_are_refused()
    {
        var s = Ship.New();
        Refused.With("dispatchedAt", () => s.Dispatch(Ship.Now.AddDays(1), Ship.Now, Ship.Readiness()));
        s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness());
        Refused.With("arrivedAt", () => s.ArriveAtHub(Ship.Now.AddHours(2), Ship.Now));
        Refused.With("arrivedAt", () => s.ArriveAtHub(Ship.Monday.AddHours(-1), Ship.Now));
    }

    [Fact]
    public void A_late_leg_moves_the_expected_arrival_honestly()
    {
        var s = Ship.New();
        s.Dispatch(Ship.Monday.AddDays(2), Ship.Now, Ship.Readiness());
        // Two days late out of the depot: three days to the hub, then the hub leg planned for day 4 can only leave on day 5.
        Assert.Equal(Ship.Monday.AddDays(6), s.ExpectedArrival);
        s.ArriveAtHub(Ship.Monday.AddDays(7), Ship.Now);
        Assert.Equal(Ship.Monday.AddDays(8), s.ExpectedArrival);
        s.RecordLeg(2, Ship.Monday.AddDays(9), null, Ship.Now);
        Assert.Equal(Ship.Monday.AddDays(10), s.ExpectedArrival);
    }
}

public class DispatchRuleTests
{
    [Theory]
    [InlineData(ClearanceStatus.Pending, ClearanceStatus.NotRequired, "transferConsent")]
    [InlineData(ClearanceStatus.Denied, ClearanceStatus.NotRequired, "transferConsent")]
    [InlineData(ClearanceStatus.Granted, ClearanceStatus.Pending, "exportLicence")]
    [InlineData(ClearanceStatus.NotRequired, ClearanceStatus.Denied, "exportLicence")]
    public void Dispatch_is_refused_while_consent_or_licence_is_pending_or_denied(ClearanceStatus consent, ClearanceStatus licence, string field)
    {
        var s = Ship.New();
        var ex = Refused.With(field, () => s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness(Ship.Ready(consent: consent, licence: licence))));
        Assert.Contains("Javelin", ex.Message);
        Assert.Equal(ShipmentState.Planned, s.State);
    }

    [Fact]
    public void Dispatch_without_an_export_licence_the_donors_policy_requires_is_refused()
    {
        Refused.With("exportLicence", () => Ship.New().Dispatch(Ship.Monday, Ship.Now, Ship.Readiness(Ship.Ready() with { LicenceRequired = true })));
        var s = Ship.New();
        s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness(Ship.Ready(licence: ClearanceStatus.Granted) with { LicenceRequired = true }));
        Assert.Equal(ShipmentState.Dispatched, s.State);
    }

    [Fact]
    public void Dispatch_with_granted_clearances_goes_ahead()
    {
        var s = Ship.New();
        s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness(Ship.Ready(consent: ClearanceStatus.Granted, licence: ClearanceStatus.Granted)));
        Assert.Equal(ShipmentState.Dispatched, s.State);
    }

    [Fact]
    public void Dispatch_without_every_serial_is_refused_naming_the_line_and_the_count()
    {
        var ex = Refused.With("serials", () => Ship.New().Dispatch(Ship.Monday, Ship.Now, Ship.Readiness(Ship.Ready(serials: 2))));
        Assert.Contains("line 1", ex.Message);
        Assert.Contains("2 of 3", ex.Message);
    }

    [Fact]
    public void Dispatch_of_a_lot_tracked_line_needs_lots_summing_to_the_line()
    {
        Refused.With("lots", () => Ship.New().Dispatch(Ship.Monday, Ship.Now, Ship.Readiness(Ship.Ready(tracking: Tracking.Lot, lots: 2))));
        var s = Ship.New();
        s.Dispatch(Ship.Monday, Ship.Now, Ship.Readiness(Ship.Ready(tracking: Tracking.Lot, lots: 3)));
        Assert.Equal(ShipmentState.Dispatched, s.State);
    }

    [Fact]
    public void Hub_over_weekly_capacity_is_refused_with_the_week_and_the_load()
    {
        var load = new HubLoad("RZE", new DateOnly(2026, 3, 2), 100m, 90m, 20m);
        var ex = Refused.With("hub", () => Ship.New().Dispatch(Ship.Monday, Ship.Now, new DispatchReadiness([Ship.Ready()], load)));
        Assert.Contains("2026-03-02", ex.Message);
        Assert.Contains("90 t", ex.Message);
        Assert.Contains("100 t", ex.Message);
    }

    [Fact]
    public void Hub_over_capacity_needs_a_coordinator_with_a_reason_to_override()
    {
        var load = new HubLoad("RZE", new DateOnly(2026, 3, 2), 100m, 90m, 20m);
        Refused.With("hub", () => Ship.New().Dispatch(Ship.Monday, Ship.Now, new DispatchReadiness([Ship.Ready()], load, "urgent", OverrideByCoordinator: false)));
        Refused.With("hub", () => Ship.New().Dispatch(Ship.Monday, Ship.Now, new DispatchReadiness([Ship.Ready()], load, " ", OverrideByCoordinator: true)));
        var s = Ship.New();
        s.Dispatch(Ship.Monday, Ship.Now, new DispatchReadiness([Ship.Ready()], load, "air defence before the winter", OverrideByCoordinator: true));
        Assert.Equal("air defence before the winter", s.CapacityOverride);
    }

    [Fact]
    public void Hub_within_capacity_needs_no_override()
    {
        var s = Ship.New();
        s.Dispatch(Ship.Monday, Ship.Now, new DispatchReadiness([Ship.Ready()], new HubLoad("RZE", new DateOnly(2026, 3, 2), 100m, 50m, 50m)));
        Assert.Null(s.CapacityOverride);
    }
}

public class IdentificationTests
{
    [Fact]
    public void Serial_count_must_equal_the_line_quantity()
    {
        var line = Ship.Line(quantity: 3);
        Refused.With("serials", () => Identification.CheckSerials(line, ["A1", "A2"], i => $"s[{i}]"));
        Assert.Equal(3, Identification.CheckSerials(line, ["A1", "A2", "A3"], i => $"s[{i}]").Count);
    }

    [Fact]
    public void A_serial_listed_twice_is_refused_naming_it()
    {
        var ex = Refused.With("s[2]", () => Identification.CheckSerials(Ship.Line(quantity: 3), ["A1", "A2", "A1"], i => $"s[{i}]"));
        Assert.Contains("A1", ex.Message);
    }

    [Fact]
    public void Serials_are_letters_digits_and_separators_only()
        => Refused.With("s[1]", () => Identification.CheckSerials(Ship.Line(quantity: 2), ["A1", "A 2;"], i => $"s[{i}]"));

    [Fact]
    public void Serials_are_only_for_serial_tracked_lines_and_lots_for_lot_tracked_lines()
    {
        Refused.With("lineNumber", () => Identification.CheckSerials(Ship.Line(Tracking.Lot), ["A1", "A2", "A3"], i => $"s[{i}]"));
        Refused.With("lineNumber", () => Identification.CheckLots(Ship.Line(Tracking.Serial), [("L1", 3)], i => $"l[{i}]"));
    }

    [Fact]
    public void Lots_must_sum_to_the_line()
    {
        var line = Ship.Line(Tracking.Lot, quantity: 100);
        Refused.With("lots", () => Identification.CheckLots(line, [("L1", 60), ("L2", 30)], i => $"l[{i}]"));
        Refused.With("l[1].lot", () => Identification.CheckLots(line, [("L1", 60), ("L1", 40)], i => $"l[{i}]"));
        Assert.Equal(2, Identification.CheckLots(line, [("L1", 60), ("L2", 40)], i => $"l[{i}]").Count);
    }
}

public class ReceiptRuleTests
{
    private static ReceiptLine Counts(int line, int accepted, int rejected, int shortUnits)
        => new(line, accepted, rejected > 0 ? [new Rejection(RejectReason.Damaged, rejected)] : [], shortUnits, [], []);

    [Fact]
    public void Accepted_plus_rejected_plus_short_never_exceeds_what_was_shipped()
    {
        var line = Ship.Line(Tracking.None, quantity: 10);
        var ex = Refused.With("lines[0]", () => line.Account(8, 2, 1, "lines[0]"));
        Assert.Contains("11", ex.Message);
        Assert.Equal(0, line.Accepted);
    }

    [Fact]
    public void A_line_balances_when_accepted_rejected_and_short_add_up_to_shipped()
    {
        var line = Ship.Line(Tracking.None, quantity: 10);
        line.Account(7, 1, 0, "l");
        Assert.False(line.Balanced);
        Assert.Equal(2, line.Open);
        line.Account(1, 0, 1, "l");
        Assert.True(line.Balanced);
    }

    [Fact]
    public void A_reversal_takes_back_what_the_original_accounted_for()
    {
        var line = Ship.Line(Tracking.None, quantity: 10);
        line.Account(7, 1, 2, "l");
        line.Account(-7, -1, -2, "l");
        Assert.Equal(10, line.Open);
        Refused.With("l", () => line.Account(-1, 0, 0, "l"));
    }

    [Fact]
    public void A_receipt_records_its_signer_and_a_content_hash_that_changes_with_its_content()
    {
        var shipment = Guid.NewGuid();
        var a = Receipt.Post(Guid.NewGuid(), "R-1", shipment, "USA", "Maj. Kovalenko", Ship.Monday, "brigade", [Counts(1, 3, 0, 0)], "officer", Ship.Now);
        var b = Receipt.Post(Guid.NewGuid(), "R-1", shipment, "USA", "Maj. Kovalenko", Ship.Monday, "brigade", [Counts(1, 2, 1, 0)], "officer", Ship.Now);
        Assert.Equal("Maj. Kovalenko", a.SignedBy);
        Assert.Equal(64, a.ContentHash.Length);
        Assert.NotEqual(a.ContentHash, b.ContentHash);
    }

    [Fact]
    public void A_receipt_signed_in_the_future_is_refused()
        => Refused.With("signedAt", () => Receipt.Post(Guid.NewGuid(), "R-1", Guid.NewGuid(), "USA", "x", Ship.Now.AddDays(1), "u", [Counts(1, 1, 0, 0)], "o", Ship.Now));

    [Fact]
    public void A_line_listed_twice_or_accounting_for_nothing_is_refused()
    {
        Refused.With("lines[1].lineNumber", () => Receipt.Post(Guid.NewGuid(), "R", Guid.NewGuid(), "USA", "x", Ship.Monday, "u", [Counts(1, 1, 0, 0), Counts(1, 1, 0, 0)], "o", Ship.Now));
        Refused.With("lines[0]", () => Receipt.Post(Guid.NewGuid(), "R", Guid.NewGuid(), "USA", "x", Ship.Monday, "u", [Counts(1, 0, 0, 0)], "o", Ship.Now));
    }

    [Fact]
    public void A_rejected_serial_needs_a_reason()
    {
        var line = new ReceiptLine(1, 0, [], 0, [new ReceivedSerial("A1", SerialOutcome.Rejected)], []);
        Refused.With("lines[0].serials", () => Receipt.Post(Guid.NewGuid(), "R", Guid.NewGuid(), "USA", "x", Ship.Monday, "u", [line], "o", Ship.Now));
    }

    [Fact]
    public void A_correction_is_a_reversing_receipt_naming_the_original_and_why()
    {
        var original = Receipt.Post(Guid.NewGuid(), "R-1", Guid.NewGuid(), "USA", "x", Ship.Monday, "u", [Counts(1, 3, 1, 0)], "o", Ship.Now);
        var reversal = Receipt.Reversal(Guid.NewGuid(), "R-1-C", original, "counted twice", "officer", "officer", Ship.Now);
        Assert.Equal(original.Id, reversal.CorrectsId);
        Assert.Equal("counted twice", reversal.CorrectionReason);
        Assert.Equal(-3, reversal.Lines[0].Accepted);
        Assert.Equal(-1, reversal.Lines[0].RejectedTotal);
        Refused.With("reason", () => Receipt.Reversal(Guid.NewGuid(), "R-1-D", original, " ", "o", "o", Ship.Now));
    }

    [Fact]
    public void A_reversal_cannot_be_reversed_and_a_receipt_is_reversed_once()
    {
        var original = Receipt.Post(Guid.NewGuid(), "R-1", Guid.NewGuid(), "USA", "x", Ship.Monday, "u", [Counts(1, 3, 0, 0)], "o", Ship.Now);
        var reversal = Receipt.Reversal(Guid.NewGuid(), "R-1-C", original, "wrong", "o", "o", Ship.Now);
        original.MarkReversedBy(reversal.Id);
        Refused.With("corrects", () => Receipt.Reversal(Guid.NewGuid(), "R-1-D", reversal, "again", "o", "o", Ship.Now));
        Refused.With("corrects", () => Receipt.Reversal(Guid.NewGuid(), "R-1-E", original, "again", "o", "o", Ship.Now));
    }

    [Fact]
    public void The_same_posting_again_is_a_replay_and_a_different_one_names_the_difference()
    {
        var r = Receipt.Post(Guid.NewGuid(), "R-1", Guid.NewGuid(), "USA", "x", Ship.Monday, "u", [Counts(1, 3, 0, 0)], "o", Ship.Now);
        r.RecordPosting([("number", "R-1"), ("line 1 accepted", "3")]);
        Assert.Null(r.DifferenceFrom([("number", "R-1"), ("line 1 accepted", "3")]));
        var diff = r.DifferenceFrom([("number", "R-1"), ("line 1 accepted", "2")]);
        Assert.Contains("line 1 accepted", diff);
        Assert.Contains("'3'", diff);
        Assert.Contains("'2'", diff);
    }

    [Fact]
    public void A_serial_is_accounted_for_once_and_a_reversal_frees_it()
    {
        var s = new ShipmentSerial(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "USA", Guid.NewGuid(), "JAV-1");
        var receipt = Guid.NewGuid();
        s.Receive(SerialStatus.Accepted, receipt);
        Refused.With("serials", () => s.Receive(SerialStatus.Missing, Guid.NewGuid()));
        s.Unreceive(receipt);
        Assert.Equal(SerialStatus.Shipped, s.Status);
    }
}

public class DiscrepancyTests
{
    private static Discrepancy New(DiscrepancyCode code) => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, "USA", Guid.NewGuid(), code, 1, ["JAV-3"], Ship.Route(), Ship.Now);

    [Fact]
    public void Short_and_damaged_units_are_charged_to_the_last_legs_custodian()
    {
        var d = New(DiscrepancyCode.Damaged);
        Assert.Equal(2, d.ChargedLeg);
        Assert.Equal("Rzeszów hub", d.ChargedTo);
        Assert.Equal(CustodianKind.Hub, d.ChargedKind);
    }

    [Theory]
    [InlineData(DiscrepancyCode.WrongItem)]
    [InlineData(DiscrepancyCode.Expired)]
    [InlineData(DiscrepancyCode.NotExpected)]
    public void Wrong_expired_or_unexpected_items_are_charged_to_the_donor(DiscrepancyCode code)
    {
        var d = New(code);
        Assert.Null(d.ChargedLeg);
        Assert.Equal("USA", d.ChargedTo);
        Assert.Equal(CustodianKind.Donor, d.ChargedKind);
    }

    [Fact]
    public void Open_under_review_resolved_is_the_life_cycle()
    {
        var d = New(DiscrepancyCode.Short);
        Refused.With("state", () => d.Resolve(Resolution.Credited, null, "x", Ship.Now));
        d.StartReview("checking with the carrier");
        d.Resolve(Resolution.Replaced, "second delivery", "officer", Ship.Now);
        Assert.Equal(DiscrepancyState.Resolved, d.State);
        Assert.Equal(Resolution.Replaced, d.Resolution);
        Refused.With("state", () => d.Contest("no"));
        Refused.With("state", () => d.Charge(1, "USA", CustodianKind.Donor, Ship.Route()));
    }

    [Fact]
    public void A_contested_discrepancy_needs_a_reason_and_goes_back_under_review()
    {
        var d = New(DiscrepancyCode.Damaged);
        Refused.With("note", () => d.Contest(" "));
        d.Contest("photos show it left the depot intact");
        Assert.Equal(DiscrepancyState.Contested, d.State);
        d.StartReview(null);
        Assert.Equal(DiscrepancyState.UnderReview, d.State);
    }

    [Fact]
    public void A_discrepancy_is_charged_only_to_a_leg_the_shipment_has()
        => Refused.With("chargedLeg", () => New(DiscrepancyCode.Short).Charge(5, "x", CustodianKind.Carrier, Ship.Route()));
}
