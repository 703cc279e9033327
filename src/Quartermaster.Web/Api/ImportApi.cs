using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Importing;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The import endpoints of the REST API.</summary>
public static class ImportApi
{
    public static void Map(RouteGroupBuilder g)
    {
        // The file is the request body (any content type), or the first file of a multipart form.
        MapImportOf(g, "offers", Policies.Pledge);
        MapImportOf(g, "requirements", Policies.Requirements);
        MapImportOf(g, "catalogue", Policies.Coordinate);
    }

    private static void MapImportOf(RouteGroupBuilder g, string target, string policy)
    {
        g.MapPost("/" + target, async ( string? mapping, string? fileName,
            HttpRequest request, ImportService s, CurrentActor a, CancellationToken ct) =>
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
            await using var buffered = new MemoryStream();
            await body.CopyToAsync(buffered, ct);
            buffered.Position = 0;
            return Results.Ok(await s.Import(a.Actor, Enum.Parse<ImportKind>(target, true), buffered, name, mapping, null, ct));
        }).DisableAntiforgery().RequireAuthorization(policy);
    }
}
