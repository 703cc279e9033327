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
public sealed record SignedIn(Guid AccountId, string UserName, string DisplayName, Role Role, string? Nation, string? Company, TokenScope Scope)
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
            var account = new Account(Guid.NewGuid(), name, displayName, role, nation, company, Now);
            account.SetPasswordHash(Hash(account, password));
            db.Accounts.Add(account);
            return account;
        }, a => Task.FromResult(View(a)), ct);

    public async Task<IReadOnlyList<AccountView>> List(CancellationToken ct = default)
        => (await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(ct)).Select(View).ToList();

    public Task<AccountView> SetDisabled(Actor actor, string userName, bool disabled, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"{(disabled ? "disable" : "enable")} user {userName}", async () =>
        {
            var account = await Find(userName, ct);
            if (disabled) account.Disable(); else account.Enable();
            return account;
        }, a => Task.FromResult(View(a)), ct);

    public async Task<AccountView> Get(string userName, CancellationToken ct = default) => View(await Find(userName, ct));

    /// <summary>Changes an account's role and binding (nation, company); its tokens act with the new role at once.</summary>
    public Task<AccountView> Rebind(Actor actor, string userName, Role role, string? nation, string? company, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"set role of {userName} to {role}", async () =>
        {
            var account = await Find(userName, ct);
            if (nation is not null && !await db.Nations.AnyAsync(n => n.Code == nation.ToUpper(), ct))
                throw new RequestException("nation", $"No nation has the code '{nation}'.");
            account.Bind(role, nation, company);
            return account;
        }, a => Task.FromResult(View(a)), ct);

    /// <summary>A new random password (shown once to whoever set it), at least <see cref="MinimumPasswordLength"/> characters.</summary>
    public static string GeneratePassword()
        => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    public Task<AccountView> SetPassword(Actor actor, string userName, string password, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"set password of {userName}", async () =>
        {
            var account = await Find(userName, ct);
            account.SetPasswordHash(Hash(account, password));
            return account;
        }, a => Task.FromResult(View(a)), ct);

    /// <summary>Checks a password. Failures count towards the lock-out; the ledger records sign-in outcomes that change the account.</summary>
    public async Task<(SignInOutcome Outcome, SignedIn? Who)> SignIn(string userName, string password, CancellationToken ct = default)
    {
        string name;
        try { name = Account.ParseUserName(userName); }
        catch (DomainException) { return (SignInOutcome.WrongCredentials, null); }
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == name, ct);
        if (account is null)
        {
            Hasher.VerifyHashedPassword(new Account(Guid.Empty, "nobody", "nobody", Role.Auditor, null, null, Now), DummyHash, password);
            return (SignInOutcome.WrongCredentials, null);
        }
        if (account.Disabled) return (SignInOutcome.Disabled, null);
        if (account.IsLockedOut(Now)) return (SignInOutcome.LockedOut, null);
        var ok = Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
        var system = new Actor("system:sign-in", null, "System");
        await CommandRunner.Run(db, system, ok ? $"sign-in {name}" : $"failed sign-in {name}", async () =>
        {
            var tracked = await db.Accounts.FirstAsync(a => a.Id == account.Id, ct);
            if (ok) tracked.RecordSignIn(); else tracked.RecordFailedSignIn(Now);
            return true;
        }, ct);
        return ok ? (SignInOutcome.Success, Who(account, TokenScope.Write)) : (SignInOutcome.WrongCredentials, null);
    }

    /// <summary>The account behind a cookie, re-read on every request so that disabling takes effect at once.</summary>
    public async Task<SignedIn?> Current(Guid accountId, CancellationToken ct = default)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        return account is null || account.Disabled ? null : Who(account, TokenScope.Write);
    }

    public Task<CreatedToken> CreateToken(Actor actor, string userName, string name, TokenScope scope, int days, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create token '{name}' for {userName}", async () =>
        {
            if (days is < 1 or > 366) throw new RequestException("days", "A token lives from 1 to 366 days.");
            var account = await Find(userName, ct);
            var secret = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
            var token = new ApiToken(Guid.NewGuid(), account.Id, name, secret[..10], HashToken(secret), scope, Now, Now.AddDays(days));
            db.ApiTokens.Add(token);
            return (token, account.UserName, secret);
        }, t => Task.FromResult(new CreatedToken(TokenViewOf(t.token, t.UserName), t.secret)), ct);

    public Task<TokenView> RevokeToken(Actor actor, Guid tokenId, Guid? ownerOnly, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"revoke token {tokenId}", async () =>
        {
            var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && (ownerOnly == null || t.AccountId == ownerOnly), ct)
                        ?? throw new NotFoundException("Token", tokenId.ToString());
            token.Revoke(Now);
            var owner = await db.Accounts.AsNoTracking().Where(a => a.Id == token.AccountId).Select(a => a.UserName).FirstAsync(ct);
            return (token, owner);
        }, t => Task.FromResult(TokenViewOf(t.token, t.owner)), ct);

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
        var found = await (from t in db.ApiTokens.AsNoTracking() join a in db.Accounts.AsNoTracking() on t.AccountId equals a.Id
                           where t.Hash == hash select new { t, a }).FirstOrDefaultAsync(ct);
        if (found is null || !found.t.IsValid(Now) || found.a.Disabled) return null;
        return Who(found.a, found.t.Scope);
    }

    private DateTime Now => db.Clock.GetUtcNow().UtcDateTime;

    private static readonly string DummyHash = Hasher.HashPassword(null!, "not a password of anyone");

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

    private static SignedIn Who(Account a, TokenScope scope) => new(a.Id, a.UserName, a.DisplayName, a.Role, a.Nation, a.Company, scope);

    private AccountView View(Account a) => new(a.Id, a.UserName, a.DisplayName, a.Role.ToString(), a.Nation, a.Company, a.Disabled,
        a.IsLockedOut(Now), DateTime.SpecifyKind(a.CreatedAt, DateTimeKind.Utc), a.Version);

    private static TokenView TokenViewOf(ApiToken t, string owner) => new(t.Id, owner, t.Name, t.Prefix, t.Scope.ToString(),
        DateTime.SpecifyKind(t.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(t.ExpiresAt, DateTimeKind.Utc),
        t.RevokedAt is { } r ? DateTime.SpecifyKind(r, DateTimeKind.Utc) : null);
}
