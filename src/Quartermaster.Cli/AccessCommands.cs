using System.CommandLine;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;

namespace Quartermaster.Cli;

/// <summary>qm users add|list|disable|enable|password and qm tokens create|list|revoke.</summary>
public static class AccessCommands
{
    public static Command Users()
    {
        var name = new Argument<string>("USER") { Description = "The user name (letters, digits, '-', '_', '.', '@')" };
        var role = new Option<Role>("--role") { Description = "Coordinator, NationalPointOfContact, RecipientOfficer, Auditor or IndustryRepresentative", Required = true };
        var nation = new Option<string?>("--nation") { Description = "The nation a national point of contact acts for (ISO alpha-3)" };
        var company = new Option<string?>("--company") { Description = "The company an industry representative acts for" };
        var display = new Option<string?>("--display-name") { Description = "The name shown in the UI (default: the user name)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one" };
        var add = new Command("add", "Add a local account; prints a generated password once unless --password-stdin") { name, role, nation, company, display, passwordStdin };
        add.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var password = p.GetValue(passwordStdin) ? (Console.In.ReadLine() ?? "") : Secret();
            await using var db = await Shell.OpenAsync(p, ct);
            var user = p.GetValue(name)!;
            var account = await new AccountsService(db).Add(Shell.Actor(p), user, p.GetValue(display) ?? user, p.GetValue(role),
                p.GetValue(nation), p.GetValue(company), password, ct);
            Console.WriteLine($"Added {account.UserName} ({account.Role}{(account.Nation is null ? "" : ", " + account.Nation)}{(account.Company is null ? "" : ", " + account.Company)}).");
            if (!p.GetValue(passwordStdin)) Console.WriteLine($"Password (shown once): {password}");
            return 0;
        }));

        var list = new Command("list", "List the accounts");
        list.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            foreach (var a in await new AccountsService(db).List(ct))
                Console.WriteLine($"{a.UserName,-24} {a.Role,-24} {a.Nation ?? a.Company ?? "",-16} {(a.Disabled ? "disabled" : a.LockedOut ? "locked" : "active")}");
            return 0;
        }));

        Command Toggle(string verb, bool disabled)
        {
            var user = new Argument<string>("USER");
            var cmd = new Command(verb, disabled ? "Disable an account: its sign-ins and tokens stop working at once" : "Enable a disabled account") { user };
            cmd.SetAction(Shell.Guarded(async (p, ct) =>
            {
                await using var db = await Shell.OpenAsync(p, ct);
                var a = await new AccountsService(db).SetDisabled(Shell.Actor(p), p.GetValue(user)!, disabled, ct);
                Console.WriteLine($"{a.UserName} is {(a.Disabled ? "disabled" : "enabled")}.");
                return 0;
            }));
            return cmd;
        }

        var pwUser = new Argument<string>("USER");
        var password = new Command("password", "Set a new password, read from standard input") { pwUser };
        password.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            await new AccountsService(db).SetPassword(Shell.Actor(p), p.GetValue(pwUser)!, Console.In.ReadLine() ?? "", ct);
            Console.WriteLine("Password changed.");
            return 0;
        }));
        var roleUser = new Argument<string>("USER");
        var newRole = new Option<Role>("--role") { Description = role.Description, Required = true };
        var newNation = new Option<string?>("--nation") { Description = nation.Description };
        var newCompany = new Option<string?>("--company") { Description = company.Description };
        var setRole = new Command("role", "Give an account another role, nation or company; its existing sessions end") { roleUser, newRole, newNation, newCompany };
        setRole.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var a = await new AccountsService(db).SetRole(Shell.Actor(p), p.GetValue(roleUser)!, p.GetValue(newRole), p.GetValue(newNation), p.GetValue(newCompany), ct);
            Console.WriteLine($"{a.UserName} is now {a.Role}{(a.Nation is null ? "" : ", " + a.Nation)}{(a.Company is null ? "" : ", " + a.Company)}; its sessions were ended.");
            return 0;
        }));
        return new Command("users", "Local accounts") { add, list, Toggle("disable", true), Toggle("enable", false), password, setRole };
    }

    public static Command Tokens()
    {
        var user = new Option<string>("--user") { Description = "Whose token", Required = true };
        var tokenName = new Option<string>("--name") { Description = "What the token is for", DefaultValueFactory = _ => "cli" };
        var scope = new Option<TokenScope>("--scope") { Description = "Read or Write", DefaultValueFactory = _ => TokenScope.Read };
        var days = new Option<int>("--days") { Description = "Days until it expires (1–366)", DefaultValueFactory = _ => 30 };
        var create = new Command("create", "Create an API token; it is shown once and stored only as a hash") { user, tokenName, scope, days };
        create.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var t = await new AccountsService(db).CreateToken(Shell.Actor(p), p.GetValue(user)!, p.GetValue(tokenName)!, p.GetValue(scope), p.GetValue(days), ct);
            Console.WriteLine($"Token {t.Info.Id} for {t.Info.UserName} ({t.Info.Scope}, expires {t.Info.ExpiresAt:yyyy-MM-dd}). Shown once:");
            Console.WriteLine(t.Token);
            return 0;
        }));
        var listUser = new Option<string?>("--user") { Description = "Only this user's tokens" };
        var list = new Command("list", "List tokens (never their secrets)") { listUser };
        list.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            foreach (var t in await new AccountsService(db).Tokens(p.GetValue(listUser), ct))
                Console.WriteLine($"{t.Id}  {t.UserName,-20} {t.Name,-16} {t.Prefix}…  {t.Scope,-5}  expires {t.ExpiresAt:yyyy-MM-dd}{(t.RevokedAt is null ? "" : "  revoked")}");
            return 0;
        }));
        var id = new Argument<Guid>("TOKEN-ID");
        var revoke = new Command("revoke", "Revoke a token at once") { id };
        revoke.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var t = await new AccountsService(db).RevokeToken(Shell.Actor(p), p.GetValue(id), null, ct);
            Console.WriteLine($"Token {t.Id} of {t.UserName} revoked.");
            return 0;
        }));
        return new Command("tokens", "API tokens for scripts and `qm --server`") { create, list, revoke };
    }

    private static string Secret() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
}
