using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Quartermaster.Domain.Common;

namespace Quartermaster.Storage.Ledger;

/// <summary>
/// The records a large command (an import of 100,000 lines) creates or may change, collected without EF Core's change
/// tracker so that memory stays proportional to the records themselves. <see cref="Add"/> a new record;
/// <see cref="Track"/> an existing one (loaded without tracking) BEFORE calling its domain methods, so that its values
/// at load time are known. <see cref="QuartermasterDb.SaveBulkAsync"/> then writes what was added and what actually
/// changed, with one ledger event per record, exactly as <see cref="QuartermasterDb.SaveChangesAsync(bool, CancellationToken)"/>
/// would have (same payload, same hash chain), in the command's transaction.
/// </summary>
public sealed class BulkChanges(QuartermasterDb db)
{
    internal sealed record Entry(VersionedEntity Entity, IEntityType Type, object?[]? Original);

    private readonly Dictionary<Type, IEntityType> types = [];
    internal List<Entry> Entries { get; } = [];
    private readonly HashSet<VersionedEntity> seen = new(ReferenceEqualityComparer.Instance);

    internal QuartermasterDb Db => db;

    /// <summary>A new record, written with a "Created" ledger event.</summary>
    public void Add(VersionedEntity entity)
    {
        if (!seen.Add(entity)) return;
        Entries.Add(new Entry(entity, TypeOf(entity), null));
    }

    /// <summary>An existing record (read with AsNoTracking); written with an "Updated" ledger event if its values change.</summary>
    public void Track(VersionedEntity entity)
    {
        if (!seen.Add(entity)) return;
        var type = TypeOf(entity);
        Entries.Add(new Entry(entity, type, BulkWriter.Values(type, entity)));
    }

    public int Count => Entries.Count;

    /// <summary>
    /// What <see cref="QuartermasterDb.SaveBulkAsync"/> would write, without writing (an import's preview): the new records,
    /// and the tracked ones whose values changed, by the same comparison the writer uses. No ledger event is counted.
    /// </summary>
    public BulkResult Pending()
    {
        var changed = new HashSet<VersionedEntity>(ReferenceEqualityComparer.Instance);
        int created = 0, updated = 0;
        foreach (var e in Entries)
        {
            if (e.Original is null) created++;
            else if (BulkWriter.ChangedProperties(e, BulkWriter.Values(e.Type, e.Entity)).Count > 0) updated++;
            else continue;
            changed.Add(e.Entity);
        }
        return new BulkResult(created, updated, 0) { Changed = changed };
    }

    internal bool Contains(object entity) => entity is VersionedEntity v && seen.Contains(v);

    private IEntityType TypeOf(VersionedEntity entity)
    {
        var clr = entity.GetType();
        if (!types.TryGetValue(clr, out var type))
            types[clr] = type = db.Model.FindEntityType(clr) ?? throw new InvalidOperationException($"{clr.Name} is not a stored record.");
        return type;
    }
}

/// <summary>What <see cref="QuartermasterDb.SaveBulkAsync"/> wrote.</summary>
public sealed record BulkResult(int Created, int Updated, long LedgerEvents)
{
    public IReadOnlySet<VersionedEntity> Changed { get; init; } = new HashSet<VersionedEntity>();
}
