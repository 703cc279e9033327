using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Training;
using Quartermaster.Storage;

namespace Quartermaster.Application.Readiness;

/// <summary>
/// Where readiness learns when a requirement's equipment is (or will be) in the recipient's hands: the one place to
/// switch from planned arrivals to accepted receipts.
/// </summary>
public interface IEquipmentArrivals
{
    /// <summary>Describes the source for people ("planned arrivals of confirmed plans", "accepted receipts").</summary>
    string Source { get; }

    /// <summary>Per requirement: units received and units planned to arrive, with their dates (units of the requirement's item).</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<Arrival>>> For(IReadOnlyCollection<Guid> requirementIds, DateOnly today, CancellationToken ct);
}

/// <summary>
/// Arrivals from confirmed allocation plans: each live allocation's coverage arrives on the Monday of its arrival week
/// (plan start + arrival week − 1). Units a requirement records as delivered count as received, taken from its
/// earliest planned arrivals.
/// </summary>
public sealed class PlannedArrivals(QuartermasterDb db) : IEquipmentArrivals
{
    public string Source => "planned arrivals of confirmed allocation plans (units recorded as delivered count as received)";

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Arrival>>> For(IReadOnlyCollection<Guid> requirementIds, DateOnly today, CancellationToken ct)
    {
        var ids = requirementIds.ToList();
        var lines = await (from a in db.Allocations.AsNoTracking()
                           join p in db.AllocationPlans.AsNoTracking() on a.PlanId equals p.Id
                           where !a.Released && p.State == PlanState.Confirmed && EF.Parameter(ids).Contains(a.RequirementId)
                           select new { a.RequirementId, a.ArrivalWeek, a.Coverage, p.StartDate }).ToListAsync(ct);
        var delivered = await db.Requirements.AsNoTracking().Where(r => EF.Parameter(ids).Contains(r.Id) && r.QuantityDelivered > 0)
            .ToDictionaryAsync(r => r.Id, r => r.QuantityDelivered, ct);
        var result = new Dictionary<Guid, IReadOnlyList<Arrival>>();
        foreach (var g in lines.GroupBy(l => l.RequirementId))
        {
            var planned = g.GroupBy(l => l.StartDate.AddDays(7 * (l.ArrivalWeek - 1)))
                .Select(d => new Arrival(d.Key, (int)Math.Floor(d.Sum(l => l.Coverage) + 0.0001m), false)).Where(a => a.Units > 0).OrderBy(a => a.Date).ToList();
            result[g.Key] = WithReceived(planned, delivered.GetValueOrDefault(g.Key), today);
        }
        foreach (var (id, units) in delivered)
            if (!result.ContainsKey(id)) result[id] = [new Arrival(today, units, true)];
        return result;
    }

    private static List<Arrival> WithReceived(List<Arrival> planned, int received, DateOnly today)
    {
        if (received <= 0) return planned;
        var list = new List<Arrival> { new(planned.Count > 0 ? planned[0].Date < today ? planned[0].Date : today : today, received, true) };
        var left = received;
        foreach (var a in planned)
        {
            var take = Math.Min(left, a.Units);
            left -= take;
            if (a.Units > take) list.Add(a with { Units = a.Units - take });
        }
        return list;
    }
}
