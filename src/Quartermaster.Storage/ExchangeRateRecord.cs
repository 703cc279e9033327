using Quartermaster.Domain.Common;

namespace Quartermaster.Storage;

/// <summary>A stored row of the dated exchange-rate table (units of a currency per euro, valid from a date).</summary>
public sealed class ExchangeRateRecord : VersionedEntity
{
    public string Currency { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public decimal UnitsPerEur { get; set; }
    public string Basis { get; set; } = "";

    public override string LedgerKey => $"{Currency}@{ValidFrom:yyyy-MM-dd}";

    public ExchangeRate ToDomain() => new(Domain.Common.Currency.Parse(Currency), UnitsPerEur, ValidFrom, Basis);
}
