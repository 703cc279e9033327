using System.Collections.Concurrent;
using System.Diagnostics;

namespace Quartermaster.Application.Access;

/// <summary>
/// Who a session or token belongs to, remembered for a few seconds so that checking every request (security stamp,
/// disabled account, revoked or expired token) costs a dictionary lookup rather than a query. Keyed by account id or by
/// token hash (never the secret). Every change this process makes to an account or a token empties it at once; a change
/// made by another server on the same database takes effect there within <see cref="Lifetime"/>.
/// </summary>
public static class SessionCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 10_000;

    private sealed record Entry(SignedIn? Who, long Until, DateTime? ExpiresAt);

    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    public static bool TryGet(string key, out SignedIn? who, DateTime? now = null)
    {
        who = null;
        if (!Entries.TryGetValue(key, out var e)) return false;
        if (Stopwatch.GetTimestamp() > e.Until || (e.ExpiresAt is { } expires && now is { } n && n >= expires))
        {
            Entries.TryRemove(key, out _);
            return false;
        }
        who = e.Who;
        return true;
    }

    public static void Put(string key, SignedIn? who, DateTime? expiresAt)
    {
        if (Entries.Count >= MaxEntries) Entries.Clear();
        Entries[key] = new Entry(who, Stopwatch.GetTimestamp() + (long)(Lifetime.TotalSeconds * Stopwatch.Frequency), expiresAt);
    }

    /// <summary>Forgets everything: called after every change to an account or a token (they are rare).</summary>
    public static void Forget() => Entries.Clear();
}
