using System.IO.Compression;
using System.Text;
using Quartermaster.Application.Import;

namespace Quartermaster.Import.Tests;

/// <summary>What the reader refuses or warns about, anywhere in a file, and how it names the place.</summary>
public sealed class BadInputTests
{
    private static byte[] CsvWithLatin1On(int badLine, int lines)
    {
        var sb = new MemoryStream();
        void Line(string s) => sb.Write(Encoding.ASCII.GetBytes(s + "\n"));
        Line("a,b");
        for (var i = 2; i <= lines; i++)
        {
            if (i != badLine) { Line($"{i},plain"); continue; }
            sb.Write(Encoding.ASCII.GetBytes($"{i},Caf"));
            sb.WriteByte(0xE9); // "é" in Latin-1: not UTF-8
            Line("");
        }
        return sb.ToArray();
    }

    [Fact]
    public void Text_that_is_not_utf8_far_into_the_file_is_refused_as_an_encoding_problem_naming_its_line()
    {
        var ex = Assert.Throws<ImportRejectedException>(() => TabularReader.Read(new MemoryStream(CsvWithLatin1On(602, 700)), "latin1.csv"));
        var issue = Assert.Single(ex.Issues);
        Assert.Equal(602, issue.Line);
        Assert.Contains("not UTF-8", issue.Message);
        Assert.Contains("encoding", issue.Message);
        Assert.Contains("0xE9", issue.Message);
    }

    [Fact]
    public void A_named_encoding_decodes_the_file_instead()
    {
        var sheet = TabularReader.Read(new MemoryStream(CsvWithLatin1On(602, 700)), "latin1.csv",
            new ReadOptions { Encoding = TextEncodings.Parse("windows-1252") }).Single();
        Assert.Equal("Café", sheet.Rows.Single(r => r.Line == 602)[1]);
    }

    [Fact]
    public void An_unknown_encoding_name_is_refused_naming_the_option()
    {
        var ex = Assert.Throws<Quartermaster.Application.Common.RequestException>(() => TextEncodings.Parse("klingon-7"));
        Assert.Equal("encoding", ex.Field);
    }

    [Fact]
    public void A_17_MB_cell_is_refused_naming_its_line_and_column()
    {
        var text = "a,b\n1,small\n2,\"" + new string('x', 17 * 1024 * 1024) + "\"\n3,small\n";
        var ex = Assert.Throws<ImportRejectedException>(() => TabularReader.Read(TestData.Text(text), "huge.csv"));
        var issue = Assert.Single(ex.Issues);
        Assert.Equal((3, "b"), (issue.Line, issue.Column));
        Assert.Contains("32,767", issue.Message);
    }

    [Fact]
    public void A_huge_cell_in_a_column_nobody_reads_is_not_a_problem()
    {
        var text = "a,b\n1,\"" + new string('x', 100_000) + "\"\n";
        var sheet = TabularReader.Read(TestData.Text(text), "huge.csv", new ReadOptions { Columns = ["a"] }).Single();
        Assert.Equal("1", sheet.Rows[0]["a"]);
        Assert.Null(sheet.Rows[0]["b"]);
    }

    [Fact]
    public void An_xlsx_formula_without_a_saved_value_is_a_warning_naming_line_and_column()
    {
        var sheet = TabularReader.Read(Workbook("<c r=\"B3\"><f>A3*2</f></c>"), "formula.xlsx").Single();
        Assert.Null(sheet.Rows.Single(r => r.Line == 3)["b"]);
        var warning = Assert.Single(sheet.Warnings);
        Assert.Contains("line 3, column 'b'", warning);
        Assert.Contains("=A3*2", warning);
        Assert.Contains("no saved value", warning);
    }

    [Fact]
    public void An_xlsx_formula_with_its_saved_value_is_read_as_that_value()
    {
        var sheet = TabularReader.Read(Workbook("<c r=\"B3\"><f>A3*2</f><v>6</v></c>"), "formula.xlsx").Single();
        Assert.Equal("6", sheet.Rows.Single(r => r.Line == 3)["b"]);
        Assert.Empty(sheet.Warnings);
    }

    [Fact]
    public void Blank_and_repeated_headers_of_columns_a_mapping_does_not_read_are_not_problems()
    {
        var csv = "source_key,donor,aid_type,description,notes,notes,,x\nk1,NOR,Military,helmets,a,b,c,d\n";
        var parsed = OfferImport.Parse(TestData.Text(csv), "offers.csv", ImportMapping.Builtin("offers"), TestData.KielRates());
        Assert.Empty(parsed.Issues);
        Assert.Equal("k1", Assert.Single(parsed.Rows).SourceKey);
    }

    [Fact]
    public void A_mapped_header_that_repeats_reads_its_first_column_and_warns_how_to_name_another()
    {
        var csv = "source_key,donor,aid_type,description,description\nk1,NOR,Military,helmets,vests\n";
        var parsed = OfferImport.Parse(TestData.Text(csv), "offers.csv", ImportMapping.Builtin("offers"), TestData.KielRates());
        Assert.Empty(parsed.Issues);
        Assert.Equal("helmets", Assert.Single(parsed.Rows).Description);
        Assert.Contains(parsed.Warnings, w => w.Contains("appears 2 times (columns D, E)") && w.Contains("col:E"));
    }

    [Fact]
    public void A_mapping_names_a_column_whose_header_is_blank_and_a_header_of_that_column_elsewhere_is_kept()
    {
        var mapping = ImportMapping.Parse("""
            { "name": "blank", "target": "offers", "blankHeaders": { "D": "what" },
              "fields": { "source_key": "key", "donor": "who", "aid_type": "type", "description": "what" } }
            """, "blank.json");
        var parsed = OfferImport.Parse(TestData.Text("key,who,type,\nk1,NOR,Military,winter tents\n"), "a.csv", mapping, TestData.KielRates());
        Assert.Equal("winter tents", Assert.Single(parsed.Rows).Description);
        var named = OfferImport.Parse(TestData.Text("key,who,type,what\nk1,NOR,Military,stoves\n"), "b.csv", mapping, TestData.KielRates());
        Assert.Equal("stoves", Assert.Single(named.Rows).Description);
    }

    [Fact]
    public void A_mapping_can_name_a_column_with_a_blank_header_by_its_letter()
    {
        var mapping = ImportMapping.Parse("""
            { "name": "blank-item", "target": "offers",
              "fields": { "source_key": "key", "donor": "who", "aid_type": "type", "description": "col:D" } }
            """, "blank-item.json");
        var parsed = OfferImport.Parse(TestData.Text("key,who,type,\nk1,NOR,Military,winter tents\n"), "offers.csv", mapping, TestData.KielRates());
        Assert.Empty(parsed.Issues);
        Assert.Equal("winter tents", Assert.Single(parsed.Rows).Description);
    }

    [Fact]
    public void A_column_reference_that_names_no_column_is_a_mapping_issue()
    {
        var ex = Assert.Throws<ImportRejectedException>(() => ImportMapping.Parse("""
            { "name": "bad", "target": "offers", "fields": { "source_key": "col:", "donor": "who", "aid_type": "type", "description": "col:0" } }
            """, "bad.json"));
        Assert.Contains(ex.Issues, i => i.Column == "$.fields.source_key");
        Assert.Contains(ex.Issues, i => i.Column == "$.fields.description");
    }

    [Fact]
    public void Parse_issues_leave_the_good_lines_to_be_checked_further()
    {
        var csv = "source_key,donor,aid_type,description,quantity\nk1,NOR,Military,helmets,many\nk2,NOR,Military,vests,5\n";
        var parsed = OfferImport.Parse(TestData.Text(csv), "offers.csv", ImportMapping.Builtin("offers"), TestData.KielRates());
        Assert.Equal(2, Assert.Single(parsed.Issues).Line);
        Assert.Equal("k2", Assert.Single(parsed.Rows).SourceKey);
        Assert.Throws<ImportRejectedException>(() => parsed.RowsOrThrow());
    }

    /// <summary>A minimal workbook: header a, b; line 2 = 1, 2; line 3 = 3 and the given B3 cell.</summary>
    private static MemoryStream Workbook(string b3)
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>",
            ["_rels/.rels"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + $"<Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
            ["xl/workbook.xml"] = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/_rels/workbook.xml.rels"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + $"<Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            ["xl/worksheets/sheet1.xml"] = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{main}\"><sheetData>"
                + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>b</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>"
                + $"<row r=\"3\"><c r=\"A3\"><v>3</v></c>{b3}</row></sheetData></worksheet>",
        };
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in parts)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(text);
            }
        ms.Position = 0;
        return ms;
    }
}
