namespace Quartermaster.Domain.Nations;

using Quartermaster.Domain.Common;

/// <summary>
/// ISO 3166-1 alpha-3 codes for states (JPN, DEU, UKR). Organisations use codes from the range that ISO 3166
/// leaves to users (X followed by two letters), documented in the README: XEU (EU Commission and Council),
/// XEI (European Investment Bank), XEP (European Peace Facility).
/// </summary>
public static class NationCode
{
    public static string Parse(string? code, string field = "code")
    {
        var c = code?.Trim().ToUpperInvariant();
        if (c is null || c.Length != 3 || !c.All(ch => ch is >= 'A' and <= 'Z'))
            throw new DomainException(field, $"'{code}' is not a nation code: use ISO 3166-1 alpha-3 (e.g. JPN, DEU, UKR) or an organisation code (XEU).");
        return c;
    }

    public static bool IsOrganisationCode(string code) => code.Length == 3 && code[0] == 'X';
}

public enum NationStatus { Member, Partner, Recipient }

public enum NationKind { State, Organisation }
