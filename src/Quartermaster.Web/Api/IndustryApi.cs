using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Industry;
using Quartermaster.Domain.Industry;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>
/// The industry endpoints: companies and their vetting (the cell), products (the cell or the company's own industry
/// representative), production orders (the cell; a representative reads only its company's and reports
/// units produced), shipments of an order's units (the cell).
/// </summary>
public static class IndustryApi
{
    public static void Map(RouteGroupBuilder g)
    {
        var cell = g.MapGroup("").RequireAuthorization(Policies.Coordinate).Idempotent();
        var industry = g.MapGroup("").RequireAuthorization(Policies.Industry).Idempotent();

        g.MapGet("/companies", (CompaniesService s, CurrentActor a, string? nation, CancellationToken ct) => s.List(a.Actor, nation, ct));
        g.MapGet("/companies/{code}", async (string code, CompaniesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Get(a.Actor, code, ct);
            return http.WithETag(c, c.Version);
        });
        cell.MapPost("/companies", async (CompanyInput input, CompaniesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/industry/companies/{c.Code}";
            return http.WithETag(c, c.Version, 201);
        });
        cell.MapPut("/companies/{code}", async (string code, CompanyInput input, CompaniesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.Rename(a.Actor, code, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(c, c.Version);
        });
        cell.MapPost("/companies/{code}/vetting", async (string code, VettingInput input, CompaniesService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var c = await s.SetVetting(a.Actor, code, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(c, c.Version);
        });

        g.MapGet("/products", (ProductsService s, CurrentActor a, string? company, string? item, CancellationToken ct) => s.List(a.Actor, company, item, ct));
        g.MapGet("/products/{id:guid}", async (Guid id, ProductsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Get(a.Actor, id, ct);
            return http.WithETag(p, p.Version);
        });
        industry.MapPost("/products", async (ProductInput input, ProductsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/industry/products/{p.Id}";
            return http.WithETag(p, p.Version, 201);
        });
        industry.MapPut("/products/{id:guid}", async (Guid id, ProductInput input, ProductsService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var p = await s.Update(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(p, p.Version);
        });

        g.MapGet("/orders", (OrdersService s, CurrentActor a, string? company, OrderState? state, Guid? requirementId, CancellationToken ct)
            => s.List(a.Actor, company, state, requirementId, ct));
        g.MapGet("/orders/{id:guid}", async (Guid id, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Get(a.Actor, id, ct);
            return http.WithETag(o, o.Version);
        });
        cell.MapPost("/orders", async (ProductionOrderInput input, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Create(a.Actor, input, ct);
            http.Response.Headers.Location = $"/api/v1/industry/orders/{o.Id}";
            return http.WithETag(o, o.Version, 201);
        });
        cell.MapPost("/orders/{id:guid}/contract", async (Guid id, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Contract(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(o, o.Version);
        });
        cell.MapPost("/orders/{id:guid}/start", async (Guid id, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.StartProduction(a.Actor, id, ETags.IfMatch(http.Request), ct);
            return http.WithETag(o, o.Version);
        });
        cell.MapPost("/orders/{id:guid}/deliveries", async (Guid id, DeliveryInput input, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Deliver(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(o, o.Version);
        });
        cell.MapPost("/orders/{id:guid}/payments", async (Guid id, PaymentInput input, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Pay(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(o, o.Version);
        });
        cell.MapPost("/orders/{id:guid}/cancel", async (Guid id, CancelInput input, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Cancel(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(o, o.Version);
        });
        // Units made: the cell or the company's own representative (the service checks the company).
        industry.MapPost("/orders/{id:guid}/production", async (Guid id, ProducedInput input, OrdersService s, CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var o = await s.Produced(a.Actor, id, ETags.IfMatch(http.Request), input, ct);
            return http.WithETag(o, o.Version);
        });
        // A shipment of the order's produced units into the delivery chain (the cell).
        cell.MapPost("/orders/{id:guid}/shipments", async (Guid id, Application.Delivery.OrderShipmentInput input, Application.Delivery.ShipmentsService s,
            CurrentActor a, HttpContext http, CancellationToken ct) =>
        {
            var d = await s.CreateForOrder(a.Actor, id, input, ct);
            http.Response.Headers.Location = $"/api/v1/shipments/{d.Summary.Id}";
            return http.WithETag(d, d.Summary.Version, 201);
        });
    }
}
