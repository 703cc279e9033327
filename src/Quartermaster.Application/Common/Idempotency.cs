using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Configuration;
using Quartermaster.Storage.Idempotency;

namespace Quartermaster.Application.Common;

/// <summary>What a request asked for, as field name -> SHA-256 of the field's JSON value; compared field by field.</summary>
public sealed class RequestFingerprint
{
    private RequestFingerprint(SortedDictionary<string, string> fields) => Fields = fields;

    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>One entry per field; an object value contributes one entry per property (so a difference names the property).</summary>
    public static RequestFingerprint Of(IEnumerable<KeyValuePair<string, JsonNode?>> values)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (value is JsonObject o)
                foreach (var (property, v) in o) fields[property] = HashOf(v);
            else
                fields[name] = HashOf(value);
        }
        return new RequestFingerprint(fields);
    }

    public static RequestFingerprint Parse(string json)
        => new(JsonSerializer.Deserialize<SortedDictionary<string, string>>(json) ?? new SortedDictionary<string, string>(StringComparer.Ordinal));

    public string ToJson() => JsonSerializer.Serialize(Fields);

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>The fields whose values differ between the two requests (present in one only counts as different).</summary>
    public IReadOnlyList<string> DifferencesFrom(RequestFingerprint other)
        => Fields.Keys.Union(other.Fields.Keys).Distinct(StringComparer.Ordinal)
            .Where(k => !Fields.TryGetValue(k, out var a) || !other.Fields.TryGetValue(k, out var b) || a != b)
            .OrderBy(k => k, StringComparer.Ordinal).ToList();

    private static string HashOf(JsonNode? value)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null")))[..16];
}

/// <summary>The answer to a write request as it was (or will be) sent: status, content type, result headers and body.</summary>
public sealed record IdempotentResult(int Status, string? ContentType, IReadOnlyDictionary<string, string[]> Headers, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and < 400;
}

/// <summary>The key was first used for a different request: nothing was done; the fields that differ are named.</summary>
public sealed class IdempotencyConflictException(string key, IReadOnlyList<string> fields)
    : Exception($"The Idempotency-Key '{key}' was already used for a different request (differs in: {string.Join(", ", fields)}); nothing was done. Use a new key for a new request.")
{
    public string Key { get; } = key;

    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>
/// Makes any write safe to repeat. <see cref="Run"/> executes the write and stores its first successful result
/// (status, headers, body, and a fingerprint of the request) in the <b>same transaction</b> as the write, keyed by
/// actor + key; a repeat with the same key returns the stored result and changes nothing; the same key with a
/// different request is refused (<see cref="IdempotencyConflictException"/>, 409 naming the fields that differ).
/// The whole unit runs in the database's execution strategy, so a transient fault retries it from the start, and
/// a retry after a commit whose acknowledgement was lost finds the stored result instead of writing twice.
/// <para>In the API, mark an endpoint (or a group) with <c>.Idempotent()</c> (Web/Api/IdempotencyFilter.cs); a
/// form carries its key in a hidden field (see <c>PledgeFormModel.Once</c>).</para>
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>How long a stored result is kept (and a repeat recognised).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>A client key: 1 to 200 printable ASCII characters.</summary>
    public static string CheckKey(string key, string field = Header)
    {
        if (key.Length is 0 or > IdempotencyRecordConfiguration.MaxKeyLength || key.Any(c => c is < (char)0x21 or > (char)0x7e))
            throw new RequestException(field, $"{field} must be 1 to {IdempotencyRecordConfiguration.MaxKeyLength} printable ASCII characters without spaces (a UUID is a good choice).");
        return key;
    }

    /// <summary>Runs <paramref name="work"/> at most once per (actor, key); returns its result and whether it was a stored one.</summary>
    public static async Task<(IdempotentResult Result, bool Replayed)> Run(QuartermasterDb db, Actor actor, string key, RequestFingerprint request,
        Func<Task<IdempotentResult>> work, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await strategy.ExecuteAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(token);
                    if (await Stored(db, actor, key, token) is { } earlier)
                        return (Replay(earlier, key, request), true);
                    var result = await work();
                    if (!result.IsSuccess)
                    {
                        await transaction.RollbackAsync(token);
                        return (result, false);
                    }
                    db.IdempotencyRecords.Add(new IdempotencyRecord
                    {
                        Actor = actor.Name, Key = key, RequestHash = request.Hash, Fingerprint = request.ToJson(), Status = result.Status,
                        ContentType = result.ContentType, Headers = JsonSerializer.Serialize(result.Headers), Body = result.Body,
                        CreatedAt = db.Clock.GetUtcNow().UtcDateTime,
                    });
                    var changes = db.Changes;
                    db.Changes = new ChangeContext(actor, $"store result of request {key}");
                    try
                    {
                        await db.SaveChangesAsync(token);
                    }
                    finally
                    {
                        db.Changes = changes;
                        db.ChangeTracker.Clear();
                    }
                    await transaction.CommitAsync(token);
                    return (result, false);
                }, ct);
            }
            catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && DatabaseFaults.IsUniqueViolation(ex))
            {
                // A concurrent request with the same key committed first: answer with its result. Another writer took a key
                // the work needed: run the work once more against the new state, then refuse as a conflict.
                db.ChangeTracker.Clear();
                if (await Stored(db, actor, key, ct) is { } winner) return (Replay(winner, key, request), true);
                if (attempt == 2)
                    throw new ConflictException("Someone else saved a record with the same key at the same moment; nothing was saved. Reload and try again.");
            }
        }
    }

    /// <summary>Removes results older than <see cref="Retention"/>, through the context like every other change; returns how many.</summary>
    public static async Task<int> Purge(QuartermasterDb db, CancellationToken ct = default)
    {
        var before = db.Clock.GetUtcNow().UtcDateTime - Retention;
        var old = await db.IdempotencyRecords.Where(r => r.CreatedAt < before).OrderBy(r => r.CreatedAt).Take(1000).ToListAsync(ct);
        if (old.Count == 0) return 0;
        db.IdempotencyRecords.RemoveRange(old);
        db.Changes = new ChangeContext(Actor.LocalOperator("system"), "purge expired idempotency results");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Changes = null;
            db.ChangeTracker.Clear();
        }
        return old.Count;
    }

    private static Task<IdempotencyRecord?> Stored(QuartermasterDb db, Actor actor, string key, CancellationToken ct)
        => db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Actor == actor.Name && r.Key == key, ct);

    private static IdempotentResult Replay(IdempotencyRecord record, string key, RequestFingerprint request)
    {
        if (record.RequestHash != request.Hash)
            throw new IdempotencyConflictException(key, request.DifferencesFrom(RequestFingerprint.Parse(record.Fingerprint)));
        var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(record.Headers) ?? [];
        return new IdempotentResult(record.Status, record.ContentType, headers, record.Body);
    }
}
