using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Access;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Offers;

/// <summary>
/// What the pledge forms (offers, funding) share: who may use them, the donor (a select for the coordination cell,
/// the signed-in nation for a national point of contact), releasability, and errors shown next to the field they name.
/// </summary>
public abstract class PledgeFormModel(NationsService nations) : RecordFormModel
{
    public IReadOnlyList<NationView> Nations { get; private set; } = [];

    [BindProperty]
    public string? DonorCode { get; set; }

    [BindProperty]
    public Releasability Releasability { get; set; } = Releasability.Coordinators;

    [BindProperty]
    public string? ReleasedTo { get; set; }

    public bool IsCoordinator => User.IsInRole(nameof(Role.Coordinator));

    /// <summary>Coordinators pledge for any nation; a national point of contact for their own only.</summary>
    public bool MayPledge => IsCoordinator || User.IsInRole(nameof(Role.NationalPointOfContact));

    public string? OwnNation => User.FindFirst(Hosting.Claims.Nation)?.Value is { Length: > 0 } n ? n : null;

    public NationView? OwnNationView => Nations.FirstOrDefault(n => n.Code == OwnNation);

    protected async Task LoadNations(CancellationToken ct)
        => Nations = (await nations.List(new PageQuery(1, PageQuery.MaxPageSize, "name"), null, ct)).Items;

    protected IReadOnlyList<string> ReleasedToList()
        => (ReleasedTo ?? "").Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
