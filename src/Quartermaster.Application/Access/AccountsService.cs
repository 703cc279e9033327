using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Access;

public sealed record AccountView(Guid Id, string UserName, string DisplayName, string Role, string? Nation, string? Company,
    bool Disabled, bool LockedOut, DateTime CreatedAt, long Version);

public sealed record TokenView(Guid Id, string UserName, string Name, string Prefix, string Scope, DateTime CreatedAt, DateTime ExpiresAt, DateTime? RevokedAt);

/// <summary>A token as created: the secret is in <see cref="Token"/> and is shown this once.</summary>
public sealed record CreatedToken(TokenView Info, string Token);

/// <summary>Who a valid credential belongs to.</summary>
public sealed record SignedIn(Guid AccountId, string UserName, string DisplayName, Role Role, string? Nation, string? Company, TokenScope Scope,
    string SecurityStamp = "")
{
    public Actor Actor => new(UserName, Nation, Role.ToString());

    public Viewer Viewer => new(Role, Nation);
}

public enum SignInOutcome { Success, WrongCredentials, LockedOut, Disabled }

/// <summary>
/// Accounts, sign-in with lock-out, and API tokens. Passwords are hashed by ASP.NET Core Identity's hasher (PBKDF2);
/// tokens are 256 random bits, shown once and stored as their SHA-256 hash.
/// </summary>
public sealed class AccountsService(QuartermasterDb db)
{
    private static readonly PasswordHasher<Account> Hasher = new();
    private const string TokenPrefix = "qm_";

    public const int MinimumPasswordLength = 12;

    public Task<AccountView> Add(Actor actor, string userName, string displayName, Role role, string? nation, string? company, string password, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"add user {userName}", async () =>
        {
            var name = Account.ParseUserName(userName);
            if (await db.Accounts.AnyAsync(a => a.UserName == name, ct))
                throw new ConflictException($"User '{name}' already exists.");
            if (nation is not null && !await db.Nations.AnyAsync(n => n.Code == nation.ToUpper(), ct))
                throw new RequestException("nation", $"No nation has the code '{nation}'.");
            company = await CompanyFor(role, company, ct);
            var account = new Account(Guid.NewGuid(), name, displayName, role, nation, company, Now);
            account.SetPasswordHash(Hash(account, password));
            db.Accounts.Add(account);
            return account;
        }, a => Task.FromResult(View(a)), ct);

    public async Task<IReadOnlyList<AccountView>> List(CancellationToken ct = default)
        => (await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(ct)).Select(View).ToList();

    public Task<AccountView> SetDisabled(Actor actor, string userName, bool disabled, CancellationToken ct = default)
        => Change(actor, $"{(disabled ? "disable" : "enable")} user {userName}", userName, account =>
        {
            if (disabled) account.Disable(); else account.Enable();
        }, ct);

    public async Task<AccountView> Get(string userName, CancellationToken ct = default) => View(await Find(userName, ct));

    /// <summary>A new random password (shown once to whoever set it), at least <see cref="MinimumPasswordLength"/> characters.</summary>
    public static string GeneratePassword()
        => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    /// <summary>A new password: every existing session of the account ends.</summary>
    public Task<AccountView> SetPassword(Actor actor, string userName, string password, CancellationToken ct = default)
        => Change(actor, $"set password of {userName}", userName, account => account.SetPasswordHash(Hash(account, password)), ct);

    /// <summary>Another role, nation or company: every existing session of the account ends.</summary>
    public Task<AccountView> SetRole(Actor actor, string userName, Role role, string? nation, string? company, CancellationToken ct = default)
        => Change(actor, $"set role of {userName}", userName, account => account.Bind(role, nation, company), ct,
            async () =>
            {
                if (nation is not null && !await db.Nations.AnyAsync(n => n.Code == nation.ToUpper(), ct))
                    throw new RequestException("nation", $"No nation has the code '{nation}'.");
                company = await CompanyFor(role, company, ct);
            });

    /// <summary>An industry representative is bound to an existing company, named by its code; other roles keep no company.</summary>
    private async Task<string?> CompanyFor(Role role, string? company, CancellationToken ct)
    {
        if (role != Role.IndustryRepresentative || string.IsNullOrWhiteSpace(company)) return company;
        string code;
        try { code = Domain.Industry.Company.ParseCode(company); }
        catch (DomainException e) { throw new RequestException("company", e.Message); }
        if (!await db.Companies.AnyAsync(c => c.Code == code, ct))
            throw new RequestException("company", $"No company has the code '{code}' (see qm industry companies).");
        return code;
    }

    /// <summary>Signing out ends every session of the account, on every device (the cookie alone could be replayed).</summary>
    public async Task EndSessions(Guid accountId, CancellationToken ct = default)
    {
        var name = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.UserName).FirstOrDefaultAsync(ct);
        if (name is null) return;
        await Change(new Actor(name, null, "System"), $"sign-out {name}", name, account => account.EndSessions(), ct);
    }

    private async Task<AccountView> Change(Actor actor, string command, string userName, Action<Account> change, CancellationToken ct, Func<Task>? check = null)
    {
        try
        {
            return await CommandRunner.Run(db, actor, command, async () =>
            {
                if (check is not null) await check();
                var account = await Find(userName, ct);
                change(account);
                return account;
            }, a => Task.FromResult(View(a)), ct);
        }
        finally
        {
            SessionCache.Forget();
        }
    }

    /// <summary>
    /// Checks a password. Unknown user, wrong password, locked and disabled accounts get the same outcome to show
    /// (<see cref="SignInOutcome.WrongCredentials"/> for the page; the real reason only for the ledger and tests) and each
    /// costs exactly one password hash check, so that neither the answer nor its time tells whether an account exists.
    /// Each check is claimed in the database before it is made (the version guard serialises concurrent claims), so at
    /// most <see cref="Account.MaxFailedSignIns"/> wrong passwords are checked before the lock, however many arrive at once.
    /// </summary>
    public async Task<(SignInOutcome Outcome, SignedIn? Who)> SignIn(string userName, string password, CancellationToken ct = default)
    {
        string name;
        try { name = Account.ParseUserName(userName); }
        catch (DomainException) { return (Dummy(password, SignInOutcome.WrongCredentials), null); }
        var system = new Actor("system:sign-in", null, "System");
        for (var attempt = 0; ; attempt++)
        {
            var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == name, ct);
            if (account is null) return (Dummy(password, SignInOutcome.WrongCredentials), null);
            if (account.Disabled) return (Dummy(password, SignInOutcome.Disabled), null);
            bool claimed;
            try
            {
                claimed = await CommandRunner.Run(db, system, $"sign-in attempt {name}", async () =>
                {
                    var tracked = await db.Accounts.FirstAsync(a => a.Id == account.Id, ct);
                    db.ExpectVersion(tracked, account.Version);
                    return tracked.ClaimSignInAttempt(Now);
                }, ct);
            }
            catch (ConflictException) when (attempt < 50)
            {
                continue; // another attempt was counted first: count this one on top of it
            }
            if (!claimed) return (Dummy(password, SignInOutcome.LockedOut), null);
            var ok = Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
            if (!ok) return (SignInOutcome.WrongCredentials, null);
            var signedIn = await CommandRunner.Run(db, system, $"sign-in {name}", async () =>
            {
                var tracked = await db.Accounts.FirstAsync(a => a.Id == account.Id, ct);
                tracked.RecordSignIn();
                return tracked;
            }, ct);
            return (SignInOutcome.Success, Who(signedIn, TokenScope.Write));
        }
    }

    /// <summary>The one hash check of an attempt that has no account to check against (same cost as a real check).</summary>
    private SignInOutcome Dummy(string password, SignInOutcome outcome)
    {
        Hasher.VerifyHashedPassword(DummyAccount, DummyHash, password ?? "");
        return outcome;
    }

    /// <summary>
    /// The account behind a cookie session, or null when it is disabled or gone or the session's security stamp is no longer
    /// the account's. Read through <see cref="SessionCache"/>, so the per-request check costs a dictionary lookup.
    /// </summary>
    public async Task<SignedIn?> Current(Guid accountId, CancellationToken ct = default)
    {
        if (SessionCache.TryGet("account:" + accountId, out var cached)) return cached;
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        var who = account is null || account.Disabled ? null : Who(account, TokenScope.Write);
        SessionCache.Put("account:" + accountId, who, null);
        return who;
    }

    /// <summary>Whether a cookie session issued with <paramref name="stamp"/> is still valid for the account.</summary>
    public async Task<SignedIn?> Session(Guid accountId, string? stamp, CancellationToken ct = default)
        => await Current(accountId, ct) is { } who && !string.IsNullOrEmpty(stamp) && who.SecurityStamp == stamp ? who : null;

    public Task<CreatedToken> CreateToken(Actor actor, string userName, string name, TokenScope scope, int days, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create token '{name}' for {userName}", async () =>
        {
            if (days is < 1 or > 366) throw new RequestException("days", "A token lives from 1 to 366 days.");
            var account = await Find(userName, ct);
            if (scope == TokenScope.Write && !account.MayHoldWriteTokens)
                throw new RequestException("scope", $"{account.UserName} is an auditor: auditors change nothing, so their tokens only read (use --scope Read).");
            var secret = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
            var token = new ApiToken(Guid.NewGuid(), account.Id, name, secret[..10], HashToken(secret), scope, Now, Now.AddDays(days));
            db.ApiTokens.Add(token);
            return (token, account.UserName, secret);
        }, t => Task.FromResult(new CreatedToken(TokenViewOf(t.token, t.UserName), t.secret)), ct);

    public async Task<TokenView> RevokeToken(Actor actor, Guid tokenId, Guid? ownerOnly, CancellationToken ct = default)
    {
        try
        {
            return await CommandRunner.Run(db, actor, $"revoke token {tokenId}", async () =>
            {
                var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && (ownerOnly == null || t.AccountId == ownerOnly), ct)
                            ?? throw new NotFoundException("Token", tokenId.ToString());
                token.Revoke(Now);
                var owner = await db.Accounts.AsNoTracking().Where(a => a.Id == token.AccountId).Select(a => a.UserName).FirstAsync(ct);
                return (token, owner);
            }, t => Task.FromResult(TokenViewOf(t.token, t.owner)), ct);
        }
        finally
        {
            SessionCache.Forget();
        }
    }

    public async Task<IReadOnlyList<TokenView>> Tokens(string? userName, CancellationToken ct = default)
    {
        var q = from t in db.ApiTokens.AsNoTracking() join a in db.Accounts.AsNoTracking() on t.AccountId equals a.Id select new { t, a.UserName };
        if (userName is not null) q = q.Where(x => x.UserName == userName.ToLower());
        return (await q.ToListAsync(ct)).OrderBy(x => x.t.CreatedAt).Select(x => TokenViewOf(x.t, x.UserName)).ToList();
    }

    /// <summary>The account a bearer token belongs to, or null when the token is unknown, revoked, expired or its account disabled.</summary>
    public async Task<SignedIn?> Authenticate(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length > 200) return null;
        var hash = HashToken(presented);
        if (SessionCache.TryGet("token:" + hash, out var cached, Now)) return cached;
        var found = await (from t in db.ApiTokens.AsNoTracking() join a in db.Accounts.AsNoTracking() on t.AccountId equals a.Id
                           where t.Hash == hash select new { t, a }).FirstOrDefaultAsync(ct);
        var who = found is null || !found.t.IsValid(Now) || found.a.Disabled ? null : Who(found.a, found.t.Scope);
        if (who is not null) SessionCache.Put("token:" + hash, who, found!.t.ExpiresAt); // refusals are never remembered
        return who;
    }

    private DateTime Now => db.Clock.GetUtcNow().UtcDateTime;

    private static readonly Account DummyAccount = new(Guid.Empty, "nobody", "nobody", Role.Auditor, null, null, DateTime.UnixEpoch);
    private static readonly string DummyHash = Hasher.HashPassword(DummyAccount, "not a password of anyone");

    private static string Hash(Account account, string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
            throw new RequestException("password", $"A password has at least {MinimumPasswordLength} characters.");
        return Hasher.HashPassword(account, password);
    }

    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<Account> Find(string userName, CancellationToken ct)
    {
        var name = userName.Trim().ToLowerInvariant();
        return await db.Accounts.FirstOrDefaultAsync(a => a.UserName == name, ct) ?? throw new NotFoundException("User", userName);
    }

    private static SignedIn Who(Account a, TokenScope scope) => new(a.Id, a.UserName, a.DisplayName, a.Role, a.Nation, a.Company, scope, a.SecurityStamp);

    private AccountView View(Account a) => new(a.Id, a.UserName, a.DisplayName, a.Role.ToString(), a.Nation, a.Company, a.Disabled,
        a.IsLockedOut(Now), DateTime.SpecifyKind(a.CreatedAt, DateTimeKind.Utc), a.Version);

    private static TokenView TokenViewOf(ApiToken t, string owner) => new(t.Id, owner, t.Name, t.Prefix, t.Scope.ToString(),
        DateTime.SpecifyKind(t.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(t.ExpiresAt, DateTimeKind.Utc),
        t.RevokedAt is { } r ? DateTime.SpecifyKind(r, DateTimeKind.Utc) : null);
}
