using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;

namespace Quartermaster.Domain.Tests;

/// <summary>A small in-memory codification reference: a few active supply classes and bureaus.</summary>
internal sealed class FakeCodificationReference : ICodificationReference
{
    private readonly Dictionary<string, string> _classes = new()
    {
        ["1025"] = "Guns, over 75 mm through 125 mm",
        ["1320"] = "Ammunition, over 125 mm",
        ["2320"] = "Trucks and truck tractors, wheeled",
        ["8470"] = "Armor, personal",
    };

    private readonly Dictionary<string, string> _bureaus = new()
    {
        ["12"] = "Germany",
        ["01"] = "United States",
        ["66"] = "Australia",
    };

    public bool IsActiveSupplyClass(string fsc) => _classes.ContainsKey(fsc);
    public string? SupplyClassName(string fsc) => _classes.GetValueOrDefault(fsc);
    public string? CodificationBureau(string ncb) => _bureaus.GetValueOrDefault(ncb);
}

internal static class Refused
{
    /// <summary>Asserts that the action breaks a domain rule and that the exception names <paramref name="field"/>.</summary>
    public static DomainException With(string field, Action action)
    {
        var ex = Assert.Throws<DomainException>(action);
        Assert.Equal(field, ex.Field);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        return ex;
    }

    public static DomainException With<T>(string field, Func<T> action) => With(field, () => { _ = action(); });
}
