namespace Quartermaster.Domain.Offers;

using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;

public enum AidType { Military, Financial, Humanitarian }

public enum OfferStatus { Offered, Accepted, Allocated, Shipped, Delivered, Withdrawn }

public enum Condition { Unknown, New, Refurbished, Used }

/// <summary>State of a transfer consent (from the item's country of origin) or of an export licence.</summary>
public enum ClearanceStatus { NotRequired, Pending, Granted, Denied }

/// <summary>
/// A pledge line: one item (or one amount of financial or humanitarian aid) from one donor. Announced,
/// allocated and delivered quantities are kept apart; an unknown ("undisclosed") announced quantity stays
/// unknown, never zero.
/// </summary>
public sealed class Offer : VersionedEntity, IReleasable
{
    private Offer() { }

    public Offer(Guid id, string donorCode, AidType aidType, string description, Guid? itemId, int? quantityAnnounced)
    {
        Id = id;
        DonorCode = donorCode;
        AidType = Guard.Defined(aidType, "aidType");
        ItemId = itemId;
        Describe(description);
        Announce(quantityAnnounced);
    }

    public Guid Id { get; private set; }
    public string DonorCode { get; private set; } = "";
    public Guid? PackageId { get; private set; }
    public AidType AidType { get; private set; }
    public Guid? ItemId { get; private set; }
    public string Description { get; private set; } = "";

    /// <summary>Units announced; null when the source does not disclose them.</summary>
    public int? QuantityAnnounced { get; private set; }
    public int QuantityAllocated { get; private set; }
    public int QuantityDelivered { get; private set; }

    /// <summary>Deliveries the donor reported outside Quartermaster (historical data), kept apart from shipped ones.</summary>
    public int? QuantityReportedDelivered { get; private set; }
    public Condition Condition { get; private set; }
    public DateOnly? EarliestAvailable { get; private set; }
    public string? OriginDepot { get; private set; }

    /// <summary>Value of this line as its source states it (the donor, or a tracker's own estimate), in that currency.</summary>
    public decimal? DeclaredValue { get; private set; }
    public string? DeclaredCurrency { get; private set; }
    /// <summary>Value of what was delivered, as the source reports it, in <see cref="DeclaredCurrency"/>.</summary>
    public decimal? ReportedDeliveredValue { get; private set; }
    public string? AnnouncedRaw { get; private set; }
    public DateOnly? AnnouncedOn { get; private set; }
    public ClearanceStatus TransferConsent { get; private set; }
    public string? ConsentFrom { get; private set; }
    public ClearanceStatus ExportLicence { get; private set; }
    public OfferStatus Status { get; private set; } = OfferStatus.Offered;

    /// <summary>Where the line came from (e.g. "kiel-r7:AUM6#1"): lets a re-import find it again.</summary>
    public string? SourceKey { get; private set; }

    public override string LedgerKey => Id.ToString();

    public Releasability Releasability { get; private set; } = Releasability.Coordinators;

    public string? ReleasedTo { get; private set; }

    public void Release(Releasability releasability, IEnumerable<string>? nations)
        => (Releasability, ReleasedTo) = ReleaseList.Terms(releasability, nations);


    public Money? Value => DeclaredValue is { } v && DeclaredCurrency is { } c ? Money.Of(v, c) : null;

    public void Describe(string description) => Description = Guard.Required(description, "description", 500);

    public void Announce(int? quantity)
    {
        EnsureOpen();
        if (quantity is not null) Guard.NotNegative(quantity.Value, "quantityAnnounced");
        if (quantity is not null && quantity < QuantityAllocated)
            throw new DomainException("quantityAnnounced", $"Cannot announce {quantity}: {QuantityAllocated} are already allocated.");
        QuantityAnnounced = quantity;
    }

    public void SetPackage(Guid? packageId) => PackageId = packageId;

    public void SetSource(string? sourceKey) => SourceKey = Guard.Optional(sourceKey, "sourceKey", 200);

    public void SetTerms(Condition condition, DateOnly? earliestAvailable, string? originDepot, Money? declaredValue, FuzzyDate? announced)
    {
        var depot = Guard.Optional(originDepot, "originDepot", 120);
        Guard.Defined(condition, "condition");
        if (announced is not null) Guard.Optional(announced.Raw, "announced", 100);
        if (declaredValue is { } money) Guard.NotNegative(money.Amount, "declaredValue");
        Condition = condition;
        EarliestAvailable = earliestAvailable;
        OriginDepot = depot;
        DeclaredValue = Amounts.Stored(declaredValue?.Amount);
        DeclaredCurrency = declaredValue?.Currency.Code;
        AnnouncedRaw = announced?.Raw;
        AnnouncedOn = announced?.BestEstimate;
    }

    public void SetClearances(ClearanceStatus transferConsent, string? consentFrom, ClearanceStatus exportLicence)
    {
        var from = transferConsent == ClearanceStatus.NotRequired ? null : consentFrom?.Trim().ToUpperInvariant();
        // Setting the clearances it already has is no change (a re-import of the same file), whatever the state.
        if (transferConsent == TransferConsent && exportLicence == ExportLicence && from == ConsentFrom) return;
        if (Status is OfferStatus.Shipped or OfferStatus.Delivered)
            throw new DomainException("transferConsent", "Clearances cannot change after the offer has shipped.");
        Guard.Defined(transferConsent, "transferConsent");
        Guard.Defined(exportLicence, "exportLicence");
        if (transferConsent != ClearanceStatus.NotRequired && string.IsNullOrWhiteSpace(consentFrom))
            throw new DomainException("consentFrom", "A transfer consent names the nation that must give it.");
        TransferConsent = transferConsent;
        ConsentFrom = transferConsent == ClearanceStatus.NotRequired ? null : consentFrom!.Trim().ToUpperInvariant();
        ExportLicence = exportLicence;
    }

    /// <summary>
    /// Whether nothing outstanding (consent, or an export licence the donor's policy requires for the item: pass the
    /// decision of <see cref="Nations.NationPolicy.Permits(Catalogue.CatalogueItem)"/>) stops this offer from shipping.
    /// </summary>
    public bool IsClearedUnder(Nations.PolicyDecision donorPolicy)
        => Clearance.IsCleared(TransferConsent, ExportLicence, donorPolicy.LicenceRequired);

    public bool IsDenied => Clearance.IsDenied(TransferConsent, ExportLicence);

    public int? QuantityUnallocated => QuantityAnnounced is { } a ? a - QuantityAllocated : null;

    public void Accept()
    {
        if (Status != OfferStatus.Offered)
            throw new DomainException("status", $"Only an offered pledge can be accepted; this one is {Status}.");
        Status = OfferStatus.Accepted;
    }

    public void Allocate(int quantity)
    {
        EnsureOpen();
        if (IsDenied)
            throw new DomainException("status", "A pledge whose transfer consent or export licence was denied cannot be allocated.");
        Guard.Positive(quantity, "quantity");
        if (QuantityAnnounced is null)
            throw new DomainException("quantityAnnounced", "The announced quantity is undisclosed; confirm it with the donor before allocating.");
        if (QuantityAllocated + quantity > QuantityAnnounced)
            throw new DomainException("quantity", $"Cannot allocate {quantity}: only {QuantityAnnounced - QuantityAllocated} of {QuantityAnnounced} remain unallocated.");
        QuantityAllocated += quantity;
        if (Status is OfferStatus.Offered or OfferStatus.Accepted) Status = OfferStatus.Allocated;
    }

    /// <summary>Gives back an allocation (a plan superseded, a consent denied).</summary>
    public void ReleaseAllocation(int quantity)
    {
        Guard.Positive(quantity, "quantity");
        if (quantity > QuantityAllocated - QuantityDelivered)
            throw new DomainException("quantity", $"Cannot release {quantity}: only {QuantityAllocated - QuantityDelivered} are allocated and not delivered.");
        QuantityAllocated -= quantity;
        if (QuantityAllocated == 0 && Status == OfferStatus.Allocated) Status = OfferStatus.Accepted;
    }

    /// <summary>Ships the allocated pledge; <paramref name="donorPolicy"/> is the donor policy's decision on the item.</summary>
    public void MarkShipped(Nations.PolicyDecision donorPolicy)
    {
        if (Status != OfferStatus.Allocated)
            throw new DomainException("status", $"Only an allocated pledge can ship; this one is {Status}.");
        EnsureCleared(donorPolicy, "ship");
        Status = OfferStatus.Shipped;
    }

    public void Deliver(int quantity, Nations.PolicyDecision donorPolicy)
    {
        Guard.Positive(quantity, "quantity");
        if (Status is not (OfferStatus.Allocated or OfferStatus.Shipped))
            throw new DomainException("status", $"A pledge must be allocated before it is delivered; this one is {Status}.");
        EnsureCleared(donorPolicy, "be delivered");
        if (QuantityDelivered + quantity > QuantityAllocated)
            throw new DomainException("quantity", $"Cannot deliver {quantity}: only {QuantityAllocated - QuantityDelivered} allocated units are undelivered.");
        QuantityDelivered += quantity;
        if (QuantityDelivered == QuantityAnnounced) Status = OfferStatus.Delivered;
    }

    /// <summary>A correcting receipt takes back units that an earlier receipt accepted.</summary>
    public void UndoDelivery(int quantity)
    {
        Guard.Positive(quantity, "quantity");
        if (quantity > QuantityDelivered)
            throw new DomainException("quantity", $"Cannot take back {quantity} delivered units: only {QuantityDelivered} were delivered.");
        QuantityDelivered -= quantity;
        if (Status == OfferStatus.Delivered) Status = OfferStatus.Shipped;
    }

    /// <summary>Records what the donor reports as delivered outside Quartermaster (historical imports).</summary>
    public void RecordReportedDelivery(int? quantity, decimal? value)
    {
        if (quantity is { } q) Guard.NotNegative(q, "quantityReportedDelivered");
        if (value is { } v) Guard.NotNegative(v, "reportedDeliveredValue");
        if (value is not null && DeclaredCurrency is null)
            throw new DomainException("reportedDeliveredValue", "A delivered value needs the line's currency: state the line's value first.");
        QuantityReportedDelivered = quantity;
        ReportedDeliveredValue = Amounts.Stored(value);
    }

    public void Withdraw()
    {
        if (Status is OfferStatus.Shipped or OfferStatus.Delivered)
            throw new DomainException("status", $"A pledge that is {Status} cannot be withdrawn.");
        if (QuantityAllocated > 0)
            throw new DomainException("status", $"Release the {QuantityAllocated} allocated units before withdrawing the pledge.");
        Status = OfferStatus.Withdrawn;
    }

    private void EnsureCleared(Nations.PolicyDecision donorPolicy, string what)
    {
        if (Clearance.LicenceMissing(ExportLicence, donorPolicy.LicenceRequired) && TransferConsent is ClearanceStatus.NotRequired or ClearanceStatus.Granted)
            throw new DomainException("exportLicence", $"The pledge cannot {what}: the donor's policy requires an export licence for this item{(donorPolicy.LicenceCategory is { } c ? $" (category {c})" : "")} and none has been granted (licence.required).");
        if (!IsClearedUnder(donorPolicy))
            throw new DomainException("transferConsent", $"The pledge cannot {what} while its transfer consent or export licence is outstanding.");
    }

    private void EnsureOpen()
    {
        if (Status == OfferStatus.Withdrawn)
            throw new DomainException("status", "The pledge was withdrawn.");
    }
}
