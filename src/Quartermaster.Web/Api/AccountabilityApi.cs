using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartermaster.Application.Accountability;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>
/// End-use accountability: /api/v1/custody (a serial's custody and history, transfers, reversals), /api/v1/inventories
/// (posted serial inventories, JSON or scan file) and /api/v1/accountability (delinquency list, inventories due, report).
/// </summary>
public static class AccountabilityApi
{
    public static IServiceCollection AddAccountability(this IServiceCollection services)
    {
        services.AddScoped<AccountabilityService>();
        services.AddScoped<AccountabilityReports>();
        services.AddScoped<CustodyHook, CustodyOnReceipt>();
        return services;
    }

    public static void Map(RouteGroupBuilder api)
    {
        var c = api.MapGroup("/custody").WithTags("Accountability");
        c.MapGet("/", async (string? serial, string? item, AccountabilityService s, CancellationToken ct)
            => string.IsNullOrWhiteSpace(serial) ? throw new RequestException("serial", "Give the serial number (and the item code if several items share it).")
                : await s.Find(serial, item, ct));
        c.MapGet("/{id:guid}", (Guid id, AccountabilityService s, CancellationToken ct) => s.Custody(id, ct));
        c.MapPost("/transfers", async (TransferInput input, AccountabilityService s, CurrentActor a, CancellationToken ct)
            => Results.Ok(new { transferred = await s.Transfer(a.Actor, input, ct) })).RequireAuthorization(Policies.Receive);
        c.MapPost("/{id:guid}/reverse", (Guid id, ReverseInput input, AccountabilityService s, CurrentActor a, CancellationToken ct)
            => s.Reverse(a.Actor, id, input, ct)).RequireAuthorization(Policies.Receive);

        var i = api.MapGroup("/inventories").WithTags("Accountability");
        i.MapGet("/", (AccountabilityService s, CancellationToken ct) => s.Inventories(ct)).RequireAuthorization(Policies.Accountability);
        // JSON {number, unit, takenAt, lines:[{serial, status, itemCode, evidence, noticedAt, manualEntry}]}, or a scan file
        // (CSV/XLSX: serial, status[, item, evidence, noticed_at, manual]) with ?number=&unit=&takenAt=.
        i.MapPost("/", async (HttpRequest request, string? number, string? unit, DateTime? takenAt, string? fileName, AccountabilityService s,
            CurrentActor a, CancellationToken ct) =>
        {
            var key = request.Headers.TryGetValue("Idempotency-Key", out var k) && !string.IsNullOrWhiteSpace(k.ToString()) ? k.ToString().Trim() : null;
            InventoryResult result;
            if (request.HasJsonContentType())
            {
                InventoryInput? input;
                try { input = await request.ReadFromJsonAsync<InventoryInput>(ct); }
                catch (System.Text.Json.JsonException e) { throw new RequestException(string.IsNullOrEmpty(e.Path) ? "body" : e.Path.TrimStart('$', '.'), e.Message); }
                result = await s.PostInventory(a.Actor, input ?? throw new RequestException("body", "Send the inventory as JSON."), key, ct);
            }
            else
            {
                var (stream, name) = await DeliveryApi.Upload(request, fileName, ct);
                await using (stream) result = await s.PostInventoryFile(a.Actor, key ?? number, unit, takenAt, stream, name, ct);
            }
            return Results.Json(result, statusCode: result.Replayed ? 200 : 201);
        }).DisableAntiforgery().Accepts<InventoryInput>("application/json", "text/csv", "multipart/form-data").RequireAuthorization(Policies.Receive);

        var r = api.MapGroup("/accountability").WithTags("Accountability");
        r.MapGet("/delinquent", (AccountabilityReports s, int? page, int? pageSize, CancellationToken ct)
            => s.Delinquent(ApiQuery.Page(page, pageSize, null, null), ct));
        r.MapGet("/due", (AccountabilityReports s, int? withinDays, int? page, int? pageSize, CancellationToken ct)
            => s.Due(withinDays ?? 30, ApiQuery.Page(page, pageSize, null, null), ct));
        r.MapGet("/report", (AccountabilityReports s, CancellationToken ct) => s.Report(ct));
    }
}
