namespace Quartermaster.Domain.Allocations;

using Quartermaster.Domain.Common;

public enum PlanState { Proposed, Confirmed, Superseded }

/// <summary>
/// A versioned proposal of which offer quantities meet which requirements, through which hub, arriving when. A
/// coordinator confirms one plan per period; its lines then become allocations and earlier confirmed plans of the
/// period are superseded.
/// </summary>
public sealed class AllocationPlan : VersionedEntity
{
    private AllocationPlan() { }

    public AllocationPlan(Guid id, string period, int number, DateOnly startDate, string createdBy, DateTime createdAt)
    {
        Id = id;
        Period = period;
        Number = number > 0 ? number : throw new DomainException("number", "Plan numbers start at 1.");
        StartDate = startDate;
        CreatedBy = Guard.Required(createdBy, "createdBy");
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Period { get; private set; } = "";
    public int Number { get; private set; }

    /// <summary>The Monday of week 1.</summary>
    public DateOnly StartDate { get; private set; }
    public PlanState State { get; private set; } = PlanState.Proposed;
    public string SolveStatus { get; private set; } = "";
    public double Objective { get; private set; }
    public double? Bound { get; private set; }
    public double? Gap { get; private set; }
    public double? GreedyObjective { get; private set; }
    public int Requirements { get; private set; }
    public int RequirementsCoveredOnTime { get; private set; }

    /// <summary>The planner's full result (lines, coverage, explanations, hub loads) as JSON.</summary>
    public string ResultJson { get; private set; } = "{}";
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public string? ConfirmedBy { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }

    public override string LedgerKey => Id.ToString();

    public void Record(string solveStatus, double objective, double? bound, double? gap, double? greedyObjective,
        int requirements, int coveredOnTime, string resultJson)
    {
        if (State != PlanState.Proposed)
            throw new DomainException("state", $"A {State} plan cannot change.");
        SolveStatus = solveStatus;
        Objective = objective;
        Bound = bound;
        Gap = gap;
        GreedyObjective = greedyObjective;
        Requirements = requirements;
        RequirementsCoveredOnTime = coveredOnTime;
        ResultJson = resultJson;
    }

    public void Confirm(string by, DateTime at)
    {
        if (State != PlanState.Proposed)
            throw new DomainException("state", $"Only a proposed plan can be confirmed; plan {Number} of {Period} is {State}.");
        if (SolveStatus == "Infeasible")
            throw new DomainException("state", "An infeasible plan cannot be confirmed.");
        State = PlanState.Confirmed;
        ConfirmedBy = Guard.Required(by, "confirmedBy");
        ConfirmedAt = at;
    }

    public void Supersede()
    {
        if (State == PlanState.Superseded)
            throw new DomainException("state", "The plan is already superseded.");
        State = PlanState.Superseded;
    }
}

/// <summary>A confirmed plan line: units of an offer allocated to a requirement, through a hub, in given weeks.</summary>
public sealed class Allocation : VersionedEntity
{
    private Allocation() { }

    public Allocation(Guid id, Guid planId, Guid offerId, Guid requirementId, string hubCode, int quantity, int shipWeek,
        int arrivalWeek, decimal coverage)
    {
        Id = id;
        PlanId = planId;
        OfferId = offerId;
        RequirementId = requirementId;
        HubCode = Guard.Required(hubCode, "hubCode", 20);
        Quantity = Guard.Positive(quantity, "quantity");
        if (arrivalWeek < shipWeek) throw new DomainException("arrivalWeek", "A shipment cannot arrive before it leaves.");
        ShipWeek = shipWeek;
        ArrivalWeek = arrivalWeek;
        Coverage = Guard.NotNegative(coverage, "coverage");
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid OfferId { get; private set; }
    public Guid RequirementId { get; private set; }
    public string HubCode { get; private set; } = "";
    public int Quantity { get; private set; }
    public int ShipWeek { get; private set; }
    public int ArrivalWeek { get; private set; }

    /// <summary>Units of the requirement's item this allocation covers (quantity × equivalence factor).</summary>
    public decimal Coverage { get; private set; }
    public bool Released { get; private set; }

    public override string LedgerKey => Id.ToString();

    /// <summary>Gives the allocation back (its plan was superseded).</summary>
    public void Release()
    {
        if (Released) throw new DomainException("released", "The allocation was already released.");
        Released = true;
    }
}
