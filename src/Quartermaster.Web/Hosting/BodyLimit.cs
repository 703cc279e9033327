using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Quartermaster.Web.Hosting;

/// <summary>
/// A request that declares a body over its limit is refused with 413 before anything reads it. A server that answers and
/// closes while the client is still sending makes the client see a reset connection instead of the answer, so the rest
/// of the body is read and thrown away first — up to <see cref="DrainFactor"/> times the limit and for at most
/// <see cref="DrainTime"/>; a client sending more than that is cut off.
/// </summary>
public static class BodyLimit
{
    public const int DrainFactor = 4;
    public static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(30);

    public static async Task RefuseAsync(HttpContext http, long declared, long limit)
    {
        if (declared <= limit * DrainFactor && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(DrainTime);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (await http.Request.Body.ReadAsync(buffer, timeout.Token) > 0) { }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
            {
                // The client stopped sending, or took too long: answer anyway.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        if (http.RequestAborted.IsCancellationRequested) return;
        await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large",
            detail: $"The request body is {declared:N0} bytes; the limit for this address is {limit:N0} bytes.").ExecuteAsync(http);
    }
}
