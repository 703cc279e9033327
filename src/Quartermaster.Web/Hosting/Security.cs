using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Web.Hosting;

/// <summary>The authorisation policies. Every endpoint names one; a test fails for any endpoint that does not.</summary>
public static class Policies
{
    /// <summary>Any signed-in person (cookie or token).</summary>
    public const string Read = "read";

    /// <summary>The coordination cell: nations, catalogue, hubs, plans.</summary>
    public const string Coordinate = "coordinate";

    /// <summary>Pledging: the cell, or a nation's point of contact for that nation.</summary>
    public const string Pledge = "pledge";

    /// <summary>The requirements list: the cell and the recipient's logistics officers.</summary>
    public const string Requirements = "requirements";

    /// <summary>Reading the ledger and plans: auditors and the cell.</summary>
    public const string Audit = "audit";

    /// <summary>Training sites and cohorts: the cell, or a host nation's point of contact for its own sites.</summary>
    public const string Training = "training";

    /// <summary>Recording cohort progress (start, graduation): the cell, the recipient's officers, the host nation's point of contact.</summary>
    public const string TrainingProgress = "training-progress";

    /// <summary>Managing one's own API tokens (signed in with a password, not with a token).</summary>
    public const string OwnTokens = "own-tokens";

    public const string SignInLimit = "sign-in";
    public const string TokenLimit = "tokens";
}

public static class Claims
{
    public const string Nation = "qm:nation";
    public const string Company = "qm:company";
    public const string Scope = "qm:scope";

    public static ClaimsPrincipal Principal(SignedIn who, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, who.AccountId.ToString()),
        new Claim(ClaimTypes.Name, who.UserName),
        new Claim(ClaimTypes.GivenName, who.DisplayName),
        new Claim(ClaimTypes.Role, who.Role.ToString()),
        new Claim(Nation, who.Nation ?? ""),
        new Claim(Company, who.Company ?? ""),
        new Claim(Scope, who.Scope.ToString()),
    ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static Actor? ActorOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var nation = user.FindFirstValue(Nation);
        return new Actor(user.Identity.Name!, string.IsNullOrEmpty(nation) ? null : nation, user.FindFirstValue(ClaimTypes.Role) ?? "");
    }

    public static Viewer? ViewerOf(ClaimsPrincipal user)
        => ActorOf(user) is { } a && Enum.TryParse<Role>(a.Role, out var role) ? new Viewer(role, a.Nation) : null;
}

/// <summary>Authenticates "Authorization: Bearer qm_…" API tokens.</summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var accounts = Context.RequestServices.GetRequiredService<AccountsService>();
        var who = await accounts.Authenticate(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return who is null
            ? AuthenticateResult.Fail("The token is unknown, revoked or expired, or its account is disabled.")
            : AuthenticateResult.Success(new AuthenticationTicket(Claims.Principal(who, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

public static class Security
{
    public const string Smart = "qm";

    /// <summary>Accounts, cookies for the UI, bearer tokens for scripts, optional OpenID Connect, policies and rate limits.</summary>
    public static void AddQuartermasterSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "cookie or token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "qm.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, 401);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, 403);
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    // Re-read the account on every request: a disabled account or a changed role takes effect at once.
                    var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                    var who = Guid.TryParse(id, out var accountId)
                        ? await ctx.HttpContext.RequestServices.GetRequiredService<AccountsService>().Current(accountId, ctx.HttpContext.RequestAborted)
                        : null;
                    if (who is null) ctx.RejectPrincipal();
                    else ctx.ReplacePrincipal(Claims.Principal(who, CookieAuthenticationDefaults.AuthenticationScheme));
                };
            });

        var oidc = configuration.GetSection("Authentication:OpenIdConnect");
        if (!string.IsNullOrWhiteSpace(oidc["Authority"]))
        {
            // Production sign-in through the organisation's identity provider. The person must also have a local account
            // (same user name as the provider's preferred_username claim), which carries the role and nation binding.
            auth.AddOpenIdConnect("oidc", o =>
            {
                o.Authority = oidc["Authority"];
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SaveTokens = false;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.Scope.Add("profile");
                o.Events.OnTokenValidated = async ctx =>
                {
                    var name = ctx.Principal?.FindFirstValue("preferred_username") ?? ctx.Principal?.Identity?.Name;
                    var accounts = ctx.HttpContext.RequestServices.GetRequiredService<AccountsService>();
                    var account = name is null ? null : (await accounts.List(ctx.HttpContext.RequestAborted)).FirstOrDefault(a => a.UserName == name.ToLowerInvariant());
                    var who = account is null || account.Disabled ? null : await accounts.Current(account.Id, ctx.HttpContext.RequestAborted);
                    if (who is null) ctx.Fail("No enabled Quartermaster account for this identity.");
                    else ctx.Principal = Claims.Principal(who, CookieAuthenticationDefaults.AuthenticationScheme);
                };
            });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Read, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Coordinate, p => Writer(p, Role.Coordinator))
            .AddPolicy(Policies.Pledge, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact))
            .AddPolicy(Policies.Requirements, p => Writer(p, Role.Coordinator, Role.RecipientOfficer))
            .AddPolicy(Policies.Training, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact))
            .AddPolicy(Policies.TrainingProgress, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact, Role.RecipientOfficer))
            .AddPolicy(Policies.Audit, p => p.RequireAuthenticatedUser().RequireRole(nameof(Role.Auditor), nameof(Role.Coordinator)))
            .AddPolicy(Policies.OwnTokens, p => p.RequireAuthenticatedUser().AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.AddPolicy(Policies.SignInLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "?",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            o.AddPolicy(Policies.TokenLimit, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "?",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    /// <summary>Writers need one of the roles and, with a token, a write-scoped token.</summary>
    private static void Writer(AuthorizationPolicyBuilder p, params Role[] roles)
        => p.RequireAuthenticatedUser()
            .RequireRole(roles.Select(r => r.ToString()))
            .RequireClaim(Claims.Scope, nameof(TokenScope.Write));

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/openapi"))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Security headers on every response: a strict CSP without inline scripts, no framing, no sniffing, no referrer.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
        => app.Use((http, next) =>
        {
            var h = http.Response.Headers;
            h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(http);
        });
}
