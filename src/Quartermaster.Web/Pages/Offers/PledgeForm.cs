using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Access;
using Quartermaster.Storage;
using Quartermaster.Web.Hosting;
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

    /// <summary>
    /// The form's own id, chosen when the form is shown and sent back with it: the same form sent twice (a double
    /// click, a reload, a retry after a lost answer) creates one record (see <see cref="Once"/>).
    /// </summary>
    [BindProperty]
    public string? RequestId { get; set; } = Guid.NewGuid().ToString("N");

    public bool IsCoordinator => User.IsInRole(nameof(Role.Coordinator));

    /// <summary>Coordinators pledge for any nation; a national point of contact for their own only.</summary>
    public bool MayPledge => IsCoordinator || User.IsInRole(nameof(Role.NationalPointOfContact));

    public string? OwnNation => User.FindFirst(Hosting.Claims.Nation)?.Value is { Length: > 0 } n ? n : null;

    public NationView? OwnNationView => Nations.FirstOrDefault(n => n.Code == OwnNation);

    protected async Task LoadNations(CancellationToken ct)
        => Nations = (await nations.List(new PageQuery(1, PageQuery.MaxPageSize, "name"), null, ct)).Items;

    protected IReadOnlyList<string> ReleasedToList()
        => (ReleasedTo ?? "").Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Runs <paramref name="create"/> (which answers the address to go to, or null after adding errors) at most once per
    /// <see cref="RequestId"/>: through <see cref="Idempotency"/>, the same mechanism as the API's Idempotency-Key.
    /// A repeat answers the first address; the same id with other values is refused as a form error.
    /// </summary>
    protected async Task<string?> Once(object input, Func<Task<string?>> create, CancellationToken ct)
    {
        var services = HttpContext.RequestServices;
        string key;
        try
        {
            key = "form:" + Idempotency.CheckKey((RequestId ?? "").Trim(), "requestId");
        }
        catch (RequestException ex)
        {
            AddError("form", ex.Message + " Reload the page and send the form again.");
            return null;
        }
        var request = RequestFingerprint.Of([
            new("endpoint", JsonValue.Create("POST " + Request.Path.Value)),
            new("input", JsonSerializer.SerializeToNode(input, input.GetType())),
        ]);
        try
        {
            var (result, _) = await Idempotency.Run(services.GetRequiredService<QuartermasterDb>(), services.GetRequiredService<CurrentActor>().Actor,
                key, request, async () => await create() is { } location
                    ? new IdempotentResult(StatusCodes.Status303SeeOther, null, new Dictionary<string, string[]> { ["Location"] = [location] }, [])
                    : new IdempotentResult(StatusCodes.Status422UnprocessableEntity, null, new Dictionary<string, string[]>(), []), ct);
            return result.IsSuccess ? result.Headers["Location"][0] : null;
        }
        catch (IdempotencyConflictException)
        {
            AddError("form", "This form was already sent with other values and that pledge was saved. Open a new form to pledge another one.");
            return null;
        }
    }
}
