using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Delivery;
using Quartermaster.Storage;

namespace Quartermaster.Web.Pages.Delivery;

public sealed record DeliveryTiles(int InTransit, int ReceivedThisMonth, int Delinquent, decimal DelinquentValueEur);

/// <summary>Dashboard tiles: shipments in transit, units received this month, delinquent monitored items (what the viewer may see).</summary>
public sealed class DeliveryTilesViewComponent(QuartermasterDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var today = DateOnly.FromDateTime(now);
        var inTransit = await db.Shipments.CountAsync(s => s.State == ShipmentState.Dispatched || s.State == ShipmentState.AtHub);
        var receipts = await db.Receipts.AsNoTracking().Where(r => r.SignedAt >= monthStart).Select(r => r.Lines).ToListAsync();
        var delinquent = db.CustodyRecords.Where(c => c.NextInventoryDue != null && c.NextInventoryDue < today);
        return View(new DeliveryTiles(inTransit, receipts.Sum(lines => lines.Sum(l => l.Accepted)), await delinquent.CountAsync(),
            await delinquent.SumAsync(c => c.UnitValueEur ?? 0)));
    }
}
