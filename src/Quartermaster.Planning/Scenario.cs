using Quartermaster.Domain.Offers;

namespace Quartermaster.Planning;

/// <summary>A catalogue item as the planner sees it.</summary>
/// <param name="Id">Unique item id (e.g. "m777").</param>
/// <param name="Name">Display name, used in policy explanations.</param>
/// <param name="IsLethal">Whether the item is lethal (non-lethal-only donors never give it).</param>
/// <param name="ControlEntry">Export-control entry such as "ML2" or "9A012", or null.</param>
/// <param name="CompatibilityFamily">What the item uses or is (e.g. "155mm-nato"); substitutes must share it.</param>
/// <param name="UnitWeightKg">Weight of one unit in kilograms (hub throughput is counted in tonnes).</param>
/// <param name="Coalitions">Capability coalitions the item belongs to (for contributions earmarked to a coalition).</param>
public sealed record ScenarioItem(string Id, string Name, bool IsLethal, string? ControlEntry, string? CompatibilityFamily, decimal UnitWeightKg,
    IReadOnlyList<string>? Coalitions = null);

/// <summary>A donor nation's policy as the planner sees it.</summary>
public sealed record ScenarioDonor(string Code, bool NonLethalOnly, IReadOnlyList<string>? ForbiddenCategories = null, IReadOnlyList<string>? LicenceRequiredCategories = null);

/// <summary>
/// A hub: weekly throughput in tonnes and transit weeks. <see cref="InboundWeeks"/> maps an origin to the weeks from
/// that origin to the hub (<see cref="DefaultInboundWeeks"/> for origins not listed); <see cref="OutboundWeeks"/> maps a
/// destination to the weeks from the hub to it. An origin or destination with neither an entry nor a default has no
/// route: a scenario error if an offer or requirement needs it. <see cref="CapacityPeriods"/> override the weekly
/// capacity for ranges of weeks (a closure is 0 t; where periods overlap the last listed wins).
/// </summary>
public sealed record ScenarioHub(
    string Code,
    decimal WeeklyCapacityTonnes,
    IReadOnlyDictionary<string, int>? InboundWeeks = null,
    int? DefaultInboundWeeks = null,
    IReadOnlyDictionary<string, int>? OutboundWeeks = null,
    int? DefaultOutboundWeeks = null,
    IReadOnlyList<HubCapacityPeriod>? CapacityPeriods = null)
{
    /// <summary>The hub's capacity in tonnes in week <paramref name="week"/>.</summary>
    public decimal CapacityInWeek(int week)
    {
        var c = WeeklyCapacityTonnes;
        foreach (var p in CapacityPeriods ?? [])
            if (week >= p.FromWeek && week <= p.ToWeek) c = p.CapacityTonnes;
        return c;
    }

    /// <summary>Transit weeks from <paramref name="origin"/> to this hub, or null when there is no route.</summary>
    public int? Inbound(string origin)
        => InboundWeeks is not null && InboundWeeks.TryGetValue(origin, out var w) ? w : DefaultInboundWeeks;

    /// <summary>Transit weeks from this hub to <paramref name="destination"/>, or null when there is no route.</summary>
    public int? Outbound(string destination)
        => OutboundWeeks is not null && OutboundWeeks.TryGetValue(destination, out var w) ? w : DefaultOutboundWeeks;
}

/// <summary>A hub's capacity for weeks <see cref="FromWeek"/>..<see cref="ToWeek"/> (inclusive), instead of its weekly capacity.</summary>
public sealed record HubCapacityPeriod(int FromWeek, int ToWeek, decimal CapacityTonnes);

/// <summary>An acceptable substitute: <see cref="EquivalenceFactor"/> units of coverage per unit delivered.</summary>
public sealed record SubstituteRef(string ItemId, decimal EquivalenceFactor);

/// <summary>A line of the recipient's prioritised list. Rank 1 is the most urgent.</summary>
public sealed record ScenarioRequirement(
    string Id, string ItemId, IReadOnlyList<SubstituteRef>? Substitutes, int Quantity, int PriorityRank, int NeededByWeek, string Destination);

/// <summary>An offer line: <see cref="Quantity"/> units of an item from a donor, available at origin from <see cref="EarliestWeek"/>.</summary>
public sealed record ScenarioOffer(
    string Id, string Donor, string ItemId, int Quantity, int EarliestWeek, string Origin,
    ClearanceStatus TransferConsent = ClearanceStatus.NotRequired,
    ClearanceStatus ExportLicence = ClearanceStatus.NotRequired);

/// <summary>Vetting status of a company: only <see cref="Approved"/> companies sell to the plan.</summary>
public enum CompanyVetting { Pending, Approved, Suspended }

/// <summary>A company that sells products (stock or production).</summary>
public sealed record ScenarioCompany(string Id, string Nation, string Name, CompanyVetting Vetting);

/// <summary>
/// A product a company sells: <see cref="Stock"/> units on hand (at <see cref="Origin"/> from week 1) and production of
/// at most <see cref="MonthlyCapacity"/> units per month (month k = weeks 4k−3..4k), units ordered in week w available at
/// origin in week w + <see cref="LeadTimeWeeks"/>, no order before <see cref="EarliestStartWeek"/>. A product bought at
/// all is bought at least <see cref="MinimumOrder"/> units in total (stock and production together). Prices are in the
/// scenario's currency.
/// </summary>
public sealed record ScenarioProduct(
    string Id, string CompanyId, string ItemId, string Origin, decimal UnitPrice, int Stock, int MonthlyCapacity,
    int LeadTimeWeeks, int MinimumOrder, int EarliestStartWeek);

/// <summary>A funding pool (e.g. a PURL-style package fund).</summary>
public sealed record ScenarioPool(string Id, string Name);

/// <summary>
/// Money a donor put into a pool, with its limits: <see cref="NonLethalOnly"/>, <see cref="ForbiddenCategories"/>
/// (control-list prefixes), an earmark to a coalition or to one item. See <see cref="FundingRules"/> for the rule.
/// </summary>
public sealed record ScenarioContribution(
    string Id, string PoolId, string Donor, decimal Amount, bool NonLethalOnly = false, IReadOnlyList<string>? ForbiddenCategories = null,
    string? EarmarkCoalition = null, string? EarmarkItemId = null);

/// <summary>
/// A self-contained planning snapshot (also the JSON scenario-file format, see docs/planning.md). Weeks are numbered
/// 1..<see cref="HorizonWeeks"/>.
/// </summary>
public sealed record Scenario(
    int HorizonWeeks,
    IReadOnlyList<ScenarioItem> Items,
    IReadOnlyList<ScenarioDonor> Donors,
    IReadOnlyList<ScenarioHub> Hubs,
    IReadOnlyList<ScenarioRequirement> Requirements,
    IReadOnlyList<ScenarioOffer> Offers,
    string? Currency = null,
    IReadOnlyList<ScenarioCompany>? Companies = null,
    IReadOnlyList<ScenarioProduct>? Products = null,
    IReadOnlyList<ScenarioPool>? Pools = null,
    IReadOnlyList<ScenarioContribution>? Contributions = null)
{
    /// <summary>The currency of every money figure (ISO 4217, default EUR).</summary>
    public string CurrencyCode() => string.IsNullOrWhiteSpace(Currency) ? "EUR" : Currency.Trim().ToUpperInvariant();

    /// <summary>The smallest horizon the planner accepts.</summary>
    public const int MinimumHorizonWeeks = 52;

    /// <summary>Reads a JSON scenario and validates it; throws <see cref="ScenarioException"/> on any problem.</summary>
    public static Scenario Load(Stream json) => ScenarioJson.Load(json);

    /// <summary>Parses a JSON scenario from a string and validates it; throws <see cref="ScenarioException"/> on any problem.</summary>
    public static Scenario Parse(string json) => ScenarioJson.Parse(json);

    /// <summary>Checks the scenario's consistency; throws <see cref="ScenarioException"/> naming the first bad record.</summary>
    public void Validate() => ScenarioValidator.Validate(this);
}

/// <summary>
/// The scenario is inconsistent or unreadable. <see cref="Record"/> names the record (e.g. "offers[3] (id O-17)")
/// and the message says what is wrong with it.
/// </summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string record, string problem, Exception? inner = null)
        : base(string.IsNullOrEmpty(record) ? problem : $"{record}: {problem}", inner)
    {
        Record = record;
        Problem = problem;
    }

    /// <summary>The record at fault, e.g. "offers[3] (id O-17)", or "" for the file as a whole.</summary>
    public string Record { get; }

    /// <summary>What is wrong, without the record name.</summary>
    public string Problem { get; }
}
