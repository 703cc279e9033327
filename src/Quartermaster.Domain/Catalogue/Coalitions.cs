namespace Quartermaster.Domain.Catalogue;

using Quartermaster.Domain.Common;

/// <summary>The capability coalitions and the further capability areas of the domain brief.</summary>
public static class Coalitions
{
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("air-force", "Air Force"),
        ("iamd", "Integrated Air and Missile Defence"),
        ("artillery", "Artillery"),
        ("armour", "Armour"),
        ("maritime", "Maritime"),
        ("it", "IT"),
        ("demining", "Demining"),
        ("drones", "Drones"),
        ("protection", "Individual protection"),
        ("medical", "Medical"),
        ("energy", "Energy"),
        ("sustainment", "Sustainment"),
    ];

    public static string Parse(string? code, string field = "coalition")
    {
        var c = code?.Trim().ToLowerInvariant();
        if (c is null || All.All(a => a.Code != c))
            throw new DomainException(field, $"'{code}' is not a capability coalition; use one of: {string.Join(", ", All.Select(a => a.Code))}.");
        return c;
    }

    public static string NameOf(string code) => All.FirstOrDefault(a => a.Code == code).Name ?? code;
}
