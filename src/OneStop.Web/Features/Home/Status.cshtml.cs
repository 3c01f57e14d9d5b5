using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneStop.Web.Features.Home;

[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Status { get; private set; }

    public void OnGet(int status)
    {
        Status = status is >= 400 and <= 599 ? status : 404;
        // Direct visits keep the status they describe; re-executed errors already carry theirs.
        Response.StatusCode = Status;
    }

    public void OnPost(int status) => OnGet(status);
}
