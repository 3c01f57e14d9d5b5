using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// Where a signed-in person lands (the cookie's AccessDeniedPath) when their account may not open a page: answered 403,
/// saying what they can do instead — their own pages, another account, or asking for a role.
/// </summary>
[AllowAnonymous]
public sealed class AccessDeniedModel : PageModel
{
    public const string PagePath = "/khong-co-quyen";

    /// <summary>The page that was refused (local addresses only), to sign in with another account and return to it.</summary>
    public string? ReturnUrl { get; private set; }

    public Actor? Actor { get; private set; }

    public void OnGet(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        ReturnUrl = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        Actor = Actor.From(User);
    }
}
