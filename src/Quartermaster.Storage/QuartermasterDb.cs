using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Accountability;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;
using Quartermaster.Domain.Training;
using Quartermaster.Storage.Configuration;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Storage;

/// <summary>
/// The one database model, for SQLite and PostgreSQL alike (each provider has its own subclass only so that
/// each keeps its own migrations). Every save appends ledger events in the same transaction: there is no way
/// to change data through this context without the ledger recording who did it and with which command.
/// </summary>
public abstract class QuartermasterDb(DbContextOptions options, TimeProvider clock) : DbContext(options)
{
    public DbSet<Nation> Nations => Set<Nation>();
    public DbSet<CatalogueItem> CatalogueItems => Set<CatalogueItem>();
    public DbSet<SupplyClass> SupplyClasses => Set<SupplyClass>();
    public DbSet<Requirement> Requirements => Set<Requirement>();
    public DbSet<ListApproval> ListApprovals => Set<ListApproval>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<AidPackage> AidPackages => Set<AidPackage>();
    public DbSet<FundingPledge> FundingPledges => Set<FundingPledge>();
    public DbSet<Hub> Hubs => Set<Hub>();
    public DbSet<ExchangeRateRecord> ExchangeRates => Set<ExchangeRateRecord>();
    public DbSet<AllocationPlan> AllocationPlans => Set<AllocationPlan>();
    public DbSet<Allocation> Allocations => Set<Allocation>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<ShipmentLine> ShipmentLines => Set<ShipmentLine>();
    public DbSet<ShipmentSerial> ShipmentSerials => Set<ShipmentSerial>();
    public DbSet<ShipmentLot> ShipmentLots => Set<ShipmentLot>();
    public DbSet<Receipt> Receipts => Set<Receipt>();
    public DbSet<Discrepancy> Discrepancies => Set<Discrepancy>();
    public DbSet<CustodyRecord> CustodyRecords => Set<CustodyRecord>();
    public DbSet<CustodyEvent> CustodyEvents => Set<CustodyEvent>();
    public DbSet<Inventory> Inventories => Set<Inventory>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<LedgerEvent> LedgerEvents => Set<LedgerEvent>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<TrainingSite> TrainingSites => Set<TrainingSite>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductionOrder> ProductionOrders => Set<ProductionOrder>();
    public DbSet<FundingPool> FundingPools => Set<FundingPool>();
    public DbSet<FundedPackage> FundedPackages => Set<FundedPackage>();
    public DbSet<Cohort> Cohorts => Set<Cohort>();
    public DbSet<SustainmentNeed> SustainmentNeeds => Set<SustainmentNeed>();
    public DbSet<Domain.Technology.TechnologyProject> TechnologyProjects => Set<Domain.Technology.TechnologyProject>();
    public DbSet<Domain.Technology.TechnicalDataRecord> TechnicalDataRecords => Set<Domain.Technology.TechnicalDataRecord>();
    public DbSet<Idempotency.IdempotencyRecord> IdempotencyRecords => Set<Idempotency.IdempotencyRecord>();

    /// <summary>
    /// Restricts every query of nations' records (offers, packages, funding) to what <paramref name="viewer"/> may see.
    /// Without a viewer (the local operator on the command line, the system) everything is visible.
    /// </summary>
    public void RestrictTo(Viewer? viewer)
    {
        ViewerSeesEverything = viewer is null || viewer.SeesEverything;
        ViewerIsCell = viewer?.IsCoordinationCell == true;
        ViewerNation = viewer?.Nation;
        ViewerSeesAllDeliveries = viewer is null || viewer.SeesAllDeliveries;
    }

    /// <summary>Read by the query filters: EF parameterises them per context instance.</summary>
    public bool ViewerSeesEverything { get; private set; } = true;

    public bool ViewerIsCell { get; private set; }

    public string? ViewerNation { get; private set; }

    public bool ViewerSeesAllDeliveries { get; private set; } = true;

    /// <summary>The actor and command of the changes about to be saved. Saving changes without one fails.</summary>
    public ChangeContext? Changes { get; set; }

    public TimeProvider Clock => clock;

    public abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(QuartermasterDb).Assembly,
            t => t.Namespace == typeof(NationConfiguration).Namespace);
        // The visibility rule of Viewer.Sees, as query filters: one place, applied to every query.
        Visible<Offer>(modelBuilder);
        Visible<AidPackage>(modelBuilder);
        Visible<FundingPledge>(modelBuilder);
        // Viewer.SeesDelivery: deliveries of a donor are seen by that donor, the cell, auditors and the recipient; purchased goods also by the paying nations.
        Delivered<Shipment>(modelBuilder);
        Delivered<ShipmentLine>(modelBuilder);
        Delivered<ShipmentSerial>(modelBuilder);
        Delivered<ShipmentLot>(modelBuilder);
        Delivered<Receipt>(modelBuilder);
        Delivered<Discrepancy>(modelBuilder);
        Delivered<CustodyRecord>(modelBuilder);
        Delivered<CustodyEvent>(modelBuilder);
    }

    private void Delivered<T>(ModelBuilder modelBuilder) where T : class, IDonated
        => modelBuilder.Entity<T>().HasQueryFilter(e => ViewerSeesAllDeliveries || e.DonorCode == ViewerNation
            || (e.PaidBy != null && ViewerNation != null && e.PaidBy.Contains("|" + ViewerNation + "|")));

    private void Visible<T>(ModelBuilder modelBuilder) where T : class, IReleasable
        => modelBuilder.Entity<T>().HasQueryFilter(o => ViewerSeesEverything || o.DonorCode == ViewerNation
            || o.Releasability == Releasability.AllParticipants
            || (ViewerIsCell && o.Releasability != Releasability.OwnNation)
            || (o.Releasability == Releasability.ListedNations && ViewerNation != null && o.ReleasedTo!.Contains("|" + ViewerNation + "|")));

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
        => SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves with the ledger. Without a transaction of the caller's, the save is its own transaction, run in the
    /// execution strategy (a transient fault retries the whole save; the ledger events of a failed attempt are dropped).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!ChangeTracker.HasChanges()) return 0;
        if (Database.CurrentTransaction is not null) return await SaveWithLedger(acceptAllChangesOnSuccess, cancellationToken);
        return await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await Database.BeginTransactionAsync(ct);
            try
            {
                var written = await SaveWithLedger(false, ct);
                await transaction.CommitAsync(ct);
                if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
                return written;
            }
            catch
            {
                foreach (var e in ChangeTracker.Entries<LedgerEvent>().Where(e => e.State == EntityState.Added).ToList())
                    e.State = EntityState.Detached;
                throw;
            }
        }, cancellationToken);
    }

    private async Task<int> SaveWithLedger(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        ChangeTracker.DetectChanges();
        var entries = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (entries.Count == 0) return 0;
        if (entries.Any(e => e.Entity is LedgerEvent && e.State != EntityState.Added))
            throw new InvalidOperationException("The ledger is append-only: its events are never updated or deleted.");
        var context = Changes ?? throw new InvalidOperationException("Data can only change with a known actor and command (set QuartermasterDb.Changes).");

        if (IsPostgres)
            await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7215001)", cancellationToken);

        // Both databases keep microseconds, not .NET's 100 ns ticks: seal exactly what will be read back.
        var utc = clock.GetUtcNow().UtcDateTime;
        var now = new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
        var events = new List<LedgerEvent>();
        foreach (var entry in entries)
        {
            if (entry.Entity is not VersionedEntity versioned) continue;
            if (entry.State == EntityState.Modified)
            {
                var changed = entry.Properties.Where(p => p.IsModified && p.Metadata.Name != nameof(VersionedEntity.Version)).ToList();
                if (changed.Count == 0) { entry.State = EntityState.Unchanged; continue; }
                var version = entry.Property(nameof(VersionedEntity.Version));
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }
            events.Add(LedgerPayload.EventFor(entry, versioned, now, context));
        }
        if (events.Count > 0)
        {
            var (sequence, hash) = await LedgerHeadAsync(cancellationToken) ?? (0L, LedgerChain.Genesis);
            foreach (var e in events)
            {
                LedgerChain.Seal(e, sequence, hash);
                (sequence, hash) = (e.Sequence, e.Hash);
                LedgerEvents.Add(e);
            }
        }
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The newest ledger event's sequence and hash, or null for an empty ledger: a stamp of every ledgered record's state,
    /// since every change to them appends an event (writers take turns and commit in sequence order). One indexed row, read
    /// through the context's own connection without EF's query pipeline (it is asked on every list request, and by both
    /// writers, inside their transaction, for the event the next one chains to).
    /// </summary>
    public Task<(long Sequence, string Hash)?> LedgerHeadAsync(CancellationToken ct = default)
        => Database.CurrentTransaction is not null
            ? ReadLedgerHead(ct)
            // Like every query, in the execution strategy: a connection that PostgreSQL terminated is retried, not a 500.
            : Database.CreateExecutionStrategy().ExecuteAsync(ReadLedgerHead, ct);

    private async Task<(long Sequence, string Hash)?> ReadLedgerHead(CancellationToken ct)
    {
        var opened = Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened) await Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = Database.GetDbConnection().CreateCommand();
            cmd.Transaction = Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = "SELECT \"Sequence\", \"Hash\" FROM ledger_events ORDER BY \"Sequence\" DESC LIMIT 1";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct) ? (r.GetInt64(0), r.GetString(1)) : null;
        }
        finally
        {
            if (opened) await Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Saves a large set of records (an import) with their ledger events: the same rule and hash chain as
    /// <see cref="SaveChangesAsync(bool, CancellationToken)"/>, written set-based in chunks (see <see cref="BulkChanges"/>).
    /// Joins the current transaction if there is one.
    /// </summary>
    public Task<BulkResult> SaveBulkAsync(BulkChanges changes, CancellationToken cancellationToken = default)
        => BulkWriter.SaveAsync(this, changes, cancellationToken);

    /// <summary>
    /// Tells storage which version the caller last saw. A save then fails with a concurrency conflict when
    /// anyone else has changed the record since, instead of silently overwriting their change.
    /// </summary>
    public void ExpectVersion(VersionedEntity entity, long expectedVersion)
    {
        if (entity.Version != expectedVersion)
            throw new DbUpdateConcurrencyException($"The record was changed by someone else (version {entity.Version}, you had {expectedVersion}).");
        Entry(entity).Property(nameof(VersionedEntity.Version)).OriginalValue = expectedVersion;
    }
}
