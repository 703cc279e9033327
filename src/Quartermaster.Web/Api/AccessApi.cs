using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The access endpoints of the REST API.</summary>
public static class AccessApi
{
    public sealed record TokenRequest(string? Name, TokenScope Scope = TokenScope.Read, int Days = 30);
    /// <summary>A signed-in person's own API tokens: created (shown once), listed, revoked.</summary>

    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/", (AccountsService s, CurrentActor a, CancellationToken ct) => s.Tokens(a.Actor.Name, ct));
        g.MapPost("/", async (TokenRequest request, AccountsService s, CurrentActor a, CancellationToken ct) =>
        {
            var created = await s.CreateToken(a.Actor, a.Actor.Name, request.Name ?? "api", request.Scope, request.Days, ct);
            return Results.Json(new { token = created.Token, info = created.Info }, statusCode: 201);
        });
        g.MapDelete("/{id:guid}", async (Guid id, AccountsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var me = Guid.Parse(http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value);
            return Results.Ok(await s.RevokeToken(a.Actor, id, me, ct));
        });
    }
}
