using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace OneStop.Web.Shared;

/// <summary>Maps the domain's exceptions to RFC 9457 problem details; anything else is a 500 without internals.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, IHostEnvironment env, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            RuleViolationException rv => new HttpValidationProblemDetails(
                rv.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = rv.Message,
            },
            NotFoundException nf => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = Ui.StatusTitle(404), Detail = nf.Message },
            ForbiddenException f => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = Ui.StatusTitle(403), Detail = f.Message },
            ConflictException c => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = Ui.StatusTitle(409), Detail = c.Message },
            Documents.Signing.SigningUnavailableException s => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Chưa ký được văn bản / Cannot sign the document", Detail = s.Message },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = Ui.StatusTitle(b.StatusCode), Detail = b.Message },
            System.Text.Json.JsonException j => new ProblemDetails { Status = 400, Title = Ui.StatusTitle(400), Detail = "JSON không hợp lệ. / Invalid JSON: " + j.Message },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = Ui.StatusTitle(500),
                Detail = env.IsDevelopment() ? exception.ToString() : null,
            },
        };
        if (problem.Status >= 500)
        {
            log.LogError(exception, "Unhandled error on {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
