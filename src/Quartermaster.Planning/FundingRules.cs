using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Nations;

namespace Quartermaster.Planning;

/// <summary>
/// The one rule deciding whether a contribution's money may pay for an item (docs/planning.md, "Funding
/// eligibility"). The lethal and control-list part is the domain's <see cref="NationPolicy.Permits(string, bool, string?)"/>,
/// the same decision offers use, with the contribution's own limits joined to its donor's policy when the donor is
/// listed in the scenario; earmarks are checked after it.
/// </summary>
public static class FundingRules
{
    /// <summary>Whether <paramref name="contribution"/> may pay for <paramref name="item"/>; a denial carries a code and a reason.</summary>
    /// <param name="donor">The contribution's donor in the scenario's donors, or null when it is not listed.</param>
    public static PolicyDecision MayPay(ScenarioContribution contribution, ScenarioDonor? donor, ScenarioItem item)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        ArgumentNullException.ThrowIfNull(item);
        var policy = new NationPolicy
        {
            NonLethalOnly = contribution.NonLethalOnly || (donor?.NonLethalOnly ?? false),
            ForbiddenCategories = [.. (contribution.ForbiddenCategories ?? []).Concat(donor?.ForbiddenCategories ?? [])
                .Select(c => c.Trim().ToUpperInvariant()).Distinct()],
        };
        var decision = policy.Permits(item.Name, item.IsLethal, ControlEntry.ParseOptional(item.ControlEntry));
        if (!decision.Allowed)
            return decision with { Reason = $"contribution {contribution.Id} of {contribution.Donor}: {decision.Reason!.Replace("the donor gives", "the money buys", StringComparison.Ordinal).Replace("the donor's policy", "its limits", StringComparison.Ordinal)}" };
        if (!string.IsNullOrWhiteSpace(contribution.EarmarkCoalition)
            && !(item.Coalitions ?? []).Any(c => string.Equals(c, contribution.EarmarkCoalition, StringComparison.OrdinalIgnoreCase)))
            return PolicyDecision.Deny("funds.earmark-coalition", $"contribution {contribution.Id} of {contribution.Donor} is earmarked for coalition {contribution.EarmarkCoalition} and '{item.Name}' is not in it");
        if (!string.IsNullOrWhiteSpace(contribution.EarmarkItemId) && !string.Equals(contribution.EarmarkItemId, item.Id, StringComparison.Ordinal))
            return PolicyDecision.Deny("funds.earmark-item", $"contribution {contribution.Id} of {contribution.Donor} is earmarked for item {contribution.EarmarkItemId}, not '{item.Name}'");
        return PolicyDecision.Allow(false);
    }
}
