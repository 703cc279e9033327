using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Storage;

namespace Quartermaster.Application.Offers;

public sealed record OfferView(Guid Id, string DonorCode, string? Package, string AidType, Guid? ItemId, string? ItemCode,
    string Description, int? QuantityAnnounced, int QuantityAllocated, int QuantityDelivered, int? QuantityReportedDelivered,
    string Condition, DateOnly? EarliestAvailable, string? OriginDepot, decimal? DeclaredValue, string? DeclaredCurrency,
    decimal? ReportedDeliveredValue, string? AnnouncedRaw, DateOnly? AnnouncedOn, string TransferConsent, string? ConsentFrom,
    string ExportLicence, string Status, string? SourceKey, string Releasability, IReadOnlyList<string> ReleasedTo, long Version);

public sealed record OfferInput(string? DonorCode, AidType AidType, string? ItemCode, string? Description, int? QuantityAnnounced,
    Condition Condition = Condition.Unknown, DateOnly? EarliestAvailable = null, string? OriginDepot = null,
    decimal? DeclaredValue = null, string? DeclaredCurrency = null, string? Announced = null,
    ClearanceStatus TransferConsent = ClearanceStatus.NotRequired, string? ConsentFrom = null,
    ClearanceStatus ExportLicence = ClearanceStatus.NotRequired, Releasability? Releasability = null,
    IReadOnlyList<string>? ReleasedTo = null);

/// <summary>Pledge lines at one status: how many, and their announced, allocated and delivered units.</summary>
public sealed record PipelineStage(OfferStatus Status, int Lines, long UnitsAnnounced, long UnitsAllocated, long UnitsDelivered);

/// <summary>Use cases on offers (pledge lines). Every write checks the donor's policy against the item, here and nowhere else.</summary>
public sealed class OffersService(QuartermasterDb db)
{
    private static readonly Dictionary<string, Expression<Func<Offer, object?>>> Sorts = new()
    {
        ["donor"] = o => o.DonorCode,
        ["description"] = o => o.Description,
        ["announced"] = o => o.AnnouncedOn,
        ["status"] = o => o.Status,
        ["quantity"] = o => o.QuantityAnnounced,
    };

    public async Task<Page<OfferView>> List(PageQuery page, string? donor = null, AidType? aidType = null, OfferStatus? status = null, CancellationToken ct = default)
    {
        var q = db.Offers.AsQueryable();
        if (!string.IsNullOrWhiteSpace(donor)) q = q.Where(o => o.DonorCode == donor.ToUpper());
        if (aidType is not null) q = q.Where(o => o.AidType == aidType);
        if (status is not null) q = q.Where(o => o.Status == status);
        if (!string.IsNullOrWhiteSpace(page.Search))
        {
            var like = Queries.Like(page.Search);
            q = q.Where(o => EF.Functions.Like(o.Description.ToLower(), like, "\\") || EF.Functions.Like(o.DonorCode.ToLower(), like, "\\"));
        }
        // The item's code and the package's reference come in the page's own SQL (two correlated lookups by key).
        return await q.ToPage(db, page, "donor", Sorts, o => new OfferRow(o,
                db.CatalogueItems.Where(i => i.Id == o.ItemId).Select(i => i.Code).FirstOrDefault(),
                db.AidPackages.Where(p => p.Id == o.PackageId).Select(p => p.Reference).FirstOrDefault()),
            r => View(r.Offer, r.ItemCode, r.Package), ct);
    }

    public async Task<OfferView> Get(Guid id, CancellationToken ct = default) => (await Views([await Find(id, ct)], ct))[0];

    public async Task<Offer> Find(Guid id, CancellationToken ct = default)
        => await db.Offers.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("Offer", id.ToString());

    public Task<OfferView> Create(Actor actor, OfferInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create offer {input.DonorCode} {input.ItemCode ?? input.Description}", async () =>
        {
            var donor = await Donor(Acting.DonorFor(actor, input.DonorCode), ct);
            var itemId = await CheckedItem(donor, input.ItemCode, "itemCode", ct);
            var offer = new Offer(Guid.NewGuid(), donor.Code, input.AidType, input.Description ?? input.ItemCode!, itemId, input.QuantityAnnounced);
            await Apply(offer, input, ct);
            offer.Release(input.Releasability ?? Releasability.Coordinators, input.ReleasedTo);
            db.Offers.Add(offer);
            return offer;
        }, async e => (await Views([e], ct))[0], ct);

    public Task<OfferView> Update(Actor actor, Guid id, long expectedVersion, OfferInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update offer {id}", async () =>
        {
            var offer = await Find(id, ct);
            Acting.EnsureMayChange(actor, offer.DonorCode, "Offer", id.ToString());
            db.ExpectVersion(offer, expectedVersion);
            if (input.DonorCode is not null && NationCode.Parse(input.DonorCode, "donorCode") != offer.DonorCode)
                throw new RequestException("donorCode", "The donor of an offer cannot change; withdraw it and create a new one.");
            offer.Describe(input.Description ?? offer.Description);
            offer.Announce(input.QuantityAnnounced);
            await Apply(offer, input, ct);
            await Delivery.DenialService.Apply(db, offer, ct);
            if (input.Releasability is { } release) offer.Release(release, input.ReleasedTo);
            return offer;
        }, async e => (await Views([e], ct))[0], ct);

    public Task<OfferView> Transition(Actor actor, Guid id, long expectedVersion, string action, int? quantity, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"{action} offer {id}", async () =>
        {
            var offer = await Find(id, ct);
            Acting.EnsureMayChange(actor, offer.DonorCode, "Offer", id.ToString());
            db.ExpectVersion(offer, expectedVersion);
            switch (action)
            {
                case "accept": offer.Accept(); break;
                case "withdraw": offer.Withdraw(); break;
                default: throw new RequestException("action", $"Unknown action '{action}'; use accept or withdraw.");
            }
            return offer;
        }, async e => (await Views([e], ct))[0], ct);

    private async Task Apply(Offer offer, OfferInput input, CancellationToken ct)
    {
        Money? value = input.DeclaredValue is { } v
            ? new Money(v, await new Importing.ExchangeRatesService(db).Require(input.DeclaredCurrency, "declaredCurrency", ct))
            : null;
        var announced = input.Announced is null ? null : FuzzyDate.Parse(input.Announced);
        if (announced is { BestEstimate: null } && announced.Raw.Length > 0)
            throw new RequestException("announced", $"'{announced.Raw}' is not a date; write it as yyyy-MM-dd (e.g. 2026-03-01).");
        offer.SetTerms(input.Condition, input.EarliestAvailable, input.OriginDepot, value, announced);
        offer.SetClearances(input.TransferConsent, input.ConsentFrom, input.ExportLicence);
    }

    private async Task<Nation> Donor(string? code, CancellationToken ct)
    {
        var c = NationCode.Parse(code, "donorCode");
        return await db.Nations.FirstOrDefaultAsync(n => n.Code == c, ct)
               ?? throw new RequestException("donorCode", $"No nation has the code '{c}'.");
    }

    /// <summary>
    /// Where the pledge lines the viewer may see stand, by stage (announced → allocated → shipped → received): lines and
    /// units per offer status, so that every figure is the offers list filtered by that status. Withdrawn lines are apart.
    /// </summary>
    public async Task<IReadOnlyList<PipelineStage>> Pipeline(CancellationToken ct = default)
    {
        var rows = await db.Offers.AsNoTracking().GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Lines = g.Count(), Announced = g.Sum(o => o.QuantityAnnounced ?? 0),
                Allocated = g.Sum(o => o.QuantityAllocated), Delivered = g.Sum(o => o.QuantityDelivered) })
            .ToListAsync(ct);
        return Enum.GetValues<OfferStatus>().Select(s =>
        {
            var r = rows.FirstOrDefault(x => x.Status == s);
            return new PipelineStage(s, r?.Lines ?? 0, r?.Announced ?? 0, r?.Allocated ?? 0, r?.Delivered ?? 0);
        }).ToList();
    }

    /// <summary>The catalogue items a donor may give under its policy, by name (every item when no donor is named): for item pickers.</summary>
    public async Task<IReadOnlyList<Catalogue.CatalogueItemView>> ItemsPermittedTo(string? donorCode, CancellationToken ct = default)
    {
        var items = await db.CatalogueItems.AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct);
        if (donorCode is null) return items.Select(i => Catalogue.CatalogueItemView.Of(i)).ToList();
        var donor = await Donor(donorCode, ct);
        return items.Where(i => donor.Policy.Permits(i).Allowed).Select(i => Catalogue.CatalogueItemView.Of(i)).ToList();
    }

    /// <summary>Finds the item and checks that the donor's policy allows giving it.</summary>
    public async Task<Guid?> CheckedItem(Nation donor, string? itemCode, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(itemCode)) return null;
        var code = itemCode.Trim().ToLowerInvariant();
        var item = await db.CatalogueItems.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct)
                   ?? throw new RequestException(field, $"No catalogue item has the code '{itemCode}'.");
        EnsurePermitted(donor, item, field);
        return item.Id;
    }

    /// <summary>Refuses an item the donor's policy does not allow it to give (every path that creates or imports an offer).</summary>
    public static void EnsurePermitted(Nation donor, Domain.Catalogue.CatalogueItem item, string field)
    {
        var decision = donor.Policy.Permits(item);
        if (!decision.Allowed)
            throw new DomainException(field, $"{donor.Name} cannot offer '{item.Name}': {decision.Reason}.");
    }

    private async Task<List<OfferView>> Views(IReadOnlyList<Offer> offers, CancellationToken ct)
    {
        var itemIds = offers.Where(o => o.ItemId is not null).Select(o => o.ItemId!.Value).Distinct().ToList();
        var items = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).Select(i => new { i.Id, i.Code }).ToDictionaryAsync(i => i.Id, i => i.Code, ct);
        var packageIds = offers.Where(o => o.PackageId is not null).Select(o => o.PackageId!.Value).Distinct().ToList();
        var packages = await db.AidPackages.Where(p => packageIds.Contains(p.Id)).Select(p => new { p.Id, p.Reference }).ToDictionaryAsync(p => p.Id, p => p.Reference, ct);
        return offers.Select(o => View(o, o.ItemId is { } i ? items.GetValueOrDefault(i) : null,
            o.PackageId is { } p ? packages.GetValueOrDefault(p) : null)).ToList();
    }

    private sealed record OfferRow(Offer Offer, string? ItemCode, string? Package);

    private static OfferView View(Offer o, string? itemCode, string? package)
        => new(o.Id, o.DonorCode, package, o.AidType.ToString(), o.ItemId, itemCode, o.Description, o.QuantityAnnounced,
            o.QuantityAllocated, o.QuantityDelivered, o.QuantityReportedDelivered, o.Condition.ToString(), o.EarliestAvailable,
            o.OriginDepot, o.DeclaredValue, o.DeclaredCurrency, o.ReportedDeliveredValue, o.AnnouncedRaw, o.AnnouncedOn,
            o.TransferConsent.ToString(), o.ConsentFrom, o.ExportLicence.ToString(), o.Status.ToString(), o.SourceKey,
            o.Releasability.ToString(), ReleaseList.Decode(o.ReleasedTo), o.Version);
}
