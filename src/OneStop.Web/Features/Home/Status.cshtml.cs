using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneStop.Web.Features.Home;

[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Status { get; private set; }

    /// <summary>The request's trace id when an exception brought the visitor here (the log has the details under it).</summary>
    public string? TraceId { get; private set; }

    public void OnGet(int status)
    {
        // An exception re-executes this page with the status of the one mapping (Problems.Of) already set: it is kept.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is not null)
        {
            status = Response.StatusCode;
            TraceId = HttpContext.TraceIdentifier;
        }

        Status = status is >= 400 and <= 599 ? status : 404;
        // Direct visits keep the status they describe; re-executed errors already carry theirs.
        Response.StatusCode = Status;
    }

    public void OnPost(int status) => OnGet(status);
}
