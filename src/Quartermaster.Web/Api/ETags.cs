using Microsoft.AspNetCore.Http;
using Quartermaster.Application.Common;

namespace Quartermaster.Web.Api;

/// <summary>Versions travel as ETags ("W/\"7\""); an update must send the version it read in If-Match.</summary>
public static class ETags
{
    public static string Of(long version) => $"W/\"{version}\"";

    public static IResult WithETag<T>(this HttpContext http, T body, long version, int status = 200)
    {
        http.Response.Headers.ETag = Of(version);
        return status == 201 ? Results.Json(body, statusCode: 201) : Results.Ok(body);
    }

    public static long IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
            throw new PreconditionRequiredException();
        var v = header.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal)) v = v[2..];
        v = v.Trim('"');
        return long.TryParse(v, out var version)
            ? version
            : throw new RequestException("If-Match", $"If-Match must be the ETag you received, e.g. W/\"3\" (got {header}).");
    }
}

public sealed class PreconditionRequiredException() : Exception("Send If-Match with the ETag you read, so that you never overwrite someone else's change.");
