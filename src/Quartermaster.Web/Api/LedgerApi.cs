using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>
/// The ledger endpoints of the REST API. Events, verification and records as of a date: auditors and the cell.
/// Checkpoints, the server's public key and proofs reveal hashes only: every signed-in participant, so each nation can
/// keep its own copy of the checkpoints and check them. Signing on demand: the cell. Countersigning: a nation's point of contact.
/// </summary>
public static class LedgerApi
{
    public sealed record CountersignRequest(string? Signature, string? PublicKey);

    public sealed record WitnessKeyRequest(string? PublicKey);

    public static void Map(RouteGroupBuilder g)
    {
        var audit = g.MapGroup("").RequireAuthorization(Policies.Audit);
        // Newest first; ?after=NEXT walks to older pages, ?before=PREVIOUS to newer ones (keyset on the sequence); ?page= still works (OFFSET).
        audit.MapGet("/", (LedgerService s, int? page, int? pageSize, string? entityType, string? entityId, string? actor, long? after, long? before, CancellationToken ct)
            => s.List(new PageQuery(page ?? 1, pageSize ?? 50), entityType, entityId, actor, after, before, ct))
            .WithDescription("Ledger events, newest first. Pass the answer's `next` as `after` for the older page and its `previous` as "
                             + "`before` for the newer one (keyset on the sequence: a deep page costs what the first one costs; `page` still works, by OFFSET). "
                             + "The matching events are not counted (no `total`): `hasMore` says whether an older page follows, known by reading pageSize + 1 rows.");
        audit.MapGet("/verify", async (LedgerService s, CancellationToken ct) =>
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
        audit.MapGet("/{entityType}/{entityId}", async (string entityType, string entityId, DateTime? asOf, LedgerService s, TimeProvider clock, CancellationToken ct) =>
        {
            var state = await s.AsOf(entityType, entityId, asOf ?? clock.GetUtcNow().UtcDateTime, ct);
            return state is null ? throw new NotFoundException(entityType, entityId) : Results.Ok(state);
        });

        g.MapGet("/key", (CheckpointService s) => s.Key());
        g.MapGet("/checkpoints", (CheckpointService s, int? page, int? pageSize, CancellationToken ct) => s.List(new PageQuery(page ?? 1, pageSize ?? 50), ct));
        g.MapGet("/checkpoints/latest", async (CheckpointService s, CancellationToken ct)
            => await s.Latest(ct) ?? throw new NotFoundException("Checkpoint", "latest"));
        g.MapGet("/checkpoints/{treeSize:long}", async (long treeSize, bool? download, CheckpointService s, HttpContext http, CancellationToken ct) =>
        {
            var doc = await s.Get(treeSize, ct);
            if (download == true) http.Response.Headers.ContentDisposition = $"attachment; filename=\"quartermaster-checkpoint-{treeSize}.json\"";
            return Results.Ok(doc);
        });
        g.MapPost("/checkpoints", async (CheckpointService s, CancellationToken ct) =>
        {
            var doc = await s.Create(ct);
            return Results.Created($"/api/v1/ledger/checkpoints/{doc.TreeSize}", doc);
        }).RequireAuthorization(Policies.Coordinate);
        g.MapGet("/proofs/inclusion", (long? sequence, long? treeSize, CheckpointService s, CancellationToken ct)
            => s.Inclusion(sequence ?? throw new RequestException("sequence", "is required"), treeSize, ct));
        g.MapGet("/proofs/consistency", (long? from, long? to, CheckpointService s, CancellationToken ct)
            => s.Consistency(from ?? throw new RequestException("from", "is required"), to, ct));
        g.MapPost("/checkpoints/{treeSize:long}/witnesses", async (long treeSize, CountersignRequest? body, CheckpointService s, CurrentActor a, CancellationToken ct) =>
        {
            var w = await s.Countersign(a.Actor, treeSize, body?.Signature, body?.PublicKey, ct);
            return Results.Created($"/api/v1/ledger/checkpoints/{treeSize}", w);
        }).RequireAuthorization(Policies.Witness);
        g.MapPut("/witness-key", async (WitnessKeyRequest? body, CheckpointService s, CurrentActor a, CancellationToken ct)
            => Results.Ok(new { keyId = await s.RegisterWitnessKey(a.Actor, body?.PublicKey, ct) })).RequireAuthorization(Policies.Witness);
    }
}
