using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Domain.Delivery;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>
/// Shipments, receipts and discrepancies: /api/v1/shipments, /api/v1/receipts, /api/v1/discrepancies. Actions take an
/// optional If-Match (the ETag read); receipts take an Idempotency-Key (or the body's number).
/// </summary>
public static class DeliveryApi
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddScoped<ShipmentsService>();
        services.AddScoped<IdentificationService>();
        services.AddScoped<ReceiptsService>();
        services.AddScoped<DiscrepanciesService>();
        services.AddScoped<EpcisService>();
        return services;
    }

    public sealed record ShipmentsSerialsBody(IReadOnlyList<SerialsInput>? Lines);

    public sealed record ShipmentsLotsBody(IReadOnlyList<LotsInput>? Lines);

    private static long? OptionalIfMatch(HttpRequest r) => string.IsNullOrWhiteSpace(r.Headers.IfMatch.ToString()) ? null : ETags.IfMatch(r);

    private static string? IdempotencyKey(HttpRequest r)
        => r.Headers.TryGetValue("Idempotency-Key", out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    private static IResult Detail(HttpContext http, ShipmentDetail d, int status = 200) => http.WithETag(d, d.Summary.Version, status);

    public static void Map(RouteGroupBuilder api)
    {
        var s = api.MapGroup("/shipments").WithTags("Delivery");
        s.MapGet("/", (ShipmentsService svc, int? page, int? pageSize, string? sort, string? search, ShipmentState? state, string? donor, CancellationToken ct)
            => svc.List(ApiQuery.Page(page, pageSize, sort, search), state, donor, ct));
        s.MapGet("/{id:guid}", async (Guid id, ShipmentsService svc, HttpContext http, CancellationToken ct) => Detail(http, await svc.Get(id, ct)));
        var ship = s.MapGroup("").RequireAuthorization(Policies.Ship);
        ship.MapPost("/", async (ShipmentInput input, ShipmentsService svc, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var d = await svc.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/shipments/{d.Summary.Id}";
            return Detail(http, d, 201);
        });
        // Serials: JSON {lines:[{lineNumber, serials:[…]}]}, or a CSV/XLSX file (body or multipart) with columns serial[, line].
        ship.MapPost("/{id:guid}/serials", async (Guid id, HttpRequest request, string? fileName, IdentificationService svc, CurrentActor a, CancellationToken ct) =>
        {
            if (request.HasJsonContentType())
            {
                ShipmentsSerialsBody? body;
                try { body = await request.ReadFromJsonAsync<ShipmentsSerialsBody>(ct); }
                catch (System.Text.Json.JsonException e) { throw new RequestException(string.IsNullOrEmpty(e.Path) ? "body" : e.Path.TrimStart('$', '.'), e.Message); }
                if (body is null) throw new RequestException("body", "Send {\"lines\":[{\"lineNumber\":1,\"serials\":[…]}]}.");
                return Results.Ok(await svc.SetSerials(a.Actor, id, body.Lines ?? [], ct));
            }
            var (stream, name) = await Upload(request, fileName, ct);
            await using (stream) return Results.Ok(await svc.SetSerialsFromFile(a.Actor, id, stream, name, ct));
        }).DisableAntiforgery().Accepts<ShipmentsSerialsBody>("application/json", "text/csv", "multipart/form-data");
        ship.MapPost("/{id:guid}/lots", async (Guid id, ShipmentsLotsBody body, IdentificationService svc, CurrentActor a, CancellationToken ct)
            => Results.Ok(await svc.SetLots(a.Actor, id, body.Lines ?? [], ct)));
        ship.MapPost("/{id:guid}/dispatch", async (Guid id, DispatchInput? input, ShipmentsService svc, CurrentActor a, HttpContext http, CancellationToken ct)
            => Detail(http, await svc.Dispatch(a.Actor, id, OptionalIfMatch(http.Request), input ?? new DispatchInput(), ct)));
        ship.MapPost("/{id:guid}/cancel", async (Guid id, CancelInput input, ShipmentsService svc, CurrentActor a, HttpContext http, CancellationToken ct)
            => Detail(http, await svc.Cancel(a.Actor, id, OptionalIfMatch(http.Request), input, ct)));
        var deliver = s.MapGroup("").RequireAuthorization(Policies.Deliver);
        deliver.MapPost("/{id:guid}/arrive-hub", async (Guid id, EventInput? input, ShipmentsService svc, CurrentActor a, HttpContext http, CancellationToken ct)
            => Detail(http, await svc.ArriveAtHub(a.Actor, id, OptionalIfMatch(http.Request), input ?? new EventInput(), ct)));
        deliver.MapPost("/{id:guid}/hand-over", async (Guid id, EventInput? input, ShipmentsService svc, CurrentActor a, HttpContext http, CancellationToken ct)
            => Detail(http, await svc.HandOver(a.Actor, id, OptionalIfMatch(http.Request), input ?? new EventInput(), ct)));
        deliver.MapPost("/{id:guid}/legs/{number:int}", async (Guid id, int number, LegTimesInput input, ShipmentsService svc, CurrentActor a, HttpContext http, CancellationToken ct)
            => Detail(http, await svc.RecordLeg(a.Actor, id, number, OptionalIfMatch(http.Request), input, ct)));

        // GS1 EPCIS 2.0 JSON-LD: shipping, receiving, inspection and inventory events for a donor's or hub's traceability system.
        api.MapGroup("/events").WithTags("Delivery").MapGet("/epcis", async (string? from, string? to, string? shipment, EpcisService svc, CancellationToken ct)
            => Results.Json(await svc.Export(EpcisQuery.Parse(from, to, shipment), ct), contentType: "application/ld+json"));

        var r = api.MapGroup("/receipts").WithTags("Delivery");
        r.MapGet("/", (ReceiptsService svc, Guid? shipmentId, CancellationToken ct) => svc.List(shipmentId, ct));
        r.MapGet("/{id:guid}", (Guid id, ReceiptsService svc, CancellationToken ct) => svc.Get(id, false, ct));
        var receive = r.MapGroup("").RequireAuthorization(Policies.Receive);
        receive.MapPost("/", async (ReceiptInput input, ReceiptsService svc, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var d = await svc.Post(a.Actor, input, IdempotencyKey(http.Request), ct);
            http.Response.Headers.Location = $"/api/v1/receipts/{d.Summary.Id}";
            return Results.Json(d, statusCode: d.Replayed ? 200 : 201);
        });
        receive.MapPost("/{id:guid}/reverse", async (Guid id, ReversalInput input, ReceiptsService svc, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var d = await svc.Reverse(a.Actor, id, input, IdempotencyKey(http.Request), ct);
            http.Response.Headers.Location = $"/api/v1/receipts/{d.Summary.Id}";
            return Results.Json(d, statusCode: d.Replayed ? 200 : 201);
        });

        var d = api.MapGroup("/discrepancies").WithTags("Delivery");
        d.MapGet("/", (DiscrepanciesService svc, int? page, int? pageSize, DiscrepancyState? state, string? donor, Guid? shipmentId, CancellationToken ct)
            => svc.List(ApiQuery.Page(page, pageSize, null, null), state, donor, shipmentId, ct));
        d.MapGet("/{id:guid}", async (Guid id, DiscrepanciesService svc, HttpContext http, CancellationToken ct) =>
        {
            var v = await svc.Get(id, ct);
            return http.WithETag(v, v.Version);
        });
        d.MapPost("/{id:guid}/{action:regex(^(review|charge|resolve|contest)$)}", async (Guid id, string action, DiscrepancyActionInput? input,
            DiscrepanciesService svc, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var v = await svc.Act(a.Actor, id, action, OptionalIfMatch(http.Request), input ?? new DiscrepancyActionInput(), ct);
            return http.WithETag(v, v.Version);
        }).RequireAuthorization(Policies.Deliver);
    }

    /// <summary>The uploaded file: the request body, or the first file of a multipart form.</summary>
    public static async Task<(Stream, string)> Upload(HttpRequest request, string? fileName, CancellationToken ct)
    {
        Stream body;
        string name;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault() ?? throw new RequestException("file", "The form carries no file.");
            body = file.OpenReadStream();
            name = file.FileName;
        }
        else
        {
            body = request.Body;
            name = fileName ?? (request.ContentType?.Contains("spreadsheetml", StringComparison.Ordinal) == true ? "upload.xlsx" : "upload.csv");
        }
        var buffered = new MemoryStream();
        await body.CopyToAsync(buffered, ct);
        buffered.Position = 0;
        return (buffered, name);
    }
}
