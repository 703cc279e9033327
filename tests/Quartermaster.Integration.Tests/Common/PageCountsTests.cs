using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Offers;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Common;

/// <summary>
/// A list's total is counted once per state of the data (the ledger head) and counted again after every change: the cache
/// that keeps the offers list from counting 50,000 rows on every page request never shows a stale total.
/// </summary>
public sealed class PageCountsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Operator = Actor.LocalOperator("test:page-counts");

    [Theory]
    [InlineData(DbKind.Sqlite)]
    [InlineData(DbKind.Postgres)]
    public async Task A_list_total_is_kept_while_the_ledger_head_stands_and_counted_again_after_any_ledgered_change(DbKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var offers = new List<OfferView>();
        await using (var ctx = db.Open())
        {
            var service = new OffersService(ctx);
            foreach (var n in Enumerable.Range(1, 3))
                offers.Add(await service.Create(Operator, new OfferInput("DEU", AidType.Humanitarian, null, $"count test {n}", 5), Ct));
        }

        Assert.Equal(3, await Offered(db, null));

        // A write that bypasses the ledger (no Quartermaster path does) is not seen: the total is the one kept for this
        // head. This is what proves that the second request did not count again.
        Assert.Equal(1, await db.ExecuteAsync("UPDATE offers SET \"Status\" = 'Withdrawn' WHERE \"Description\" = 'count test 1'"));
        Assert.Equal(3, await Offered(db, null));

        // Any ledgered change moves the head, and the next request counts again (and sees the bypassing write too).
        await using (var ctx = db.Open())
            await new OffersService(ctx).Transition(Operator, offers[1].Id, offers[1].Version, "withdraw", null, Ct);
        Assert.Equal(1, await Offered(db, null));

        // The viewer is part of what is counted: Germany's point of contact sees its own line, Japan's sees none of
        // Germany's lines released to the cell only, and the coordinator still sees one.
        Assert.Equal(1, await Offered(db, new Viewer(Role.NationalPointOfContact, "DEU")));
        Assert.Equal(0, await Offered(db, new Viewer(Role.NationalPointOfContact, "JPN")));
        Assert.Equal(1, await Offered(db, new Viewer(Role.Coordinator, null)));

        // Inside a transaction (a command reading its own writes) the total is always counted.
        await using (var ctx = db.Open())
            await ctx.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var tx = await ctx.Database.BeginTransactionAsync(Ct);
                await ctx.Database.ExecuteSqlRawAsync("UPDATE offers SET \"Status\" = 'Withdrawn' WHERE \"Description\" = 'count test 3'", Ct);
                Assert.Equal(0, (await new OffersService(ctx).List(new PageQuery(), "DEU", status: OfferStatus.Offered, ct: Ct)).Total);
                await tx.RollbackAsync(Ct);
            });
        Assert.Equal(1, await Offered(db, null));
    }

    private static async Task<int> Offered(TestDatabase db, Viewer? viewer)
    {
        await using var ctx = db.Open();
        ctx.RestrictTo(viewer);
        return (await new OffersService(ctx).List(new PageQuery(), "DEU", status: OfferStatus.Offered, ct: Ct)).Total;
    }
}
