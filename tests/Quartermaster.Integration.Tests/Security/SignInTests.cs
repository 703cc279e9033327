using System.Net;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>
/// The sign-in form: lock-out after five wrong passwords, anti-forgery on the POST, security headers. Its own server, because
/// the sign-in POST is rate limited per address (10 a minute) and these tests stay under that.
/// </summary>
public abstract class SignInTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Header(HttpResponseMessage r, string name, string path)
    {
        var found = r.Headers.TryGetValues(name, out var v) || r.Content.Headers.TryGetValues(name, out v);
        Assert.True(found, $"{path} ({(int)r.StatusCode}) has no {name} header");
        return string.Join(";", v!);
    }

    private static async Task<string> Html(HttpResponseMessage r) => await r.Content.ReadAsStringAsync(Ct);

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_right_password_then_still_fails()
    {
        await fx.EnsureAccountAsync("si-victim", Role.NationalPointOfContact, "JPN");
        var (browser, cookies) = fx.Browser();
        using var _ = browser;
        var token = await SecurityFixture<TKind>.AntiForgeryTokenAsync(browser);
        for (var i = 1; i <= Account.MaxFailedSignIns; i++)
        {
            using var wrong = await SecurityFixture<TKind>.PostSignInAsync(browser, "si-victim", $"guess-number-{i}-wrong", token);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("password is wrong", await Html(wrong), StringComparison.Ordinal);
        }
        using var right = await SecurityFixture<TKind>.PostSignInAsync(browser, "si-victim", SecurityFixture<TKind>.Password, token);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        // The same answer as a wrong password (it does not tell an attacker that the account exists and is now locked).
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Quartermaster.Web.Pages.SignInModel.WrongCredentials), await Html(right), StringComparison.Ordinal);
        Assert.DoesNotContain(cookies.GetAllCookies(), c => c.Name == "qm.auth");
        await using var db = fx.OpenDb();
        Assert.True((await fx.Accounts(db).List(Ct)).Single(a => a.UserName == "si-victim").LockedOut);
    }

    [Fact]
    public async Task Sign_in_post_without_a_valid_anti_forgery_token_is_refused_with_400()
    {
        await fx.EnsureAccountAsync("si-csrf", Role.Coordinator, null);
        var (browser, cookies) = fx.Browser();
        using var _ = browser;
        var own = await SecurityFixture<TKind>.AntiForgeryTokenAsync(browser);

        using (var missing = await SecurityFixture<TKind>.PostSignInAsync(browser, "si-csrf", SecurityFixture<TKind>.Password, null))
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using (var forged = await SecurityFixture<TKind>.PostSignInAsync(browser, "si-csrf", SecurityFixture<TKind>.Password, "CfDJ8" + new string('A', 150)))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // A token issued to another browser (another anti-forgery cookie) does not fit this one.
        var (other, _) = fx.Browser();
        using (other)
        {
            var foreign = await SecurityFixture<TKind>.AntiForgeryTokenAsync(other);
            Assert.NotEqual(own, foreign);
            using var stale = await SecurityFixture<TKind>.PostSignInAsync(browser, "si-csrf", SecurityFixture<TKind>.Password, foreign);
            Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        }
        Assert.DoesNotContain(cookies.GetAllCookies(), c => c.Name == "qm.auth");
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_a_script_policy_without_inline_scripts()
    {
        using var http = fx.Anonymous();
        foreach (var path in new[] { "/signin", "/api/v1/me", "/health" })
        {
            using var r = await http.GetAsync(path, Ct);
            var csp = Header(r, "Content-Security-Policy", path);
            var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList());
            Assert.True(directives.TryGetValue("script-src", out var script), $"{path}: no script-src in {csp}");
            Assert.Contains("'self'", script);
            Assert.DoesNotContain(script!, s => s.Contains("unsafe", StringComparison.OrdinalIgnoreCase) || s == "*" || s.StartsWith("data:", StringComparison.Ordinal));
            Assert.Equal(["'none'"], directives["frame-ancestors"]);
            if (directives.TryGetValue("default-src", out var def)) Assert.DoesNotContain("*", def);
            Assert.Equal("nosniff", Header(r, "X-Content-Type-Options", path));
            Assert.Contains(Header(r, "Referrer-Policy", path), new[] { "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin" });
            Assert.False(r.Headers.Contains("Server"), $"{path}: the Server header names the software");
        }
        using var fresh = fx.Anonymous(); // no anti-forgery cookie yet: the page sets one
        using var page = await fresh.GetAsync("/signin", Ct);
        var html = await Html(page);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html); // no inline script blocks
        var auth = Assert.Single(page.Headers.TryGetValues("Set-Cookie", out var sc) ? sc : [], c => c.Contains("Antiforgery", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SignInOnSqlite(SecurityFixture<OnSqlite> fx) : SignInTests<OnSqlite>(fx);

public sealed class SignInOnPostgres(SecurityFixture<OnPostgres> fx) : SignInTests<OnPostgres>(fx);

/// <summary>POST /signin is rate limited: the eleventh attempt in a minute from one address is a 429. Its own server.</summary>
public abstract class SignInRateLimitTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    [Fact]
    public async Task Eleventh_sign_in_post_within_a_minute_from_one_address_is_429()
    {
        var (browser, _) = fx.Browser();
        using var _ = browser;
        var token = await SecurityFixture<TKind>.AntiForgeryTokenAsync(browser);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var r = await SecurityFixture<TKind>.PostSignInAsync(browser, $"nobody-{i}", "not-the-password-at-all", token);
            statuses.Add(r.StatusCode);
        }
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        // Reading the form is not limited.
        using var get = await browser.GetAsync("/signin", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }
}

public sealed class SignInRateLimitOnSqlite(SecurityFixture<OnSqlite> fx) : SignInRateLimitTests<OnSqlite>(fx);

public sealed class SignInRateLimitOnPostgres(SecurityFixture<OnPostgres> fx) : SignInRateLimitTests<OnPostgres>(fx);

/// <summary>The session cookie of a password sign-in, and where a sign-in may send the browser. Its own server (sign-in rate limit).</summary>
public abstract class SessionCookieTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Auth_cookie_is_http_only_and_same_site_strict()
    {
        await fx.EnsureAccountAsync("si-cookie", Role.Auditor, null);
        var (browser, _) = fx.Browser();
        using var __ = browser;
        var token = await SecurityFixture<TKind>.AntiForgeryTokenAsync(browser);
        using var ok = await SecurityFixture<TKind>.PostSignInAsync(browser, "si-cookie", SecurityFixture<TKind>.Password, token);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var cookie = Assert.Single(ok.Headers.GetValues("Set-Cookie"), c => c.StartsWith("qm.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        // An open redirect through ReturnUrl is not followed.
        var (b2, _) = fx.Browser();
        using (b2)
        {
            var t2 = await SecurityFixture<TKind>.AntiForgeryTokenAsync(b2);
            using var evil = await b2.PostAsync("/signin?ReturnUrl=https%3A%2F%2Fevil.example%2F", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "si-cookie", ["Password"] = SecurityFixture<TKind>.Password, ["__RequestVerificationToken"] = t2,
            }), Ct);
            Assert.Equal(HttpStatusCode.Redirect, evil.StatusCode);
            Assert.DoesNotContain("evil.example", evil.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }
    }
}

public sealed class SessionCookieOnSqlite(SecurityFixture<OnSqlite> fx) : SessionCookieTests<OnSqlite>(fx);

public sealed class SessionCookieOnPostgres(SecurityFixture<OnPostgres> fx) : SessionCookieTests<OnPostgres>(fx);

/// <summary>
/// Issue 8.10: sign-in does not reveal accounts (one answer for unknown, wrong, locked and disabled) and counts failures
/// atomically (concurrent wrong passwords never get more than five checks). Its own server (sign-in rate limit).
/// </summary>
public abstract class SignInDisclosureTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unknown_user_wrong_password_locked_and_disabled_accounts_get_the_same_answer()
    {
        await fx.EnsureAccountAsync("sd-wrong", Role.Auditor, null);
        await fx.EnsureAccountAsync("sd-locked", Role.Auditor, null);
        await fx.EnsureAccountAsync("sd-disabled", Role.Auditor, null);
        await using (var db = fx.OpenDb())
        {
            for (var i = 0; i < Account.MaxFailedSignIns; i++) await fx.Accounts(db).SignIn("sd-locked", "wrong-password-" + i, Ct);
            await fx.Accounts(db).SetDisabled(SecurityFixture<TKind>.Setup, "sd-disabled", true, Ct);
        }
        var (browser, _) = fx.Browser();
        using var __ = browser;
        var token = await SecurityFixture<TKind>.AntiForgeryTokenAsync(browser);
        var answers = new Dictionary<string, (HttpStatusCode, string)>();
        foreach (var (user, password) in new[] { ("sd-nobody-at-all", "whatever-password-1"), ("sd-wrong", "not-the-password-1"), ("sd-locked", SecurityFixture<TKind>.Password), ("sd-disabled", SecurityFixture<TKind>.Password) })
        {
            using var r = await SecurityFixture<TKind>.PostSignInAsync(browser, user, password, token);
            var html = await r.Content.ReadAsStringAsync(Ct);
            answers[user] = (r.StatusCode, html.Contains(System.Net.WebUtility.HtmlEncode(Quartermaster.Web.Pages.SignInModel.WrongCredentials), StringComparison.Ordinal)
                ? "the one answer" : html.Contains("locked in", StringComparison.Ordinal) || html.Contains("Try again", StringComparison.Ordinal) ? "a revealing answer" : "another answer");
        }
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "the one answer"), a.Value));
    }

    [Fact]
    public async Task Sixteen_concurrent_wrong_passwords_get_at_most_five_checks_and_lock_the_account()
    {
        await fx.EnsureAccountAsync("sd-concurrent", Role.Auditor, null);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            await Task.Yield();
            await using var db = fx.OpenDb();
            return (await fx.Accounts(db).SignIn("sd-concurrent", $"concurrent-wrong-{i}", Ct)).Outcome;
        }));
        var checkedWrong = outcomes.Count(o => o == Quartermaster.Application.Access.SignInOutcome.WrongCredentials);
        Assert.True(checkedWrong <= Account.MaxFailedSignIns, $"{checkedWrong} of 16 concurrent wrong passwords were checked (limit {Account.MaxFailedSignIns})");
        Assert.All(outcomes, o => Assert.NotEqual(Quartermaster.Application.Access.SignInOutcome.Success, o));
        await using var check = fx.OpenDb();
        Assert.True((await fx.Accounts(check).List(Ct)).Single(a => a.UserName == "sd-concurrent").LockedOut);
        // The right password is now refused too.
        Assert.Equal(Quartermaster.Application.Access.SignInOutcome.LockedOut, (await fx.Accounts(check).SignIn("sd-concurrent", SecurityFixture<TKind>.Password, Ct)).Outcome);
    }
}

public sealed class SignInDisclosureOnSqlite(SecurityFixture<OnSqlite> fx) : SignInDisclosureTests<OnSqlite>(fx);

public sealed class SignInDisclosureOnPostgres(SecurityFixture<OnPostgres> fx) : SignInDisclosureTests<OnPostgres>(fx);
