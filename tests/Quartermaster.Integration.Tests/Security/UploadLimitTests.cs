using System.IO.Compression;
using System.Net;
using System.Text;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>Hostile uploads: XLSX zip bombs are refused before they are expanded, and nothing is written.</summary>
public abstract class UploadLimitTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static byte[] Workbook(Action<ZipArchive> addSheets)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Text(string name, string content)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                w.Write(content);
            }
            Text("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>""");
            Text("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="offers" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            addSheets(zip);
        }
        return ms.ToArray();
    }

    private static void Zeros(ZipArchive zip, string name, long bytes)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        var block = new byte[1 << 20];
        Array.Fill(block, (byte)' ');
        for (long left = bytes; left > 0; left -= block.Length) s.Write(block, 0, (int)Math.Min(block.Length, left));
    }

    public static TheoryData<string> Bombs => new() { "one-huge-entry", "many-small-entries" };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task Xlsx_zip_bomb_uploaded_as_offers_is_refused_and_nothing_is_written(string shape)
    {
        var bomb = shape == "one-huge-entry"
            ? Workbook(z => Zeros(z, "xl/worksheets/sheet1.xml", 300L << 20))
            : Workbook(z => { for (var i = 0; i < 160; i++) Zeros(z, $"xl/worksheets/sheet{i + 1}.xml", (1L << 20) - 1); });
        Assert.True(bomb.Length < 2 << 20, $"the bomb itself is {bomb.Length:N0} bytes");
        using var jpn = await fx.ClientForAsync("up-poc-jpn", Role.NationalPointOfContact, "JPN");
        var before = await fx.Db.RowCountsAsync();
        using (var raw = await jpn.PostFile("/api/v1/import/offers?fileName=bomb.xlsx", bomb, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            Assert.True(raw.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge,
                $"raw body: {(int)raw.StatusCode} {await raw.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        using (var form = await jpn.PostMultipart("/api/v1/import/offers", bomb, "bomb.xlsx"))
            Assert.True(form.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge,
                $"multipart: {(int)form.StatusCode} {await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.Equal(before, await fx.Db.RowCountsAsync());
        // The server is still there.
        await jpn.GetNode("/api/v1/me");
    }
}

public sealed class UploadLimitsOnSqlite(SecurityFixture<OnSqlite> fx) : UploadLimitTests<OnSqlite>(fx);

public sealed class UploadLimitsOnPostgres(SecurityFixture<OnPostgres> fx) : UploadLimitTests<OnPostgres>(fx);
