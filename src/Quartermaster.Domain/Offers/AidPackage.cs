namespace Quartermaster.Domain.Offers;

using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;

/// <summary>
/// One announced package ("AUM6": Australia, military, sixth package). Its value is counted once, however many
/// item lines (offers) it spans, so that totals never double-count.
/// </summary>
public sealed class AidPackage : VersionedEntity, IReleasable
{
    private AidPackage() { }

    public AidPackage(Guid id, string reference, string donorCode, AidType aidType)
    {
        Id = id;
        Reference = Guard.Required(reference, "package", 60);
        DonorCode = donorCode;
        AidType = aidType;
    }

    public Guid Id { get; private set; }
    public string Reference { get; private set; } = "";
    public string DonorCode { get; private set; } = "";
    public AidType AidType { get; private set; }
    public string? AnnouncedRaw { get; private set; }
    public DateOnly? AnnouncedOn { get; private set; }
    public bool AnnouncedDateExact { get; private set; }

    /// <summary>The package's value as the source gave it, in the source currency.</summary>
    public decimal? DeclaredValue { get; private set; }
    public string? DeclaredCurrency { get; private set; }

    /// <summary>Our conversion of the declared value to euros, with the rate table in force.</summary>
    public decimal? ValueEur { get; private set; }

    /// <summary>The source's own euro conversion, kept beside ours.</summary>
    public decimal? SourceValueEur { get; private set; }

    /// <summary>The source's euro value of what was delivered.</summary>
    public decimal? SourceDeliveredEur { get; private set; }
    public string? Explanation { get; private set; }
    public string? SourceUrl { get; private set; }

    /// <summary>
    /// What the package is worth by its tracker's own method (the stated amount, else the tracker's estimate of units ×
    /// its price list, converted with the tracker's rates), when the import named such a method; null otherwise.
    /// </summary>
    public ValuationBasis? TrackerBasis { get; private set; }

    /// <summary>The tracker-method amount before conversion (stated: in the stated currency; estimated: in USD).</summary>
    public decimal? TrackerValue { get; private set; }
    public string? TrackerCurrency { get; private set; }

    /// <summary>The tracker-method value in euros, to the cent; null when the basis is unknown.</summary>
    public decimal? TrackerValueEur { get; private set; }

    /// <summary>The tracker-method inputs in words ("stated: 35000000 AUD", "estimated: 3 lines priced …").</summary>
    public string? TrackerInputs { get; private set; }

    public override string LedgerKey => Id.ToString();

    public Releasability Releasability { get; private set; } = Releasability.Coordinators;

    public string? ReleasedTo { get; private set; }

    public void Release(Releasability releasability, IEnumerable<string>? nations)
        => (Releasability, ReleasedTo) = ReleaseList.Terms(releasability, nations);


    public void Describe(FuzzyDate announced, string? explanation, string? sourceUrl)
    {
        AnnouncedRaw = announced.Raw;
        AnnouncedOn = announced.BestEstimate;
        AnnouncedDateExact = announced.IsExact;
        Explanation = Guard.Optional(explanation, "explanation", 4000);
        SourceUrl = Guard.Optional(sourceUrl, "source", 1000);
    }

    public void Value(Money? declared, decimal? valueEur, decimal? sourceValueEur, decimal? sourceDeliveredEur)
    {
        if (declared is { } d)
        {
            DeclaredValue = Amounts.Stored(Guard.NotNegative(d.Amount, "declaredValue"));
            DeclaredCurrency = d.Currency.Code;
        }
        else
        {
            DeclaredValue = null;
            DeclaredCurrency = null;
        }
        ValueEur = Amounts.Stored(valueEur);
        SourceValueEur = Amounts.Stored(sourceValueEur);
        SourceDeliveredEur = Amounts.Stored(sourceDeliveredEur);
    }

    /// <summary>
    /// Records the package's value by its tracker's own method; <paramref name="basis"/> null clears it (the import
    /// named no method). A stated or estimated value needs its amount; an unknown one has none.
    /// </summary>
    public void ValueByTracker(ValuationBasis? basis, Money? value, decimal? valueEur, string? inputs = null)
    {
        if (basis is { } b)
        {
            Guard.Defined(b, "trackerBasis");
            if (b == ValuationBasis.Unknown && (value is not null || valueEur is not null))
                throw new DomainException("trackerBasis", "A package whose value is unknown has no tracker amount.");
            if (b != ValuationBasis.Unknown && value is null)
                throw new DomainException("trackerValue", $"A {b.ToString().ToLowerInvariant()} tracker value needs its amount.");
            if (value is { } m) Guard.NotNegative(m.Amount, "trackerValue");
            if (valueEur is { } e) Guard.NotNegative(e, "trackerValueEur");
        }
        TrackerBasis = basis;
        TrackerValue = basis is null ? null : Amounts.Stored(value?.Amount);
        TrackerCurrency = basis is null ? null : value?.Currency.Code;
        TrackerValueEur = basis is null ? null : Amounts.Stored(valueEur);
        TrackerInputs = basis is null ? null : Guard.Optional(inputs, "trackerInputs", 300);
    }
}
