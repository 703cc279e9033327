namespace Quartermaster.Domain.Requirements;

using Quartermaster.Domain.Common;

/// <summary>
/// The coordination cell's approval of one period's requirements list, as the list stood: who approved it, when, how many
/// lines, and a fingerprint of the lines (each line's id and version) so that any change made after the approval is
/// visible. Approving again after a change records the new state.
/// </summary>
public sealed class ListApproval : VersionedEntity
{
    private ListApproval() { }

    public ListApproval(string period) => Period = Requirement.ParsePeriod(period);

    public string Period { get; private set; } = "";
    public string ApprovedBy { get; private set; } = "";
    public DateTime ApprovedAt { get; private set; }
    public int Lines { get; private set; }
    public string Fingerprint { get; private set; } = "";

    public override string LedgerKey => Period;

    /// <summary>Approves the list as it stands; an empty list cannot be approved.</summary>
    public void Approve(string approvedBy, DateTime at, IEnumerable<Requirement> lines)
    {
        var list = lines.Where(l => l.Period == Period).ToList();
        if (list.Count == 0)
            throw new DomainException("period", $"Period {Period} has no requirements to approve.");
        ApprovedBy = Guard.Required(approvedBy, "approvedBy", 200);
        ApprovedAt = at;
        Lines = list.Count;
        Fingerprint = FingerprintOf(list);
    }

    /// <summary>Whether the list changed since it was approved (a line added, removed, edited, re-ranked or cancelled).</summary>
    public bool ChangedSince(IEnumerable<Requirement> lines) => FingerprintOf(lines.Where(l => l.Period == Period)) != Fingerprint;

    public static string FingerprintOf(IEnumerable<Requirement> lines)
    {
        var text = string.Join(";", lines.OrderBy(l => l.Id).Select(l => $"{l.Id:N}:{l.Version}"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
