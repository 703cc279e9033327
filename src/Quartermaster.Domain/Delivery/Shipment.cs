namespace Quartermaster.Domain.Delivery;

using Quartermaster.Domain.Common;

public enum ShipmentState { Planned, Dispatched, AtHub, HandedOver, Received, Cancelled }

public enum TransportMode { Road, Rail, Air, Sea }

/// <summary>Who holds the goods on a leg: what a discrepancy on that leg is charged to.</summary>
public enum CustodianKind { Donor, Hub, Carrier }

/// <summary>
/// One leg of a shipment's route. <see cref="To"/> of a leg is <see cref="From"/> of the next; a leg into a hub names
/// the hub's code as its <see cref="To"/>. Times are UTC.
/// </summary>
public sealed record Leg(int Number, string From, string To, TransportMode Mode, string Custodian, CustodianKind CustodianKind,
    DateTime PlannedDeparture, DateTime PlannedArrival, DateTime? ActualDeparture = null, DateTime? ActualArrival = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan PlannedDuration => PlannedArrival - PlannedDeparture;
}

/// <summary>
/// Goods moving from a donor's depot through a hub to the recipient: <c>Planned → Dispatched → AtHub → HandedOver →
/// Received</c>, or <c>Cancelled</c> before dispatch. It carries lines of one donor's allocations (see
/// <see cref="ShipmentLine"/>). Every transition is a guarded method here; dates in the future are refused.
/// </summary>
public sealed class Shipment : VersionedEntity, IDonated
{
    private Shipment() { }

    public Shipment(Guid id, string reference, string donorCode, string? hubCode, string destination, IEnumerable<Leg> legs, string createdBy, DateTime createdAt)
    {
        Id = id;
        Reference = Guard.Required(reference, "reference", 40);
        DonorCode = Guard.Required(donorCode, "donorCode", 3);
        HubCode = Guard.Optional(hubCode, "hubCode", 20)?.ToUpperInvariant();
        Destination = Guard.Required(destination, "destination", 120);
        CreatedBy = Guard.Required(createdBy, "createdBy");
        CreatedAt = createdAt;
        SetRoute(legs);
    }

    public Guid Id { get; private set; }

    /// <summary>The shipment's human reference, e.g. "SHP-USA-0001".</summary>
    public string Reference { get; private set; } = "";
    public string DonorCode { get; private set; } = "";

    /// <summary>Purchased goods: the nations whose money paid for them (<c>"|USA|DEU|"</c>); their points of contact see the record too. Null for gifts.</summary>
    public string? PaidBy { get; private set; }

    /// <summary>Shares the record with the paying nations of a purchase (see <see cref="IDonated.PaidBy"/>); set once, when it is made.</summary>
    public void SharePaidBy(string? paidBy) => PaidBy = paidBy;
    public string? HubCode { get; private set; }
    public string Destination { get; private set; } = "";
    public ShipmentState State { get; private set; } = ShipmentState.Planned;
    public List<Leg> Legs { get; private set; } = [];
    public DateTime PlannedDeparture { get; private set; }
    public DateTime PlannedArrival { get; private set; }

    /// <summary>When the goods are now expected at the destination: moves honestly with late legs.</summary>
    public DateTime ExpectedArrival { get; private set; }

    /// <summary>The Monday of the week the shipment passes its hub (planned arrival there): what hub throughput counts.</summary>
    public DateOnly? HubWeek { get; private set; }

    /// <summary>Weight of every line, in tonnes.</summary>
    public decimal Tonnes { get; private set; }
    public DateTime? DispatchedAt { get; private set; }
    public DateTime? AtHubAt { get; private set; }
    public DateTime? HandedOverAt { get; private set; }
    public DateTime? ReceivedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }

    /// <summary>Why a coordinator let the shipment through a hub over its weekly capacity (null: no override).</summary>
    public string? CapacityOverride { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public override string LedgerKey => Id.ToString();

    public bool IsOpen => State is not (ShipmentState.Received or ShipmentState.Cancelled);

    /// <summary>Sets the route (only while planned): legs numbered 1..n, each starting where the previous ended.</summary>
    public void SetRoute(IEnumerable<Leg> legs)
    {
        EnsureState("legs", ShipmentState.Planned);
        var list = legs.OrderBy(l => l.Number).ToList();
        if (list.Count == 0) throw new DomainException("legs", "A shipment needs at least one leg.");
        for (var i = 0; i < list.Count; i++)
        {
            var l = list[i];
            var f = $"legs[{i}]";
            if (l.Number != i + 1) throw new DomainException($"{f}.number", $"Legs are numbered 1, 2, …; leg {i + 1} is numbered {l.Number}.");
            Guard.Required(l.From, $"{f}.from", 120);
            Guard.Required(l.To, $"{f}.to", 120);
            Guard.Required(l.Custodian, $"{f}.custodian", 120);
            if (l.PlannedArrival < l.PlannedDeparture)
                throw new DomainException($"{f}.plannedArrival", $"Leg {l.Number} is planned to arrive before it leaves.");
            if (l.ActualDeparture is not null || l.ActualArrival is not null)
                throw new DomainException($"{f}.actualDeparture", "Actual times are recorded as they happen, not planned.");
            if (i > 0)
            {
                var prev = list[i - 1];
                if (!string.Equals(prev.To, l.From, StringComparison.OrdinalIgnoreCase))
                    throw new DomainException($"{f}.from", $"Leg {l.Number} starts at '{l.From}' but leg {prev.Number} ends at '{prev.To}'.");
                if (l.PlannedDeparture < prev.PlannedArrival)
                    throw new DomainException($"{f}.plannedDeparture", $"Leg {l.Number} is planned to leave before leg {prev.Number} arrives.");
            }
        }
        if (HubCode is not null && HubLegIndex(list) is not { } hubLeg)
            throw new DomainException("legs", $"The route must pass the hub {HubCode}: one leg before the last must end at '{HubCode}'.");
        if (!string.Equals(list[^1].To, Destination, StringComparison.OrdinalIgnoreCase))
            throw new DomainException("legs", $"The last leg must end at the destination '{Destination}' (it ends at '{list[^1].To}').");
        Legs = list.Select(l => l with { From = l.From.Trim(), To = l.To.Trim(), Custodian = l.Custodian.Trim() }).ToList();
        PlannedDeparture = Legs[0].PlannedDeparture;
        PlannedArrival = Legs[^1].PlannedArrival;
        HubWeek = HubCode is null ? null : WeekOf(Legs[HubLegIndex(Legs)!.Value].PlannedArrival);
        Refresh();
    }

    /// <summary>The Monday of the week of an instant.</summary>
    public static DateOnly WeekOf(DateTime at)
    {
        var d = DateOnly.FromDateTime(at);
        return d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
    }

    private int? HubLegIndex(IReadOnlyList<Leg> legs)
    {
        for (var i = 0; i < legs.Count - 1; i++)
            if (string.Equals(legs[i].To, HubCode, StringComparison.OrdinalIgnoreCase)) return i;
        return null;
    }

    public void SetTonnes(decimal tonnes)
    {
        EnsureState("tonnes", ShipmentState.Planned);
        Tonnes = Guard.NotNegative(tonnes, "tonnes");
    }

    /// <summary>Dispatch: refused unless every line is cleared and fully identified and the hub has room (or a coordinator overrode it).</summary>
    public void Dispatch(DateTime at, DateTime now, DispatchReadiness readiness)
    {
        EnsureState("state", ShipmentState.Planned);
        NotFuture(at, now, "dispatchedAt");
        var problems = DispatchRules.Problems(readiness);
        if (problems.Count > 0)
            throw new DomainException(problems[0].Field, $"{Reference} cannot be dispatched: " + string.Join("; ", problems.Select(p => p.Message)));
        State = ShipmentState.Dispatched;
        DispatchedAt = at;
        CapacityOverride = readiness.Hub is { Exceeded: true } ? readiness.OverrideReason!.Trim() : null;
        Legs[0] = Legs[0] with { ActualDeparture = at };
        Refresh();
    }

    public void ArriveAtHub(DateTime at, DateTime now)
    {
        EnsureState("state", ShipmentState.Dispatched);
        if (HubCode is null) throw new DomainException("state", $"{Reference} does not pass a hub; hand it over instead.");
        NotFuture(at, now, "arrivedAt");
        NotBefore(at, DispatchedAt!.Value, "arrivedAt", "its dispatch");
        var i = HubLegIndex(Legs)!.Value;
        Legs[i] = Legs[i] with { ActualArrival = at };
        AtHubAt = at;
        State = ShipmentState.AtHub;
        Refresh();
    }

    /// <summary>The recipient takes the goods at the destination (from the hub, or straight from the donor without one).</summary>
    public void HandOver(DateTime at, DateTime now)
    {
        if (State != ShipmentState.AtHub && !(State == ShipmentState.Dispatched && HubCode is null))
            throw new DomainException("state", HubCode is null
                ? $"Only a dispatched shipment can be handed over; {Reference} is {Words.Of(State)}."
                : $"{Reference} must arrive at the hub {HubCode} before it is handed over; it is {Words.Of(State)}.");
        NotFuture(at, now, "handedOverAt");
        NotBefore(at, AtHubAt ?? DispatchedAt!.Value, "handedOverAt", HubCode is null ? "its dispatch" : "its arrival at the hub");
        Legs[^1] = Legs[^1] with { ActualArrival = at };
        HandedOverAt = at;
        State = ShipmentState.HandedOver;
        Refresh();
    }

    /// <summary>Records an actual departure or arrival of a leg (as it happens); a late leg moves the expected arrival.</summary>
    public void RecordLeg(int number, DateTime? departure, DateTime? arrival, DateTime now)
    {
        if (State is ShipmentState.Planned or ShipmentState.Cancelled)
            throw new DomainException("state", $"Leg times are recorded once the shipment is under way; {Reference} is {Words.Of(State)}.");
        if (number < 1 || number > Legs.Count) throw new DomainException("number", $"{Reference} has no leg {number} (it has {Legs.Count}).");
        var leg = Legs[number - 1];
        if (departure is { } d) { NotFuture(d, now, "actualDeparture"); leg = leg with { ActualDeparture = d }; }
        if (arrival is { } a) { NotFuture(a, now, "actualArrival"); leg = leg with { ActualArrival = a }; }
        if (leg.ActualArrival is { } arr && leg.ActualDeparture is { } dep && arr < dep)
            throw new DomainException("actualArrival", $"Leg {number} cannot arrive before it leaves.");
        Legs[number - 1] = leg;
        Legs = [.. Legs];
        Refresh();
    }

    public void Cancel(string reason, DateTime at)
    {
        if (State != ShipmentState.Planned)
            throw new DomainException("state", $"Only a planned shipment can be cancelled; {Reference} is {Words.Of(State)}.");
        CancelReason = Guard.Required(reason, "reason", 500);
        CancelledAt = at;
        State = ShipmentState.Cancelled;
    }

    /// <summary>Every line balances: nothing remains open.</summary>
    public void MarkReceived(DateTime at)
    {
        EnsureState("state", ShipmentState.HandedOver);
        ReceivedAt = at;
        State = ShipmentState.Received;
    }

    /// <summary>A correcting receipt opened a line again.</summary>
    public void Reopen()
    {
        if (State == ShipmentState.Received) { State = ShipmentState.HandedOver; ReceivedAt = null; }
    }

    /// <summary>Receipts are posted against goods the recipient has taken.</summary>
    public void EnsureReceivable()
    {
        if (State != ShipmentState.HandedOver)
            throw new DomainException("shipmentId", State == ShipmentState.Received
                ? $"{Reference} is already fully received; post a correcting receipt to change it."
                : $"{Reference} has not been handed over yet (it is {Words.Of(State)}): it cannot be received.");
    }

    /// <summary>Re-computes the expected arrival from the actual times known so far.</summary>
    private void Refresh()
    {
        DateTime? previous = null;
        foreach (var l in Legs)
        {
            var departure = l.ActualDeparture ?? (previous is { } p && p > l.PlannedDeparture ? p : l.PlannedDeparture);
            previous = l.ActualArrival ?? departure + l.PlannedDuration;
        }
        ExpectedArrival = previous!.Value;
        Legs = [.. Legs];
    }

    private void EnsureState(string field, ShipmentState expected)
    {
        if (State != expected)
            throw new DomainException(field, $"{Reference} must be {Words.Of(expected)} for this; it is {Words.Of(State)}.");
    }

    private static void NotFuture(DateTime at, DateTime now, string field)
    {
        if (at > now.AddMinutes(5))
            throw new DomainException(field, $"{field} {at:yyyy-MM-dd HH:mm} is in the future; record events as they happen.");
    }

    private static void NotBefore(DateTime at, DateTime earliest, string field, string what)
    {
        if (at < earliest)
            throw new DomainException(field, $"{field} {at:yyyy-MM-dd HH:mm} is before {what} ({earliest:yyyy-MM-dd HH:mm}).");
    }
}

/// <summary>Human words for the delivery states and codes (never enum names on a page or in a message).</summary>
public static class Words
{
    public static string Of(ShipmentState s) => s switch
    {
        ShipmentState.Planned => "planned",
        ShipmentState.Dispatched => "in transit",
        ShipmentState.AtHub => "at the hub",
        ShipmentState.HandedOver => "handed over",
        ShipmentState.Received => "received",
        ShipmentState.Cancelled => "cancelled",
        _ => s.ToString(),
    };
}
