using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Documents.Signing;

namespace OneStop.Web.Shared;

/// <summary>
/// How a page runs an action that may be refused. Done: the action's own answer (usually a redirect). Refused: the same
/// page again, the reasons in its error summary and the status code the API would answer, after the refused action's
/// unsaved changes are dropped and what the page shows is reloaded.
/// </summary>
public static class PageActions
{
    /// <summary>What a page explains in its error summary rather than on an error page: broken rules, a conflict, a missing right, signing unavailable.</summary>
    public static bool IsRefusal(Exception ex) => ex is RuleViolationException or ConflictException or ForbiddenException or SigningUnavailableException or Files.StorageFullException;

    /// <summary>
    /// Runs <paramref name="act"/>; a refusal (<see cref="IsRefusal"/>, or what <paramref name="shown"/> picks) is added to
    /// <paramref name="errors"/> (at <paramref name="path"/> when it has no path of its own) and <paramref name="reload"/> runs.
    /// </summary>
    public static async Task<IActionResult> TryActAsync(this PageModel page, List<RuleError> errors, string path,
        Func<Task<IActionResult>> act, Func<Task> reload, Func<Exception, bool>? shown = null)
    {
        try
        {
            return await act();
        }
        catch (Exception ex) when ((shown ?? IsRefusal)(ex))
        {
            return await page.RefusedAsync(ex, errors, path, reload);
        }
    }

    /// <summary>The page again after <paramref name="refusal"/>: errors, unsaved changes dropped, <paramref name="reload"/>, status code.</summary>
    public static async Task<IActionResult> RefusedAsync(this PageModel page, Exception refusal, List<RuleError> errors, string path, Func<Task> reload)
    {
        // The same status the API answers (the one mapping, Problems.Of); the reasons go to the page's error summary.
        errors.AddRange(refusal is RuleViolationException rv ? rv.Errors : [new RuleError(path, refusal.Message)]);
        var status = Problems.Of(refusal, development: false).Status ?? StatusCodes.Status500InternalServerError;
        // The page reads through the request's one context: nothing the refused action changed may show as if saved.
        page.HttpContext.RequestServices.GetRequiredService<OneStopDbContext>().ChangeTracker.Clear();
        await reload();
        page.Response.StatusCode = status;
        return page.Page();
    }
}
