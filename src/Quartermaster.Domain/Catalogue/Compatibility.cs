namespace Quartermaster.Domain.Catalogue;

/// <summary>
/// The compatibility rule: two different items can stand in for each other only when they belong to the same
/// compatibility family (155 mm NATO ammunition never meets a 152 mm Soviet-calibre requirement). An item
/// without a family is compatible only with other items without one.
/// </summary>
public static class Compatibility
{
    public static bool Compatible(string? familyA, string? familyB)
        => string.Equals(familyA, familyB, StringComparison.OrdinalIgnoreCase);
}
