using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Common;

namespace Quartermaster.Web.Pages.Shared;

/// <summary>One problem with a submitted form: the field it concerns (as the service names it) and what is wrong.</summary>
public sealed record FormError(string Field, string Label, string Message);

/// <summary>
/// What every create/edit/state-change page shares: errors collected from binding and from the service, each shown
/// next to the field it names and all of them in one list at the top (<c>_Errors</c>, <c>_FieldError</c>), the
/// input kept; and the "saved" message after a change (<see cref="Saved"/>, shown by the layout on the next page).
/// </summary>
public abstract class RecordFormModel : PageModel
{
    public List<FormError> Errors { get; } = [];

    /// <summary>Labels of the fields, keyed by the service's field names (case-insensitive); the label catalogue otherwise.</summary>
    protected virtual IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>();

    protected string LabelOf(string field)
        => Labels.FirstOrDefault(kv => string.Equals(kv.Key, field, StringComparison.OrdinalIgnoreCase)).Value
           ?? (field == "form" ? "Record" : Application.Common.Labels.Field(field));

    protected void AddError(string field, string message) => Errors.Add(new FormError(field, LabelOf(field), message));

    /// <summary>The message for one field, shown next to its input.</summary>
    public string? ErrorFor(string field)
        => Errors.Where(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase)).Select(e => e.Message).FirstOrDefault();

    /// <summary>"true" for aria-invalid when the field has an error, else null (no attribute).</summary>
    public string? Invalid(string field) => ErrorFor(field) is null ? null : "true";

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

    /// <summary>Remembers the "saved" message for the next page (post/redirect/get) and redirects there.</summary>
    protected IActionResult SavedAndRedirect(string message, string to)
    {
        Flash.Set(TempData, message);
        return LocalRedirect(to);
    }
}

/// <summary>The one-line message shown at the top of the next page after a change ("Requirement saved.").</summary>
public static class Flash
{
    public const string Key = "qm.flash";
    public const string ProblemKey = "qm.flash.problem";

    /// <summary>A change was made: "Requirement saved."</summary>
    public static void Set(Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionary temp, string message) => temp[Key] = message;

    /// <summary>A change asked for from a list (not a form) was refused: the reason, shown as an error on the next page.</summary>
    public static void Problem(Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionary temp, string message) => temp[ProblemKey] = message;
}

/// <summary>
/// The confirmation step before a change that cannot be undone (withdrawing, cancelling, confirming a plan): a page
/// (no script needed) that says what will happen and posts the change only when the person presses the button.
/// </summary>
public sealed record ConfirmStep(string Title, string Consequence, string Button, string CancelHref, bool Danger = true,
    IReadOnlyDictionary<string, string>? Hidden = null);

/// <summary>
/// One labelled input with its hint and its error (see <c>_Field.cshtml</c>): <c>Name</c> is the bound property, <c>Field</c>
/// the service's field name the errors use. Type is an input type (text, number, date, month, email) or "textarea".
/// </summary>
public sealed record FieldSpec(RecordFormModel Form, string Name, string Field, string Label, string? Value, string Type = "text",
    string? Hint = null, bool Wide = false, int? MaxLength = null, string? Placeholder = null, string? Step = null);
