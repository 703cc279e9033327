namespace Quartermaster.Domain.Access;

using Quartermaster.Domain.Common;

/// <summary>Marks a property whose value never goes into the ledger (password and token hashes).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LedgerRedactedAttribute : Attribute;

/// <summary>
/// A local account. The password hash is produced by a well-kept hasher outside the domain (ASP.NET Core
/// Identity's PBKDF2 hasher); the domain keeps the role binding and the lock-out rule.
/// </summary>
public sealed class Account : VersionedEntity
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);

    private Account() { }

    public Account(Guid id, string userName, string displayName, Role role, string? nation, string? company, DateTime createdAt)
    {
        Id = id;
        UserName = ParseUserName(userName);
        DisplayName = Guard.Required(displayName, "displayName", 120);
        CreatedAt = createdAt;
        Bind(role, nation, company);
    }

    public Guid Id { get; private set; }
    public string UserName { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public Role Role { get; private set; }

    /// <summary>The nation a national point of contact acts for (null for other roles, except a recipient officer's nation).</summary>
    public string? Nation { get; private set; }

    /// <summary>The company an industry representative acts for.</summary>
    public string? Company { get; private set; }

    [LedgerRedacted]
    public string PasswordHash { get; private set; } = "";
    public bool Disabled { get; private set; }

    /// <summary>
    /// Changes whenever existing sessions must end: sign-out, a new password, another role, nation or company, disabling.
    /// Every session carries the stamp it was issued with and is refused once it differs.
    /// </summary>
    [LedgerRedacted]
    public string SecurityStamp { get; private set; } = "";
    public int FailedSignIns { get; private set; }
    public DateTime? LockedUntil { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public override string LedgerKey => UserName;

    public Viewer Viewer => new(Role, Nation);

    /// <summary>Auditors change nothing, so their API tokens only read.</summary>
    public bool MayHoldWriteTokens => Role != Role.Auditor;

    public static string ParseUserName(string? userName)
    {
        var u = Guard.Required(userName, "userName", 64).ToLowerInvariant();
        if (!u.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
            throw new DomainException("userName", $"'{userName}' is not a user name: use letters, digits, '-', '_', '.', '@'.");
        return u;
    }

    public void Bind(Role role, string? nation, string? company)
    {
        var n = string.IsNullOrWhiteSpace(nation) ? null : Nations.NationCode.Parse(nation, "nation");
        var c = Guard.Optional(company, "company", 120);
        if (role == Role.NationalPointOfContact && n is null)
            throw new DomainException("nation", "A national point of contact is bound to one nation: give --nation.");
        if (role == Role.IndustryRepresentative && c is null)
            throw new DomainException("company", "An industry representative is bound to one company: give --company.");
        if (role is Role.Coordinator or Role.Auditor && n is not null)
            throw new DomainException("nation", $"A {role} acts for the coordination cell, not for a nation.");
        var boundCompany = role == Role.IndustryRepresentative ? c : null;
        if (Role != role || Nation != n || Company != boundCompany || SecurityStamp.Length == 0) EndSessions();
        Role = role;
        Nation = n;
        Company = boundCompany;
    }

    public void SetPasswordHash(string hash)
    {
        PasswordHash = Guard.Required(hash, "password", 1000);
        EndSessions();
    }

    /// <summary>Ends every session of the account (a new security stamp).</summary>
    public void EndSessions() => SecurityStamp = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a failed sign-in; the fifth in a row locks the account for 15 minutes.</summary>
    public void RecordFailedSignIn(DateTime now)
    {
        FailedSignIns++;
        if (FailedSignIns >= MaxFailedSignIns)
        {
            LockedUntil = now + LockOut;
            FailedSignIns = 0;
        }
    }

    /// <summary>
    /// Claims one password check before it is made, counted as a failure until <see cref="RecordSignIn"/> says otherwise:
    /// false (no check) while locked. Saved before the check with the version guard, so that concurrent attempts are counted
    /// one by one and at most <see cref="MaxFailedSignIns"/> wrong passwords are ever checked before the lock.
    /// </summary>
    public bool ClaimSignInAttempt(DateTime now)
    {
        if (IsLockedOut(now)) return false;
        RecordFailedSignIn(now);
        return true;
    }

    public void RecordSignIn()
    {
        FailedSignIns = 0;
        LockedUntil = null;
        if (SecurityStamp.Length == 0) EndSessions(); // an account from before security stamps
    }

    public void Disable()
    {
        Disabled = true;
        EndSessions();
    }

    public void Enable() => Disabled = false;
}

public enum TokenScope { Read, Write }

/// <summary>An API token: shown once, stored only as a hash, scoped, expiring, revocable.</summary>
public sealed class ApiToken : VersionedEntity
{
    private ApiToken() { }

    public ApiToken(Guid id, Guid accountId, string name, string prefix, string hash, TokenScope scope, DateTime createdAt, DateTime expiresAt)
    {
        if (expiresAt <= createdAt) throw new DomainException("expires", "A token must expire after it is created.");
        if (expiresAt > createdAt.AddDays(366)) throw new DomainException("expires", "A token lives at most one year.");
        Id = id;
        AccountId = accountId;
        Name = Guard.Required(name, "name", 120);
        Prefix = prefix;
        Hash = hash;
        Scope = scope;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The first characters of the token, to recognise it in lists; not a secret on its own.</summary>
    public string Prefix { get; private set; } = "";

    [LedgerRedacted]
    public string Hash { get; private set; } = "";
    public TokenScope Scope { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    public override string LedgerKey => Id.ToString();

    public bool IsValid(DateTime now) => RevokedAt is null && ExpiresAt > now;

    public void Revoke(DateTime now)
    {
        if (RevokedAt is not null) throw new DomainException("token", "The token was already revoked.");
        RevokedAt = now;
    }
}
