using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
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

    /// <summary>Shipping a donor's goods (create, identify, dispatch, cancel): the cell, or that nation's point of contact.</summary>
    public const string Ship = "ship";

    /// <summary>Signing receipts: the cell and the recipient's logistics officers.</summary>
    public const string Receive = "receive";

    /// <summary>Moving shipments along and handling discrepancies: the cell, the donor's point of contact, the recipient.</summary>
    public const string Deliver = "deliver";

    /// <summary>
    /// The import pages: whoever may import some kind (offers: the cell and points of contact; requirements: the cell and
    /// the recipient's officers; catalogue: the cell). Each kind is checked again against its own policy.
    /// </summary>
    public const string Import = "import";

    /// <summary>Reading every unit's inventories: the cell, auditors and the recipient's officers.</summary>
    public const string Accountability = "accountability";

    /// <summary>Reading the ledger and plans: auditors and the cell.</summary>
    public const string Audit = "audit";

    /// <summary>Countersigning ledger checkpoints for one's own nation: a point of contact with write rights.</summary>
    public const string Witness = "witness";
    /// <summary>Training sites and cohorts: the cell, or a host nation's point of contact for its own sites.</summary>
    public const string Training = "training";

    /// <summary>Recording cohort progress (start, graduation): the cell, the recipient's officers, the host nation's point of contact.</summary>
    public const string TrainingProgress = "training-progress";

    /// <summary>A company's products (price, capacity, stock): the cell, or the company's own industry representative.</summary>
    public const string Industry = "industry";

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
    public const string Stamp = "qm:stamp";

    public static ClaimsPrincipal Principal(SignedIn who, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, who.AccountId.ToString()),
        new Claim(ClaimTypes.Name, who.UserName),
        new Claim(ClaimTypes.GivenName, who.DisplayName),
        new Claim(ClaimTypes.Role, who.Role.ToString()),
        new Claim(Nation, who.Nation ?? ""),
        new Claim(Company, who.Company ?? ""),
        new Claim(Scope, who.Scope.ToString()),
        new Claim(Stamp, who.SecurityStamp),
    ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static Actor? ActorOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var nation = user.FindFirstValue(Nation);
        var company = user.FindFirstValue(Company);
        return new Actor(user.Identity.Name!, string.IsNullOrEmpty(nation) ? null : nation, user.FindFirstValue(ClaimTypes.Role) ?? "")
        {
            Company = string.IsNullOrEmpty(company) ? null : company,
        };
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
            // Bearer tokens authenticate the API only (scripts); pages are for people, who sign in with a cookie.
            .AddPolicyScheme(Smart, "cookie or token", o => o.ForwardDefaultSelector = http =>
                IsApi(http.Request) && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
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
                    // Checked on every request (through a short cache): a session ends once its account is disabled or its
                    // security stamp changed (sign-out, new password, other role or nation), on every device at once.
                    var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                    var who = Guid.TryParse(id, out var accountId)
                        ? await ctx.HttpContext.RequestServices.GetRequiredService<AccountsService>()
                            .Session(accountId, ctx.Principal?.FindFirstValue(Claims.Stamp), ctx.HttpContext.RequestAborted)
                        : null;
                    if (who is null)
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
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
            .AddPolicy(Policies.Ship, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact))
            .AddPolicy(Policies.Receive, p => Writer(p, Role.Coordinator, Role.RecipientOfficer))
            .AddPolicy(Policies.Deliver, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact, Role.RecipientOfficer))
            .AddPolicy(Policies.Import, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact, Role.RecipientOfficer))
            .AddPolicy(Policies.Accountability, p => p.RequireAuthenticatedUser().RequireRole(nameof(Role.Coordinator), nameof(Role.Auditor), nameof(Role.RecipientOfficer)))
            .AddPolicy(Policies.Witness, p => Writer(p, Role.NationalPointOfContact))
            .AddPolicy(Policies.Training, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact))
            .AddPolicy(Policies.TrainingProgress, p => Writer(p, Role.Coordinator, Role.NationalPointOfContact, Role.RecipientOfficer))
            .AddPolicy(Policies.Industry, p => Writer(p, Role.Coordinator, Role.IndustryRepresentative))
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

    /// <summary>Writers need one of the roles. Write scope is not a policy: <see cref="UseUnsafeRequestGuard"/> checks it for every unsafe request.</summary>
    private static void Writer(AuthorizationPolicyBuilder p, params Role[] roles)
        => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString()));

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    /// <summary>
    /// 401/403 for the API; a redirect for pages, always relative (path and query only), so that no Host header a client
    /// sends ever ends up in a Location.
    /// </summary>
    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.Request))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(Uri.TryCreate(ctx.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsUnsafe(string method)
        => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    /// <summary>
    /// The one place every unsafe request (POST, PUT, PATCH, DELETE) passes once the caller is known, pages and API alike:
    /// a read-scoped credential changes nothing (403); a cookie-authenticated API request must come from this site's own
    /// pages (Sec-Fetch-Site same-origin, or an Origin equal to the server's own) or carry the anti-forgery token, so that
    /// a cross-site form or <c>text/plain</c> POST never acts with a browser's cookie (403). Pages check their anti-forgery
    /// token themselves (every form carries one).
    /// </summary>
    public static IApplicationBuilder UseUnsafeRequestGuard(this IApplicationBuilder app)
        => app.Use(async (http, next) =>
        {
            var user = http.User;
            if (IsUnsafe(http.Request.Method) && user.Identity?.IsAuthenticated == true)
            {
                if (user.FindFirstValue(Claims.Scope) != nameof(TokenScope.Write))
                {
                    await Refuse(http, "Read-only credential", "This API token is read-only: it cannot change anything. Use a Write token.");
                    return;
                }
                if (IsApi(http.Request) && user.Identity.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme
                    && !SameOrigin(http.Request)
                    && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                {
                    await Refuse(http, "Cross-site request refused",
                        "A change through the API with a sign-in cookie must come from this site's pages (same origin) or carry the anti-forgery token; scripts use an API token.");
                    return;
                }
            }
            await next(http);
        });

    /// <summary>What a browser says about where a request comes from: Sec-Fetch-Site, else Origin compared with the server's own.</summary>
    public static bool SameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site == "same-origin";
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && string.Equals(origin.TrimEnd('/'), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static Task Refuse(HttpContext http, string title, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 403, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>
    /// Security headers on every response: a strict CSP without inline scripts, no framing, no sniffing, no referrer. Set
    /// just before the response starts, so that problem documents, 404s, rate-limit refusals and error pages (whose
    /// handlers clear the headers set earlier) carry them too. Registered first in the pipeline.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
        => app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                ApplySecurityHeaders(http.Response.Headers);
                return Task.CompletedTask;
            });
            return next(http);
        });

    public static void ApplySecurityHeaders(IHeaderDictionary h)
    {
        h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                  + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
