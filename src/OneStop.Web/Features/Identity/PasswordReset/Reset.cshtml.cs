using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity.PasswordReset;

/// <summary>Sets a new password from an e-mailed link (<c>?id=…&amp;token=…</c>).</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.SignIn)]
public sealed class ResetModel(PasswordResets resets) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    /// <summary>"moi": an officer's invitation to set a first password.</summary>
    [BindProperty(SupportsGet = true)] public string? Loai { get; set; }
    public bool Invitation => Loai == "moi";
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public bool LinkValid { get; private set; }
    public bool Done { get; private set; }
    public List<RuleError> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        // The link's token must not leak to other sites through the Referer header.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        LinkValid = await resets.IsValidLinkAsync(Id, Token, Invitation);
        if (!LinkValid)
        {
            Errors.Add(PasswordResets.InvalidLink);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var errors = await resets.ResetAsync(Id, Token, Invitation, Password, Confirm, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            Done = true;
            return Page();
        }

        Errors.AddRange(errors);
        LinkValid = !errors.Any(e => e.Path == "token");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
