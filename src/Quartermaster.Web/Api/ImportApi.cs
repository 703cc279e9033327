using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
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
        g.MapPost("/" + target, async (string? mapping, string? fileName, string? encoding,
            HttpRequest request, ImportService s, CurrentActor a, CancellationToken ct) =>
        {
            var text = TextEncodings.Parse(encoding);
            Stream body;
            string name;
            if (request.HasFormContentType)
            {
                IFormCollection form;
                try { form = await request.ReadFormAsync(ct); }
                catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
                {
                    throw new RequestException("file", $"The multipart form cannot be read: {e.Message}");
                }
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
            ImportMapping resolved;
            try { resolved = ImportService.ResolveMapping(Enum.Parse<ImportKind>(target, true), mapping); }
            catch (ArgumentException e) { throw new RequestException("mapping", e.Message); }
            try
            {
                return Results.Ok(await s.Import(a.Actor, Enum.Parse<ImportKind>(target, true), buffered, name, resolved, new ImportOptions { Encoding = text }, ct));
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // Another import wrote the same records at the same moment: nothing of this one was kept.
                throw new ConflictException("Another import changed the same records at the same time; nothing of this file was imported. Send it again.");
            }
        }).DisableAntiforgery().RequireAuthorization(policy);
    }
}
