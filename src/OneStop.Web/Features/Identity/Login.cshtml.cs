using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity;

/// <summary>Sign-in with a local account, for applicants and staff (the identity issue brings SSO and the full role model).</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(SignInManager<Account> signIn, UserManager<Account> users, IOptions<OneStopOptions> options, Audit.AuditLog audit) : PageModel
{
    public string? Email { get; private set; }
    private const string Default = "/";

    public string ReturnUrl { get; private set; } = Default;
    public List<RuleError> Errors { get; } = [];
    public bool DemoAccounts => options.Value.DemoAccounts;

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturn(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        Email = email;
        ReturnUrl = SafeReturn(returnUrl);
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email);
        if (user is null || string.IsNullOrEmpty(password))
        {
            await audit.AppendAsync("signin.failure", user?.Id, email ?? "", null, user is null ? "unknown account" : "no password", HttpContext.RequestAborted);
            Errors.Add(new("email", Ui.T("Thư điện tử hoặc mật khẩu không đúng.", "The email or password is wrong.")));
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        await audit.AppendAsync(result.Succeeded ? "signin.success" : result.IsLockedOut ? "signin.locked" : "signin.failure",
            user.Id, user.Email ?? user.UserName ?? "", null, null, HttpContext.RequestAborted);
        if (result.IsLockedOut)
        {
            Errors.Add(new("email", Ui.T("Tài khoản tạm khoá do đăng nhập sai nhiều lần; thử lại sau 15 phút.", "Account locked after repeated failures; try again in 15 minutes.")));
            return Page();
        }

        if (!result.Succeeded)
        {
            Errors.Add(new("email", Ui.T("Thư điện tử hoặc mật khẩu không đúng.", "The email or password is wrong.")));
            return Page();
        }

        if (ReturnUrl == Default)
        {
            // No page asked for: each kind of account starts where its work is.
            var principal = await signIn.CreateUserPrincipalAsync(user);
            var actor = Actor.From(principal);
            ReturnUrl = actor switch
            {
                { IsApplicant: true } => "/ho-so-cua-toi",
                { IsOfficer: true } => "/can-bo",
                { IsSupervisor: true } => "/can-bo/giam-sat",
                _ when principal.IsInRole(StaffRoles.SystemAdministrator) => "/quan-tri/lich-lam-viec",
                _ => "/quan-tri/thu-tuc",
            };
        }

        return LocalRedirect(ReturnUrl);
    }

    private string SafeReturn(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : Default;
}
