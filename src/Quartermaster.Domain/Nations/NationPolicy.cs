namespace Quartermaster.Domain.Nations;

using Quartermaster.Domain.Catalogue;

/// <summary>
/// What a nation may give or fund. The one place that decides whether a donor may supply an item:
/// offers, funding and the planner all ask <see cref="Permits"/>.
/// </summary>
public sealed class NationPolicy
{
    /// <summary>Gives and funds only non-lethal items (Japan, for example).</summary>
    public bool NonLethalOnly { get; set; }

    /// <summary>Control-list categories the nation never supplies, e.g. "ML4" or "9A".</summary>
    public List<string> ForbiddenCategories { get; set; } = [];

    /// <summary>Control-list categories for which the nation needs an export licence before shipping.</summary>
    public List<string> LicenceRequiredCategories { get; set; } = [];

    public static NationPolicy Unrestricted() => new();

    public static NationPolicy NonLethal() => new() { NonLethalOnly = true };

    public PolicyDecision Permits(CatalogueItem item) => Permits(item.Name, item.IsLethal, item.ControlEntry);

    /// <summary>Whether the nation may give or fund an item with these properties.</summary>
    public PolicyDecision Permits(string itemName, bool isLethal, string? controlEntry)
    {
        if (NonLethalOnly && isLethal)
            return PolicyDecision.Deny("policy.non-lethal-only", $"the donor gives non-lethal items only and '{itemName}' is lethal");
        if (controlEntry is not null)
        {
            var forbidden = ForbiddenCategories.FirstOrDefault(c => Matches(controlEntry, c));
            if (forbidden is not null)
                return PolicyDecision.Deny("policy.forbidden-category", $"the donor's policy forbids control-list category {forbidden} ('{itemName}' is {controlEntry})");
        }
        var licence = controlEntry is null ? null : LicenceRequiredCategories.FirstOrDefault(c => Matches(controlEntry, c));
        return PolicyDecision.Allow(licence is not null) with { LicenceCategory = licence };
    }

    /// <summary>ML4 matches ML4 and ML4.a but not ML41; 9A matches 9A012.</summary>
    private static bool Matches(string entry, string category)
        => entry.StartsWith(category, StringComparison.OrdinalIgnoreCase)
           && (entry.Length == category.Length || !char.IsDigit(entry[category.Length]) || !category.StartsWith("ML", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Whether a donor may give an item and, if so, whether its policy requires an export licence for it
/// (<see cref="LicenceCategory"/> names the category); see <see cref="Offers.Clearance"/> for what that means for shipping.
/// </summary>
public sealed record PolicyDecision(bool Allowed, bool LicenceRequired, string? Code, string? Reason)
{
    /// <summary>The licence-required category the item falls in (e.g. "ML2"), or null.</summary>
    public string? LicenceCategory { get; init; }

    public static PolicyDecision Allow(bool licenceRequired) => new(true, licenceRequired, null, null);
    public static PolicyDecision Deny(string code, string reason) => new(false, false, code, reason);
}
