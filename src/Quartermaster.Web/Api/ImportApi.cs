using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Application.Importing;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>
/// The import endpoints of the REST API. The file is the request body (any content type), or the part named "file" (else
/// the first file) of a multipart form. The mapping is a built-in name (<c>?mapping=kiel-ust-main</c> or a form field
/// "mapping") or a mapping document sent with the request (a multipart part "mapping", file or text), at most
/// <see cref="MaxMappingBytes"/>. With <c>?dryRun=true</c> the answer is the preview (<see cref="ImportPreview"/>): counts
/// and every problem, 200 even when there are problems, nothing written. Over HTTP a mapping is never a path: no server file is read because of a request.
/// </summary>
public static class ImportApi
{
    public const int MaxMappingBytes = 64 * 1024;

    public static void Map(RouteGroupBuilder g)
    {
        MapImportOf(g, "offers", Policies.Pledge);
        MapImportOf(g, "requirements", Policies.Requirements);
        MapImportOf(g, "catalogue", Policies.Coordinate);
    }

    private static void MapImportOf(RouteGroupBuilder g, string target, string policy)
    {
        var kind = Enum.Parse<ImportKind>(target, true);
        g.MapPost("/" + target, async (string? mapping, string? fileName, string? encoding, bool? dryRun,
            HttpRequest request, ImportService s, CurrentActor a, CancellationToken ct) =>
        {
            var text = TextEncodings.Parse(encoding);
            Stream body;
            string name;
            ImportMapping? document = null;
            if (request.HasFormContentType)
            {
                IFormCollection form;
                try { form = await request.ReadFormAsync(ct); }
                catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
                {
                    throw new RequestException("file", $"The multipart form cannot be read: {e.Message}");
                }
                var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault(f => f.Name != "mapping")
                           ?? throw new RequestException("file", "The form carries no file.");
                if (form.Files.GetFile("mapping") is { } mappingFile)
                {
                    await using var m = mappingFile.OpenReadStream();
                    document = await MappingDocument(m, mappingFile.FileName, ct);
                }
                else if (form["mapping"].ToString() is { Length: > 0 } field)
                {
                    if (field.TrimStart().StartsWith('{'))
                        document = await MappingDocument(new MemoryStream(Encoding.UTF8.GetBytes(field)), "mapping", ct);
                    else
                        mapping = field;
                }
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
            var resolved = document ?? ImportService.ResolveMapping(kind, mapping);
            // ?dryRun=true: what the import would do (counts and every problem), nothing written.
            if (dryRun == true)
                return Results.Ok(await s.Preview(a.Actor, kind, buffered, name, resolved, new ImportOptions { Encoding = text }, ct));
            return Results.Ok(await s.Import(a.Actor, kind, buffered, name, resolved, new ImportOptions { Encoding = text }, ct));
        }).DisableAntiforgery().RequireAuthorization(policy);
    }

    /// <summary>A mapping document sent with the request: at most <see cref="MaxMappingBytes"/>, parsed with every problem named.</summary>
    internal static async Task<ImportMapping> MappingDocument(Stream stream, string sourceName, CancellationToken ct)
    {
        var buffer = new byte[MaxMappingBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        if (read > MaxMappingBytes)
            throw new RequestException("mapping", $"A mapping document is at most {MaxMappingBytes / 1024} KB.");
        try
        {
            return ImportMapping.Parse(new UTF8Encoding(false, true).GetString(buffer, 0, read), Path.GetFileName(sourceName));
        }
        catch (DecoderFallbackException)
        {
            throw new RequestException("mapping", "The mapping document is not UTF-8 text.");
        }
        catch (JsonException e)
        {
            throw new RequestException("mapping", $"The mapping document is not valid JSON: {e.Message}");
        }
    }
}
