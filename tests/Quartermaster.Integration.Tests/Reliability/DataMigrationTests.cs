using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Storage;

namespace Quartermaster.Integration.Tests.Reliability;

/// <summary>Data that a schema migration leaves to the application is moved with the ledger, so the ledger still proves every record.</summary>
public sealed class DataMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DbKind.Sqlite)]
    [InlineData(DbKind.Postgres)]
    public async Task Pledges_from_before_pool_records_are_filed_into_pools_at_the_next_start_with_ledger_events_and_the_ledger_verifies(DbKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        // Two pledges as they were before pool records: a free-text pool name (in two spellings) and no pool; a third elsewhere.
        await using (var ctx = db.Open())
        {
            ctx.Changes = new ChangeContext(Actor.LocalOperator("test:before-pools"), "pledges made before pool records");
            ctx.FundingPledges.Add(new FundingPledge(Guid.NewGuid(), "DEU", "Energy Fund", Money.Of(2_000_000m, "EUR"), new DateOnly(2025, 3, 1), false));
            ctx.FundingPledges.Add(new FundingPledge(Guid.NewGuid(), "NOR", "energy fund", Money.Of(1_000_000m, "EUR"), new DateOnly(2025, 4, 1), false));
            ctx.FundingPledges.Add(new FundingPledge(Guid.NewGuid(), "DNK", "Danish model", Money.Of(500_000m, "DKK"), new DateOnly(2025, 5, 1), false));
            await ctx.SaveChangesAsync(Ct);
        }

        // The next start (every command and the server prepare the database this way).
        await ReferenceDataSeeder.PrepareAsync(db.Target, TimeProvider.System, Ct);

        await using (var ctx = db.Open())
        {
            var pledges = await ctx.FundingPledges.AsNoTracking().ToListAsync(Ct);
            Assert.All(pledges, p => Assert.NotNull(p.PoolId));
            var pools = await ctx.FundingPools.AsNoTracking().ToListAsync(Ct);
            var energy = Assert.Single(pools, p => p.Name == "Energy Fund");
            Assert.Equal("EUR", energy.Currency);
            Assert.Equal(PoolPurpose.General, energy.Purpose);
            Assert.Equal(2, pledges.Count(p => p.PoolId == energy.Id && p.Pool == energy.Code));
            var danish = Assert.Single(pools, p => p.Name == "Danish model");
            Assert.Equal("DKK", danish.Currency);

            // The pools' creation and the pledges' filing are in the ledger, by the migration's actor, as one command.
            var events = await ctx.LedgerEvents.AsNoTracking().Where(e => e.Actor == FundingService.FilingActorName).ToListAsync(Ct);
            Assert.Equal(2, events.Count(e => e.EventType == "FundingPool.Created"));
            Assert.Equal(3, events.Count(e => e.EventType == "FundingPledge.Updated" && e.Payload.Contains("\"PoolId\"", StringComparison.Ordinal)));
            Assert.Single(events.Select(e => e.Command).Distinct());

            var verified = await new LedgerService(ctx).Verify(null, Ct);
            Assert.True(verified.Intact, verified.Problem);
        }

        // A later start finds nothing to do and writes nothing.
        var before = await db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        await ReferenceDataSeeder.PrepareAsync(db.Target, TimeProvider.System, Ct);
        Assert.Equal(before, await db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
    }
}
