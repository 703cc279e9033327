using System.Globalization;
using Quartermaster.Application.Import;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Application.Valuation;

/// <summary>
/// One line of a package as a tracker's method reads it: its announcement text (the tranche it belongs to), the amount
/// and currency the source states for the package (restated on each line, or per dated tranche), the item as the source
/// names it (the key into the price list) and the units committed, unrounded (null when undisclosed or not stated).
/// </summary>
public sealed record TrackerLine(string? AnnouncedRaw, decimal? StatedAmount, string? StatedCurrency, string? ItemName, decimal? Units);

/// <summary>
/// A package's value by the tracker's method: its basis, the amount before conversion (stated: in the stated currency;
/// estimated: in USD), the euro value to the cent, and the inputs in words (what was stated, or how many lines were priced).
/// </summary>
public sealed record TrackerValue(ValuationBasis Basis, Money? Amount, decimal? Eur, string Inputs);

/// <summary>The tracker's price list: unit price in USD per item name (names matched ignoring case and runs of white space).</summary>
public sealed class TrackerPriceList
{
    private readonly Dictionary<string, decimal> _prices = new(StringComparer.Ordinal);

    public TrackerPriceList(IEnumerable<(string Item, decimal UnitPriceUsd)> prices)
    {
        // The first priced entry of a name wins (the Kiel list names two items twice, once without a price).
        foreach (var (item, price) in prices) _prices.TryAdd(Key(item), Guard.NotNegative(price, "unit_price"));
    }

    public int Count => _prices.Count;

    public decimal? PriceOf(string? item) => item is not null && _prices.TryGetValue(Key(item), out var p) ? p : null;

    internal static string Key(string item) => string.Join(' ', item.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>
    /// Reads the price-list layout of data/kiel-ust-release7/price_list.csv: <c>item</c>, <c>unit_price</c> (a number, or
    /// "." / empty for no price). Every priced entry is taken as USD, as the tracker's main sheet takes it ("Unit Price in USD").
    /// </summary>
    public static TrackerPriceList Parse(Stream csv, string fileName = "price_list.csv")
    {
        var sheet = TabularReader.Read(csv, fileName, ImportLimits.Default)[0];
        var issues = new List<ImportIssue>();
        var prices = new List<(string, decimal)>();
        foreach (var col in new[] { "item", "unit_price" })
            if (!sheet.Headers.Contains(col)) issues.Add(new ImportIssue(sheet.Name, 1, col, $"the required column '{col}' is missing from the header"));
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        foreach (var row in sheet.Rows)
        {
            var item = row["item"]?.Trim();
            var text = row["unit_price"]?.Trim();
            if (string.IsNullOrEmpty(item) || string.IsNullOrEmpty(text) || text == ".") continue;
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) || price < 0)
            {
                issues.Add(new ImportIssue(sheet.Name, row.Line, "unit_price", $"'{text}' is not a unit price (a number ≥ 0, or '.' for none)"));
                continue;
            }
            prices.Add((item, price));
        }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return new TrackerPriceList(prices);
    }
}

/// <summary>
/// The Kiel Ukraine Support Tracker's own valuation of a package (docs/valuation.md), as one pure rule:
/// <list type="number">
/// <item>Stated: when any line states an amount ("Monetary Value as Given by Source"), the package is worth that amount in
/// its currency ("Original Currency"). The tracker restates the package's amount on every line; where the lines state
/// different amounts, the package was announced in dated tranches and is worth the sum of its tranches (one amount per
/// announcement text).</item>
/// <item>Estimated: otherwise, the sum over its lines of units × the price list's unit price, in USD; a line whose units
/// are undisclosed or whose item has no price adds nothing.</item>
/// <item>Unknown: otherwise (no amount, no line priced): no value.</item>
/// </list>
/// The amount is converted with the tracker's own rates (units per EUR, one rate per currency) and rounded to the cent,
/// half away from zero.
/// </summary>
public sealed class TrackerValuation(TrackerPriceList prices, ExchangeRateTable rates)
{
    /// <summary>The name a mapping gives (<c>"valuation": "kiel-ust-r7"</c>) to value its packages by this rule with the release-7 data.</summary>
    public const string KielRelease7Name = "kiel-ust-r7";

    public static IReadOnlyList<string> KnownMethods { get; } = [KielRelease7Name];

    private static readonly Lazy<TrackerValuation> Release7 = new(() =>
    {
        using var p = EmbeddedData.Open("kiel-ust-release7/price_list.csv");
        using var r = EmbeddedData.Open("kiel-ust-release7/exchange_rates.csv");
        return new TrackerValuation(TrackerPriceList.Parse(p), new ExchangeRateTable(ExchangeRatesCsv.Parse(r, DateOnly.MinValue)));
    });

    /// <summary>The tracker's release 7: its price list and its exchange rates, as copied into data/kiel-ust-release7.</summary>
    public static TrackerValuation KielRelease7 => Release7.Value;

    public static TrackerValuation ForMethod(string name) => name == KielRelease7Name
        ? KielRelease7
        : throw new ArgumentException($"No valuation method '{name}'; known: {string.Join(", ", KnownMethods)}.", nameof(name));

    public TrackerPriceList Prices => prices;

    public TrackerValue Value(IReadOnlyList<TrackerLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (StatedAmount(lines) is { } stated) return Stated(stated);

        decimal estimate = 0;
        int priced = 0, noPrice = 0, noUnits = 0;
        foreach (var l in lines)
        {
            var price = prices.PriceOf(l.ItemName);
            if (price is null) { noPrice++; continue; }
            if (l.Units is not { } units) { noUnits++; continue; }
            estimate += units * price.Value;
            priced++;
        }
        if (priced == 0)
            return new TrackerValue(ValuationBasis.Unknown, null, null,
                lines.Count == 0 ? "no lines" : $"no amount stated; no line priced ({Lines(noPrice)} without a price, {Lines(noUnits)} without units)");
        var usd = new Money(estimate, Currency.Usd);
        return new TrackerValue(ValuationBasis.Estimated, usd, Eur(usd),
            $"estimated: {Lines(priced)} priced (units × price list, USD){(noPrice > 0 ? $", {Lines(noPrice)} without a price" : "")}{(noUnits > 0 ? $", {Lines(noUnits)} without units" : "")}");
    }

    /// <summary>
    /// The amount a package's lines state (null when none does): the one amount they restate, or, where they state
    /// different amounts, the sum of its dated tranches (one amount per announcement text); with the first currency
    /// stated and the number of tranches summed (1 for a single amount). Quartermaster's own package value uses it too.
    /// </summary>
    public static (decimal Amount, string? Currency, int Tranches)? StatedAmount(IReadOnlyList<TrackerLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var stated = lines.Where(l => l.StatedAmount is not null).ToList();
        if (stated.Count == 0) return null;
        var code = stated.Select(l => l.StatedCurrency?.Trim()).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        var amounts = stated.Select(l => l.StatedAmount!.Value).Distinct().ToList();
        if (amounts.Count == 1) return (amounts[0], code, 1);
        var tranches = stated.Select(l => (Text: l.AnnouncedRaw?.Trim() ?? "", Amount: l.StatedAmount!.Value)).Distinct().ToList();
        return (tranches.Sum(t => t.Amount), code, tranches.Count);
    }

    private TrackerValue Stated((decimal Amount, string? Currency, int Tranches) s)
    {
        var (amount, code, tranches) = s;
        var text = $"{amount.ToString("0.####", CultureInfo.InvariantCulture)}{(code is null ? "" : " " + code)}";
        var inputs = tranches == 1 ? $"stated: {text}" : $"stated in {tranches} dated tranches: {text}";
        // An amount without a currency cannot be counted: the figure stays unknown, and the inputs say why.
        if (code is null) return new TrackerValue(ValuationBasis.Unknown, null, null, inputs + " without a currency, so not counted");
        Currency currency;
        try { currency = Currency.Parse(code); }
        catch (DomainException) { return new TrackerValue(ValuationBasis.Unknown, null, null, inputs + $": '{code}' is not a currency, so not counted"); }
        var money = new Money(amount, currency);
        if (!rates.Knows(currency)) return new TrackerValue(ValuationBasis.Stated, money, null, inputs + $" (the tracker has no rate for {code})");
        return new TrackerValue(ValuationBasis.Stated, money, Eur(money), inputs);
    }

    private decimal Eur(Money money) => Math.Round(rates.ToEur(money), 2, MidpointRounding.AwayFromZero);

    private static string Lines(int n) => n == 1 ? "1 line" : $"{n} lines";
}
