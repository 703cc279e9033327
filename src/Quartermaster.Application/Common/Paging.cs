namespace Quartermaster.Application.Common;

/// <summary>A page of a list: 1-based page number, size (1–500), an optional sort key ("name", "-name") and search text.</summary>
public sealed record PageQuery(int Page = 1, int PageSize = 50, string? Sort = null, string? Search = null)
{
    public const int MaxPageSize = 500;

    public PageQuery Checked()
    {
        if (Page < 1) throw new RequestException("page", $"page must be 1 or more (got {Page}).");
        if (PageSize is < 1 or > MaxPageSize) throw new RequestException("pageSize", $"pageSize must be between 1 and {MaxPageSize} (got {PageSize}).");
        if ((long)(Page - 1) * PageSize > int.MaxValue)
            throw new RequestException("page", $"page {Page} of {PageSize} rows is beyond any list (at most page {int.MaxValue / PageSize + 1}).");
        return this;
    }

    /// <summary>How many rows come before this page (checked: never wraps around to page 1).</summary>
    public int Skip => checked((Page - 1) * PageSize);

    public (string Key, bool Descending) SortKey(string defaultKey, IReadOnlyCollection<string> allowed)
    {
        var s = string.IsNullOrWhiteSpace(Sort) ? defaultKey : Sort.Trim();
        var desc = s.StartsWith('-');
        var key = s.TrimStart('-', '+').ToLowerInvariant();
        if (!allowed.Contains(key))
            throw new RequestException("sort", $"Cannot sort by '{key}'; use one of: {string.Join(", ", allowed)} (prefix '-' for descending).");
        return (key, desc);
    }
}

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    public int Pages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}
