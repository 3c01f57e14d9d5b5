using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OneStop.Web.Shared;

/// <summary>
/// The answers of an API endpoint as one typed union — its success, or a refusal as RFC 9457 problem details (400 with
/// one message per field, 403, 404, 409, or another status such as 503) — so that the OpenAPI document lists every
/// answer an endpoint gives. The refusals come from the same mapping as <see cref="ProblemExceptionHandler"/> and are
/// written by the same problem-details service (application/problem+json, with the trace id).
/// </summary>
public static class ApiAnswers
{
    public static async Task<Results<TOk, ProblemAnswer<Status400>, ProblemAnswer<Status403>, ProblemAnswer<Status404>, ProblemAnswer<Status409>, ProblemAnswer<OtherStatus>>> Try<TOk>(
        HttpContext http, Func<Task<TOk>> run)
        where TOk : IResult
    {
        _ = http;
        try
        {
            return await run();
        }
        catch (Exception ex) when (Problems.IsRefusal(ex))
        {
            var problem = Problems.Of(ex, development: false);
            return problem.Status switch
            {
                StatusCodes.Status400BadRequest => new ProblemAnswer<Status400>(problem),
                StatusCodes.Status403Forbidden => new ProblemAnswer<Status403>(problem),
                StatusCodes.Status404NotFound => new ProblemAnswer<Status404>(problem),
                StatusCodes.Status409Conflict => new ProblemAnswer<Status409>(problem),
                _ => new ProblemAnswer<OtherStatus>(problem),
            };
        }
    }
}

/// <summary>A status an answer declares in the API document.</summary>
public interface IAnswerStatus
{
    /// <summary>The status declared; null for a refusal whose status varies (written as the problem says).</summary>
    static abstract int? Code { get; }
}

public sealed class Status400 : IAnswerStatus { public static int? Code => StatusCodes.Status400BadRequest; }

public sealed class Status403 : IAnswerStatus { public static int? Code => StatusCodes.Status403Forbidden; }

public sealed class Status404 : IAnswerStatus { public static int? Code => StatusCodes.Status404NotFound; }

public sealed class Status409 : IAnswerStatus { public static int? Code => StatusCodes.Status409Conflict; }

public sealed class OtherStatus : IAnswerStatus { public static int? Code => null; }

/// <summary>A refusal written through the problem-details service, declared in the API document with its status.</summary>
public sealed class ProblemAnswer<TStatus>(ProblemDetails problem) : IResult, IStatusCodeHttpResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider where TStatus : IAnswerStatus
{
    public ProblemDetails Problem => problem;

    public int? StatusCode => problem.Status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        await httpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

#pragma warning disable CA1000 // IEndpointMetadataProvider is a static abstract interface: its member is static by design.
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
#pragma warning restore CA1000
    {
        if (TStatus.Code is { } code)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(code,
                code == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), ["application/problem+json"]));
        }
    }
}

/// <summary>The one mapping from the application's exceptions to problem details.</summary>
public static class Problems
{
    /// <summary>An answer to the caller (bad input, not found, not allowed, conflict, unavailable), not a fault of the server.</summary>
    public static bool IsRefusal(Exception ex) => ex is RuleViolationException or NotFoundException or ForbiddenException or ConflictException
        or Documents.Signing.SigningUnavailableException or Files.StorageFullException or BadHttpRequestException or System.Text.Json.JsonException;

    /// <summary>Seconds a client is asked to wait (Retry-After) when the database is briefly out of reach.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The status an exception is answered with, on a page as in the API.</summary>
    public static int StatusOf(Exception exception) => Of(exception).Status ?? StatusCodes.Status500InternalServerError;

    /// <summary>
    /// The problem an exception is answered with. A fault of the server says nothing of itself in any environment (its
    /// message, stack and server paths go to the log under the trace id); in Development only its type is named.
    /// </summary>
    public static ProblemDetails Of(Exception exception, bool development = false) => exception switch
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
        Files.StorageFullException full => new ProblemDetails { Status = StatusCodes.Status507InsufficientStorage, Title = Ui.StatusTitle(507), Detail = full.Message },
        BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = Ui.StatusTitle(b.StatusCode), Detail = b.Message },
        System.Text.Json.JsonException j => new ProblemDetails { Status = 400, Title = Ui.StatusTitle(400), Detail = "JSON không hợp lệ. / Invalid JSON: " + j.Message },
        _ when DatabaseErrors.IsTransient(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = Ui.StatusTitle(503),
            // Not "nothing was saved": the connection can drop after a commit and before the answer (bench/crash-drill.sh
            // sees it under a PostgreSQL restart). Retrying is safe: a repeated submission returns the same dossier and a
            // repeated officer action is answered 409 with the status it already reached.
            Detail = $"Cơ sở dữ liệu tạm thời không phản hồi. Vui lòng thử lại sau {RetryAfterSeconds} giây; nếu thao tác đã kịp được ghi nhận, lần thử lại sẽ cho biết trạng thái hiện tại. / " +
                $"The database is briefly out of reach. Please try again in {RetryAfterSeconds} seconds; if the action was recorded before the fault, the retry shows the current status.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = Ui.StatusTitle(500),
            Detail = development ? exception.GetType().Name : null,
        },
    };
}
