using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// Xác thực lại: a signed-in person confirms their password before a sensitive change. The check counts towards the
/// account's lockout, is rate-limited like sign-in and audited; success renews the time of the last confirmation.
/// </summary>
[Authorize]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.SignIn)]
public sealed class ReauthenticateModel(SignInManager<Account> signIn, UserManager<Account> users, IOptions<OneStopOptions> options, Audit.AuditLog audit, TimeProvider clock) : PageModel
{
    private const string Default = "/";

    public string ReturnUrl { get; private set; } = Default;
    public List<RuleError> Errors { get; } = [];
    public int Minutes => options.Value.ReauthenticateAfterMinutes;
    public string Email => User.Identity?.Name ?? "";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturn(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? password, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = SafeReturn(returnUrl);
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(password))
        {
            Errors.Add(new("password", Ui.T("Nhập mật khẩu của bạn.", "Enter your password.")));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (await RecentSignIn.ConfirmPasswordAsync(signIn, audit, user, password, "reauth", ReturnUrl, Ui.T("Mật khẩu không đúng.", "The password is wrong."), ct) is { } error)
        {
            Errors.Add(new("password", error));
            return Page();
        }

        await RecentSignIn.SignInAsync(signIn, user, clock);
        return LocalRedirect(ReturnUrl);
    }

    private string SafeReturn(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : Default;
}
