using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Access;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Access;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Accounts;

/// <summary>The accounts and their roles (the coordination cell): what <c>qm users</c> does, in the browser.</summary>
[Authorize(Policy = Policies.Coordinate)]
public sealed class IndexModel(AccountsService accounts, NationsService nations, CurrentActor current) : RecordFormModel
{
    public IReadOnlyList<AccountView> Accounts { get; private set; } = [];
    public IReadOnlyList<NationView> Nations { get; private set; } = [];

    /// <summary>The generated password of the account just added: shown once, never stored in clear.</summary>
    public string? NewPassword { get; private set; }
    public string? NewUser { get; private set; }

    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public Role Role { get; set; } = Role.RecipientOfficer;
    [BindProperty] public string? Nation { get; set; }
    [BindProperty] public string? Company { get; set; }

    private async Task Load(CancellationToken ct)
    {
        Accounts = await accounts.List(ct);
        Nations = (await nations.List(new Application.Common.PageQuery(1, Application.Common.PageQuery.MaxPageSize, "name"), null, ct)).Items;
    }

    public Task OnGetAsync(CancellationToken ct) => Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        CollectBindingErrors();
        if (string.IsNullOrWhiteSpace(UserName)) AddError("userName", "Enter a user name (letters, digits, '-', '_', '.', '@').");
        if (Errors.Count == 0)
        {
            var password = AccountsService.GeneratePassword();
            var added = await Attempt(() => accounts.Add(current.Actor, UserName!.Trim(), string.IsNullOrWhiteSpace(DisplayName) ? UserName!.Trim() : DisplayName.Trim(),
                Role, string.IsNullOrWhiteSpace(Nation) ? null : Nation.Trim(), string.IsNullOrWhiteSpace(Company) ? null : Company.Trim(), password, ct));
            if (added is not null)
            {
                (NewUser, NewPassword) = (added.UserName, password);
                (UserName, DisplayName, Nation, Company) = (null, null, null, null);
                ModelState.Clear();
            }
        }
        await Load(ct);
        return Page();
    }
}

/// <summary>One account: its role and binding, sign-in state, history; change the role, disable or enable, set a new password.</summary>
[Authorize(Policy = Policies.Coordinate)]
public sealed class DetailModel(AccountsService accounts, NationsService nations, RecordHistoryService history, CurrentActor current, IAuthorizationService auth)
    : RecordFormModel
{
    public AccountView Account { get; private set; } = null!;
    public IReadOnlyList<NationView> Nations { get; private set; } = [];
    public RecordHistory History { get; private set; } = null!;
    public string? NewPassword { get; private set; }

    [BindProperty] public Role Role { get; set; }
    [BindProperty] public string? Nation { get; set; }
    [BindProperty] public string? Company { get; set; }

    private async Task Load(string userName, CancellationToken ct)
    {
        Account = await accounts.Get(userName, ct);
        Nations = (await nations.List(new Application.Common.PageQuery(1, Application.Common.PageQuery.MaxPageSize, "name"), null, ct)).Items;
        History = new RecordHistory("Account", Account.UserName, await history.Of("Account", Account.UserName, ct),
            (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }

    public async Task OnGetAsync(string userName, CancellationToken ct)
    {
        await Load(userName, ct);
        (Role, Nation, Company) = (Enum.Parse<Role>(Account.Role), Account.Nation, Account.Company);
    }

    public async Task<IActionResult> OnPostRoleAsync(string userName, CancellationToken ct)
    {
        CollectBindingErrors();
        if (Errors.Count == 0)
        {
            var saved = await Attempt(() => accounts.SetRole(current.Actor, userName, Role,
                string.IsNullOrWhiteSpace(Nation) ? null : Nation.Trim(), string.IsNullOrWhiteSpace(Company) ? null : Company.Trim(), ct));
            if (saved is not null) return SavedAndRedirect($"{saved.UserName} is now {Application.Common.Labels.Of(Role)}.", $"/accounts/{saved.UserName}");
        }
        await Load(userName, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(string userName, CancellationToken ct)
    {
        var password = AccountsService.GeneratePassword();
        var saved = await Attempt(() => accounts.SetPassword(current.Actor, userName, password, ct));
        await Load(userName, ct);
        (Role, Nation, Company) = (Enum.Parse<Role>(Account.Role), Account.Nation, Account.Company);
        if (saved is not null) NewPassword = password;
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(string userName, CancellationToken ct)
    {
        var saved = await Attempt(() => accounts.SetDisabled(current.Actor, userName, false, ct));
        if (saved is not null) return SavedAndRedirect($"{saved.UserName} may sign in again.", $"/accounts/{saved.UserName}");
        await Load(userName, ct);
        return Page();
    }
}

/// <summary>Disabling an account stops its sign-ins and tokens at once: it asks first.</summary>
[Authorize(Policy = Policies.Coordinate)]
public sealed class DisableModel(AccountsService accounts, CurrentActor current) : RecordFormModel
{
    public AccountView Account { get; private set; } = null!;

    public ConfirmStep Step => new($"Disable {Account.UserName}?",
        $"{Account.DisplayName} ({Application.Common.Labels.Of("Role", Account.Role)}{(Account.Nation is null ? "" : ", " + Account.Nation)}) will no longer sign in, " +
        "and every API token of the account stops working at once. The account and its history stay; it can be enabled again.",
        "Disable the account", $"/accounts/{Account.UserName}");

    public async Task OnGetAsync(string userName, CancellationToken ct) => Account = await accounts.Get(userName, ct);

    public async Task<IActionResult> OnPostAsync(string userName, CancellationToken ct)
    {
        Account = await accounts.Get(userName, ct);
        if (string.Equals(Account.UserName, current.Actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            AddError("form", "You cannot disable the account you are signed in with.");
            return Page();
        }
        var saved = await Attempt(() => accounts.SetDisabled(current.Actor, userName, true, ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"{saved.UserName} is disabled: its sign-ins and tokens no longer work.", $"/accounts/{saved.UserName}");
    }
}
