using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Ledger;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Funding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Funding;

/// <summary>A bar of the contributions-by-nation chart (pledged, with the committed and paid parts).</summary>
public sealed record NationBar(string Nation, decimal Pledged, decimal Committed, decimal Paid);

/// <summary>A server-rendered SVG bar chart (no script): one row per nation, pledged in full, committed and paid within it.</summary>
public static class PoolChart
{
    public const int Width = 560, Row = 26, Label = 110;

    public static IReadOnlyList<NationBar> Bars(FundingPoolView pool)
    {
        var bars = pool.Contributors.Select(c => new NationBar(c.DonorCode, c.Balance.Pledged, c.Balance.Committed, c.Balance.Paid)).ToList();
        if (pool.OtherContributors is { } o) bars.Add(new NationBar("others", o.Pledged, o.Committed, o.Paid));
        return bars.OrderByDescending(b => b.Pledged).ToList();
    }

    public static double Scale(IReadOnlyList<NationBar> bars) => bars.Count == 0 || bars.Max(b => b.Pledged) <= 0 ? 0 : (Width - Label - 130) / (double)bars.Max(b => b.Pledged);
}

/// <summary>Funding pools with balances and a chart of contributions by nation. A point of contact sees its own nation's contributions and the rest as one aggregate.</summary>
public sealed class PoolsModel(FundingPoolsService pools, CurrentActor actor) : PageModel
{
    public IReadOnlyList<FundingPoolView> Pools { get; private set; } = [];
    public bool Aggregated => actor.Viewer?.Role is not (Role.Coordinator or Role.Auditor);
    public bool MayCreate => actor.Viewer?.Role == Role.Coordinator;

    public async Task OnGetAsync(CancellationToken ct) => Pools = await pools.List(actor.Actor, ct);
}

/// <summary>One pool: its balances, contributions with their limits (as far as the viewer may see them) and the chart.</summary>
public sealed class PoolModel(FundingPoolsService pools, PoolsReport report, RecordHistoryService history, IAuthorizationService auth, CurrentActor actor) : PageModel
{
    public FundingPoolView Pool { get; private set; } = null!;
    public IReadOnlyList<PoolPaymentRow> Payments { get; private set; } = [];
    public RecordHistory History { get; private set; } = null!;
    public bool MayChange => actor.Viewer?.Role == Role.Coordinator;

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Pool = await pools.Get(actor.Actor, id, ct);
        Payments = (await report.Build(actor.Actor, ct)).Payments.Where(p => p.PoolCode == Pool.Code).ToList();
        History = new RecordHistory("FundingPool", id.ToString(), await history.Of("FundingPool", id.ToString(), ct), (await auth.AuthorizeAsync(User, Policies.Audit)).Succeeded);
    }
}

/// <summary>
/// The coordinator creates a pool (code, name, currency, purpose, description) or changes one (name, purpose, description:
/// the code and the currency are fixed, its balances are kept in that currency). The rules are the service's.
/// </summary>
[Authorize(Policy = Policies.Coordinate)]
public sealed class PoolFormModel(FundingPoolsService pools, CurrentActor current) : RecordFormModel
{
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code"] = "Code", ["name"] = "Name", ["currency"] = "Currency", ["purpose"] = "Purpose", ["description"] = "Description", ["form"] = "Funding pool",
    };

    protected override IReadOnlyDictionary<string, string> Labels => FieldLabels;

    /// <summary>The pool being changed; null on the create form.</summary>
    public FundingPoolView? Pool { get; private set; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Currency { get; set; } = "EUR";
    [BindProperty] public PoolPurpose Purpose { get; set; } = PoolPurpose.PackageFund;
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public long Version { get; set; }

    public async Task OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is not { } poolId) return;
        Pool = await pools.Get(current.Actor, poolId, ct);
        (Code, Name, Currency, Purpose, Description, Version) = (Pool.Code, Pool.Name, Pool.Currency, Enum.Parse<PoolPurpose>(Pool.Purpose), Pool.Description, Pool.Version);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        if (id is { } poolId) Pool = await pools.Get(current.Actor, poolId, ct);
        CollectBindingErrors();
        if (string.IsNullOrWhiteSpace(Name)) AddError("name", "Enter the pool's name.");
        if (Pool is null && string.IsNullOrWhiteSpace(Code)) AddError("code", "Enter a code: lower-case letters, digits and '-', e.g. purl-3.");
        if (Errors.Count > 0) return Page();
        var description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        var saved = await Attempt(() => Pool is null
            ? pools.Create(current.Actor, new FundingPoolInput(Code!.Trim(), Name!.Trim(), Currency?.Trim(), Purpose, description), ct)
            : pools.Update(current.Actor, Pool.Id, Version, new FundingPoolInput(null, Name!.Trim(), null, Purpose, description), ct));
        if (saved is null) return Page();
        return SavedAndRedirect($"Funding pool {saved.Name} ({saved.Code}) saved.", $"/funding/pools/{saved.Id}");
    }
}
