using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Quartermaster.Application.Access;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages;

/// <summary>Sign-in with a local account (lock-out after five failures, rate-limited per address).</summary>
[AllowAnonymous]
[EnableRateLimiting(Policies.SignInLimit)]
public sealed class SignInModel(AccountsService accounts) : PageModel
{
    [BindProperty, Required]
    public string UserName { get; set; } = "";

    [BindProperty, Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public const string WrongCredentials = "The user name or password is wrong, or the account is locked (after 5 failed sign-ins, for 15 minutes) or disabled.";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = "Enter your user name and password.";
            return Page();
        }
        var (outcome, who) = await accounts.SignIn(UserName, Password, ct);
        switch (outcome)
        {
            case SignInOutcome.Success:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    Claims.Principal(who!, CookieAuthenticationDefaults.AuthenticationScheme));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            default:
                // One answer for an unknown user, a wrong password, a locked and a disabled account: it reveals no account.
                Error = WrongCredentials;
                break;
        }
        return Page();
    }
}

/// <summary>Signs out (a POST with the anti-forgery token; links cannot sign anyone out).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    /// <summary>Ends the session everywhere: the account's security stamp changes, so a copy of the cookie no longer works either.</summary>
    public async Task<IActionResult> OnPostAsync([FromServices] AccountsService accounts, CancellationToken ct)
    {
        if (Guid.TryParse(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id))
            await accounts.EndSessions(id, ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/signin");
    }
}

[AllowAnonymous]
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = 403;
}
