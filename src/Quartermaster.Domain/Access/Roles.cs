namespace Quartermaster.Domain.Access;

using Quartermaster.Domain.Common;

/// <summary>The roles of the domain brief.</summary>
public enum Role { Coordinator, NationalPointOfContact, RecipientOfficer, Auditor, IndustryRepresentative }

/// <summary>Who may see a nation's record besides that nation and the coordination cell's auditors.</summary>
public enum Releasability
{
    /// <summary>The donor nation only (and auditors, who read everything).</summary>
    OwnNation,

    /// <summary>The donor nation and the coordination cell.</summary>
    Coordinators,

    /// <summary>The donor, the cell and the nations listed on the record.</summary>
    ListedNations,

    /// <summary>Every participant.</summary>
    AllParticipants,
}

/// <summary>
/// What a signed-in person may see: the one place the visibility rule is written. Storage turns it into query
/// filters; nothing else decides visibility.
/// </summary>
public sealed record Viewer(Role Role, string? Nation)
{
    /// <summary>How the coordination cell sees records: what is released to it (everything but "own nation only").</summary>
    public static readonly Viewer Cell = new(Role.Coordinator, null);

    /// <summary>Auditors see every record in full.</summary>
    public bool SeesEverything => Role is Role.Auditor;

    /// <summary>The coordination cell (coordinators) sees every record released to it: all but <see cref="Releasability.OwnNation"/>.</summary>
    public bool IsCoordinationCell => Role == Role.Coordinator;

    /// <summary>
    /// Shipments, receipts and the custody of what was delivered: the cell, auditors and the recipient's officers see
    /// all of them; a donor's point of contact sees its own nation's (never another donor's).
    /// </summary>
    public bool SeesAllDeliveries => SeesEverything || IsCoordinationCell || Role == Role.RecipientOfficer;

    /// <summary>
    /// A delivery record of <paramref name="donorCode"/> (the shipper); for purchased goods also the nations whose money
    /// paid for them (<paramref name="paidBy"/>, a release list "|USA|DEU|").
    /// </summary>
    public bool SeesDelivery(string donorCode, string? paidBy = null)
        => SeesAllDeliveries || (Nation is not null && (donorCode == Nation || ReleaseList.Contains(paidBy, Nation)));

    /// <summary>The words of the pledge forms: OwnNation = the donor and auditors; Coordinators = + the cell; ListedNations = + the listed nations; AllParticipants.</summary>
    public bool Sees(string donorCode, Releasability releasability, string? releasedTo)
        => SeesEverything
           || (Nation is not null && donorCode == Nation)
           || releasability == Releasability.AllParticipants
           || (IsCoordinationCell && releasability != Releasability.OwnNation)
           || (releasability == Releasability.ListedNations && Nation is not null && ReleaseList.Contains(releasedTo, Nation));

    /// <summary>Whether the viewer may change a nation's record: the coordinator, or that nation's own point of contact.</summary>
    public bool MayChangeFor(string donorCode)
        => Role == Role.Coordinator || (Role == Role.NationalPointOfContact && Nation == donorCode);
}

/// <summary>A nation's record that its donor releases to others: offers, their packages, funding.</summary>
public interface IReleasable
{
    string DonorCode { get; }

    /// <summary>Who besides the donor and auditors may see the record.</summary>
    Releasability Releasability { get; }

    /// <summary>The nations it is released to when <see cref="Releasability"/> is ListedNations ("|DEU|FRA|").</summary>
    string? ReleasedTo { get; }

    void Release(Releasability releasability, IEnumerable<string>? nations);
}

/// <summary>A list of nation codes stored as "|DEU|FRA|" so that a database can test membership with one LIKE.</summary>
public static class ReleaseList
{
    /// <summary>Checked release terms: ListedNations needs at least one nation; other releasabilities keep no list.</summary>
    public static (Releasability, string?) Terms(Releasability releasability, IEnumerable<string>? nations)
    {
        Guard.Defined(releasability, "releasability");
        var list = Encode(nations);
        if (releasability == Releasability.ListedNations && list is null)
            throw new DomainException("releasedTo", "Name the nations the record is released to.");
        return (releasability, releasability == Releasability.ListedNations ? list : null);
    }

    public static string? Encode(IEnumerable<string>? codes)
    {
        var list = (codes ?? []).Select(c => Nations.NationCode.Parse(c, "releasedTo")).Distinct().Order().ToList();
        return list.Count == 0 ? null : "|" + string.Join('|', list) + "|";
    }

    public static IReadOnlyList<string> Decode(string? encoded)
        => string.IsNullOrEmpty(encoded) ? [] : encoded.Split('|', StringSplitOptions.RemoveEmptyEntries);

    public static bool Contains(string? encoded, string nation) => encoded is not null && encoded.Contains("|" + nation + "|", StringComparison.Ordinal);
}
