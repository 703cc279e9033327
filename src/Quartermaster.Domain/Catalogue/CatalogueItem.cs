using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Catalogue;

using Quartermaster.Domain.Common;

public enum Tracking { None, Lot, Serial }

/// <summary>
/// Something that can be given: a system, a consumable, a spare. The course its crews need and the sustainment it needs
/// are records of their own (Domain/Training: Course, SustainmentNeed): the item links to its course.
/// </summary>
public sealed partial class CatalogueItem : VersionedEntity
{
    private CatalogueItem() { }

    public CatalogueItem(Guid id, string code, string name, string supplyClass, string coalition, bool isLethal,
        ICodificationReference reference)
    {
        Id = id;
        Code = ParseCode(code);
        Rename(name);
        SetClassification(supplyClass, coalition, isLethal, reference);
    }

    public Guid Id { get; private set; }

    /// <summary>A short, stable key (e.g. "m777-howitzer"), used by imports to find the item again.</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Nsn { get; private set; }
    public string SupplyClass { get; private set; } = "";
    public string Coalition { get; private set; } = "";
    public bool IsLethal { get; private set; }
    public string? ControlEntry { get; private set; }

    /// <summary>What the item uses or is, e.g. "155mm-nato" or "152mm-soviet"; items of different families never substitute.</summary>
    public string? CompatibilityFamily { get; private set; }
    public Tracking Tracking { get; private set; }
    public string UnitOfIssue { get; private set; } = "EA";
    public decimal UnitWeightKg { get; private set; }

    /// <summary>The training course the item's crews need, or null (Domain/Training: Course).</summary>
    public Guid? TrainingCourseId { get; private set; }

    /// <summary>Under enhanced end-use monitoring (e.g. man-portable air defence, anti-tank missiles, night vision): serial inventories are owed.</summary>
    public bool EnhancedMonitoring { get; private set; }

    /// <summary>Days between serial inventories of a monitored item (default 90).</summary>
    public int InventoryIntervalDays { get; private set; } = 90;

    public override string LedgerKey => Id.ToString();

    public static string ParseCode(string? code, string field = "code")
    {
        var c = Guard.Required(code, field, 80).ToLowerInvariant();
        if (!CodePattern().IsMatch(c))
            throw new DomainException(field, $"'{code}' is not an item code: use lower-case letters, digits and dashes.");
        return c;
    }

    public void Rename(string name) => Name = Guard.Required(name, "name", 200);

    public void SetClassification(string supplyClass, string coalition, bool isLethal, ICodificationReference reference)
    {
        var fsc = Guard.Required(supplyClass, "supplyClass", 4);
        if (!reference.IsActiveSupplyClass(fsc))
            throw new DomainException("supplyClass", $"'{supplyClass}' is not an active NATO supply class (4 digits, e.g. 1025, 1320, 8470).");
        if (Nsn is not null && !Nsn.StartsWith(fsc, StringComparison.Ordinal))
            throw new DomainException("supplyClass", $"Supply class {fsc} contradicts the stock number {Nsn}.");
        var checkedCoalition = Coalitions.Parse(coalition);
        SupplyClass = fsc;
        Coalition = checkedCoalition;
        IsLethal = isLethal;
    }

    public void SetStockNumber(string? nsn, ICodificationReference reference, ICollection<string> warnings)
    {
        if (string.IsNullOrWhiteSpace(nsn)) { Nsn = null; return; }
        var parsed = Catalogue.Nsn.Parse(nsn, reference, warnings);
        if (parsed.SupplyClass != SupplyClass)
            throw new DomainException("nsn", $"Stock number {parsed.Value} is in supply class {parsed.SupplyClass}, but the item is in {SupplyClass}.");
        Nsn = parsed.Value;
    }

    public void SetControl(string? controlEntry) => ControlEntry = Catalogue.ControlEntry.ParseOptional(controlEntry);

    public void SetLogistics(Tracking tracking, string? unitOfIssue, decimal unitWeightKg, string? compatibilityFamily)
    {
        Tracking = tracking;
        UnitOfIssue = Guard.Optional(unitOfIssue, "unitOfIssue", 10)?.ToUpperInvariant() ?? "EA";
        UnitWeightKg = Guard.NotNegative(unitWeightKg, "unitWeightKg");
        CompatibilityFamily = Guard.Optional(compatibilityFamily, "compatibilityFamily", 60)?.ToLowerInvariant();
    }

    /// <summary>Puts the item under (or takes it off) enhanced monitoring; monitoring follows serial numbers.</summary>
    public void SetMonitoring(bool enhanced, int? intervalDays)
    {
        if (enhanced && Tracking != Tracking.Serial)
            throw new DomainException("enhancedMonitoring", "Enhanced monitoring follows serial numbers: track the item by serial number first.");
        InventoryIntervalDays = Accountability.Monitoring.CheckInterval(intervalDays ?? InventoryIntervalDays);
        EnhancedMonitoring = enhanced;
    }

    /// <summary>Links the item to the course its crews need (null: no course).</summary>
    public void LinkCourse(Guid? courseId) => TrainingCourseId = courseId;

    /// <summary>Whether this item can stand in for <paramref name="other"/>: the same item, or the same compatibility family.</summary>
    public bool IsCompatibleWith(CatalogueItem other)
        => other.Id == Id || Compatibility.Compatible(CompatibilityFamily, other.CompatibilityFamily);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex CodePattern();
}
