namespace Quartermaster.Storage.Idempotency;

/// <summary>
/// The first result of one write request, stored in the same transaction as the write it answered, so that the same
/// request sent again (a client retry after a lost answer, a double-clicked form, a server-side retry after a
/// transient fault) gets the same answer back without anything being written twice. Keyed by the actor and the
/// key the client chose (the <c>Idempotency-Key</c> header, or the id a form carries).
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The actor's name: two people choosing the same key never see each other's results.</summary>
    public required string Actor { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 (hex) of <see cref="Fingerprint"/>: the same key with different content is refused.</summary>
    public required string RequestHash { get; init; }

    /// <summary>The request as field name -> hash of its value (JSON), so that a refusal can name the fields that differ.</summary>
    public required string Fingerprint { get; init; }

    public required int Status { get; init; }

    public string? ContentType { get; init; }

    /// <summary>The answer's headers that belong to the result (Location, ETag, Warning), as JSON.</summary>
    public required string Headers { get; init; }

    public required byte[] Body { get; init; }

    public required DateTime CreatedAt { get; init; }
}
