using Microsoft.EntityFrameworkCore;
using Quartermaster.Storage;

namespace Quartermaster.Application.Logistics;

public sealed record HubView(string Code, string Name, string NationCode, decimal WeeklyCapacityTonnes, int InboundWeeks, int OutboundWeeks, long Version);

public sealed class HubsService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<HubView>> List(CancellationToken ct = default)
        => (await db.Hubs.AsNoTracking().OrderBy(h => h.Code).ToListAsync(ct))
            .Select(h => new HubView(h.Code, h.Name, h.NationCode, h.WeeklyCapacityTonnes, h.InboundWeeks, h.OutboundWeeks, h.Version)).ToList();
}
