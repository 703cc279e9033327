using System.Text.Json.Serialization;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning;

/// <summary>
/// One hypothetical change to a scenario for what-if re-planning (JSON: an object with <c>kind</c>, see
/// docs/planning.md). Applied in memory by <see cref="WhatIf.Apply"/>; stored data is never touched.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(SetConsent), "consent")]
[JsonDerivedType(typeof(SetLicence), "licence")]
[JsonDerivedType(typeof(ChangeHubCapacity), "hubCapacity")]
[JsonDerivedType(typeof(AddOffer), "addOffer")]
[JsonDerivedType(typeof(WithdrawOffer), "withdrawOffer")]
[JsonDerivedType(typeof(DelayOffer), "delayOffer")]
[JsonDerivedType(typeof(ChangeRequirement), "requirement")]
public abstract record ScenarioChange
{
    /// <summary>A sentence saying what the change does, for the comparison's "why".</summary>
    public abstract string Describe();

    /// <summary>The offer the change is about, if any.</summary>
    [JsonIgnore] public virtual string? OfferId => null;

    /// <summary>The requirement the change is about, if any.</summary>
    [JsonIgnore] public virtual string? RequirementId => null;

    /// <summary>The hub the change is about, if any.</summary>
    [JsonIgnore] public virtual string? HubCode => null;
}

/// <summary>Grants, denies or re-opens an offer's transfer consent.</summary>
public sealed record SetConsent(string Offer, ClearanceStatus Status) : ScenarioChange
{
    public override string Describe() => $"transfer consent of offer {Offer} set to {Words(Status)}";
    public override string? OfferId => Offer;
    internal static string Words(ClearanceStatus s) => s switch
    {
        ClearanceStatus.NotRequired => "not required", ClearanceStatus.Pending => "pending", ClearanceStatus.Granted => "granted", _ => "denied",
    };
}

/// <summary>Grants, denies or re-opens an offer's export licence.</summary>
public sealed record SetLicence(string Offer, ClearanceStatus Status) : ScenarioChange
{
    public override string Describe() => $"export licence of offer {Offer} set to {SetConsent.Words(Status)}";
    public override string? OfferId => Offer;
}

/// <summary>Sets a hub's weekly capacity for weeks <see cref="FromWeek"/>..<see cref="ToWeek"/> (0 t = closed).</summary>
public sealed record ChangeHubCapacity(string Hub, int FromWeek, int ToWeek, decimal CapacityTonnes) : ScenarioChange
{
    public override string Describe() => CapacityTonnes == 0
        ? $"hub {Hub} closed in weeks {FromWeek}–{ToWeek}"
        : $"hub {Hub} capacity {CapacityTonnes:0.###} t a week in weeks {FromWeek}–{ToWeek}";
    public override string? HubCode => Hub;
}

/// <summary>Adds a pledge (its donor and item must be in the scenario).</summary>
public sealed record AddOffer(ScenarioOffer Offer) : ScenarioChange
{
    public override string Describe() => $"new pledge {Offer.Id}: {Offer.Quantity} × {Offer.ItemId} from {Offer.Donor}, available from week {Offer.EarliestWeek}";
    public override string? OfferId => Offer.Id;
}

/// <summary>Withdraws a pledge.</summary>
public sealed record WithdrawOffer(string Offer) : ScenarioChange
{
    public override string Describe() => $"pledge {Offer} withdrawn";
    public override string? OfferId => Offer;
}

/// <summary>Delays a pledge's earliest availability by <see cref="Weeks"/> weeks.</summary>
public sealed record DelayOffer(string Offer, int Weeks) : ScenarioChange
{
    public override string Describe() => $"pledge {Offer} available {Weeks} week{(Weeks == 1 ? "" : "s")} later";
    public override string? OfferId => Offer;
}

/// <summary>Changes a requirement's quantity, priority rank or needed-by week (null: unchanged).</summary>
public sealed record ChangeRequirement(string Requirement, int? Quantity = null, int? PriorityRank = null, int? NeededByWeek = null) : ScenarioChange
{
    public override string Describe()
    {
        var parts = new List<string>();
        if (Quantity is { } q) parts.Add($"quantity {q}");
        if (PriorityRank is { } r) parts.Add($"rank {r}");
        if (NeededByWeek is { } w) parts.Add($"needed by week {w}");
        return $"requirement {Requirement}: {string.Join(", ", parts)}";
    }
    public override string? RequirementId => Requirement;
}
