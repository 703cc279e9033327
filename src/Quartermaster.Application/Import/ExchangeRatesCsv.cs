using System.Globalization;
using Quartermaster.Domain.Common;

namespace Quartermaster.Application.Import;

/// <summary>
/// Reads the Kiel tracker's exchange_rates.csv layout: <c>currency</c> (ISO 4217), <c>units_per_eur</c> (units of the
/// currency per 1 EUR, invariant decimal), <c>rate_basis</c> (free text, e.g. "ECB average 2022-09-06..2022-10-06").
/// </summary>
public static class ExchangeRatesCsv
{
    public static readonly IReadOnlyList<string> Columns = ["currency", "units_per_eur", "rate_basis"];

    /// <summary>All rates valid from <paramref name="validFrom"/>; throws <see cref="ImportRejectedException"/> with every issue by line.</summary>
    public static IReadOnlyList<ExchangeRate> Parse(Stream stream, DateOnly validFrom, string fileName = "exchange_rates.csv")
    {
        var sheet = TabularReader.Read(stream, fileName, ImportLimits.Default)[0];
        var issues = new List<ImportIssue>();
        foreach (var col in Columns.Take(2))
            if (!sheet.Headers.Contains(col))
                issues.Add(new ImportIssue(sheet.Name, 1, col, $"the required column '{col}' is missing from the header"));
        if (issues.Count > 0) throw new ImportRejectedException(issues);

        var rates = new List<ExchangeRate>();
        var seen = new Dictionary<Currency, int>();
        foreach (var row in sheet.Rows)
        {
            Currency? currency = null;
            try { currency = Currency.Parse(row["currency"]); }
            catch (DomainException ex) { issues.Add(new ImportIssue(sheet.Name, row.Line, "currency", ex.Message.TrimEnd('.'))); }
            var text = row["units_per_eur"]?.Trim();
            decimal units = 0;
            if (text is null || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out units) || units <= 0)
            {
                issues.Add(new ImportIssue(sheet.Name, row.Line, "units_per_eur", $"'{text}' is not a rate: a number greater than zero (units of the currency per 1 EUR)"));
                continue;
            }
            if (currency is not { } c) continue;
            if (seen.TryGetValue(c, out var first))
            {
                issues.Add(new ImportIssue(sheet.Name, row.Line, "currency", $"{c.Code} is listed twice: on line {first} and on line {row.Line}"));
                continue;
            }
            seen[c] = row.Line;
            rates.Add(new ExchangeRate(c, units, validFrom, row["rate_basis"]?.Trim() ?? ""));
        }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return rates;
    }
}
