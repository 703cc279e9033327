using System.IO.Compression;
using System.Text;
using Quartermaster.Application.Import;

namespace Quartermaster.Import.Tests;

public sealed class ReaderTests
{
    [Fact]
    public void Csv_rows_after_a_field_with_embedded_newlines_get_their_physical_start_line()
    {
        var sheet = TestData.Csv("a,b\n1,\"two\nlines\"\n3,x\r\n\"4\r\n\r\nmore\",y\n5,z\n").Single();
        Assert.Equal([2, 4, 5, 8], sheet.Rows.Select(r => r.Line));
        Assert.Equal("two\nlines", sheet.Rows[0]["b"]);
    }

    [Fact]
    public void Cells_stored_compactly_read_back_exactly_empty_ones_as_null_and_text_beyond_ascii_intact()
    {
        var sheet = TestData.Csv("a,b,c,d\nÄrmelkanal – ✓,,\"x, y\",日本\n,,,z\n").Single();
        Assert.Equal(4, sheet.Rows[0].Count);
        Assert.Equal(["Ärmelkanal – ✓", null, "x, y", "日本"], Enumerable.Range(0, 4).Select(i => sheet.Rows[0][i]));
        Assert.Equal([null, null, null, "z"], Enumerable.Range(0, 4).Select(i => sheet.Rows[1][i]));
        Assert.Null(sheet.Rows[0][4]);
        Assert.Null(sheet.Rows[0][-1]);
    }

    [Fact]
    public void Parsed_lines_share_one_string_for_a_text_that_repeats_down_the_file()
    {
        const string csv = "source_key,donor,aid_type,description\nk1,NOR,Military,winter tents\nk2,NOR,Military,winter tents\n";
        var rows = OfferImport.Parse(TestData.Text(csv), "offers.csv", ImportMapping.Builtin("offers"), TestData.KielRates()).RowsOrThrow();
        Assert.Equal("NOR", rows[1].DonorCode);
        Assert.Same(rows[0].DonorCode, rows[1].DonorCode);
        Assert.Same(rows[0].Description, rows[1].Description);
    }

    [Fact]
    public void Blank_rows_are_skipped_and_later_lines_keep_their_numbers()
    {
        var sheet = TestData.Csv("a,b\n1,2\n\n,\n3,4\n").Single();
        Assert.Equal([2, 5], sheet.Rows.Select(r => r.Line));
        Assert.Null(TestData.Csv("a,b\n1,\n").Single().Rows[0]["b"]);
    }

    [Fact]
    public void Headers_are_kept_by_position_blank_and_repeated_ones_included()
    {
        var sheet = TestData.Csv("a,b,A, \n1,2,3,4\n", "dup.csv").Single();
        Assert.Equal(["a", "b", "A", ""], sheet.Headers);
        Assert.Equal([0, 2], sheet.Find("a"));
        Assert.Equal([3], sheet.Find("col:D"));
        Assert.Equal([3], sheet.Find("col:4"));
        Assert.Equal("4", sheet.Rows[0][3]);
        Assert.Equal("D", sheet.Label(3));
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused()
    {
        var ex = Assert.Throws<ImportRejectedException>(() =>
            TabularReader.Read(TestData.Text("a\n1\n2\n3\n"), "big.csv", new ImportLimits { MaxRows = 2 }));
        Assert.Contains("more than 2 data rows", ex.Issues.Single().Message);
    }

    [Fact]
    public void Xlsx_cells_become_invariant_text_with_dates_as_iso_and_serials_as_numbers()
    {
        var ms = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(ms, new[]
        {
            new Dictionary<string, object?> { ["when"] = new DateTime(2022, 3, 1), ["serial"] = 44621d, ["price"] = 1234.5d, ["text"] = "x" },
            new Dictionary<string, object?> { ["when"] = null, ["serial"] = null, ["price"] = null, ["text"] = null },
            new Dictionary<string, object?> { ["when"] = null, ["serial"] = 1d, ["price"] = null, ["text"] = "y" },
        });
        ms.Position = 0;
        var sheet = TabularReader.Read(ms, "book.xlsx", ImportLimits.Default).Single();
        Assert.Equal(["when", "serial", "price", "text"], sheet.Headers);
        var r = sheet.Rows[0];
        Assert.Equal(("2022-03-01", "44621", "1234.5", "x"), (r["when"], r["serial"], r["price"], r["text"]));
        Assert.Equal([2, 4], sheet.Rows.Select(x => x.Line)); // the blank line 3 is skipped
    }

    [Fact]
    public void A_zip_bomb_whose_shared_strings_declare_a_huge_size_is_refused()
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", "<Types/>");
            Write(zip, "xl/workbook.xml", "<workbook/>");
            var entry = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 120; i++) s.Write(zeros); // 120 MB of zeros: a few hundred KB compressed
        }
        ms.Position = 0;
        var ex = Assert.Throws<ImportRejectedException>(() => TabularReader.Read(ms, "bomb.xlsx", ImportLimits.Default));
        var issue = Assert.Single(ex.Issues);
        Assert.Contains("zip bomb", issue.Message);
        Assert.Contains("xl/sharedStrings.xml", issue.Message);
    }

    [Fact]
    public void A_workbook_that_decompresses_beyond_the_limit_is_refused_even_at_a_modest_ratio()
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "xl/workbook.xml", "<workbook/>");
            Write(zip, "xl/sharedStrings.xml", new string('x', 5000));
        }
        ms.Position = 0;
        var ex = Assert.Throws<ImportRejectedException>(() => TabularReader.Read(ms, "big.xlsx", new ImportLimits { MaxUncompressedBytes = 4000 }));
        Assert.Contains("zip bomb", ex.Issues.Single().Message);
    }

    [Theory]
    [InlineData("report.pdf", "%PDF-1.7\n\u0000\u0001binary")]
    [InlineData("data.csv", "a,b\n\u0000\u0000\u0000")]
    [InlineData("notes.docx", null)]
    [InlineData("fake.xlsx", "a,b\n1,2\n")]
    [InlineData("old.xls", "\u00D0\u00CF\u0011\u00E0")]
    public void A_file_that_is_not_a_spreadsheet_is_refused_with_one_clear_issue(string name, string? content)
    {
        Stream stream;
        if (content is null)
        {
            var ms = new MemoryStream();
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true)) Write(zip, "word/document.xml", "<w/>");
            ms.Position = 0;
            stream = ms;
        }
        else stream = new MemoryStream(content.Select(c => (byte)c).ToArray());
        var ex = Assert.Throws<ImportRejectedException>(() => TabularReader.Read(stream, name, ImportLimits.Default));
        var issue = Assert.Single(ex.Issues);
        Assert.Contains("not a CSV or XLSX file", issue.Message);
        Assert.Equal(name, issue.Sheet);
    }

    [Fact]
    public void Issue_text_names_sheet_line_and_column()
    {
        Assert.Equal("sheet 'Sheet1', line 14, column 'No. of Units': 'abc' is not a whole number",
            new ImportIssue("Sheet1", 14, "No. of Units", "'abc' is not a whole number").ToString());
        Assert.Equal("sheet 'a.csv': not a CSV or XLSX file", new ImportIssue("a.csv", 0, null, "not a CSV or XLSX file").ToString());
        Assert.Equal("The import was rejected: 1 issue: sheet 'a.csv': x", new ImportRejectedException([new ImportIssue("a.csv", 0, null, "x")]).Message);
    }

    [Fact]
    public void Exchange_rates_csv_gives_the_trackers_17_rates_and_bad_lines_are_issues()
    {
        var table = TestData.KielRates();
        Assert.Equal(17, table.Currencies.Count);
        Assert.Equal(1.4921m, table.RateFor(Quartermaster.Domain.Common.Currency.Parse("AUD")).UnitsPerEur);
        var ex = Assert.Throws<ImportRejectedException>(() =>
            ExchangeRatesCsv.Parse(TestData.Text("currency,units_per_eur,rate_basis\nUSD,0.98,x\nEURO,1,x\nGBP,-1,x\nUSD,1,x\n"), new DateOnly(2022, 10, 6)));
        Assert.Contains(ex.Issues, i => i is { Line: 3, Column: "currency" });
        Assert.Contains(ex.Issues, i => i is { Line: 4, Column: "units_per_eur" });
        Assert.Contains(ex.Issues, i => i is { Line: 5, Column: "currency" } && i.Message.Contains("line 2"));
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(content));
    }
}
