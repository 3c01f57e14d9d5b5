using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity.Sso;

/// <summary>The development identity provider's own sign-in page: pick a demo person (404 when the provider is off).</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.SignIn)]
public sealed class DevLoginModel(IOptions<OneStopOptions> options, IHostEnvironment env) : PageModel
{
    public string ReturnUrl { get; private set; } = "/";
    public List<RuleError> Errors { get; } = [];

    public IActionResult OnGet(string? returnUrl)
    {
        if (!DevIdentityProvider.IsEnabled(options.Value, env))
        {
            return NotFound();
        }

        ReturnUrl = Safe(returnUrl);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? subject, string? returnUrl)
    {
        if (!DevIdentityProvider.IsEnabled(options.Value, env))
        {
            return NotFound();
        }

        ReturnUrl = Safe(returnUrl);
        var person = DevIdentityProvider.People.FirstOrDefault(p => p.Subject == subject);
        if (person is null)
        {
            Errors.Add(new("subject", Ui.T("Chọn một người trong danh sách.", "Choose a person from the list.")));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var identity = new ClaimsIdentity([new Claim("sub", person.Subject), new Claim(ClaimTypes.Name, person.FullName)], DevIdentityProvider.CookieScheme);
        await HttpContext.SignInAsync(DevIdentityProvider.CookieScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Only this provider's own authorisation endpoint (or another local page) may follow.</summary>
    private string Safe(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
