using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;
using Quartermaster.Storage;

namespace Quartermaster.Application.Logistics;

public sealed record HubView(string Code, string Name, string NationCode, decimal WeeklyCapacityTonnes, int InboundWeeks, int OutboundWeeks, long Version)
{
    public static HubView Of(Hub h) => new(h.Code, h.Name, h.NationCode, h.WeeklyCapacityTonnes, h.InboundWeeks, h.OutboundWeeks, h.Version);
}

/// <summary>What may change on a hub: its name, weekly capacity and transit times (its code and nation stay).</summary>
public sealed record HubInput(string? Name, decimal WeeklyCapacityTonnes, int InboundWeeks, int OutboundWeeks);

/// <summary>Use cases on logistics hubs: list, read, update.</summary>
public sealed class HubsService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<HubView>> List(CancellationToken ct = default)
        => (await db.Hubs.AsNoTracking().OrderBy(h => h.Code).ToListAsync(ct)).Select(HubView.Of).ToList();

    public async Task<HubView> Get(string code, CancellationToken ct = default) => HubView.Of(await Find(code, ct));

    private async Task<Hub> Find(string code, CancellationToken ct)
        => await db.Hubs.FirstOrDefaultAsync(h => h.Code == code, ct) ?? throw new NotFoundException("Hub", code);

    public Task<HubView> Update(Actor actor, string code, long expectedVersion, HubInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update hub {code}", async () =>
        {
            var hub = await Find(code, ct);
            db.ExpectVersion(hub, expectedVersion);
            hub.Update(input.Name!, input.WeeklyCapacityTonnes);
            hub.SetTransit(input.InboundWeeks, input.OutboundWeeks);
            return hub;
        }, h => Task.FromResult(HubView.Of(h)), ct);
}
