namespace Quartermaster.Domain.Industry;

using Quartermaster.Domain.Common;
using Quartermaster.Domain.Nations;

/// <summary>Whether the cell has vetted a company: only an approved company may sell, be ordered from or take part in a project's technical data.</summary>
public enum VettingStatus { Pending, Approved, Suspended }

/// <summary>
/// A company of a nation's defence or dual-use industry. Industry representatives are bound to one company (by its
/// code, see <c>Account.Company</c>) and maintain only its products; the coordinator vets it.
/// </summary>
public sealed class Company : VersionedEntity
{
    private Company() { }

    public Company(Guid id, string code, string name, string nation)
    {
        Id = id;
        Code = ParseCode(code);
        Nation = NationCode.Parse(nation, "nation");
        Rename(name);
    }

    public Guid Id { get; private set; }

    /// <summary>Short stable code (lower case letters, digits, '-'), e.g. "rheinmetall"; industry accounts name their company by it.</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>The nation the company belongs to (ISO 3166-1 alpha-3).</summary>
    public string Nation { get; private set; } = "";
    public VettingStatus Vetting { get; private set; } = VettingStatus.Pending;
    public string? VettingNote { get; private set; }

    /// <summary>Marks illustrative demo records (shown as such in the UI).</summary>
    public bool Illustrative { get; private set; }

    public override string LedgerKey => Id.ToString();

    public bool MaySell => Vetting == VettingStatus.Approved;

    public void Rename(string name) => Name = Guard.Required(name, "name", 200);

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;

    /// <summary>Pending → Approved, Approved → Suspended, Suspended → Approved; a reason is required to suspend.</summary>
    public void SetVetting(VettingStatus status, string? note)
    {
        Guard.Defined(status, "vetting");
        var checkedNote = Guard.Optional(note, "vettingNote", 2000);
        if (status == Vetting) throw new DomainException("vetting", $"The company is already {status}.");
        if (status == VettingStatus.Pending) throw new DomainException("vetting", "A vetted company cannot go back to Pending.");
        if (status == VettingStatus.Suspended && checkedNote is null)
            throw new DomainException("vettingNote", "Say why the company is suspended.");
        Vetting = status;
        VettingNote = checkedNote;
    }

    public static string ParseCode(string? code)
    {
        var c = code?.Trim().ToLowerInvariant() ?? "";
        if (c.Length is 0 or > 60 || !c.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') || c[0] == '-')
            throw new DomainException("code", $"'{code}' is not a company code: 1-60 lower-case letters, digits or '-' (e.g. \"rheinmetall\").");
        return c;
    }
}
