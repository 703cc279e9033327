using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Quartermaster.Application.Common;

/// <summary>Paging and whitelisted sorting over an EF query.</summary>
public static class Queries
{
    public static async Task<Page<TView>> ToPage<T, TView>(this IQueryable<T> query, PageQuery page,
        string defaultSort, IReadOnlyDictionary<string, Expression<Func<T, object?>>> sorts, Func<T, TView> view,
        CancellationToken ct) where T : class
    {
        page = page.Checked();
        var (key, desc) = page.SortKey(defaultSort, sorts.Keys.ToArray());
        var total = await query.CountAsync(ct);
        var ordered = desc ? query.OrderByDescending(sorts[key]) : query.OrderBy(sorts[key]);
        // Ties (many offers of one donor) are ordered by the record's key, so that OFFSET pages neither repeat nor skip rows.
        if (TieBreaker<T>() is { } tie) ordered = ordered.ThenBy(tie);
        var items = await ordered.Skip(page.Skip).Take(page.PageSize).AsNoTracking().ToListAsync(ct);
        return new Page<TView>(items.Select(view).ToList(), total, page.Page, page.PageSize);
    }

    /// <summary>The record's unique key for ordering ties: its <c>Id</c>, else its <c>Code</c>; null when it has neither.</summary>
    private static Expression<Func<T, object?>>? TieBreaker<T>()
    {
        var property = typeof(T).GetProperty("Id") ?? typeof(T).GetProperty("Code");
        if (property is null) return null;
        var x = Expression.Parameter(typeof(T), "x");
        return Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(x, property), typeof(object)), x);
    }

    /// <summary>A LIKE pattern for search text, with LIKE's wildcards escaped.</summary>
    public static string Like(string search)
        => "%" + search.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
