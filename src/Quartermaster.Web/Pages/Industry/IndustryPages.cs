using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Industry;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Industry;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Industry;

/// <summary>Shared by the industry pages: the signed-in role, and running a change with its error shown on the page.</summary>
public abstract class IndustryPageModel(CurrentActor actor) : PageModel
{
    protected CurrentActor Current => actor;
    public string? Error { get; protected set; }
    public string? Done { get; protected set; }
    public Role? Role => Enum.TryParse<Role>(actor.Actor.Role, out var r) ? r : null;
    public bool IsCoordinator => Role == Domain.Access.Role.Coordinator;

    protected async Task<bool> Attempt(Func<Task> action)
    {
        try { await action(); return true; }
        catch (RequestException e) { Error = $"{e.Field}: {e.Message}"; }
        catch (DomainException e) { Error = $"{e.Field}: {e.Message}"; }
        catch (ConflictException e) { Error = e.Message; }
        return false;
    }
}

/// <summary>Companies (with vetting) and the products industry offers. The coordinator adds companies; representatives see their own company only.</summary>
public sealed class IndexModel(CompaniesService companies, ProductsService products, CurrentActor actor) : IndustryPageModel(actor)
{
    public IReadOnlyList<CompanyView> Companies { get; private set; } = [];
    public IReadOnlyList<ProductView> Products { get; private set; } = [];

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Nation { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostCompanyAsync(CancellationToken ct)
    {
        if (!IsCoordinator) return Forbid();
        if (await Attempt(async () => { var c = await companies.Create(Current.Actor, new CompanyInput(Code, Name, Nation), ct); Done = $"Company {c.Name} created (vetting pending)."; }))
            (Code, Name, Nation) = (null, null, null);
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        Companies = await companies.List(Current.Actor, null, ct);
        Products = await products.List(Current.Actor, null, null, ct);
    }
}

/// <summary>A company: its vetting (the coordinator sets it) and its products (the coordinator or the company's representative keeps them).</summary>
public sealed class CompanyModel(CompaniesService companies, ProductsService products, CatalogueService catalogue, CurrentActor actor) : IndustryPageModel(actor)
{
    public CompanyView Company { get; private set; } = null!;
    public IReadOnlyList<ProductView> Products { get; private set; } = [];
    public IReadOnlyList<CatalogueItemView> Items { get; private set; } = [];
    public bool MayKeepProducts => IsCoordinator || (Role == Domain.Access.Role.IndustryRepresentative && Current.Actor.Company == Company.Code);

    [BindProperty] public VettingStatus? Vetting { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public Guid? ProductId { get; set; }
    [BindProperty] public ProductForm Product { get; set; } = new();

    public sealed class ProductForm
    {
        public string? ItemCode { get; set; }
        public decimal UnitPrice { get; set; }
        public string? Currency { get; set; } = "EUR";
        public int CapacityPerMonth { get; set; }
        public int LeadTimeWeeks { get; set; }
        public int MinimumOrder { get; set; } = 1;
        public DateOnly? EarliestStart { get; set; }
        public int StockOnHand { get; set; }
    }

    public async Task OnGetAsync(string code, CancellationToken ct) => await Load(code, ct);

    public async Task<IActionResult> OnPostVettingAsync(string code, CancellationToken ct)
    {
        if (!IsCoordinator) return Forbid();
        await Attempt(async () => { var c = await companies.SetVetting(Current.Actor, code, Version, new VettingInput(Vetting, Note), ct); Done = $"{c.Name} is now {c.Vetting}."; });
        await Load(code, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostProductAsync(string code, CancellationToken ct)
    {
        await Load(code, ct);
        if (!MayKeepProducts) return Forbid();
        var input = new ProductInput(code, Product.ItemCode, Product.UnitPrice, Product.Currency, Product.CapacityPerMonth, Product.LeadTimeWeeks,
            Product.MinimumOrder, Product.EarliestStart, Product.StockOnHand);
        await Attempt(async () =>
        {
            var p = ProductId is { } id ? await products.Update(Current.Actor, id, Version, input, ct) : await products.Create(Current.Actor, input, ct);
            Done = $"{p.ItemName}: {Fmt.Money(p.UnitPrice, p.Currency)}, {Fmt.Int(p.CapacityPerMonth)} a month after {p.LeadTimeWeeks} weeks, {Fmt.Int(p.StockOnHand)} in stock.";
        });
        await Load(code, ct);
        return Page();
    }

    private async Task Load(string code, CancellationToken ct)
    {
        Company = await companies.Get(Current.Actor, code, ct);
        Products = await products.List(Current.Actor, Company.Code, null, ct);
        if (MayKeepProducts) Items = (await catalogue.List(new PageQuery(1, PageQuery.MaxPageSize, "name"), null, null, ct)).Items;
    }
}

/// <summary>Production orders with their schedule against actual deliveries (a representative sees its company's only).</summary>
public sealed class OrdersModel(OrdersService orders, CurrentActor actor) : IndustryPageModel(actor)
{
    public IReadOnlyList<ProductionOrderView> Orders { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Orders = await orders.List(Current.Actor, null, null, null, ct);
}

/// <summary>One production order: schedule against deliveries, the contributions that pay, and (for the coordinator) its next steps.</summary>
public sealed class OrderModel(OrdersService orders, CurrentActor actor) : IndustryPageModel(actor)
{
    public ProductionOrderView Order { get; private set; } = null!;

    [BindProperty] public long Version { get; set; }
    [BindProperty] public int Quantity { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Order = await orders.Get(Current.Actor, id, ct);

    public Task<IActionResult> OnPostContractAsync(Guid id, CancellationToken ct) => Step(id, ct, () => orders.Contract(Current.Actor, id, Version, ct), "Contracted.");
    public Task<IActionResult> OnPostStartAsync(Guid id, CancellationToken ct) => Step(id, ct, () => orders.StartProduction(Current.Actor, id, Version, ct), "In production.");
    public Task<IActionResult> OnPostDeliverAsync(Guid id, CancellationToken ct) => Step(id, ct, () => orders.Deliver(Current.Actor, id, Version, new DeliveryInput(Quantity), ct), $"{Quantity} units received.");
    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) => Step(id, ct, () => orders.Cancel(Current.Actor, id, Version, new CancelInput(Reason), ct), "Cancelled.");

    private async Task<IActionResult> Step(Guid id, CancellationToken ct, Func<Task<ProductionOrderView>> step, string done)
    {
        if (!IsCoordinator) return Forbid();
        if (await Attempt(step)) Done = done;
        Order = await orders.Get(Current.Actor, id, ct);
        return Page();
    }
}
