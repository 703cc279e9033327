using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Storage;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Offers;

/// <summary>One problem with a submitted form: the field it concerns (as the service names it) and what is wrong.</summary>
public sealed record FormError(string Field, string Label, string Message);

/// <summary>
/// What the pledge forms (offers, funding) share: who may use them, the donor (a select for the coordination cell,
/// the signed-in nation for a national point of contact), releasability, and errors shown next to the field they name.
/// </summary>
public abstract class PledgeFormModel(NationsService nations) : PageModel
{
    public IReadOnlyList<NationView> Nations { get; private set; } = [];
    public List<FormError> Errors { get; } = [];

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

    /// <summary>Labels of the fields, keyed by the service's field names (case-insensitive).</summary>
    protected abstract IReadOnlyDictionary<string, string> Labels { get; }

    protected async Task LoadNations(CancellationToken ct)
        => Nations = (await nations.List(new PageQuery(1, PageQuery.MaxPageSize, "name"), null, ct)).Items;

    protected IReadOnlyList<string> ReleasedToList()
        => (ReleasedTo ?? "").Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected string LabelOf(string field)
        => Labels.FirstOrDefault(kv => string.Equals(kv.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? field;

    protected void AddError(string field, string message) => Errors.Add(new FormError(field, LabelOf(field), message));

    /// <summary>The message for one field, shown next to its input.</summary>
    public string? ErrorFor(string field)
        => Errors.Where(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase)).Select(e => e.Message).FirstOrDefault();

    /// <summary>The id of the error message for a field, for aria-describedby.</summary>
    public string? DescribedBy(string field) => ErrorFor(field) is null ? null : "err-" + field;

    /// <summary>Values that did not bind (a word in a number field) become field errors.</summary>
    protected bool CollectBindingErrors()
    {
        foreach (var (key, entry) in ModelState)
            foreach (var e in entry.Errors)
                AddError(key, string.IsNullOrEmpty(e.ErrorMessage) ? $"The value '{entry.AttemptedValue}' is not valid." : e.ErrorMessage);
        return Errors.Count == 0;
    }

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

    /// <summary>Runs a service call; a rule it refuses becomes a field error and the page is shown again with the input kept.</summary>
    protected async Task<T?> Attempt<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (DomainException ex) { AddError(ex.Field, ex.Message); }
        catch (RequestException ex) { AddError(ex.Field, ex.Message); }
        catch (NotFoundException ex) { AddError("form", ex.Message); }
        catch (ConflictException ex) { AddError("form", ex.Message); }
        return null;
    }
}
