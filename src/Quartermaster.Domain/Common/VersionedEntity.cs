namespace Quartermaster.Domain.Common;

/// <summary>
/// A mutable record with an optimistic-concurrency version. Storage increments <see cref="Version"/> on every
/// update and refuses an update whose version is stale.
/// </summary>
public abstract class VersionedEntity
{
    public long Version { get; set; }

    /// <summary>The key as the ledger names it (e.g. a GUID, a nation code).</summary>
    public abstract string LedgerKey { get; }
}
