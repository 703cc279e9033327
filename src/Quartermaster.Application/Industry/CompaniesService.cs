using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Industry;

/// <summary>Companies: the coordinator creates and vets them; everybody signed in reads them (an industry representative only its own).</summary>
public sealed class CompaniesService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<CompanyView>> List(Actor actor, string? nation = null, CancellationToken ct = default)
    {
        var q = db.Companies.AsNoTracking();
        if (IndustryAccess.OwnCompany(actor) is { } own) q = q.Where(c => c.Code == own);
        if (!string.IsNullOrWhiteSpace(nation)) q = q.Where(c => c.Nation == nation.Trim().ToUpper());
        var companies = await q.OrderBy(c => c.Nation).ThenBy(c => c.Name).ToListAsync(ct);
        var counts = await db.Products.AsNoTracking().GroupBy(p => p.CompanyId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        return companies.Select(c => View(c, counts.GetValueOrDefault(c.Id))).ToList();
    }

    public async Task<CompanyView> Get(Actor actor, string code, CancellationToken ct = default)
    {
        var c = await Find(actor, code, ct);
        return View(c, await db.Products.CountAsync(p => p.CompanyId == c.Id, ct));
    }

    /// <summary>The company with this code, if the actor may see it (another company, for a representative, does not exist).</summary>
    public async Task<Company> Find(Actor actor, string? code, CancellationToken ct = default, string field = "companyCode")
    {
        var normal = code?.Trim().ToLowerInvariant() ?? "";
        var c = await db.Companies.FirstOrDefaultAsync(x => x.Code == normal, ct);
        if (c is null || !IndustryAccess.SeesCompany(actor, c)) throw new NotFoundException("Company", code ?? "");
        return c;
    }

    public Task<CompanyView> Create(Actor actor, CompanyInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create company {input.Code}", async () =>
        {
            IndustryAccess.EnsureCoordinator(actor, "code", "create companies");
            var code = Company.ParseCode(input.Code);
            var nation = Domain.Nations.NationCode.Parse(input.Nation, "nation");
            if (!await db.Nations.AnyAsync(n => n.Code == nation, ct)) throw new RequestException("nation", $"No nation has the code '{nation}'.");
            if (await db.Companies.AnyAsync(c => c.Code == code, ct)) throw new ConflictException($"Company '{code}' already exists.");
            var company = new Company(Guid.NewGuid(), code, input.Name!, nation);
            company.MarkIllustrative(input.Illustrative);
            db.Companies.Add(company);
            return company;
        }, c => Task.FromResult(View(c, 0)), ct);

    public Task<CompanyView> Rename(Actor actor, string code, long expectedVersion, CompanyInput input, CancellationToken ct = default)
        => Change(actor, code, expectedVersion, "rename", c => c.Rename(input.Name!), ct);

    /// <summary>Sets the vetting status with a note (the reason is required to suspend).</summary>
    public Task<CompanyView> SetVetting(Actor actor, string code, long expectedVersion, VettingInput input, CancellationToken ct = default)
        => Change(actor, code, expectedVersion, "vet", c => c.SetVetting(input.Vetting ?? throw new RequestException("vetting", "Say Approved or Suspended."), input.Note), ct);

    private Task<CompanyView> Change(Actor actor, string code, long expectedVersion, string verb, Action<Company> change, CancellationToken ct)
        => CommandRunner.Run(db, actor, $"{verb} company {code}", async () =>
        {
            IndustryAccess.EnsureCoordinator(actor, "company", $"{verb} companies");
            var c = await Find(actor, code, ct);
            db.ExpectVersion(c, expectedVersion);
            change(c);
            return c;
        }, async c => View(c, await db.Products.CountAsync(p => p.CompanyId == c.Id, ct)), ct);

    private static CompanyView View(Company c, int products) => new(c.Id, c.Code, c.Name, c.Nation, c.Vetting.ToString(), c.VettingNote, c.Illustrative, products, c.Version);
}

/// <summary>Products: the coordinator, or the company's own representative, keeps price, capacity, lead time and stock.</summary>
public sealed class ProductsService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<ProductView>> List(Actor actor, string? companyCode = null, string? itemCode = null, CancellationToken ct = default)
    {
        var q = db.Products.AsNoTracking().Join(db.Companies, p => p.CompanyId, c => c.Id, (p, c) => new { p, c });
        if (IndustryAccess.OwnCompany(actor) is { } own) q = q.Where(x => x.c.Code == own);
        if (!string.IsNullOrWhiteSpace(companyCode)) q = q.Where(x => x.c.Code == companyCode.Trim().ToLower());
        if (!string.IsNullOrWhiteSpace(itemCode))
        {
            var item = itemCode.Trim().ToLower();
            q = q.Where(x => db.CatalogueItems.Any(i => i.Id == x.p.CatalogueItemId && i.Code == item));
        }
        var rows = await q.ToListAsync(ct);
        return await Views(rows.Select(r => (r.p, r.c)).ToList(), ct);
    }

    public async Task<ProductView> Get(Actor actor, Guid id, CancellationToken ct = default)
    {
        var (p, c) = await Find(actor, id, ct);
        return (await Views([(p, c)], ct))[0];
    }

    private async Task<(Product, Company)> Find(Actor actor, Guid id, CancellationToken ct)
    {
        var p = await db.Products.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Product", id.ToString());
        var c = await db.Companies.FirstAsync(x => x.Id == p.CompanyId, ct);
        if (!IndustryAccess.SeesCompany(actor, c)) throw new NotFoundException("Product", id.ToString());
        return (p, c);
    }

    public Task<ProductView> Create(Actor actor, ProductInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create product {input.CompanyCode} {input.ItemCode}", async () =>
        {
            var company = await new CompaniesService(db).Find(actor, IndustryAccess.OwnCompany(actor) is { } own && string.IsNullOrWhiteSpace(input.CompanyCode) ? own : input.CompanyCode, ct);
            IndustryAccess.EnsureMayKeepProducts(actor, company, "Company", company.Code);
            var code = input.ItemCode?.Trim().ToLowerInvariant();
            var item = await db.CatalogueItems.FirstOrDefaultAsync(i => i.Code == code, ct)
                       ?? throw new RequestException("itemCode", $"No catalogue item has the code '{input.ItemCode}'.");
            // Bad input is named before a conflict with what exists.
            var currency = await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct);
            if (await db.Products.AnyAsync(p => p.CompanyId == company.Id && p.CatalogueItemId == item.Id, ct))
                throw new ConflictException($"{company.Name} already offers '{item.Name}'; change that product instead.");
            var product = new Product(Guid.NewGuid(), company.Id, item.Id, new Domain.Common.Money(input.UnitPrice, currency), input.CapacityPerMonth,
                input.LeadTimeWeeks, input.MinimumOrder, input.EarliestStart, input.StockOnHand);
            db.Products.Add(product);
            return (product, company);
        }, async x => (await Views([x], ct))[0], ct);

    public Task<ProductView> Update(Actor actor, Guid id, long expectedVersion, ProductInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update product {id}", async () =>
        {
            var (product, company) = await Find(actor, id, ct);
            IndustryAccess.EnsureMayKeepProducts(actor, company, "Product", id.ToString());
            db.ExpectVersion(product, expectedVersion);
            var currency = await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct);
            product.Update(new Domain.Common.Money(input.UnitPrice, currency), input.CapacityPerMonth, input.LeadTimeWeeks, input.MinimumOrder,
                input.EarliestStart, input.StockOnHand);
            return (product, company);
        }, async x => (await Views([x], ct))[0], ct);

    private async Task<List<ProductView>> Views(IReadOnlyList<(Product P, Company C)> rows, CancellationToken ct)
    {
        var itemIds = rows.Select(r => r.P.CatalogueItemId).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return rows.Select(r =>
        {
            var i = items[r.P.CatalogueItemId];
            return new ProductView(r.P.Id, r.C.Code, r.C.Name, r.C.Nation, i.Code, i.Name, i.IsLethal, i.Coalition, r.P.UnitPrice, r.P.Currency,
                r.P.CapacityPerMonth, r.P.LeadTimeWeeks, r.P.MinimumOrder, r.P.EarliestStart, r.P.StockOnHand, r.C.Illustrative, r.P.Version);
        }).OrderBy(v => v.CompanyCode).ThenBy(v => v.ItemName).ToList();
    }
}
