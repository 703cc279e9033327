namespace Quartermaster.Domain.Funding;

using Quartermaster.Domain.Common;

/// <summary>What a pool's money is for.</summary>
public enum PoolPurpose
{
    /// <summary>Packages of requirement lines bought from a producing nation's industry (PURL-style).</summary>
    PackageFund,

    /// <summary>Orders with the recipient's own industry (the "Danish model").</summary>
    RecipientIndustry,

    /// <summary>Any other purpose the description explains.</summary>
    General,
}

/// <summary>
/// A named pool that nations' money goes into. Balances are kept in the pool's currency; contributions in other
/// currencies are converted with the dated exchange-rate table at their pledge date.
/// </summary>
public sealed class FundingPool : VersionedEntity
{
    private FundingPool() { }

    public FundingPool(Guid id, string code, string name, Currency currency, PoolPurpose purpose, string? description)
    {
        Id = id;
        Code = ParseCode(code);
        Currency = currency.Code;
        Update(name, purpose, description);
    }

    public Guid Id { get; private set; }

    /// <summary>Short stable code (lower case letters, digits, '-'), e.g. "purl-1".</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>The currency the pool keeps its balances in (ISO 4217); it never changes.</summary>
    public string Currency { get; private set; } = "";
    public PoolPurpose Purpose { get; private set; }
    public string? Description { get; private set; }
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    public void Update(string name, PoolPurpose purpose, string? description)
    {
        var n = Guard.Required(name, "name", 120);
        Purpose = Guard.Defined(purpose, "purpose");
        Description = Guard.Optional(description, "description", 2000);
        Name = n;
    }

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;

    /// <summary>A pool code: the free text of an older pledge becomes one ("PURL Package 1" → "purl-package-1").</summary>
    public static string CodeFor(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray();
        var code = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return code.Length == 0 ? "pool" : code.Length > 60 ? code[..60].TrimEnd('-') : code;
    }

    public static string ParseCode(string? code)
    {
        var c = code?.Trim().ToLowerInvariant() ?? "";
        if (c.Length is 0 or > 60 || !c.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') || c[0] == '-')
            throw new DomainException("code", $"'{code}' is not a pool code: 1-60 lower-case letters, digits or '-' (e.g. \"purl-1\").");
        return c;
    }
}
