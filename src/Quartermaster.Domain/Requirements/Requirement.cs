using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Requirements;

using Quartermaster.Domain.Common;

public enum RequirementStatus { Open, PartlyCovered, Covered, Delivered, Cancelled }

/// <summary>
/// An acceptable substitute for the requirement's item. One unit of the substitute covers <see cref="EquivalenceFactor"/>
/// units of the requirement (0.5: two substitutes make one unit needed), as the planner counts it (docs/planning.md).
/// </summary>
public sealed record Substitute(Guid ItemId, decimal EquivalenceFactor);

/// <summary>A line of the recipient's prioritised requirements list.</summary>
public sealed partial class Requirement : VersionedEntity
{
    private Requirement() { }

    public Requirement(Guid id, string period, int priorityRank, Guid itemId, int quantity, DateOnly neededBy,
        string destination, bool illustrative)
    {
        Id = id;
        Period = ParsePeriod(period);
        ItemId = itemId;
        Illustrative = illustrative;
        Update(priorityRank, quantity, neededBy, destination, null);
    }

    public Guid Id { get; private set; }

    /// <summary>The month the list is approved for, "YYYY-MM".</summary>
    public string Period { get; private set; } = "";
    public int PriorityRank { get; private set; }
    public Guid ItemId { get; private set; }
    public List<Substitute> Substitutes { get; private set; } = [];
    public int Quantity { get; private set; }
    public int QuantityCovered { get; private set; }
    public int QuantityDelivered { get; private set; }
    public DateOnly NeededBy { get; private set; }
    public string Destination { get; private set; } = "";
    public RequirementStatus Status { get; private set; } = RequirementStatus.Open;
    public string? Note { get; private set; }

    /// <summary>True for demo lines built from public data: the recipient's real list is not public.</summary>
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    public static string ParsePeriod(string? period, string field = "period")
    {
        var p = period?.Trim() ?? "";
        var m = PeriodPattern().Match(p);
        if (!m.Success || int.Parse(m.Groups[2].Value) is < 1 or > 12)
            throw new DomainException(field, $"'{period}' is not a period: use YYYY-MM, e.g. 2022-10.");
        return p;
    }

    public void Update(int priorityRank, int quantity, DateOnly neededBy, string destination, string? note)
    {
        EnsureNotClosed();
        Guard.Positive(priorityRank, "priorityRank");
        Guard.Positive(quantity, "quantity");
        if (quantity < QuantityCovered)
            throw new DomainException("quantity", $"Quantity {quantity} is below the {QuantityCovered} already covered by allocations.");
        var checkedDestination = Guard.Required(destination, "destination", 120);
        var checkedNote = Guard.Optional(note, "note", 2000);
        PriorityRank = priorityRank;
        Quantity = quantity;
        NeededBy = neededBy;
        Destination = checkedDestination;
        Note = checkedNote;
        RefreshStatus();
    }

    /// <summary>Moves the line to another priority rank (re-ranking the period's list); a closed line keeps its rank.</summary>
    public void Rank(int priorityRank)
    {
        EnsureNotClosed();
        PriorityRank = Guard.Positive(priorityRank, "priorityRank");
    }

    public void SetSubstitutes(IEnumerable<Substitute> substitutes)
    {
        EnsureNotClosed();
        var list = new List<Substitute>();
        foreach (var s in substitutes)
        {
            if (s.ItemId == ItemId)
                throw new DomainException("substitutes", "An item cannot be a substitute for itself.");
            if (s.EquivalenceFactor <= 0)
                throw new DomainException("substitutes.equivalenceFactor", $"Equivalence factor must be greater than zero (got {s.EquivalenceFactor}).");
            if (list.Any(x => x.ItemId == s.ItemId))
                throw new DomainException("substitutes", $"Substitute {s.ItemId} is listed twice.");
            list.Add(s);
        }
        Substitutes = list;
    }

    /// <summary>Allocations confirmed against this line now cover <paramref name="covered"/> units.</summary>
    public void RecordCoverage(int covered)
    {
        EnsureNotClosed();
        QuantityCovered = Guard.NotNegative(covered, "quantityCovered");
        RefreshStatus();
    }

    public void RecordDelivered(int delivered)
    {
        if (Status == RequirementStatus.Cancelled)
            throw new DomainException("status", "A cancelled requirement cannot receive deliveries.");
        QuantityDelivered = Guard.NotNegative(delivered, "quantityDelivered");
        RefreshStatus();
    }

    public void Cancel()
    {
        if (Status == RequirementStatus.Delivered)
            throw new DomainException("status", "A delivered requirement cannot be cancelled.");
        Status = RequirementStatus.Cancelled;
    }

    private void EnsureNotClosed()
    {
        if (Status is RequirementStatus.Cancelled or RequirementStatus.Delivered)
            throw new DomainException("status", $"The requirement is {Status} and can no longer change.");
    }

    private void RefreshStatus()
        => Status = QuantityDelivered >= Quantity ? RequirementStatus.Delivered
            : QuantityCovered >= Quantity ? RequirementStatus.Covered
            : QuantityCovered > 0 ? RequirementStatus.PartlyCovered
            : RequirementStatus.Open;

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex PeriodPattern();
}
