using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Account;

/// <summary>
/// The signed-in person's API tokens: list, create (the secret is shown on the result page once and never again;
/// only its hash is stored) and revoke. Only with a password sign-in (cookie), never with a token.
/// </summary>
[Authorize(Policy = Policies.OwnTokens)]
[EnableRateLimiting(Policies.TokenLimit)]
public sealed class TokensModel(AccountsService accounts, CurrentActor current) : PageModel
{
    public IReadOnlyList<TokenView> Tokens { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public TokenScope Scope { get; set; } = TokenScope.Read;
    [BindProperty] public int Days { get; set; } = 30;

    /// <summary>The secret of the token just created: rendered on this one response only.</summary>
    public CreatedToken? Created { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }
    public string? Message { get; private set; }

    /// <summary>Auditors change nothing, so their tokens only read.</summary>
    public bool MayWrite => !User.IsInRole(nameof(Role.Auditor));

    public DateTime Now => HttpContext.UtcNow();

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (!ModelState.IsValid) Fail("days", "Give a name, a scope and a number of days.");
        else if (string.IsNullOrWhiteSpace(Name)) Fail("name", "Give the token a name, e.g. the script that will use it.");
        else if (Name.Trim().Length > 100) Fail("name", "A token name has at most 100 characters.");
        else
        {
            try
            {
                Created = await accounts.CreateToken(current.Actor, current.Actor.Name, Name.Trim(), Scope, Days, ct);
                Name = null;
            }
            catch (RequestException ex) { Fail(ex.Field, ex.Message); }
            catch (DomainException ex) { Fail(ex.Field, ex.Message); }
        }
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var accountId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var a) ? a : Guid.Empty;
        try
        {
            var revoked = await accounts.RevokeToken(current.Actor, id, accountId, ct);
            Message = $"Token '{revoked.Name}' ({revoked.Prefix}…) is revoked; it no longer works.";
        }
        catch (NotFoundException) { Fail("token", "That token does not exist or is not yours."); }
        catch (DomainException ex) { Fail(ex.Field, ex.Message); }
        await Load(ct);
        return Page();
    }

    public string StateOf(TokenView t) => t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= Now ? "expired" : "active";

    private void Fail(string field, string message) => (ErrorField, Error) = (field, message);

    private async Task Load(CancellationToken ct)
        => Tokens = (await accounts.Tokens(current.Actor.Name, ct)).OrderByDescending(t => t.CreatedAt).ToList();
}
