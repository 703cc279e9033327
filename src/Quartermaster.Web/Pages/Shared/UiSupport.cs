using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Common;

namespace Quartermaster.Web.Pages.Shared;

/// <summary>The application's clock (the injected <see cref="TimeProvider"/>), as pages read it.</summary>
public static class PageClock
{
    public static DateTime UtcNow(this Microsoft.AspNetCore.Http.HttpContext http)
        => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public static DateOnly Today(this Microsoft.AspNetCore.Http.HttpContext http) => DateOnly.FromDateTime(http.UtcNow());
}

/// <summary>Number and date formatting shared by every page (invariant culture: 1,234,567).</summary>
public static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Int(long n) => n.ToString("N0", Inv);

    public static string Eur(decimal v) => "€" + Math.Round(v, 0, MidpointRounding.AwayFromZero).ToString("N0", Inv);

    /// <summary>A short euro figure for headlines: €12.3 bn, €456.7 m.</summary>
    public static string EurShort(decimal v)
    {
        var a = Math.Abs(v);
        if (a >= 1_000_000_000m) return "€" + (v / 1_000_000_000m).ToString("N1", Inv) + " bn";
        if (a >= 1_000_000m) return "€" + (v / 1_000_000m).ToString("N1", Inv) + " m";
        return Eur(v);
    }

    public static string Money(decimal? value, string? currency)
        => value is { } v ? v.ToString("N0", Inv) + (currency is null ? "" : " " + currency) : "—";

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", Inv) ?? "—";

    public static string Utc(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", Inv);

    /// <summary>A quantity the donor did not state is "undisclosed", never 0.</summary>
    public static string Qty(int? q) => q is { } v ? Int(v) : "undisclosed";

    public static string Kg(decimal kg) => kg == 0 ? "—" : kg.ToString("#,##0.###", Inv) + " kg";
}

/// <summary>"Showing X–Y of Z" and Previous/Next links that keep the other query parameters.</summary>
public sealed class PagerModel(int total, int page, int pageSize, string path, IReadOnlyDictionary<string, string?> query)
{
    public int Total { get; } = total;
    public int Page { get; } = page;
    public int PageSize { get; } = pageSize;
    public int Pages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
    public int From => Total == 0 ? 0 : Math.Min(Total, (Page - 1) * PageSize + 1);
    public int To => Math.Min(Total, Page * PageSize);
    public bool HasPrevious => PreviousHref is not null || (Cursor is null && Page > 1);
    public bool HasNext => NextHref is not null || (Cursor is null && Page < Pages);

    /// <summary>Keyset paging (the ledger): the links to the newer and older pages, and what this page shows; null: page numbers.</summary>
    public string? Cursor { get; init; }
    public string? PreviousHref { get; init; }
    public string? NextHref { get; init; }

    public string PreviousLink => PreviousHref ?? Link(Page - 1);
    public string NextLink => NextHref ?? Link(Page + 1);

    /// <summary>This list's address with a cursor instead of a page number (other parameters kept).</summary>
    public string CursorLink(string key, long sequence)
    {
        var q = query.Where(kv => !string.IsNullOrEmpty(kv.Value) && kv.Key is not "page" and not "pageSize" and not "after" and not "before")
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)).ToList();
        q.Add(new(key, sequence.ToString(CultureInfo.InvariantCulture)));
        if (PageSize != ListPageModel.DefaultPageSize) q.Add(new("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(path, q);
    }

    public string Link(int toPage)
    {
        var q = query.Where(kv => !string.IsNullOrEmpty(kv.Value) && kv.Key is not "page" and not "pageSize" and not "after" and not "before")
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)).ToList();
        q.Add(new("page", toPage.ToString(CultureInfo.InvariantCulture)));
        if (PageSize != ListPageModel.DefaultPageSize) q.Add(new("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(path, q);
    }

    /// <summary>True when the page asked for lies past the last one (an old link, a typed URL).</summary>
    public bool PastEnd => Cursor is null && Page > Pages;

    public string Summary => Cursor is not null ? Cursor : Total == 0
        ? "No matching records"
        : PastEnd
            ? $"Page {Fmt.Int(Page)} is past the end: {Fmt.Int(Total)} {(Total == 1 ? "record" : "records")} fit on {Fmt.Int(Pages)} {(Pages == 1 ? "page" : "pages")}"
            : $"Showing {Fmt.Int(From)}–{Fmt.Int(To)} of {Fmt.Int(Total)}";

    public string PageText => Cursor is not null || PastEnd || Pages <= 1 ? "" : $" (page {Fmt.Int(Page)} of {Fmt.Int(Pages)})";
}

/// <summary>A sortable column header: a link that sorts by the column (again: the other way), with aria-sort for screen readers.</summary>
public sealed record SortHeader(string Label, string Href, string AriaSort, bool Numeric, string? Title = null)
{
    public string Arrow => AriaSort switch { "ascending" => "▲", "descending" => "▼", _ => "" };
}

/// <summary>A page with query-string filters, paging and a friendly message for a request that names something wrongly.</summary>
public abstract class ListPageModel : PageModel
{
    public const int DefaultPageSize = 50;
    public static readonly int[] PageSizes = [25, 50, 100, 200];

    /// <summary>Most rows one export writes; a longer list asks the person to filter it first.</summary>
    public const int MaxExportRows = 200_000;

    public string? Error { get; protected set; }
    public PagerModel? Pager { get; protected set; }

    /// <summary>The sort key used when the URL names none (the service's default).</summary>
    protected virtual string DefaultSort => "";

    /// <summary>The header of a sortable column: sorts ascending first, then toggles; keeps every filter, resets paging.</summary>
    public SortHeader Column(string key, string label, bool numeric = false, string? title = null)
    {
        var current = Sort ?? DefaultSort;
        var desc = current.StartsWith('-');
        var currentKey = current.TrimStart('-', '+');
        var active = string.Equals(currentKey, key, StringComparison.OrdinalIgnoreCase);
        var next = active && !desc ? "-" + key : key;
        return new SortHeader(label, LinkWith(("sort", next)), active ? (desc ? "descending" : "ascending") : "none", numeric, title);
    }

    /// <summary>This list's address with exactly its filters and sort, as a CSV or XLSX download.</summary>
    public string ExportLink(string format) => LinkWith(("format", format));

    /// <summary>The requested export format ("csv" or "xlsx"), or null for the page itself.</summary>
    public string? ExportFormat => Q("format")?.ToLowerInvariant() switch { "csv" => "csv", "xlsx" => "xlsx", _ => null };

    /// <summary>The current address with some parameters replaced; paging is reset.</summary>
    protected string LinkWith(params (string Key, string Value)[] set)
    {
        var keys = set.Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var q = Request.Query.Where(kv => !keys.Contains(kv.Key) && kv.Key is not "page" and not "format" && !string.IsNullOrEmpty(kv.Value.ToString()))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.ToString())).ToList();
        q.AddRange(set.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return QueryHelpers.AddQueryString(Request.Path, q);
    }

    /// <summary>
    /// Writes every row of the filtered, sorted list (all pages, not only the one shown) as CSV or XLSX through the one
    /// export writer (<see cref="TableExport"/>). A list longer than <see cref="MaxExportRows"/> is refused with a message.
    /// </summary>
    protected async Task<IActionResult> Export<T>(string name, IReadOnlyList<ExportColumn<T>> columns, Func<PageQuery, Task<Page<T>>> list)
    {
        var rows = new List<T>();
        for (var page = 1; ; page++)
        {
            var p = await list(new PageQuery(page, PageQuery.MaxPageSize, Sort, Search));
            if (p.Total > MaxExportRows)
                return new ContentResult
                {
                    StatusCode = 400, ContentType = "text/plain; charset=utf-8",
                    Content = $"The list has {Fmt.Int(p.Total)} rows; an export takes at most {Fmt.Int(MaxExportRows)}. Filter it first.",
                };
            rows.AddRange(p.Items);
            if (page >= p.Pages) break;
        }
        var stamp = HttpContext.UtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return ExportFormat == "xlsx"
            ? File(TableExport.Xlsx(columns, rows, name), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{name}-{stamp}.xlsx")
            : File(TableExport.CsvBytes(columns, rows), "text/csv; charset=utf-8", $"{name}-{stamp}.csv");
    }

    public string? Search => Q("search");
    public string? Sort => Q("sort");
    public int PageNumber => QInt("page", 1, 1, int.MaxValue);
    public int PageSize => QInt("pageSize", DefaultPageSize, 1, PageQuery.MaxPageSize);

    public string? Q(string name)
    {
        var v = Request.Query[name].ToString();
        return string.IsNullOrWhiteSpace(v) ? null : v.Trim();
    }

    protected int QInt(string name, int fallback, int min, int max)
        => int.TryParse(Q(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? Math.Clamp(v, min, max) : fallback;

    protected TEnum? QEnum<TEnum>(string name) where TEnum : struct, Enum
    {
        var v = Q(name);
        if (v is null) return null;
        if (Enum.TryParse<TEnum>(v, true, out var e) && Enum.IsDefined(e)) return e;
        Error = $"'{v}' is not a valid {name}; use one of: {string.Join(", ", Enum.GetNames<TEnum>())}.";
        return null;
    }

    protected PageQuery Query() => new(PageNumber, PageSize, Sort, Search);

    protected void SetPager<T>(Page<T> page)
        => Pager = new PagerModel(page.Total, page.PageNumber, page.PageSize, Request.Path,
            Request.Query.ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString()));

    /// <summary>Runs a list query; a wrongly named filter or sort becomes a message on the page, not an error page.</summary>
    protected async Task<Page<T>> Guarded<T>(Func<Task<Page<T>>> list)
    {
        try
        {
            var page = await list();
            SetPager(page);
            return page;
        }
        catch (Exception ex) when (ex is RequestException or DomainException)
        {
            Error = ex.Message;
            var empty = new Page<T>([], 0, 1, PageSize);
            SetPager(empty);
            return empty;
        }
    }
}

/// <summary>What a detail page's History section shows (see <c>_History.cshtml</c>).</summary>
public sealed record RecordHistory(string EntityType, string EntityId, Quartermaster.Application.Ledger.HistoryLog Log, bool MayOpenLedger)
{
    public IReadOnlyList<Quartermaster.Application.Ledger.HistoryEntry> Entries => Log.Entries;

    /// <summary>A field's stored value in words, with ids named (see <see cref="Labels.Value"/>).</summary>
    public string? Value(string field, string? raw) => Labels.Value(EntityType, field, raw, Log.Names);
}
