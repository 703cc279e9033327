using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Storage;

namespace Quartermaster.Application.Common;

/// <summary>Paging and whitelisted sorting over an EF query.</summary>
public static class Queries
{
    /// <summary>A page of <paramref name="query"/> in a whitelisted order, each row made a view in memory.</summary>
    public static Task<Page<TView>> ToPage<T, TView>(this IQueryable<T> query, QuartermasterDb db, PageQuery page,
        string defaultSort, IReadOnlyDictionary<string, Expression<Func<T, object?>>> sorts, Func<T, TView> view,
        CancellationToken ct) where T : class
        => query.ToPage(db, page, defaultSort, sorts, x => x, view, ct);

    /// <summary>
    /// A page of <paramref name="query"/> in a whitelisted order, each row projected by <paramref name="row"/> in the same
    /// SQL (e.g. with the codes of the records it refers to) and then made a view. The total comes from
    /// <see cref="PageCounts"/>; a page past the last one is not asked for.
    /// </summary>
    public static async Task<Page<TView>> ToPage<T, TRow, TView>(this IQueryable<T> query, QuartermasterDb db, PageQuery page,
        string defaultSort, IReadOnlyDictionary<string, Expression<Func<T, object?>>> sorts, Expression<Func<T, TRow>> row,
        Func<TRow, TView> view, CancellationToken ct) where T : class
    {
        page = page.Checked();
        var (key, desc) = page.SortKey(defaultSort, sorts.Keys.ToArray());
        var total = await PageCounts.CountAsync(db, query, ct);
        if (total <= page.Skip) return new Page<TView>([], total, page.Page, page.PageSize);
        var ordered = desc ? query.OrderByDescending(sorts[key]) : query.OrderBy(sorts[key]);
        // Ties (many offers of one donor) are ordered by the record's key, so that OFFSET pages neither repeat nor skip rows;
        // in the sort's own direction, so that one index on (column, key) serves both directions, walked either way.
        if (TieBreaker<T>() is { } tie) ordered = desc ? ordered.ThenByDescending(tie) : ordered.ThenBy(tie);
        var rows = await ordered.Skip(page.Skip).Take(page.PageSize).AsNoTracking().Select(row).ToListAsync(ct);
        return new Page<TView>(rows.Select(view).ToList(), total, page.Page, page.PageSize);
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
