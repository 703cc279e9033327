using Microsoft.EntityFrameworkCore;
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

        var requirementIds = new Dictionary<string, Guid>();
        var offerIds = new Dictionary<string, Guid>();
        var scenario = new Scenario(
            HorizonWeeks,
            items.Values.Select(i => new ScenarioItem(i.Code, i.Name, i.IsLethal, i.ControlEntry, i.CompatibilityFamily, i.UnitWeightKg)).ToList(),
            donors.Select(n => new ScenarioDonor(n.Code, n.Policy.NonLethalOnly, n.Policy.ForbiddenCategories, n.Policy.LicenceRequiredCategories)).ToList(),
            hubs.Select(h => new ScenarioHub(h.Code, h.WeeklyCapacityTonnes, null, h.InboundWeeks, null, h.OutboundWeeks)).ToList(),
            requirements.OrderBy(r => r.PriorityRank).Select(r =>
            {
                var id = $"{r.Period}#{r.PriorityRank}";
                requirementIds[id] = r.Id;
                return new ScenarioRequirement(id, items[r.ItemId].Code,
                    r.Substitutes.Where(s => items.ContainsKey(s.ItemId)).Select(s => new SubstituteRef(items[s.ItemId].Code, s.EquivalenceFactor)).ToList(),
                    r.Quantity - r.QuantityCovered, r.PriorityRank, WeekOf(start, r.NeededBy), r.Destination);
            }).ToList(),
            offers.OrderBy(o => OfferId(o.Id, o.DonorCode, o.SourceKey), StringComparer.Ordinal).Select(o =>
            {
                var id = OfferId(o.Id, o.DonorCode, o.SourceKey);
                offerIds[id] = o.Id;
                var available = o.EarliestAvailable ?? o.AnnouncedOn ?? start;
                return new ScenarioOffer(id, o.DonorCode, items[o.ItemId!.Value].Code, o.QuantityAnnounced!.Value - o.QuantityAllocated,
                    WeekOf(start, available), o.OriginDepot ?? o.DonorCode, o.TransferConsent, o.ExportLicence);
            }).ToList());
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
        };
    }
}
