using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Quartermaster.Application.Import;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>Issue 8.1: over HTTP a mapping is a built-in name or a document sent with the request, never a server path.</summary>
public abstract class ImportMappingTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string GermanCatalogue = "Artikel,Bezeichnung,Klasse,Koalition,Letal\nim-vest-{0},Schutzweste,8470,protection,false\n";

    private static string CustomMapping(string name) => $$"""
        { "name": "{{name}}", "target": "catalogue",
          "fields": { "code": { "column": "Artikel" }, "name": { "column": "Bezeichnung" }, "supply_class": { "column": "Klasse" },
                      "coalition": { "column": "Koalition" }, "is_lethal": { "column": "Letal" } } }
        """;

    private static MultipartFormDataContent Form(string csv, HttpContent? mapping)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        form.Add(file, "file", "katalog.csv");
        if (mapping is not null) form.Add(mapping, "mapping", "katalog-mapping.json");
        return form;
    }

    [Fact]
    public async Task A_server_path_as_mapping_is_refused_with_400_naming_the_built_in_mappings_and_no_file_is_read()
    {
        using var poc = await fx.ClientForAsync("im-poc-jpn", Role.NationalPointOfContact, "JPN");
        using var coordinator = await fx.ClientForAsync("im-coordinator", Role.Coordinator, null);
        // A valid catalogue mapping lying on the server's disk: today's code would read and use it.
        var onDisk = Path.Combine(Path.GetTempPath(), $"qm-mapping-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(onDisk, CustomMapping("on-disk"), Ct);
        try
        {
            var before = await fx.LedgerCountAsync();
            foreach (var (http, target, path) in new[] { (poc, "offers", "/etc/passwd"), (poc, "offers", "/proc/self/environ"), (coordinator, "catalogue", onDisk), (poc, "offers", "../../etc/hostname") })
            {
                using var r = await http.PostFile($"/api/v1/import/{target}?mapping={Uri.EscapeDataString(path)}",
                    Encoding.UTF8.GetBytes(string.Format(GermanCatalogue, "disk")), "text/csv");
                var body = await r.Content.ReadAsStringAsync(Ct);
                Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)r.StatusCode} {body}");
                Assert.Contains("\"mapping\"", body, StringComparison.Ordinal);
                foreach (var builtin in ImportMapping.BuiltinNames) Assert.Contains(builtin, body, StringComparison.Ordinal);
                Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
            }
            Assert.Equal(before, await fx.LedgerCountAsync());
        }
        finally
        {
            File.Delete(onDisk);
        }
    }

    [Fact]
    public async Task A_mapping_document_sent_as_a_multipart_part_or_field_is_used_and_a_built_in_name_still_works()
    {
        using var coordinator = await fx.ClientForAsync("im-coordinator-2", Role.Coordinator, null);
        var part = new StringContent(CustomMapping("sent-as-part"), Encoding.UTF8, "application/json");
        using (var r = await coordinator.PostAsync("/api/v1/import/catalogue", Form(string.Format(GermanCatalogue, "part"), part), Ct))
        {
            var summary = await r.Ok();
            Assert.Equal("sent-as-part", summary.Str("mapping"));
            Assert.Equal(1, summary["created"]!.GetValue<int>());
        }
        using (var form = Form(string.Format(GermanCatalogue, "field"), null))
        {
            form.Add(new StringContent(CustomMapping("sent-as-field")), "mapping");
            using var r = await coordinator.PostAsync("/api/v1/import/catalogue", form, Ct);
            Assert.Equal("sent-as-field", (await r.Ok()).Str("mapping"));
        }
        using (var form = Form("code,name,supply_class,coalition,is_lethal\nim-named,vest,8470,protection,false\n", null))
        {
            form.Add(new StringContent("catalogue"), "mapping");
            using var r = await coordinator.PostAsync("/api/v1/import/catalogue", form, Ct);
            Assert.Equal("catalogue", (await r.Ok()).Str("mapping"));
        }
    }

    [Fact]
    public async Task A_mapping_document_larger_than_64_KB_is_refused_with_400()
    {
        using var coordinator = await fx.ClientForAsync("im-coordinator-3", Role.Coordinator, null);
        var huge = CustomMapping("huge").Replace("\"target\"", $"\"description\": \"{new string('x', 70_000)}\", \"target\"");
        using var r = await coordinator.PostAsync("/api/v1/import/catalogue",
            Form(string.Format(GermanCatalogue, "huge"), new StringContent(huge, Encoding.UTF8, "application/json")), Ct);
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode} {body}");
        Assert.Contains("64 KB", body, StringComparison.Ordinal);
    }
}

public sealed class ImportMappingOnSqlite(SecurityFixture<OnSqlite> fx) : ImportMappingTests<OnSqlite>(fx);

public sealed class ImportMappingOnPostgres(SecurityFixture<OnPostgres> fx) : ImportMappingTests<OnPostgres>(fx);
