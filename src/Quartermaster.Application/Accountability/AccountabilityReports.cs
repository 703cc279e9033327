using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Accountability;
using Quartermaster.Domain.Delivery;
using Quartermaster.Storage;

namespace Quartermaster.Application.Accountability;

public sealed record DelinquentRow(Guid CustodyId, string DonorCode, string ItemCode, string ItemName, string Serial, string HolderUnit,
    string Location, DateOnly Due, int DaysOverdue, decimal? ValueEur);

public sealed record ReconciliationView(string DonorCode, string ItemCode, string ItemName, int HandedOver, decimal HandedOverValueEur,
    IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, decimal> ValueByStatusEur, bool Reconciles);

public sealed record AccountabilityReport(DateOnly AsOf, int MonitoredHeld, int Delinquent, decimal DelinquentValueEur, decimal CompliancePercent,
    int ExpectedNotFound, int LossesReported, int LossesReportedLate, double? AverageDaysToReportLoss, int Serials,
    IReadOnlyList<ReconciliationView> Reconciliation);

/// <summary>
/// Reads over custody records, computed in the database (a million serials in custody is a normal size): the
/// delinquency list, inventories due, and the accountability report with the value reconciliation per donor and item.
/// </summary>
public sealed class AccountabilityReports(QuartermasterDb db)
{
    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Monitored items past their inventory due date, most overdue first.</summary>
    public async Task<Page<DelinquentRow>> Delinquent(PageQuery page, CancellationToken ct = default)
    {
        page = page.Checked();
        var today = Today;
        var q = db.CustodyRecords.AsNoTracking().Where(c => c.NextInventoryDue != null && c.NextInventoryDue < today);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(c => c.NextInventoryDue).ThenBy(c => c.Serial).Skip((page.Page - 1) * page.PageSize).Take(page.PageSize)
            .Select(c => new { c.Id, c.DonorCode, c.ItemId, c.Serial, c.HolderUnit, c.Location, Due = c.NextInventoryDue!.Value, c.UnitValueEur })
            .ToListAsync(ct);
        var names = await Names(rows.Select(r => r.ItemId), ct);
        return new Page<DelinquentRow>(rows.Select(r => new DelinquentRow(r.Id, r.DonorCode, names[r.ItemId].Code, names[r.ItemId].Name, r.Serial,
            r.HolderUnit, r.Location, r.Due, today.DayNumber - r.Due.DayNumber, r.UnitValueEur)).ToList(), total, page.Page, page.PageSize);
    }

    /// <summary>Inventories due in the next <paramref name="withinDays"/> days (not yet overdue), soonest first.</summary>
    public async Task<Page<DelinquentRow>> Due(int withinDays, PageQuery page, CancellationToken ct = default)
    {
        page = page.Checked();
        if (withinDays is < 0 or > 730) throw new RequestException("withinDays", $"withinDays must be between 0 and 730 (got {withinDays}).");
        var today = Today;
        var until = today.AddDays(withinDays);
        var q = db.CustodyRecords.AsNoTracking().Where(c => c.NextInventoryDue != null && c.NextInventoryDue >= today && c.NextInventoryDue <= until);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(c => c.NextInventoryDue).ThenBy(c => c.Serial).Skip((page.Page - 1) * page.PageSize).Take(page.PageSize)
            .Select(c => new { c.Id, c.DonorCode, c.ItemId, c.Serial, c.HolderUnit, c.Location, Due = c.NextInventoryDue!.Value, c.UnitValueEur })
            .ToListAsync(ct);
        var names = await Names(rows.Select(r => r.ItemId), ct);
        return new Page<DelinquentRow>(rows.Select(r => new DelinquentRow(r.Id, r.DonorCode, names[r.ItemId].Code, names[r.ItemId].Name, r.Serial,
            r.HolderUnit, r.Location, r.Due, 0, r.UnitValueEur)).ToList(), total, page.Page, page.PageSize);
    }

    private async Task<Dictionary<Guid, (string Code, string Name)>> Names(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return (await db.CatalogueItems.AsNoTracking().Where(i => list.Contains(i.Id)).Select(i => new { i.Id, i.Code, i.Name }).ToListAsync(ct))
            .ToDictionary(i => i.Id, i => (i.Code, i.Name));
    }

    public async Task<AccountabilityReport> Report(CancellationToken ct = default)
    {
        var today = Today;
        var custody = db.CustodyRecords.AsNoTracking();
        // One pass over the custody records: every figure below is a sum over these groups.
        var groups = await custody
            .GroupBy(c => new
            {
                c.DonorCode, c.ItemId, c.Status, c.Monitored,
                Missing = c.ExpectedNotFoundAt != null,
                Overdue = c.NextInventoryDue != null && c.NextInventoryDue < today,
            })
            .Select(g => new { g.Key.DonorCode, g.Key.ItemId, g.Key.Status, g.Key.Monitored, g.Key.Missing, g.Key.Overdue, N = g.Count(), Value = g.Sum(c => c.UnitValueEur ?? 0) })
            .ToListAsync(ct);
        static bool Held(Disposition d) => d is Disposition.InService or Disposition.UnderRepair;
        var monitoredHeld = groups.Where(g => g.Monitored && Held(g.Status)).Sum(g => g.N);
        var delinquentCount = groups.Where(g => g.Overdue).Sum(g => g.N);
        var delinquentValue = groups.Where(g => g.Overdue).Sum(g => g.Value);
        var expectedNotFound = groups.Where(g => g.Missing && Held(g.Status)).Sum(g => g.N);
        var losses = await custody.Where(c => c.LossReportedAt != null && (c.Status == Disposition.Lost || c.Status == Disposition.Stolen || c.Status == Disposition.Captured))
            .Select(c => new { c.LossNoticedAt, c.LossReportedAt, c.LossReportedLate }).ToListAsync(ct);
        var byStatus = groups.GroupBy(g => new { g.DonorCode, g.ItemId, g.Status })
            .Select(g => new { g.Key.DonorCode, g.Key.ItemId, g.Key.Status, N = g.Sum(x => x.N), Value = g.Sum(x => x.Value) }).ToList();
        // What was handed over, read from the receipts' side: serials accepted on receipts, valued from their offers.
        var accepted = await db.ShipmentSerials.AsNoTracking().Where(s => s.Status == SerialStatus.Accepted)
            .GroupBy(s => new { s.DonorCode, s.ItemId, s.LineId }).Select(g => new { g.Key.DonorCode, g.Key.ItemId, g.Key.LineId, N = g.Count() }).ToListAsync(ct);
        var unitValues = await UnitValues(accepted.Select(a => a.LineId), ct);
        var handed = accepted.GroupBy(a => (a.DonorCode, a.ItemId))
            .ToDictionary(g => g.Key, g => (N: g.Sum(a => a.N), Value: g.Sum(a => a.N * (unitValues.GetValueOrDefault(a.LineId) ?? 0))));
        var keys = handed.Keys.Concat(byStatus.Select(b => (b.DonorCode, b.ItemId))).Distinct().ToList();
        var names = await Names(keys.Select(k => k.ItemId), ct);
        var rows = keys.OrderBy(k => k.DonorCode).ThenBy(k => names[k.ItemId].Name).Select(k =>
        {
            var statuses = byStatus.Where(b => b.DonorCode == k.DonorCode && b.ItemId == k.ItemId).ToList();
            var h = handed.GetValueOrDefault(k);
            var row = new ReconciliationRow(k.DonorCode, k.ItemId, h.N, h.Value, statuses.ToDictionary(s => s.Status, s => s.N), statuses.ToDictionary(s => s.Status, s => s.Value));
            return new ReconciliationView(k.DonorCode, names[k.ItemId].Code, names[k.ItemId].Name, row.HandedOver, row.HandedOverValue,
                Enum.GetValues<Disposition>().ToDictionary(d => d.ToString(), d => row.ByStatus.GetValueOrDefault(d)),
                Enum.GetValues<Disposition>().ToDictionary(d => d.ToString(), d => row.ValueByStatus.GetValueOrDefault(d)), row.Reconciles);
        }).ToList();
        return new AccountabilityReport(today, monitoredHeld, delinquentCount, delinquentValue,
            monitoredHeld == 0 ? 100m : Math.Round(100m * (monitoredHeld - delinquentCount) / monitoredHeld, 1),
            expectedNotFound, losses.Count, losses.Count(l => l.LossReportedLate),
            losses.Count == 0 ? null : Math.Round(losses.Average(l => (l.LossReportedAt!.Value - l.LossNoticedAt!.Value).TotalDays), 1),
            byStatus.Sum(b => b.N), rows);
    }

    /// <summary>Per shipment line, the euro value of one unit: its offer's declared value over its announced units.</summary>
    private async Task<Dictionary<Guid, decimal?>> UnitValues(IEnumerable<Guid> lineIds, CancellationToken ct)
    {
        var ids = lineIds.Distinct().ToList();
        var lines = await db.ShipmentLines.IgnoreQueryFilters().AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.OfferId, l.ProductionOrderId }).ToListAsync(ct);
        var offerIds = lines.Select(l => l.OfferId).OfType<Guid>().Distinct().ToList();
        var offers = await db.Offers.IgnoreQueryFilters().AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var orderIds = lines.Select(l => l.ProductionOrderId).OfType<Guid>().Distinct().ToList();
        var orders = await db.ProductionOrders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var rates = await new Importing.ExchangeRatesService(db).Table(ct);
        return lines.ToDictionary(l => l.Id, l => l.OfferId is { } o ? UnitValue(offers[o], rates) : UnitValue(orders[l.ProductionOrderId!.Value], rates));
    }

    /// <summary>A purchased unit is worth what the order paid for it: its unit price in euros on the order's date.</summary>
    public static decimal? UnitValue(Domain.Industry.ProductionOrder order, Domain.Common.ExchangeRateTable rates)
        => rates.Knows(Domain.Common.Currency.Parse(order.Currency))
            ? Math.Round(rates.ToEur(new Domain.Common.Money(order.UnitPrice, Domain.Common.Currency.Parse(order.Currency)), order.CreatedOn), 2, MidpointRounding.AwayFromZero)
            : null;

    /// <summary>The one valuation of a delivered unit (custody records and the reconciliation use it alike).</summary>
    public static decimal? UnitValue(Domain.Offers.Offer offer, Domain.Common.ExchangeRateTable rates)
        => offer.Value is { } v && offer.QuantityAnnounced is > 0 && rates.Knows(v.Currency)
            ? Math.Round(rates.ToEur(v, offer.AnnouncedOn) / offer.QuantityAnnounced.Value, 2, MidpointRounding.AwayFromZero)
            : null;
}
