using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Domain.Common;
using Quartermaster.Storage;

namespace Quartermaster.Web.Api;

/// <summary>
/// Turns every failure into an RFC 9457 problem document that names the field (or sheet, line and column) at
/// fault. Users never see a stack trace; unexpected errors are logged and answered with a plain 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Describe(exception);
        if (problem.Status == StatusCodes.Status500InternalServerError)
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            log.LogWarning("Database unavailable on {Method} {Path}: {Error}", http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
            http.Response.Headers.RetryAfter = DatabaseFaults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Describe(Exception exception) => exception switch
    {
        DomainException d => Field(StatusCodes.Status400BadRequest, "The request breaks a rule", d.Field, d.Message),
        RequestException r => Field(StatusCodes.Status400BadRequest, "The request is not valid", r.Field, r.Message),
        NotFoundException n => new ProblemDetails { Status = 404, Title = "Not found", Detail = n.Message },
        ConflictException c => new ProblemDetails { Status = 409, Title = "Conflict", Detail = c.Message },
        IdempotencyConflictException k => Fields(StatusCodes.Status409Conflict, "Idempotency-Key reused for a different request",
            k.Fields.ToDictionary(f => f, _ => new[] { $"differs from the request first sent with Idempotency-Key '{k.Key}'" }), k.Message),
        ImportRejectedException i => Import(i),
        PreconditionRequiredException pr => new ProblemDetails { Status = 428, Title = "Precondition required", Detail = pr.Message },
        BadHttpRequestException { InnerException: JsonException j } => Field(StatusCodes.Status400BadRequest, "The JSON body is not valid",
            JsonField(j.Path), $"{j.Message}"),
        BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "Bad request", Detail = b.Message },
        _ when DatabaseFaults.IsUnavailable(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable, Title = "The database is unavailable",
            Detail = $"The database could not be reached; try again in {DatabaseFaults.RetryAfterSeconds} seconds. Send a create again with the same Idempotency-Key: it is then never done twice.",
        },
        Microsoft.EntityFrameworkCore.DbUpdateException u when DatabaseFaults.IsUniqueViolation(u) => new ProblemDetails
        {
            Status = 409, Title = "Conflict", Detail = "Someone else saved a record with the same key at the same moment; nothing was saved. Reload and try again.",
        },
        _ => new ProblemDetails { Status = 500, Title = "Internal error", Detail = "The server could not complete the request; the error was logged." },
    };

    private static string JsonField(string? path) => string.IsNullOrEmpty(path) ? "body" : path.TrimStart('$', '.');

    private static ProblemDetails Field(int status, string title, string field, string message)
    {
        var p = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title,
            Detail = $"{field}: {message}",
        };
        p.Extensions["field"] = field;
        return p;
    }

    private static ProblemDetails Fields(int status, string title, Dictionary<string, string[]> errors, string detail)
        => new ValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };

    private static ProblemDetails Import(ImportRejectedException e)
    {
        var p = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The file was not imported",
            Detail = $"{e.Issues.Count} problem(s); nothing was imported. First: {e.Issues[0]}",
        };
        p.Extensions["issues"] = e.Issues.Select(i => new { sheet = i.Sheet, line = i.Line, column = i.Column, message = i.Message }).ToList();
        return p;
    }
}
