namespace Quartermaster.Domain.Training;

using Quartermaster.Domain.Common;

public enum SustainmentKind { SparesKit, FirstLoadAmmunition, Other }

/// <summary>
/// What one unit of a system needs to be usable besides its crew: <see cref="QuantityPerUnit"/> of a catalogue item
/// (a spares kit, first-load ammunition). Replaces the catalogue's former free-text sustainment.
/// </summary>
public sealed class SustainmentNeed : VersionedEntity
{
    private SustainmentNeed() { }

    public SustainmentNeed(Guid id, Guid systemItemId, Guid itemId, SustainmentKind kind, decimal quantityPerUnit)
    {
        if (itemId == systemItemId) throw new DomainException("itemCode", "A system cannot be its own sustainment.");
        Id = id;
        SystemItemId = systemItemId;
        ItemId = itemId;
        Change(kind, quantityPerUnit);
    }

    public Guid Id { get; private set; }
    public Guid SystemItemId { get; private set; }
    public Guid ItemId { get; private set; }
    public SustainmentKind Kind { get; private set; }
    public decimal QuantityPerUnit { get; private set; }
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    public void Change(SustainmentKind kind, decimal quantityPerUnit)
    {
        if (quantityPerUnit <= 0) throw new DomainException("quantityPerUnit", $"quantityPerUnit must be greater than zero (got {quantityPerUnit}).");
        if (quantityPerUnit > 1_000_000) throw new DomainException("quantityPerUnit", $"quantityPerUnit must be at most 1,000,000 (got {quantityPerUnit}).");
        Kind = kind;
        QuantityPerUnit = quantityPerUnit;
    }

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;

    /// <summary>Units of the sustainment item needed for <paramref name="systemUnits"/> units of the system (rounded up).</summary>
    public int NeededFor(int systemUnits) => (int)Math.Ceiling(QuantityPerUnit * systemUnits);
}
