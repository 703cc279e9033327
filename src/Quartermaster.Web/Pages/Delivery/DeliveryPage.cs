using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Domain.Common;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Delivery;

/// <summary>Shared by the delivery and accountability pages: who may do what, and refusals shown as messages on the page.</summary>
public abstract class DeliveryPage : PageModel
{
    public string? Error { get; protected set; }
    public string? ErrorField { get; protected set; }
    public IReadOnlyList<ImportIssue> Issues { get; protected set; } = [];
    public string? Done { get; protected set; }

    private bool Writes => User.FindFirstValue(Claims.Scope) == "Write";
    public bool IsCoordinator => User.IsInRole("Coordinator");
    public bool MayShip => Writes && (IsCoordinator || User.IsInRole("NationalPointOfContact"));
    public bool MayReceive => Writes && (IsCoordinator || User.IsInRole("RecipientOfficer"));
    public bool MayMove => MayShip || MayReceive;
    public string? Nation => User.FindFirstValue(Claims.Nation) is { Length: > 0 } n ? n : null;

    /// <summary>Runs a command; a refusal becomes a message naming the field (or the file's lines), never an error page.</summary>
    protected async Task<T?> Attempt<T>(Func<Task<T>> command) where T : class
    {
        try { return await command(); }
        catch (DomainException e) { (Error, ErrorField) = (e.Message, e.Field); }
        catch (RequestException e) { (Error, ErrorField) = (e.Message, e.Field); }
        catch (NotFoundException e) { Error = e.Message; }
        catch (ConflictException e) { Error = e.Message; }
        catch (ImportRejectedException e) { (Error, Issues) = ($"The file was not accepted: {e.Issues.Count} problem(s), nothing was saved.", e.Issues); }
        return null;
    }
}
