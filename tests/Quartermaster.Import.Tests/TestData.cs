using System.Globalization;
using System.Text;
using Quartermaster.Application.Import;
using Quartermaster.Domain.Common;

namespace Quartermaster.Import.Tests;

internal static class TestData
{
    public static string KielDir => Path.Combine(AppContext.BaseDirectory, "data", "kiel-ust-release7");
    public static string KielMainPath => Path.Combine(KielDir, "bilateral_main_data.csv");
    public static string KielWorkbookPath => Path.Combine(KielDir, "Ukraine_Support_Tracker_Release7_data_sheets.xlsx");
    public const string KielSheet = "Bilateral assistance, MAIN DATA";

    public static ExchangeRateTable KielRates()
    {
        using var s = File.OpenRead(Path.Combine(KielDir, "exchange_rates.csv"));
        return new ExchangeRateTable(ExchangeRatesCsv.Parse(s, new DateOnly(2022, 10, 6)));
    }

    public static Stream Text(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static IReadOnlyList<SourceSheet> Csv(string text, string name = "upload.csv")
        => TabularReader.Read(Text(text), name, ImportLimits.Default);

    private static readonly Lazy<ParsedImport<OfferImportRow>> KielParsed = new(() =>
    {
        using var s = File.OpenRead(KielMainPath);
        return OfferImport.Parse(TabularReader.Read(s, "bilateral_main_data.csv", ImportLimits.Default), ImportMapping.Builtin("kiel-ust-main"), KielRates());
    });

    public static ParsedImport<OfferImportRow> Kiel => KielParsed.Value;

    /// <summary>The Kiel CSV as raw rows (header + cells), read independently of the importer (for cross-checks).</summary>
    public static (string[] Header, List<string?[]> Rows) KielRaw()
    {
        var sheet = TabularReader.Read(File.OpenRead(KielMainPath), "bilateral_main_data.csv", ImportLimits.Default)[0];
        return (sheet.Headers.ToArray(), sheet.Rows.Select(r => sheet.Headers.Select(h => r[h]).ToArray()).ToList());
    }

    /// <summary>Writes sheets of rows as XLSX with MiniExcel; numeric texts that survive a double round trip become numbers.</summary>
    public static MemoryStream Xlsx(string[] header, IEnumerable<string?[]> rows, string sheetName = "Sheet1")
    {
        var data = rows.Select(cells =>
        {
            var d = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) d[header[i]] = AsCellValue(cells[i]);
            return d;
        }).ToList();
        var ms = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(ms, data, sheetName: sheetName);
        ms.Position = 0;
        return ms;
    }

    private static object? AsCellValue(string? text)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d.ToString("R", CultureInfo.InvariantCulture) == text)
            return d;
        return text;
    }
}
