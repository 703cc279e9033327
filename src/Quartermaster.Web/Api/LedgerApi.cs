using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;

namespace Quartermaster.Web.Api;

/// <summary>The ledger endpoints of the REST API.</summary>
public static class LedgerApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/", (LedgerService s, int? page, int? pageSize, string? entityType, string? entityId, string? actor, CancellationToken ct)
            => s.List(new PageQuery(page ?? 1, pageSize ?? 50), entityType, entityId, actor, ct));
        g.MapGet("/verify", async (LedgerService s, CancellationToken ct) =>
        {
            var v = await s.Verify(null, ct);
            return Results.Ok(new
            {
                intact = v.Intact, eventsChecked = v.EventsChecked, firstBadSequence = v.Break?.Sequence, reason = v.Break?.Reason ?? v.Problem,
                rootHash = v.RootHash, recordsChecked = v.RecordsChecked, badRecords = v.BadRecords,
                firstBadRecord = v.FirstBadRecord is { } r ? new { entityType = r.EntityType, entityId = r.EntityId, latestSequence = r.LatestSequence, reason = r.Reason } : null,
                badTreeNode = v.BadTreeNode, problem = v.Problem,
            });
        });
        g.MapGet("/{entityType}/{entityId}", async (string entityType, string entityId, DateTime? asOf, LedgerService s, TimeProvider clock, CancellationToken ct) =>
        {
            var state = await s.AsOf(entityType, entityId, asOf ?? clock.GetUtcNow().UtcDateTime, ct);
            return state is null ? throw new NotFoundException(entityType, entityId) : Results.Ok(state);
        });
    }
}
