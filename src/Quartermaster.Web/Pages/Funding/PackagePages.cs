using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Industry;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Requirements;
using Quartermaster.Domain.Requirements;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Industry;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Funding;

/// <summary>
/// Funded packages (PURL-style): the list, and for the coordinator a form that makes a package from open requirement
/// lines, priced at the producing company's product prices unless a unit value is given.
/// </summary>
public sealed class PackagesModel(PackagesService packages, CompaniesService companies, RequirementsService requirements, CurrentActor actor)
    : IndustryPageModel(actor)
{
    public IReadOnlyList<PackageView> Packages { get; private set; } = [];
    public IReadOnlyList<CompanyView> Companies { get; private set; } = [];
    public IReadOnlyList<RequirementView> OpenRequirements { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Currency { get; set; } = "USD";
    [BindProperty] public decimal TargetValue { get; set; }
    [BindProperty] public string? ProducerCompanyCode { get; set; }
    [BindProperty] public string? ProducerNation { get; set; }
    [BindProperty] public List<Guid> RequirementIds { get; set; } = [];
    [BindProperty] public string? Description { get; set; }
    /// <summary>One unit value for every line (package currency); empty: the producing company's price for each line's item.</summary>
    [BindProperty] public decimal? UnitValue { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!IsCoordinator) return Forbid();
        PackageView? created = null;
        if (await Attempt(async () => created = await packages.Create(Current.Actor, new PackageInput(Name, Currency, TargetValue,
                string.IsNullOrWhiteSpace(ProducerNation) ? null : ProducerNation, string.IsNullOrWhiteSpace(ProducerCompanyCode) ? null : ProducerCompanyCode,
                RequirementIds.Select(id => new PackageLineInput(id, null, UnitValue)).ToList(), Description), ct)))
            return Redirect($"/funding/packages/{created!.Id}");
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        Packages = await packages.List(Current.Actor, ct);
        if (!IsCoordinator) return;
        Companies = (await companies.List(Current.Actor, null, ct)).Where(c => c.Vetting == "Approved").ToList();
        // What a package can still fund: requirements neither cancelled nor delivered, in no live package (the service refuses the others).
        var inPackages = Packages.Where(p => p.State != nameof(Domain.Funding.PackageState.Cancelled)).SelectMany(p => p.Lines.Select(l => l.RequirementId)).ToHashSet();
        OpenRequirements = (await requirements.List(new PageQuery(1, PageQuery.MaxPageSize, "priority", null), null, null, ct)).Items
            .Where(r => r.Status is not (nameof(RequirementStatus.Cancelled) or nameof(RequirementStatus.Delivered)) && !inPackages.Contains(r.Id)).ToList();
    }
}

/// <summary>One funded package: lines with who pays for each, contributions with their answers, and the coordinator's and donors' actions.</summary>
public sealed class PackageModel(PackagesService packages, FundingPoolsService pools, RecordHistoryService history, IAuthorizationService auth, CurrentActor actor)
    : IndustryPageModel(actor)
{
    public PackageView Package { get; private set; } = null!;
    public RecordHistory History { get; private set; } = null!;
    /// <summary>Contributions the coordinator may invite: pledges in pools it sees, not yet invited.</summary>
    public IReadOnlyList<(ContributionView Contribution, string PoolCurrency)> Invitable { get; private set; } = [];
    public string? Nation => Current.Viewer?.Nation;

    [BindProperty] public long Version { get; set; }
    [BindProperty] public Guid? PledgeId { get; set; }
    [BindProperty] public decimal Amount { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => await Load(id, ct);

    public Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken ct)
        => Step(id, ct, () => packages.Invite(Current.Actor, id, Version, new PackageInvitationInput(PledgeId, Amount), ct), "Contribution invited.");

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct)
        => Step(id, ct, () => packages.Accept(Current.Actor, id, PledgeId ?? Guid.Empty, Version, ct), "Contribution accepted: its money is committed to the package.");

    public Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken ct)
        => Step(id, ct, () => packages.Decline(Current.Actor, id, PledgeId ?? Guid.Empty, Version, ct), "Contribution declined.");

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct)
        => Step(id, ct, () => packages.Close(Current.Actor, id, Version, ct), "Funding closed.");

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
        => Step(id, ct, () => packages.Cancel(Current.Actor, id, Version, new PackageReasonInput(Reason), ct), "Package cancelled: its accepted money is released.");

    private async Task<IActionResult> Step(Guid id, CancellationToken ct, Func<Task<PackageView>> step, string done)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.Pledge)).Succeeded) return Forbid();
        if (await Attempt(step)) Done = done;
        await Load(id, ct);
        return Page();
    }

    private async Task Load(Guid id, CancellationToken ct)
    {
        Package = await packages.Get(Current.Actor, id, ct);
        History = new RecordHistory("FundedPackage", id.ToString(), await history.Of("FundedPackage", id.ToString(), ct),
            (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
        if (IsCoordinator && Package.State == "Open")
        {
            var invited = Package.Contributions.Select(c => c.PledgeId).OfType<Guid>().ToHashSet();
            Invitable = (await pools.List(Current.Actor, ct)).SelectMany(p => p.Contributions.Select(c => (c, p.Currency))).Where(x => !invited.Contains(x.c.PledgeId) && x.c.Balance.Remaining > 0).ToList();
        }
    }
}
