using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Requirements;
using Quartermaster.Storage;

namespace Quartermaster.Application.Funding;

/// <summary>
/// A line of a new package: a requirement (its item comes from the requirement), the quantity (default: the requirement's
/// quantity not yet delivered) and the unit value in the package's currency (default: the producing company's price for
/// the item, converted with the dated rate table on the day of creation).
/// </summary>
public sealed record PackageLineInput(Guid? RequirementId, int? Quantity = null, decimal? UnitValue = null);

/// <summary>A new funded package: name, currency, target value, the producing nation and/or company, and its requirement lines.</summary>
[StoredAs(typeof(FundedPackage))]
public sealed record PackageInput(string? Name, string? Currency, decimal TargetValue, string? ProducerNation, string? ProducerCompanyCode,
    IReadOnlyList<PackageLineInput>? Lines, string? Description = null, bool Illustrative = false);

/// <summary>An invitation to a contribution (a pledge in a pool) to put <c>amount</c> (package currency) into the package.</summary>
public sealed record PackageInvitationInput(Guid? PledgeId, decimal Amount);

public sealed record PackageReasonInput(string? Reason);

/// <summary>Who pays how much of a line (<c>PledgeId</c> null for the aggregate of contributions the viewer does not see in full).</summary>
public sealed record LinePayerView(Guid? PledgeId, string DonorCode, decimal Amount);

public sealed record PackageLineView(Guid RequirementId, string ItemCode, string ItemName, bool IsLethal, int Quantity, decimal UnitValue, decimal Value,
    decimal Attributed, decimal Unpaid, IReadOnlyList<LinePayerView> PaidBy);

/// <summary>A contribution to a package as the viewer may see it (<c>PledgeId</c> null: the aggregate of other contributions in that state).</summary>
public sealed record PackageContributionView(Guid? PledgeId, string DonorCode, string? PoolCode, decimal Amount, string State, decimal PoolAmount,
    string PoolCurrency, bool NonLethalOnly, decimal Attributed);

/// <summary>
/// A funded package with its attribution. Figures count only the contributions the viewer may see
/// (<see cref="FundingVisibility"/>): in full (own nation for a point of contact; the cell and auditors all released to
/// them) or as one aggregate line per state ("other contributions"); a contribution not released to the viewer is in no figure.
/// </summary>
public sealed record PackageView(Guid Id, string Name, string? Description, string Currency, decimal TargetValue, string? ProducerNation,
    string? ProducerCompanyCode, string? ProducerCompanyName, string State, string? CancelReason, bool Illustrative, DateOnly CreatedOn,
    decimal Value, decimal Accepted, decimal Attributed, decimal Unpaid, IReadOnlyList<PackageLineView> Lines,
    IReadOnlyList<PackageContributionView> Contributions, long Version);

/// <summary>
/// Funded packages: the coordinator creates them from requirement lines, invites contributions and closes or cancels;
/// the donor's point of contact (its own nation's pledge) or the coordinator accepts or declines. Every change of the
/// contributions recomputes the attribution (<see cref="FundedPackage.Attribute"/>, the one rule, which asks
/// <see cref="FundingPledge.MayPayFor"/>) and stores it; accepted money counts as committed in the contribution's balance.
/// </summary>
public sealed class PackagesService(QuartermasterDb db)
{
    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<PackageView>> List(Actor actor, CancellationToken ct = default)
    {
        var q = db.FundedPackages.AsNoTracking();
        if (IndustryCompany(actor) is { } own)
        {
            var id = await db.Companies.Where(c => c.Code == own).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            q = q.Where(p => p.ProducerCompanyId != null && p.ProducerCompanyId == id);
        }
        var list = await q.ToListAsync(ct);
        return await Views(actor, list.OrderBy(p => p.State).ThenByDescending(p => p.CreatedOn).ThenBy(p => p.Name).ToList(), ct);
    }

    public async Task<PackageView> Get(Actor actor, Guid id, CancellationToken ct = default)
        => (await Views(actor, [await Find(actor, id, ct)], ct))[0];

    /// <summary>The package, if the viewer may see it: an industry representative only its own company's (others answer 404).</summary>
    public async Task<FundedPackage> Find(Actor actor, Guid id, CancellationToken ct = default)
    {
        var p = await db.FundedPackages.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Funded package", id.ToString());
        if (IndustryCompany(actor) is { } own
            && (p.ProducerCompanyId is not { } cid || !await db.Companies.AnyAsync(c => c.Id == cid && c.Code == own, ct)))
            throw new NotFoundException("Funded package", id.ToString());
        return p;
    }

    private static string? IndustryCompany(Actor actor) => Acting.RoleOf(actor) == Role.IndustryRepresentative ? actor.Company ?? "" : null;

    private static void EnsureCoordinator(Actor actor, string field, string what)
    {
        if (Acting.RoleOf(actor) != Role.Coordinator) throw new RequestException(field, $"Only a coordinator can {what}.");
    }

    public Task<PackageView> Create(Actor actor, PackageInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create funded package {input.Name}", async () =>
        {
            EnsureCoordinator(actor, "name", "create funded packages");
            var name = Guard.Required(input.Name, "name", 200);
            var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
            var currency = await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct);
            if (input.TargetValue <= 0) throw new RequestException("targetValue", $"The target value must be greater than zero (got {input.TargetValue}).");
            Company? company = null;
            if (!string.IsNullOrWhiteSpace(input.ProducerCompanyCode))
            {
                var code = input.ProducerCompanyCode.Trim().ToLowerInvariant();
                company = await db.Companies.FirstOrDefaultAsync(c => c.Code == code, ct)
                          ?? throw new RequestException("producerCompanyCode", $"No company has the code '{input.ProducerCompanyCode}'.");
                if (!company.MaySell) throw new RequestException("producerCompanyCode", $"{company.Name} is {company.Vetting}: only an approved company can produce a package.");
            }
            string? nation = null;
            if (!string.IsNullOrWhiteSpace(input.ProducerNation))
            {
                nation = Domain.Nations.NationCode.Parse(input.ProducerNation, "producerNation");
                if (!await db.Nations.AnyAsync(n => n.Code == nation, ct)) throw new RequestException("producerNation", $"No nation has the code '{nation}'.");
                if (company is not null && company.Nation != nation)
                    throw new RequestException("producerNation", $"{company.Name} is a company of {company.Nation}, not {nation}.");
            }
            nation ??= company?.Nation;
            if (nation is null) throw new RequestException("producer", "Name the producing nation (producerNation) or company (producerCompanyCode).");
            var inputs = input.Lines ?? [];
            if (inputs.Count == 0) throw new RequestException("lines", "A package has at least one requirement line.");
            var reqIds = inputs.Select(l => l.RequirementId).OfType<Guid>().Distinct().ToList();
            var reqs = await db.Requirements.AsNoTracking().Where(r => reqIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            var inLivePackages = (await db.FundedPackages.AsNoTracking().Where(p => p.State != PackageState.Cancelled).ToListAsync(ct))
                .SelectMany(p => p.Lines.Select(l => (l.RequirementId, p.Name))).ToLookup(x => x.RequirementId, x => x.Name);
            var products = company is null ? new List<Product>() : await db.Products.AsNoTracking().Where(p => p.CompanyId == company.Id).ToListAsync(ct);
            var lines = new List<PackageLine>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var l = inputs[i];
                var rid = l.RequirementId ?? throw new RequestException($"lines[{i}].requirementId", "Name the requirement (requirementId).");
                if (!reqs.TryGetValue(rid, out var req)) throw new RequestException($"lines[{i}].requirementId", $"No requirement has the id {rid}.");
                if (req.Status is RequirementStatus.Cancelled or RequirementStatus.Delivered)
                    throw new RequestException($"lines[{i}].requirementId", $"The requirement is {req.Status}: nothing is left to fund for it.");
                if (lines.Any(x => x.RequirementId == rid)) throw new RequestException($"lines[{i}].requirementId", "The requirement is listed twice.");
                if (inLivePackages[rid].FirstOrDefault() is { } other)
                    throw new RequestException($"lines[{i}].requirementId", $"The requirement is already in the package '{other}'.");
                var quantity = l.Quantity ?? Math.Max(0, req.Quantity - req.QuantityDelivered);
                decimal unitValue;
                if (l.UnitValue is { } v) unitValue = v;
                else if (products.FirstOrDefault(p => p.CatalogueItemId == req.ItemId) is { } product)
                    unitValue = rates.To(new Money(product.UnitPrice, Currency.Parse(product.Currency)), currency, Today);
                else
                    throw new RequestException($"lines[{i}].unitValue", company is null
                        ? "Give the unit value (the package names no producing company whose price could be used)."
                        : $"Give the unit value: {company.Name} has no product for this requirement's item.");
                lines.Add(new PackageLine(rid, req.ItemId, quantity, unitValue));
            }
            var package = new FundedPackage(Guid.NewGuid(), name, currency, input.TargetValue, nation, company?.Id, lines, Today, input.Description);
            package.MarkIllustrative(input.Illustrative);
            db.FundedPackages.Add(package);
            return package;
        }, async p => (await Views(actor, [p], ct))[0], ct);

    public Task<PackageView> Invite(Actor actor, Guid id, long version, PackageInvitationInput input, CancellationToken ct = default)
        => Change(actor, id, version, "invite a contribution to", async p =>
        {
            EnsureCoordinator(actor, "pledgeId", "invite contributions");
            var pledgeId = input.PledgeId ?? throw new RequestException("pledgeId", "Name the contribution (pledgeId).");
            var pledge = await db.FundingPledges.IgnoreQueryFilters().FirstOrDefaultAsync(x => x.Id == pledgeId, ct)
                         ?? throw new RequestException("pledgeId", $"No funding pledge has the id {pledgeId}.");
            if (input.Amount <= 0) throw new RequestException("amount", $"The amount must be greater than zero (got {input.Amount}).");
            var balance = (await new FundingPoolsService(db).Balances([pledge.Id], ct))[pledge.Id];
            var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
            var poolAmount = rates.To(new Money(Amounts.Stored(input.Amount), Currency.Parse(p.Currency)), Currency.Parse(balance.Currency), Today);
            p.Invite(pledge, input.Amount, poolAmount, balance.Currency, balance.Remaining, Today);
        }, ct);

    public Task<PackageView> Accept(Actor actor, Guid id, Guid pledgeId, long version, CancellationToken ct = default) => Answer(actor, id, pledgeId, version, true, ct);

    public Task<PackageView> Decline(Actor actor, Guid id, Guid pledgeId, long version, CancellationToken ct = default) => Answer(actor, id, pledgeId, version, false, ct);

    /// <summary>The coordinator, or the point of contact of the contribution's donor, answers an invitation (another nation's answers 404).</summary>
    private Task<PackageView> Answer(Actor actor, Guid id, Guid pledgeId, long version, bool accept, CancellationToken ct)
        => Change(actor, id, version, accept ? "accept a contribution to" : "decline a contribution to", async p =>
        {
            var c = p.Contributions.FirstOrDefault(x => x.PledgeId == pledgeId);
            var role = Acting.RoleOf(actor);
            if (c is null || (role == Role.NationalPointOfContact && c.DonorCode != actor.Nation))
                throw new NotFoundException("Contribution", pledgeId.ToString());
            if (role is not (Role.Coordinator or Role.NationalPointOfContact))
                throw new RequestException("pledgeId", "Only the coordinator or the donor's point of contact answers an invitation.");
            var remaining = (await new FundingPoolsService(db).Balances([pledgeId], ct))[pledgeId].Remaining;
            p.Answer(pledgeId, accept, remaining);
        }, ct);

    public Task<PackageView> Close(Actor actor, Guid id, long version, CancellationToken ct = default)
        => Change(actor, id, version, "close funding of", p =>
        {
            EnsureCoordinator(actor, "state", "close funded packages");
            p.Close();
            return Task.CompletedTask;
        }, ct);

    public Task<PackageView> Cancel(Actor actor, Guid id, long version, PackageReasonInput input, CancellationToken ct = default)
        => Change(actor, id, version, "cancel", p =>
        {
            EnsureCoordinator(actor, "state", "cancel funded packages");
            p.Cancel(input.Reason);
            return Task.CompletedTask;
        }, ct);

    /// <summary>One command: find (with access), check the version, change, and recompute the stored attribution.</summary>
    private Task<PackageView> Change(Actor actor, Guid id, long version, string verb, Func<FundedPackage, Task> change, CancellationToken ct)
        => CommandRunner.Run(db, actor, $"{verb} funded package {id}", async () =>
        {
            var p = await Find(actor, id, ct);
            db.ExpectVersion(p, version);
            await change(p);
            await Reattribute(p, ct);
            return p;
        }, async p => (await Views(actor, [p], ct))[0], ct);

    /// <summary>Recomputes which accepted money pays for which line (the one rule: <see cref="FundedPackage.Attribute"/>).</summary>
    private async Task Reattribute(FundedPackage p, CancellationToken ct)
    {
        var pledgeIds = p.Contributions.Select(c => c.PledgeId).ToList();
        var pledges = await db.FundingPledges.IgnoreQueryFilters().AsNoTracking().Where(x => pledgeIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var itemIds = p.Lines.Select(l => l.ItemId).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        p.Attribute(pledges, items);
    }

    internal async Task<List<PackageView>> Views(Actor actor, IReadOnlyList<FundedPackage> packages, CancellationToken ct)
    {
        var pledgeIds = packages.SelectMany(p => p.Contributions.Select(c => c.PledgeId)).Distinct().ToList();
        var pledges = await db.FundingPledges.IgnoreQueryFilters().AsNoTracking().Where(x => pledgeIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var poolIds = pledges.Values.Select(x => x.PoolId).OfType<Guid>().Distinct().ToList();
        var pools = await db.FundingPools.AsNoTracking().Where(x => poolIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Code, ct);
        var itemIds = packages.SelectMany(p => p.Lines.Select(l => l.ItemId)).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var companyIds = packages.Select(p => p.ProducerCompanyId).OfType<Guid>().Distinct().ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var viewer = Acting.ViewerOf(actor);
        bool Counts(Guid pledge) => pledges.TryGetValue(pledge, out var x) && FundingVisibility.Counts(viewer, x);
        bool InFull(Guid pledge) => pledges.TryGetValue(pledge, out var x) && FundingVisibility.InFull(viewer, x);
        return packages.Select(p =>
        {
            var attributions = p.Attributions.Where(a => Counts(a.PledgeId)).ToList();
            var lines = p.Lines.Select(l =>
            {
                var item = items[l.ItemId];
                var mine = attributions.Where(a => a.RequirementId == l.RequirementId).ToList();
                var paidBy = mine.Where(a => InFull(a.PledgeId)).Select(a => new LinePayerView(a.PledgeId, a.DonorCode, a.Amount)).ToList();
                var others = mine.Where(a => !InFull(a.PledgeId)).Sum(a => a.Amount);
                if (others > 0) paidBy.Add(new LinePayerView(null, "other contributions", others));
                var attributed = mine.Sum(a => a.Amount);
                return new PackageLineView(l.RequirementId, item.Code, item.Name, item.IsLethal, l.Quantity, l.UnitValue, l.Value, attributed, l.Value - attributed, paidBy);
            }).ToList();
            var counted = p.Contributions.Where(c => Counts(c.PledgeId)).ToList();
            var contributions = counted.Where(c => InFull(c.PledgeId)).OrderBy(c => c.DonorCode, StringComparer.Ordinal)
                .Select(c => new PackageContributionView(c.PledgeId, c.DonorCode, pledges[c.PledgeId].PoolId is { } pool ? pools.GetValueOrDefault(pool) : null,
                    c.Amount, c.State.ToString(), c.PoolAmount, c.PoolCurrency, pledges[c.PledgeId].NonLethalOnly,
                    attributions.Where(a => a.PledgeId == c.PledgeId).Sum(a => a.Amount)))
                .Concat(counted.Where(c => !InFull(c.PledgeId)).GroupBy(c => c.State).OrderBy(g => g.Key)
                    .Select(g => new PackageContributionView(null, "other contributions", null, g.Sum(c => c.Amount), g.Key.ToString(), 0, "", false,
                        attributions.Where(a => g.Any(c => c.PledgeId == a.PledgeId)).Sum(a => a.Amount))))
                .ToList();
            var company = p.ProducerCompanyId is { } cid ? companies.GetValueOrDefault(cid) : null;
            var totalAttributed = attributions.Sum(a => a.Amount);
            return new PackageView(p.Id, p.Name, p.Description, p.Currency, p.TargetValue, p.ProducerNation, company?.Code, company?.Name, p.State.ToString(),
                p.CancelReason, p.Illustrative, p.CreatedOn, p.Value, counted.Where(c => c.State == PackageContributionState.Accepted).Sum(c => c.Amount),
                totalAttributed, p.Value - totalAttributed, lines, contributions, p.Version);
        }).ToList();
    }
}
