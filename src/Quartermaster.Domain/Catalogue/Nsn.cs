using System.Text.RegularExpressions;

namespace Quartermaster.Domain.Catalogue;

using Quartermaster.Domain.Common;

/// <summary>Reference data a stock number is checked against: supply classes and codification bureaus.</summary>
public interface ICodificationReference
{
    bool IsActiveSupplyClass(string fsc);
    string? SupplyClassName(string fsc);
    string? CodificationBureau(string ncb);
}

/// <summary>
/// A NATO Stock Number NNNN-NN-NNN-NNNN: supply class (4 digits), codification bureau (2 digits) and item
/// number (7 digits). The supply class must be an active class; an unknown bureau is accepted with a warning,
/// because the public bureau list is known to be partial.
/// </summary>
public sealed partial record Nsn(string SupplyClass, string Bureau, string ItemNumber)
{
    public string Value => $"{SupplyClass}-{Bureau}-{ItemNumber[..3]}-{ItemNumber[3..]}";

    public override string ToString() => Value;

    public static Nsn Parse(string value, ICodificationReference reference, ICollection<string> warnings, string field = "nsn")
    {
        var v = value.Trim();
        var m = Pattern().Match(v);
        if (!m.Success)
            throw new DomainException(field, $"'{value}' is not a NATO Stock Number: expected NNNN-NN-NNN-NNNN (13 digits).");
        var nsn = new Nsn(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value + m.Groups[4].Value);
        if (!reference.IsActiveSupplyClass(nsn.SupplyClass))
            throw new DomainException(field, $"Supply class {nsn.SupplyClass} of '{value}' is not an active NATO supply class.");
        if (reference.CodificationBureau(nsn.Bureau) is null)
            warnings.Add($"{field}: codification bureau {nsn.Bureau} of {nsn.Value} is not in the known list; accepted as an unknown bureau.");
        return nsn;
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{3})-(\d{4})$")]
    private static partial Regex Pattern();
}
