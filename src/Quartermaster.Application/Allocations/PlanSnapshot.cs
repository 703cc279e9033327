using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Funding;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;
using Quartermaster.Planning;
using Quartermaster.Storage;

namespace Quartermaster.Application.Allocations;

/// <summary>
/// The planner's input taken from the database, and the way back from the planner's readable ids
/// (requirement "2022-10#3", offer "kiel-r7:AUM6#1", item code) to records.
/// </summary>
public sealed record PlanSnapshot(Scenario Scenario, string Period, DateOnly StartDate,
    IReadOnlyDictionary<string, Guid> RequirementIds, IReadOnlyDictionary<string, Guid> OfferIds)
{
    /// <summary>Per requirement: donors of pledge lines of its item or substitutes whose quantity is undisclosed (not plannable).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UndisclosedDonors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Per requirement: donors of pledge lines of its item or substitutes that are not released to the planner (own nation
    /// only): not planned, and named so that the cell can ask for them to be released. Only the donor and the count are named.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UnreleasedDonors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The planner's product ids ("company:item") → product records.</summary>
    public IReadOnlyDictionary<string, Guid> ProductIds { get; init; } = new Dictionary<string, Guid>();

    /// <summary>The planner's contribution ids ("pool:donor:pledge-prefix") → funding pledges.</summary>
    public IReadOnlyDictionary<string, Guid> ContributionIds { get; init; } = new Dictionary<string, Guid>();

    /// <summary>Per requirement: units already on live production orders (subtracted from what is planned).</summary>
    public IReadOnlyDictionary<string, int> OrderedUnits { get; init; } = new Dictionary<string, int>();

    /// <summary>The scenario's currency: product prices and contributions' remaining money are converted to it.</summary>
    public const string Currency = "EUR";

    /// <summary>Held back from each contribution's remaining money (in EUR) so that conversions rounded to the cent never overdraw it.</summary>
    public const decimal RoundingReserve = 1m;

    /// <summary>The planner's id of a product: its company's code and its item's code (one product per company and item).</summary>
    public static string ProductId(string companyCode, string itemCode) => $"{companyCode}:{itemCode}";

    /// <summary>The planner's id of a contribution: pool code, donor and the first 8 characters of the pledge's id.</summary>
    public static string ContributionId(string poolCode, string donorCode, Guid pledgeId) => $"{poolCode}:{donorCode}:{pledgeId.ToString("N")[..8]}";

    /// <summary>The first plan week that starts on or after <paramref name="date"/> (1 when the date is before the period).</summary>
    public static int FirstWeekFrom(DateOnly start, DateOnly date)
        => date <= start ? 1 : 1 + (date.DayNumber - start.DayNumber + 6) / 7;

    /// <summary>Units of a requirement that production orders already bring: every unit of a live order, and what a cancelled order delivered.</summary>
    public static int UnitsOrdered(ProductionOrder o) => o.State == OrderState.Cancelled ? o.QuantityDelivered : o.Quantity;

    /// <summary>
    /// Adds, to every requirement not fully covered on time, the pledges the planner could not use because their
    /// quantity is undisclosed: the coordinator's next step is to ask those donors.
    /// </summary>
    public PlanResult WithUndisclosedExplained(PlanResult result)
        => result with
        {
            Coverage = result.Coverage.Select(c => c.FullyCoveredOnTime ? c : c with { Explanations = c.Explanations.Concat(Unplannable(c.RequirementId)).ToList() }).ToList(),
        };

    private IEnumerable<Explanation> Unplannable(string requirementId)
    {
        if (UndisclosedDonors.TryGetValue(requirementId, out var donors))
            yield return new Explanation("offer.undisclosed",
                $"{donors.Count} pledge line(s) of this item or an accepted substitute have an undisclosed quantity and cannot be planned "
                + $"(donors: {string.Join(", ", donors.Distinct().Order())}); confirm the quantities with them");
        if (UnreleasedDonors.TryGetValue(requirementId, out var unreleased))
            yield return new Explanation("offer.unreleased",
                $"{unreleased.Count} pledge line(s) of this item or an accepted substitute are pledged but not released to the coordination cell "
                + $"and are not planned (donors: {string.Join(", ", unreleased.Distinct().Order())}); ask them to release the lines to the cell");
    }

    public const int HorizonWeeks = 52;

    /// <summary>The planner's id of an offer: its donor and import key ("AUS:kiel-r7:AUM6#1"; keys are unique per donor), else its id.</summary>
    public static string OfferId(Guid id, string donorCode, string? sourceKey) => sourceKey is null ? id.ToString() : $"{donorCode}:{sourceKey}";

    /// <summary>Week 1 starts on the period's first day; a date falls in week 1 + whole weeks since then (at least 1).</summary>
    public static int WeekOf(DateOnly start, DateOnly date) => Math.Max(1, 1 + (date.DayNumber - start.DayNumber) / 7);

    /// <summary>
    /// Open and partly covered requirements of the period (default: the latest period), each for its still uncovered
    /// quantity; offers of their items and substitutes that are neither withdrawn nor fully allocated, each for its
    /// unallocated announced quantity (lines whose quantity is undisclosed cannot be planned); all hubs.
    /// </summary>
    public static async Task<PlanSnapshot> Take(QuartermasterDb db, string? period, CancellationToken ct)
        => await Take(db, period, [], ct);

    /// <summary>As <see cref="Take(QuartermasterDb, string?, CancellationToken)"/>, with the policies of <paramref name="extraDonors"/>
    /// (donors of hypothetical pledges in a what-if) loaded too.</summary>
    public static async Task<PlanSnapshot> Take(QuartermasterDb db, string? period, IEnumerable<string> extraDonors, CancellationToken ct)
    {
        period ??= await db.Requirements.OrderByDescending(r => r.Period).Select(r => r.Period).FirstOrDefaultAsync(ct)
                   ?? throw new Common.RequestException("period", "There are no requirements to plan for.");
        period = Requirement.ParsePeriod(period);
        var start = new DateOnly(int.Parse(period[..4]), int.Parse(period[5..]), 1);
        var requirements = await db.Requirements.AsNoTracking()
            .Where(r => r.Period == period && (r.Status == RequirementStatus.Open || r.Status == RequirementStatus.PartlyCovered))
            .ToListAsync(ct);
        if (requirements.Count == 0)
            throw new Common.RequestException("period", $"Period {period} has no open requirements to plan for.");
        var itemIds = requirements.SelectMany(r => r.Substitutes.Select(s => s.ItemId).Append(r.ItemId)).ToHashSet();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var offers = await db.Offers.AsNoTracking()
            .Where(o => o.ItemId != null && itemIds.Contains(o.ItemId.Value) && o.QuantityAnnounced != null
                        && o.Status != OfferStatus.Withdrawn && o.Status != OfferStatus.Delivered && o.Status != OfferStatus.Shipped)
            .ToListAsync(ct);
        offers = offers.Where(o => o.QuantityAnnounced - o.QuantityAllocated > 0).ToList();
        var undisclosed = await db.Offers.AsNoTracking()
            .Where(o => o.ItemId != null && itemIds.Contains(o.ItemId.Value) && o.QuantityAnnounced == null && o.Status != OfferStatus.Withdrawn)
            .Select(o => new { ItemId = o.ItemId!.Value, o.DonorCode }).ToListAsync(ct);
        // Pledges the planner may not see (not released to it): counted per donor and item only, past the filter.
        var visible = (await db.Offers.AsNoTracking().Where(o => o.ItemId != null && itemIds.Contains(o.ItemId.Value) && o.Status != OfferStatus.Withdrawn)
            .Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var unreleased = (await db.Offers.IgnoreQueryFilters().AsNoTracking()
                .Where(o => o.ItemId != null && itemIds.Contains(o.ItemId.Value) && o.Status != OfferStatus.Withdrawn
                            && o.Status != OfferStatus.Delivered && o.Status != OfferStatus.Shipped)
                .Select(o => new { o.Id, ItemId = o.ItemId!.Value, o.DonorCode }).ToListAsync(ct))
            .Where(o => !visible.Contains(o.Id)).ToList();
        var donorCodes = offers.Select(o => o.DonorCode).Concat(extraDonors).ToHashSet();
        var donors = await db.Nations.AsNoTracking().Where(n => donorCodes.Contains(n.Code)).ToListAsync(ct);
        var hubs = await db.Hubs.AsNoTracking().OrderBy(h => h.Code).ToListAsync(ct);
        if (hubs.Count == 0) throw new Common.RequestException("hubs", "There are no hubs: add at least one logistics hub before planning.");

        // Requirements must not be bought twice: units on production orders for a requirement are taken off what is planned.
        var requirementGuids = requirements.Select(r => r.Id).ToList();
        var ordered = (await db.ProductionOrders.AsNoTracking().Where(o => o.RequirementId != null && requirementGuids.Contains(o.RequirementId.Value)).ToListAsync(ct))
            .GroupBy(o => o.RequirementId!.Value).ToDictionary(g => g.Key, g => g.Sum(UnitsOrdered));
        var orderedUnits = new Dictionary<string, int>();
        foreach (var r in requirements)
            if (ordered.GetValueOrDefault(r.Id) is > 0 and var n) orderedUnits[$"{r.Period}#{r.PriorityRank}"] = n;
        requirements = requirements.Where(r => r.Quantity - r.QuantityCovered - ordered.GetValueOrDefault(r.Id) > 0).ToList();
        if (requirements.Count == 0)
            throw new Common.RequestException("period", $"Period {period} has no open requirements to plan for: what is not covered by allocations is on production orders.");

        var industry = await Industry(db, start, items, ct);
        var requirementIds = new Dictionary<string, Guid>();
        var offerIds = new Dictionary<string, Guid>();
        var scenario = new Scenario(
            HorizonWeeks,
            items.Values.Select(i => new ScenarioItem(i.Code, i.Name, i.IsLethal, i.ControlEntry, i.CompatibilityFamily, i.UnitWeightKg,
                string.IsNullOrEmpty(i.Coalition) ? null : [i.Coalition])).ToList(),
            donors.Select(n => new ScenarioDonor(n.Code, n.Policy.NonLethalOnly, n.Policy.ForbiddenCategories, n.Policy.LicenceRequiredCategories)).ToList(),
            hubs.Select(h => new ScenarioHub(h.Code, h.WeeklyCapacityTonnes, null, h.InboundWeeks, null, h.OutboundWeeks)).ToList(),
            requirements.OrderBy(r => r.PriorityRank).Select(r =>
            {
                var id = $"{r.Period}#{r.PriorityRank}";
                requirementIds[id] = r.Id;
                return new ScenarioRequirement(id, items[r.ItemId].Code,
                    r.Substitutes.Where(s => items.ContainsKey(s.ItemId)).Select(s => new SubstituteRef(items[s.ItemId].Code, s.EquivalenceFactor)).ToList(),
                    r.Quantity - r.QuantityCovered - ordered.GetValueOrDefault(r.Id), r.PriorityRank, WeekOf(start, r.NeededBy), r.Destination);
            }).ToList(),
            offers.OrderBy(o => OfferId(o.Id, o.DonorCode, o.SourceKey), StringComparer.Ordinal).Select(o =>
            {
                var id = OfferId(o.Id, o.DonorCode, o.SourceKey);
                offerIds[id] = o.Id;
                var available = o.EarliestAvailable ?? o.AnnouncedOn ?? start;
                return new ScenarioOffer(id, o.DonorCode, items[o.ItemId!.Value].Code, o.QuantityAnnounced!.Value - o.QuantityAllocated,
                    WeekOf(start, available), o.OriginDepot ?? o.DonorCode, o.TransferConsent, o.ExportLicence);
            }).ToList(),
            Currency, industry.Companies, industry.Products, industry.Pools, industry.Contributions);
        var undisclosedByRequirement = new Dictionary<string, IReadOnlyList<string>>();
        var unreleasedByRequirement = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var r in requirements)
        {
            var acceptable = r.Substitutes.Select(s => s.ItemId).Append(r.ItemId).ToHashSet();
            var donorsOf = undisclosed.Where(u => acceptable.Contains(u.ItemId)).Select(u => u.DonorCode).ToList();
            if (donorsOf.Count > 0) undisclosedByRequirement[$"{r.Period}#{r.PriorityRank}"] = donorsOf;
            var notReleased = unreleased.Where(u => acceptable.Contains(u.ItemId)).Select(u => u.DonorCode).ToList();
            if (notReleased.Count > 0) unreleasedByRequirement[$"{r.Period}#{r.PriorityRank}"] = notReleased;
        }
        return new PlanSnapshot(scenario, period, start, requirementIds, offerIds)
        {
            UndisclosedDonors = undisclosedByRequirement, UnreleasedDonors = unreleasedByRequirement,
            ProductIds = industry.ProductIds, ContributionIds = industry.ContributionIds, OrderedUnits = orderedUnits,
        };
    }

    private sealed record IndustryPart(List<ScenarioCompany> Companies, List<ScenarioProduct> Products, List<ScenarioPool> Pools,
        List<ScenarioContribution> Contributions, Dictionary<string, Guid> ProductIds, Dictionary<string, Guid> ContributionIds);

    /// <summary>
    /// Companies (all, with their vetting), the products of the planned items (prices in EUR with the dated rate table, on
    /// today's date; production not ordered before today nor before the product's earliest start), pools, and every pooled
    /// contribution's remaining money (pledged − committed − paid, <see cref="ContributionBalance"/>) in EUR with its limits
    /// as the pledge carries them (<see cref="FundingPledge.MayPayFor"/>'s fields).
    /// </summary>
    private static async Task<IndustryPart> Industry(QuartermasterDb db, DateOnly start, IReadOnlyDictionary<Guid, Domain.Catalogue.CatalogueItem> items, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var eur = Domain.Common.Currency.Eur;
        var rates = await new Importing.ExchangeRatesService(db).TablePlusPending(ct);
        var companies = await db.Companies.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        var companyById = companies.ToDictionary(c => c.Id);
        var itemIds = items.Keys.ToList();
        var products = await db.Products.AsNoTracking().Where(p => itemIds.Contains(p.CatalogueItemId)).ToListAsync(ct);
        var productIds = new Dictionary<string, Guid>();
        var scenarioProducts = new List<ScenarioProduct>();
        foreach (var p in products.Where(p => p.StockOnHand > 0 || p.CapacityPerMonth > 0)
                     .OrderBy(p => ProductId(companyById[p.CompanyId].Code, items[p.CatalogueItemId].Code), StringComparer.Ordinal))
        {
            var company = companyById[p.CompanyId];
            var id = ProductId(company.Code, items[p.CatalogueItemId].Code);
            if (rates.TryToEur(p.Price, today) is not { } price) continue; // a currency without a rate cannot be priced
            productIds[id] = p.Id;
            var earliest = p.EarliestStart is { } e && e > today ? e : today;
            scenarioProducts.Add(new ScenarioProduct(id, company.Code, items[p.CatalogueItemId].Code, company.Nation, price, p.StockOnHand,
                p.CapacityPerMonth, p.LeadTimeWeeks, p.MinimumOrder, FirstWeekFrom(start, earliest)));
        }
        var pools = await db.FundingPools.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        var poolById = pools.ToDictionary(p => p.Id);
        var pledges = await db.FundingPledges.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.PoolId != null && p.Status != FundingStatus.Withdrawn).ToListAsync(ct);
        var balances = await new FundingPoolsService(db).Balances(pledges.Select(p => p.Id).ToList(), ct);
        var earmarked = pledges.Select(p => p.EarmarkItemId).OfType<Guid>().Distinct().ToList();
        var earmarkCodes = await db.CatalogueItems.AsNoTracking().Where(i => earmarked.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Code, ct);
        var scenarioItems = items.Values.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var coalitions = items.Values.Select(i => i.Coalition).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var contributionIds = new Dictionary<string, Guid>();
        var contributions = new List<ScenarioContribution>();
        foreach (var p in pledges.OrderBy(p => ContributionId(poolById[p.PoolId!.Value].Code, p.DonorCode, p.Id), StringComparer.Ordinal))
        {
            var b = balances[p.Id];
            if (b.Remaining <= 0) continue;
            var earmarkItem = p.EarmarkItemId is { } ei ? earmarkCodes.GetValueOrDefault(ei) : null;
            // Money earmarked for an item or coalition that nothing planned belongs to pays for nothing here.
            if (p.EarmarkItemId is not null && (earmarkItem is null || !scenarioItems.Contains(earmarkItem))) continue;
            if (p.EarmarkCoalition is not null && !coalitions.Contains(p.EarmarkCoalition)) continue;
            if (!rates.Knows(Domain.Common.Currency.Parse(b.Currency))) continue;
            var amount = Math.Floor(rates.To(Money.Of(b.Remaining, b.Currency), eur, today) * 100m) / 100m - RoundingReserve;
            if (amount <= 0) continue;
            var id = ContributionId(poolById[p.PoolId!.Value].Code, p.DonorCode, p.Id);
            contributionIds[id] = p.Id;
            contributions.Add(new ScenarioContribution(id, poolById[p.PoolId.Value].Code, p.DonorCode, amount, p.NonLethalOnly,
                p.ForbiddenCategoryList.Count == 0 ? null : p.ForbiddenCategoryList.ToList(), p.EarmarkCoalition, earmarkItem));
        }
        return new IndustryPart(
            companies.Select(c => new ScenarioCompany(c.Code, c.Nation, c.Name, c.Vetting switch
            {
                VettingStatus.Approved => CompanyVetting.Approved,
                VettingStatus.Suspended => CompanyVetting.Suspended,
                _ => CompanyVetting.Pending,
            })).ToList(),
            scenarioProducts,
            pools.Select(p => new ScenarioPool(p.Code, p.Name)).ToList(),
            contributions, productIds, contributionIds);
    }
}
