using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity;

public sealed class LogoutModel(SignInManager<Account> signIn, IOptions<OneStopOptions> options, IHostEnvironment env) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        if (Sso.DevIdentityProvider.IsEnabled(options.Value, env))
        {
            // On a shared demo machine the next person should choose who they are at the development provider again.
            await HttpContext.SignOutAsync(Sso.DevIdentityProvider.CookieScheme);
        }

        return LocalRedirect("/");
    }
}
