namespace Quartermaster.Domain.Nations;

using Quartermaster.Domain.Common;

/// <summary>A donor or recipient: a state (ISO alpha-3) or an organisation (X-code).</summary>
public sealed class Nation : VersionedEntity
{
    private Nation() { }

    public Nation(string code, string name, NationStatus status, NationPolicy? policy = null)
    {
        Code = NationCode.Parse(code);
        Kind = NationCode.IsOrganisationCode(Code) ? NationKind.Organisation : NationKind.State;
        Rename(name);
        Status = Guard.Defined(status, "status");
        Policy = policy ?? NationPolicy.Unrestricted();
    }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public NationKind Kind { get; private set; }
    public NationStatus Status { get; private set; }
    public NationPolicy Policy { get; private set; } = new();

    /// <summary>When the nation joined NATO (null: not a member, or not recorded).</summary>
    public DateOnly? NatoMemberSince { get; private set; }

    public override string LedgerKey => Code;

    public void Rename(string name) => Name = Guard.Required(name, "name", 120);

    public void ChangeStatus(NationStatus status) => Status = Guard.Defined(status, "status");

    /// <summary>Records NATO membership from <paramref name="since"/>: the nation is then a member.</summary>
    public void JoinNato(DateOnly since)
    {
        if (Kind == NationKind.Organisation)
            throw new DomainException("natoMemberSince", $"{Code} is an organisation; only states join NATO.");
        if (since < new DateOnly(1949, 4, 4))
            throw new DomainException("natoMemberSince", "NATO was founded on 4 April 1949; a membership cannot start earlier.");
        NatoMemberSince = since;
        Status = NationStatus.Member;
    }

    public void SetPolicy(bool nonLethalOnly, IEnumerable<string>? forbidden, IEnumerable<string>? licenceRequired)
    {
        Policy = new NationPolicy
        {
            NonLethalOnly = nonLethalOnly,
            ForbiddenCategories = NormaliseCategories(forbidden, "policy.forbiddenCategories"),
            LicenceRequiredCategories = NormaliseCategories(licenceRequired, "policy.licenceRequiredCategories"),
        };
    }

    private static List<string> NormaliseCategories(IEnumerable<string>? values, string field)
    {
        var list = new List<string>();
        foreach (var v in values ?? [])
        {
            var c = v?.Trim().ToUpperInvariant() ?? "";
            if (!Catalogue.ControlEntry.IsCategoryPrefix(c))
                throw new DomainException(field, $"'{v}' is not a control-list category (ML1–ML22, or a dual-use prefix such as 9A or 9A012).");
            if (!list.Contains(c)) list.Add(c);
        }
        return list;
    }
}
