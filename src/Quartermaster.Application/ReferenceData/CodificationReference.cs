using Quartermaster.Domain.Catalogue;
using Sylvan.Data.Csv;

namespace Quartermaster.Application.ReferenceData;

/// <summary>Active NATO supply classes (data/fsc-psc) and known codification bureaus (data/ncb-codes).</summary>
public sealed class CodificationReference : ICodificationReference
{
    private readonly Dictionary<string, string> _classes;
    private readonly Dictionary<string, string> _bureaus;

    private CodificationReference(Dictionary<string, string> classes, Dictionary<string, string> bureaus)
        => (_classes, _bureaus) = (classes, bureaus);

    private static readonly Lazy<CodificationReference> Instance = new(Load);

    public static CodificationReference Shared => Instance.Value;

    public IReadOnlyDictionary<string, string> SupplyClasses => _classes;

    public bool IsActiveSupplyClass(string fsc) => _classes.ContainsKey(fsc);

    public string? SupplyClassName(string fsc) => _classes.GetValueOrDefault(fsc);

    public string? CodificationBureau(string ncb) => _bureaus.GetValueOrDefault(ncb);

    private static CodificationReference Load()
    {
        var classes = new Dictionary<string, string>();
        using (var reader = CsvDataReader.Create(new StreamReader(EmbeddedData.Open("fsc-psc/fsc_classes_active.csv"))))
            while (reader.Read())
            {
                // One class (8150) has no full name in the source: its short name stands in.
                var full = reader.GetString(reader.GetOrdinal("fsc_full_name"));
                classes[reader.GetString(reader.GetOrdinal("fsc"))] = string.IsNullOrWhiteSpace(full) ? reader.GetString(reader.GetOrdinal("fsc_name")) : full;
            }
        var bureaus = new Dictionary<string, string>();
        using (var reader = CsvDataReader.Create(new StreamReader(EmbeddedData.Open("ncb-codes/ncb_codes.csv"))))
            while (reader.Read())
                bureaus[reader.GetString(reader.GetOrdinal("ncb_code"))] = reader.GetString(reader.GetOrdinal("country_or_body"));
        return new CodificationReference(classes, bureaus);
    }
}
