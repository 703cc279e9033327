using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartermaster.Application.Common;

namespace Quartermaster.Web.Pages;

/// <summary>
/// The HTML error page a browser sees, in the layout: "not found" for a missing page or record, the trace id for a
/// server error (the log has the same id). Re-executed by the status-code and exception middleware; APIs never see it.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }
    public string TraceId { get; private set; } = "";
    public string? Detail { get; private set; }

    public string Title => Status switch
    {
        404 => "Not found",
        400 => "The request could not be read",
        403 => "Not allowed",
        405 => "Not allowed here",
        409 => "Changed by someone else",
        413 => "Too large",
        429 => "Too many requests",
        >= 500 => "Something went wrong",
        _ => "The request was not completed",
    };

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        Status = code is >= 400 and <= 599 ? code.Value : Response.StatusCode is >= 400 ? Response.StatusCode : 500;
        Response.StatusCode = Status;
        TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        // Only the application's own messages are shown (e.g. "Requirement '…' was not found."); never an unexpected exception's text.
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Detail = error switch
        {
            NotFoundException or ConflictException or RequestException or Quartermaster.Domain.Common.DomainException => error.Message,
            _ => null,
        };
    }
}
