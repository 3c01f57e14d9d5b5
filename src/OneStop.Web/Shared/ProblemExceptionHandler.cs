using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace OneStop.Web.Shared;

/// <summary>
/// Answers an exception with the status of the one mapping (<see cref="Problems.Of"/>): under <c>/api</c> as RFC 9457
/// problem details (as JSON even to a client that accepts only HTML, never a blank body); on pages by leaving it to the
/// exception middleware, which renders the friendly status page (<see cref="ErrorPages"/>). Nothing of a server fault
/// (message, stack, server path) is answered in any environment, Development included: it goes to the log, and the
/// answer carries the trace id to find it there. A database briefly out of reach is a 503 with Retry-After.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, IHostEnvironment env, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Problems.Of(exception, env.IsDevelopment());
        // The middleware has already moved the request to the status page: the feature keeps the path asked for.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        if (problem.Status >= 500)
        {
            log.LogError(exception, "Unhandled error on {Path}", path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable && DatabaseErrors.IsTransient(exception))
        {
            httpContext.Response.Headers.RetryAfter = Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!ErrorPages.IsApi(path))
        {
            return false;
        }

        var context = new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception };
        if (!await problems.TryWriteAsync(context))
        {
            // The writer declines a client that does not accept JSON: the problem is written all the same.
            problem.Extensions["traceId"] = httpContext.TraceIdentifier;
            await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }
}

/// <summary>Where an error is answered with the friendly page rather than problem details: every path outside <c>/api</c>.</summary>
public static class ErrorPages
{
    /// <summary>The status page that the exception middleware re-executes for pages (it keeps the status already set).</summary>
    public const string Path = "/trang-thai/500";

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api");

    /// <summary>
    /// Exceptions: API paths get problem details from <see cref="ProblemExceptionHandler"/>; pages re-execute the status
    /// page with the mapped status (a page's 404 included), so a browser never sees JSON or a blank answer.
    /// </summary>
    public static IApplicationBuilder UseOneStopExceptionHandler(this IApplicationBuilder app) => app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandlingPath = Path,
        StatusCodeSelector = Problems.StatusOf,
        AllowStatusCode404Response = true,
    });
}
