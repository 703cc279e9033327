using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Quartermaster.Application.Common;
using Quartermaster.Storage;
using Quartermaster.Web.Hosting;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Quartermaster.Web.Api;

/// <summary>
/// <c>.Idempotent()</c> on an endpoint or a route group makes its writes safe to repeat (see <see cref="Idempotency"/>):
/// the client sends <c>Idempotency-Key: &lt;its own unique value&gt;</c>; the first successful answer (status, body,
/// Location/ETag/Warning headers) is stored with the write in the same transaction, keyed by the signed-in actor and
/// the key; the same request again gets that answer back (with <c>Idempotent-Replayed: true</c>) and changes nothing;
/// the same key with a different body or route answers 409 naming the fields that differ. Without the header the
/// server still uses a key of its own for the request, so its own retries after a transient fault never write twice.
/// The request's fingerprint is every bound argument that is not a service, HttpContext or CancellationToken.
/// </summary>
public static class IdempotencyFilter
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Headers that are part of a write's result, stored and replayed with it.</summary>
    private static readonly string[] ResultHeaders = ["Location", "ETag", "Warning"];

    public static TBuilder Idempotent<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices.GetService<IServiceProviderIsService>();
            var data = factory.MethodInfo.GetParameters().Select((p, i) => (p, i)).Where(x => IsRequestData(x.p, services)).ToArray();
            return async context =>
            {
                var http = context.HttpContext;
                var header = http.Request.Headers[Idempotency.Header].ToString();
                var key = header.Length == 0 ? "request:" + Guid.NewGuid().ToString("N") : Idempotency.CheckKey(header.Trim());
                var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                var fields = new List<KeyValuePair<string, JsonNode?>>
                {
                    new("endpoint", JsonValue.Create($"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText}")),
                };
                foreach (var (p, i) in data)
                {
                    var value = context.Arguments[i];
                    fields.Add(new(p.Name!, value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), json)));
                }
                var actor = http.RequestServices.GetRequiredService<CurrentActor>().Actor;
                var db = http.RequestServices.GetRequiredService<QuartermasterDb>();
                var before = ResultHeaders.ToDictionary(h => h, h => http.Response.Headers[h]);
                var (result, replayed) = await Idempotency.Run(db, actor, key, RequestFingerprint.Of(fields), async () =>
                {
                    // A retry of the unit starts from the response as it was before the first attempt.
                    foreach (var (h, v) in before) http.Response.Headers[h] = v;
                    http.Response.StatusCode = StatusCodes.Status200OK;
                    return await Capture(http, await next(context));
                }, http.RequestAborted);
                return new StoredResult(result, replayed);
            };
        });

    private static bool IsRequestData(ParameterInfo p, IServiceProviderIsService? services)
    {
        var t = p.ParameterType;
        if (t == typeof(HttpContext) || t == typeof(HttpRequest) || t == typeof(HttpResponse) || t == typeof(CancellationToken)
            || t == typeof(ClaimsPrincipal) || p.GetCustomAttribute<FromServicesAttribute>() is not null)
            return false;
        return services?.IsService(t) != true;
    }

    /// <summary>Runs the endpoint's result into a buffer, so that it can be stored before anything is sent.</summary>
    private static async Task<IdempotentResult> Capture(HttpContext http, object? value)
    {
        var result = value as IResult ?? Results.Json(value);
        var real = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await result.ExecuteAsync(http);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
        finally
        {
            http.Response.Body = real;
        }
        var headers = ResultHeaders.Where(h => !StringValues.IsNullOrEmpty(http.Response.Headers[h]))
            .ToDictionary(h => h, h => http.Response.Headers[h].Select(v => v ?? "").ToArray());
        return new IdempotentResult(http.Response.StatusCode, http.Response.ContentType, headers, buffer.ToArray());
    }

    /// <summary>Sends a result exactly as it was first answered.</summary>
    private sealed class StoredResult(IdempotentResult result, bool replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = result.Status;
            if (result.ContentType is not null) http.Response.ContentType = result.ContentType;
            foreach (var (name, values) in result.Headers) http.Response.Headers[name] = values;
            if (replayed) http.Response.Headers[ReplayedHeader] = "true";
            http.Response.ContentLength = result.Body.Length;
            await http.Response.Body.WriteAsync(result.Body, http.RequestAborted);
        }
    }
}
