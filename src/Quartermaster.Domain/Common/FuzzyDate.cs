using System.Globalization;
using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Common;

/// <summary>
/// A date as a source wrote it. Sources write "44621" (an Excel serial), "2022-03-01", or text such as
/// "until 7/27/2022" and "unclear, 04/22": the raw text is always kept, the exact date only when it is known.
/// <see cref="NotAfter"/> keeps what a text still tells (a deadline such as "until 7/27/2022", or the end of
/// the month in "unclear, 04/22") so that reports can place the record in time without pretending to know the day.
/// </summary>
public sealed partial record FuzzyDate(string Raw, DateOnly? Exact, DateOnly? NotAfter)
{
    public static FuzzyDate Unknown(string raw) => new(raw, null, null);

    public bool IsExact => Exact is not null;

    /// <summary>The best date for ordering and for picking an exchange rate: the exact date, else the bound.</summary>
    public DateOnly? BestEstimate => Exact ?? NotAfter;

    public static FuzzyDate Parse(string? raw)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0 || text == ".") return Unknown(text);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return new FuzzyDate(text, iso, iso);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is > 20000 and < 80000)
        {
            var d = DateOnly.FromDateTime(new DateTime(1899, 12, 30).AddDays(serial));
            return new FuzzyDate(text, d, d);
        }
        var until = UntilPattern().Match(text);
        if (until.Success && TryMdy(until.Groups[1].Value, out var bound))
            return new FuzzyDate(text, null, bound);
        var month = MonthPattern().Match(text);
        if (month.Success)
        {
            var m = int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture);
            var y = int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture);
            if (y < 100) y += 2000;
            if (m is >= 1 and <= 12)
                return new FuzzyDate(text, null, new DateOnly(y, m, DateTime.DaysInMonth(y, m)));
        }
        return Unknown(text);
    }

    private static bool TryMdy(string s, out DateOnly date)
        => DateOnly.TryParseExact(s, ["M/d/yyyy", "MM/dd/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    [GeneratedRegex(@"^until\s+(\d{1,2}/\d{1,2}/\d{4})$", RegexOptions.IgnoreCase)]
    private static partial Regex UntilPattern();

    [GeneratedRegex(@"(?:^|\s|,)(\d{1,2})/(\d{2}|\d{4})$")]
    private static partial Regex MonthPattern();
}
