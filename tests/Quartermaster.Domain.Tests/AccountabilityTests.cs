using Quartermaster.Domain.Accountability;

namespace Quartermaster.Domain.Tests;

public class AccountabilityTests
{
    private static readonly DateTime HandedOver = new(2026, 3, 17, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = HandedOver.AddDays(200);

    private static CustodyRecord Javelin(bool monitored = true, int interval = 90)
        => new(Guid.NewGuid(), Guid.NewGuid(), "JAV-1", "USA", Guid.NewGuid(), Guid.NewGuid(), "24th Brigade", "Lviv", HandedOver,
            new MonitoringTerms(monitored, interval), 178_000m);

    [Fact]
    public void A_monitored_item_owes_its_initial_inventory_within_90_days_of_handover()
    {
        var c = Javelin();
        Assert.Equal(new DateOnly(2026, 6, 15), c.NextInventoryDue);
        Assert.Equal(0, c.DaysOverdue(new DateOnly(2026, 6, 15)));
        Assert.Equal(10, c.DaysOverdue(new DateOnly(2026, 6, 25)));
    }

    [Fact]
    public void An_item_not_under_enhanced_monitoring_owes_no_inventory_and_is_never_delinquent()
    {
        var c = Javelin(monitored: false);
        Assert.Null(c.NextInventoryDue);
        Assert.Equal(0, c.DaysOverdue(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void An_inventory_moves_the_next_due_date_by_the_items_interval()
    {
        var c = Javelin(interval: 30);
        c.Observe(Disposition.InService, HandedOver.AddDays(40), null, Now, null);
        Assert.Equal(DateOnly.FromDateTime(HandedOver.AddDays(70)), c.NextInventoryDue);
        Assert.Equal(HandedOver.AddDays(40), c.LastInventoryAt);
    }

    [Fact]
    public void A_serial_never_received_cannot_be_reported()
    {
        Refused.With("lines[0].serial", () => Reporting.Received([], "JAV-404", "lines[0].serial"));
        Assert.NotNull(Reporting.Received([Javelin()], "JAV-1", "f"));
    }

    [Fact]
    public void A_lost_serial_cannot_be_lost_again_without_a_reversal()
    {
        var c = Javelin();
        c.Observe(Disposition.Lost, HandedOver.AddDays(20), HandedOver.AddDays(19), Now, null);
        Refused.With("status", () => c.Observe(Disposition.Lost, HandedOver.AddDays(21), null, Now, null));
    }

    [Fact]
    public void A_destroyed_serial_cannot_be_seen_in_service_later_without_a_reversal()
    {
        var c = Javelin();
        c.Observe(Disposition.Destroyed, HandedOver.AddDays(20), null, Now, null);
        Assert.Null(c.NextInventoryDue);
        Refused.With("status", () => c.Observe(Disposition.InService, HandedOver.AddDays(30), null, Now, null));
        c.ReverseDisposition("it was the other launcher", Now);
        Assert.Equal(Disposition.InService, c.Status);
        c.Observe(Disposition.InService, HandedOver.AddDays(30), null, Now, null);
    }

    [Fact]
    public void A_reversal_needs_a_reason_and_something_to_reverse()
    {
        var c = Javelin();
        Refused.With("status", () => c.ReverseDisposition("nothing was lost", Now));
        c.Observe(Disposition.Stolen, HandedOver.AddDays(5), null, Now, null);
        Refused.With("reason", () => c.ReverseDisposition(" ", Now));
    }

    [Fact]
    public void A_loss_reported_more_than_30_days_after_it_was_noticed_is_flagged_late()
    {
        var onTime = Javelin();
        onTime.Observe(Disposition.Lost, HandedOver.AddDays(60), HandedOver.AddDays(31), Now, null);
        Assert.False(onTime.LossReportedLate);
        var late = Javelin();
        late.Observe(Disposition.Captured, HandedOver.AddDays(100), HandedOver.AddDays(40), Now, null);
        Assert.True(late.LossReportedLate);
        Assert.Equal(Disposition.Captured, late.Status);
    }

    [Fact]
    public void A_loss_cannot_be_noticed_after_it_is_reported_nor_reported_in_the_future()
    {
        Refused.With("noticedAt", () => Javelin().Observe(Disposition.Lost, HandedOver.AddDays(10), HandedOver.AddDays(11), Now, null));
        Refused.With("takenAt", () => Javelin().Observe(Disposition.InService, Now.AddDays(1), null, Now, null));
    }

    [Fact]
    public void The_value_handed_over_reconciles_with_every_disposition_per_donor_and_item()
    {
        var item = Guid.NewGuid();
        var ok = new ReconciliationRow("USA", item, 10, 1000m,
            new Dictionary<Disposition, int> { [Disposition.InService] = 6, [Disposition.UnderRepair] = 1, [Disposition.Expended] = 1, [Disposition.Lost] = 1, [Disposition.Captured] = 1 },
            new Dictionary<Disposition, decimal> { [Disposition.InService] = 600m, [Disposition.UnderRepair] = 100m, [Disposition.Expended] = 100m, [Disposition.Lost] = 100m, [Disposition.Captured] = 100m });
        Assert.True(ok.Reconciles);
        var missing = ok with { HandedOver = 11, HandedOverValue = 1100m };
        Assert.False(missing.Reconciles);
    }

    [Fact]
    public void A_transfer_moves_the_custody_and_a_lost_item_cannot_be_transferred()
    {
        var c = Javelin();
        c.Transfer("93rd Brigade", "Kramatorsk", HandedOver.AddDays(3), Now);
        Assert.Equal("93rd Brigade", c.HolderUnit);
        Assert.Equal(HandedOver.AddDays(3), c.Since);
        Refused.With("at", () => c.Transfer("1st Brigade", "Kyiv", HandedOver.AddDays(1), Now));
        c.Observe(Disposition.Lost, HandedOver.AddDays(5), null, Now, null);
        Refused.With("serials", () => c.Transfer("1st Brigade", "Kyiv", HandedOver.AddDays(6), Now));
    }

    [Fact]
    public void The_inventory_interval_defaults_to_90_days_and_stays_within_bounds()
    {
        Assert.Equal(90, Monitoring.CheckInterval(null));
        Refused.With("inventoryIntervalDays", () => Monitoring.CheckInterval(3));
    }
}
