using System.Text.Json;

namespace Quartermaster.Planning;

/// <summary>
/// What-if re-planning: applies a list of <see cref="ScenarioChange"/>s to a scenario in memory, plans the result
/// (seeded with what the current plan used) and compares it with the current plan requirement by requirement.
/// </summary>
public static class WhatIf
{
    /// <summary>Returns a new scenario with the changes applied in order; throws <see cref="ScenarioException"/> naming
    /// the change at fault (<c>changes[2] (withdrawOffer)</c>).</summary>
    public static Scenario Apply(Scenario scenario, IReadOnlyList<ScenarioChange> changes)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(changes);
        var offers = scenario.Offers.ToList();
        var reqs = scenario.Requirements.ToList();
        var hubs = scenario.Hubs.ToList();
        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i] ?? throw new ScenarioException($"changes[{i}]", "the change is empty.");
            var rec = $"changes[{i}] ({Kind(c)})";
            int OfferAt(string? id)
            {
                var k = offers.FindIndex(o => o.Id == id);
                return k >= 0 ? k : throw new ScenarioException(rec, $"no offer has the id '{id}'.");
            }
            switch (c)
            {
                case SetConsent x:
                    var a = OfferAt(x.Offer);
                    offers[a] = offers[a] with { TransferConsent = x.Status };
                    break;
                case SetLicence x:
                    var b = OfferAt(x.Offer);
                    offers[b] = offers[b] with { ExportLicence = x.Status };
                    break;
                case WithdrawOffer x:
                    offers.RemoveAt(OfferAt(x.Offer));
                    break;
                case DelayOffer x:
                    if (x.Weeks < 0) throw new ScenarioException(rec, $"weeks must not be negative (got {x.Weeks}).");
                    var d = OfferAt(x.Offer);
                    offers[d] = offers[d] with { EarliestWeek = offers[d].EarliestWeek + x.Weeks };
                    break;
                case AddOffer x:
                    if (x.Offer is null) throw new ScenarioException(rec, "offer is required.");
                    if (offers.Any(o => o.Id == x.Offer.Id)) throw new ScenarioException(rec, $"an offer with the id '{x.Offer.Id}' already exists.");
                    offers.Add(x.Offer);
                    break;
                case ChangeRequirement x:
                    var r = reqs.FindIndex(q => q.Id == x.Requirement);
                    if (r < 0) throw new ScenarioException(rec, $"no requirement has the id '{x.Requirement}'.");
                    if (x.Quantity is null && x.PriorityRank is null && x.NeededByWeek is null)
                        throw new ScenarioException(rec, "give at least one of quantity, priorityRank or neededByWeek.");
                    reqs[r] = reqs[r] with
                    {
                        Quantity = x.Quantity ?? reqs[r].Quantity,
                        PriorityRank = x.PriorityRank ?? reqs[r].PriorityRank,
                        NeededByWeek = x.NeededByWeek ?? reqs[r].NeededByWeek,
                    };
                    break;
                case ChangeHubCapacity x:
                    var h = hubs.FindIndex(q => q.Code == x.Hub);
                    if (h < 0) throw new ScenarioException(rec, $"no hub has the code '{x.Hub}'.");
                    if (x.FromWeek < 1 || x.ToWeek < x.FromWeek || x.ToWeek > scenario.HorizonWeeks)
                        throw new ScenarioException(rec, $"weeks {x.FromWeek}–{x.ToWeek} must satisfy 1 ≤ fromWeek ≤ toWeek ≤ {scenario.HorizonWeeks}.");
                    if (x.CapacityTonnes < 0) throw new ScenarioException(rec, $"capacityTonnes must not be negative (got {x.CapacityTonnes}).");
                    hubs[h] = hubs[h] with { CapacityPeriods = [.. hubs[h].CapacityPeriods ?? [], new HubCapacityPeriod(x.FromWeek, x.ToWeek, x.CapacityTonnes)] };
                    break;
                default:
                    throw new ScenarioException(rec, "unknown kind of change.");
            }
        }
        var result = scenario with { Offers = offers, Requirements = reqs, Hubs = hubs };
        try { result.Validate(); }
        catch (ScenarioException e) { throw new ScenarioException("changes", $"after applying the changes, {e.Message}", e); }
        return result;
    }

    /// <summary>Applies the changes, plans the changed scenario seeded with <paramref name="current"/>'s lines, and compares.</summary>
    public static WhatIfResult Replan(Scenario scenario, PlanResult current, IReadOnlyList<ScenarioChange> changes,
        PlannerOptions? options = null, IProgress<PlanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var changed = Apply(scenario, changes);
        var proposed = Planner.Solve(changed, (options ?? PlannerOptions.Default) with { WarmStart = current }, progress, cancellationToken);
        return new WhatIfResult(changes, current, proposed, PlanComparison.Compare(current, proposed, changes));
    }

    /// <summary>The JSON options of change lists (camelCase, enums as names, unknown properties rejected).</summary>
    public static JsonSerializerOptions JsonOptions => ScenarioJson.Options;

    /// <summary>Reads a change list: a JSON array of changes, or an object <c>{ "period"?: "...", "changes": [...] }</c>.</summary>
    public static (string? Period, IReadOnlyList<ScenarioChange> Changes) ReadChanges(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
                return (null, doc.RootElement.Deserialize<List<ScenarioChange>>(JsonOptions) ?? []);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("changes", out var list))
                throw new ScenarioException("", "expected a JSON array of changes, or an object with \"changes\" (and optionally \"period\").");
            var period = doc.RootElement.TryGetProperty("period", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            return (period, list.Deserialize<List<ScenarioChange>>(JsonOptions) ?? []);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "unknown position";
            var msg = e.Message;
            var cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) msg = msg[..cut];
            throw new ScenarioException("", $"JSON error at {where}{(string.IsNullOrEmpty(e.Path) ? "" : $" (at {e.Path})")}: {msg}", e);
        }
    }

    internal static string Kind(ScenarioChange c) => c switch
    {
        SetConsent => "consent", SetLicence => "licence", ChangeHubCapacity => "hubCapacity", AddOffer => "addOffer",
        WithdrawOffer => "withdrawOffer", DelayOffer => "delayOffer", ChangeRequirement => "requirement", _ => c.GetType().Name,
    };
}

/// <summary>The outcome of a what-if: the changes, the current plan, the proposed plan and their comparison.</summary>
public sealed record WhatIfResult(IReadOnlyList<ScenarioChange> Changes, PlanResult Current, PlanResult Proposed, PlanComparison Comparison);

/// <summary>The JSON <c>kind</c> of each change.</summary>
public static class WhatIfKinds
{
    public static string Of(ScenarioChange change) => WhatIf.Kind(change);
}
