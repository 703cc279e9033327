namespace Quartermaster.Domain.Ledger;

/// <summary>
/// One event of the append-only ledger. Never updated or deleted: a correction is a new event.
/// <see cref="Hash"/> covers the canonical encoding of every other field and the previous event's hash.
/// </summary>
public sealed class LedgerEvent
{
    public long Sequence { get; set; }

    /// <summary>UTC instant, stored with tick precision.</summary>
    public DateTime RecordedAt { get; set; }
    public string Actor { get; set; } = "";
    public string? ActorNation { get; set; }
    public string EventType { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";

    /// <summary>The command that caused the change (e.g. "import offers kiel.csv").</summary>
    public string Command { get; set; } = "";

    /// <summary>Canonical JSON (keys sorted, no whitespace).</summary>
    public string Payload { get; set; } = "{}";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
