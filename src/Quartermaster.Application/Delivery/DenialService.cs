using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;
using Quartermaster.Storage;

namespace Quartermaster.Application.Delivery;

/// <summary>
/// Hard case 4: when an offer's transfer consent or export licence is denied, its planned shipments are cancelled and
/// its allocations released (the requirement's coverage falls back), inside the command that recorded the denial.
/// </summary>
public static class DenialService
{
    public static async Task Apply(QuartermasterDb db, Offer offer, CancellationToken ct)
    {
        if (!offer.IsDenied) return;
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var shipmentIds = await db.ShipmentLines.IgnoreQueryFilters().Where(l => l.OfferId == offer.Id).Select(l => l.ShipmentId).Distinct().ToListAsync(ct);
        foreach (var s in await db.Shipments.IgnoreQueryFilters().Where(s => shipmentIds.Contains(s.Id) && s.State == ShipmentState.Planned).ToListAsync(ct))
        {
            s.Cancel($"The {(offer.TransferConsent == ClearanceStatus.Denied ? "transfer consent" : "export licence")} of offer {offer.Description} was denied.", now);
            db.ShipmentSerials.RemoveRange(await db.ShipmentSerials.IgnoreQueryFilters().Where(x => x.ShipmentId == s.Id).ToListAsync(ct));
            db.ShipmentLots.RemoveRange(await db.ShipmentLots.IgnoreQueryFilters().Where(x => x.ShipmentId == s.Id).ToListAsync(ct));
        }
        var allocations = await db.Allocations.Where(a => a.OfferId == offer.Id && !a.Released).ToListAsync(ct);
        foreach (var a in allocations)
        {
            a.Release();
            offer.ReleaseAllocation(a.Quantity);
        }
        var requirementIds = allocations.Select(a => a.RequirementId).Distinct().ToList();
        if (requirementIds.Count == 0) return;
        var released = allocations.Select(a => a.Id).ToHashSet();
        var coverage = (await db.Allocations.AsNoTracking().Where(a => !a.Released && requirementIds.Contains(a.RequirementId)).ToListAsync(ct))
            .Where(a => !released.Contains(a.Id)).GroupBy(a => a.RequirementId).ToDictionary(g => g.Key, g => g.Sum(a => a.Coverage));
        foreach (var r in await db.Requirements.Where(r => requirementIds.Contains(r.Id)).ToListAsync(ct))
            if (r.Status is not (RequirementStatus.Cancelled or RequirementStatus.Delivered))
                r.RecordCoverage(Math.Min(r.Quantity, (int)Math.Floor(coverage.GetValueOrDefault(r.Id) + 0.000001m)));
    }
}
