using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Catalogue;

using Quartermaster.Domain.Common;

/// <summary>
/// An export-control list entry: a Wassenaar / EU Common Military List category ML1–ML22 (optionally with a
/// sub-item, e.g. ML3.a), or an EU dual-use Annex I entry: category digit, product group A–E, three digits (9A012).
/// </summary>
public static partial class ControlEntry
{
    public static string? ParseOptional(string? value, string field = "controlEntry")
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim().ToUpperInvariant();
        var ml = MunitionsList().Match(v);
        if (ml.Success)
        {
            var n = int.Parse(ml.Groups[1].Value);
            if (n is >= 1 and <= 22) return v;
        }
        if (DualUse().IsMatch(v)) return v;
        throw new DomainException(field, $"'{value}' is not a control-list entry: use ML1–ML22 (Munitions List) or an EU dual-use entry such as 9A012.");
    }

    public static bool IsMunitionsList(string? entry) => entry is not null && entry.StartsWith("ML", StringComparison.Ordinal);

    /// <summary>A prefix a policy may name: ML4, or dual-use 9, 9A, 9A012.</summary>
    public static bool IsCategoryPrefix(string value)
        => (MunitionsList().Match(value) is { Success: true } m && int.Parse(m.Groups[1].Value) is >= 1 and <= 22)
           || DualUsePrefix().IsMatch(value);

    [GeneratedRegex(@"^ML(\d{1,2})(\.[A-Z0-9.]+)?$")]
    private static partial Regex MunitionsList();

    [GeneratedRegex(@"^[0-9][A-E]\d{3}(\.[A-Z0-9.]+)?$")]
    private static partial Regex DualUse();

    [GeneratedRegex(@"^[0-9]([A-E](\d{3})?)?$")]
    private static partial Regex DualUsePrefix();
}
