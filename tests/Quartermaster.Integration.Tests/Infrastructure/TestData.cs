using System.Globalization;
using System.Net;
using Sylvan.Data.Csv;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>The public input files copied next to the tests, and ways to put them into a running server.</summary>
public static class TestData
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "data", relative);

    public static string KielCsvPath => PathOf("kiel-ust-release7/bilateral_main_data.csv");
    public static string CatalogueCsvPath => PathOf("demo/catalogue.csv");
    public const int KielRows = 1032;

    /// <summary>Reads a CSV file into rows of header → text.</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path) => ReadCsvText(File.ReadAllText(path));

    public static List<Dictionary<string, string>> ReadCsvText(string text)
    {
        using var csv = CsvDataReader.Create(new StringReader(text));
        var headers = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < headers.Length; i++) row[headers[i]] = csv.GetString(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Creates the demo nations (data/demo/nations.csv) through POST /api/v1/nations.</summary>
    public static async Task CreateDemoNationsViaApi(HttpClient http)
    {
        foreach (var n in ReadCsv(PathOf("demo/nations.csv")))
            await http.EnsureNation(n["code"], n["name"], n["status"], bool.Parse(n["non_lethal_only"]));
    }

    public static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
