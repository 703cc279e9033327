using System.Net;
using System.Text.RegularExpressions;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>
/// Issue 8.5: signing out, a password change and a role or nation change end every session of the account, server-side
/// (a copy of the cookie stops working too). Its own server (sign-in rate limit).
/// </summary>
public abstract class SessionTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Browser, HttpClient Copy)> SignedInTwice(string user, Role role, string? nation)
    {
        var browser = await fx.SignedInBrowserAsync(user, role, nation);
        // A second client holding a copy of the session cookie (a stolen or another tab's cookie).
        var jar = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false };
        var copy = new HttpClient(handler) { BaseAddress = fx.BaseAddress };
        var sessionCookie = await ((Func<Task<Cookie>>)(async () =>
        {
            using var me = await browser.GetAsync("/api/v1/me", Ct);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            return Cookies(browser).Single(c => c.Name == "qm.auth");
        }))();
        jar.Add(fx.BaseAddress, new Cookie(sessionCookie.Name, sessionCookie.Value));
        Assert.Equal(HttpStatusCode.OK, await Me(copy));
        return (browser, copy);
    }

    private IEnumerable<Cookie> Cookies(HttpClient browser) => fx.CookiesOf(browser).GetAllCookies();

    private static async Task<HttpStatusCode> Me(HttpClient http)
    {
        using var r = await http.GetAsync("/api/v1/me", Ct);
        return r.StatusCode;
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_every_copy_of_its_cookie()
    {
        var (browser, copy) = await SignedInTwice("ss-signout", Role.Coordinator, null);
        using var _ = browser;
        using var __ = copy;
        var html = await browser.GetStringAsync("/", Ct);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var signOut = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(copy));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(browser));
    }

    [Fact]
    public async Task A_password_change_ends_every_session_of_the_account()
    {
        var (browser, copy) = await SignedInTwice("ss-password", Role.NationalPointOfContact, "JPN");
        using var _ = browser;
        using var __ = copy;
        await using (var db = fx.OpenDb())
            await fx.Accounts(db).SetPassword(SecurityFixture<TKind>.Setup, "ss-password", "a-brand-new-password-2", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(copy));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(browser));
    }

    [Fact]
    public async Task A_role_or_nation_change_ends_every_session_of_the_account()
    {
        var (browser, copy) = await SignedInTwice("ss-role", Role.NationalPointOfContact, "JPN");
        using var _ = browser;
        using var __ = copy;
        var cli = await Qm.Run("users", "role", "ss-role", "--role", "NationalPointOfContact", "--nation", "USA", "--db", fx.Db.DbArgument);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        // Another process changed the database: this server notices within the session cache's lifetime.
        await Task.Delay(SessionCache.Lifetime + TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(copy));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(browser));
        await using var db = fx.OpenDb();
        Assert.Equal("USA", (await fx.Accounts(db).List(Ct)).Single(a => a.UserName == "ss-role").Nation);
    }
}

public sealed class SessionOnSqlite(SecurityFixture<OnSqlite> fx) : SessionTests<OnSqlite>(fx);

public sealed class SessionOnPostgres(SecurityFixture<OnPostgres> fx) : SessionTests<OnPostgres>(fx);
