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
public sealed class LoginModel(SignInManager<Account> signIn, UserManager<Account> users, IOptions<OneStopOptions> options, IHostEnvironment env, Audit.AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>Single sign-on providers offered above the local form.</summary>
    public IReadOnlyDictionary<string, Sso.SsoProvider> Providers => Sso.SsoSetup.Providers(options.Value, env);

    public string? Email { get; private set; }
    private const string Default = "/";

    public string ReturnUrl { get; private set; } = Default;
    public List<RuleError> Errors { get; } = [];
    public bool DemoAccounts => options.Value.DemoAccounts;

    public void OnGet(string? returnUrl, string? loi)
    {
        ReturnUrl = SafeReturn(returnUrl);
        // A failed single sign-on comes back here (OpenID Connect error, bad state or nonce, expired code, refused profile).
        if (loi is not null)
        {
            Errors.Add(new("sso", loi switch
            {
                "sso-khoa" => Ui.T("Tài khoản này đã bị khoá. Liên hệ bộ phận một cửa.", "This account is disabled. Contact the one-stop desk."),
                "sso-ho-so" => Ui.T("Nhà cung cấp định danh không gửi đủ thông tin (họ tên, mã định danh). Hãy thử lại hoặc dùng cách đăng nhập khác.", "The identity provider did not send enough details (name, identifier). Try again or sign in another way."),
                _ => Ui.T("Đăng nhập một lần không thành công hoặc đã hết hạn. Hãy thử lại.", "Single sign-on failed or expired. Please try again."),
            }));
        }
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        Email = email;
        ReturnUrl = SafeReturn(returnUrl);
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email);
        if (user is null || string.IsNullOrEmpty(password))
        {
            await audit.AppendAsync("signin.failure", user?.Id, email ?? "", null, user is null ? "unknown account" : "no password", HttpContext.RequestAborted);
            return Refused();
        }

        // The password check (with lockout) and the sign-in are two steps so that the cookie records when the password
        // was confirmed (RecentSignIn). Accounts have no second factor yet; when they do, it goes between the two.
        // Locked out or wrong password: the audit log tells them apart, the page does not (Refused).
        var result = await RecentSignIn.CheckPasswordAsync(signIn, audit, user, password, "signin", null, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return Refused();
        }

        await RecentSignIn.SignInAsync(signIn, user, clock);
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

    /// <summary>
    /// The one answer to an unknown account, a wrong password and a locked-out account alike (Identity answers a locked
    /// account "locked out" whatever the password), so the page never tells whether an account exists.
    /// </summary>
    private PageResult Refused()
    {
        Errors.Add(new("email", Ui.T("Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá. Sau nhiều lần nhập sai, hãy thử lại sau 15 phút hoặc dùng \"Quên mật khẩu?\".",
            "The email or password is wrong, or the account is locked. After repeated failures, try again in 15 minutes or use \"Forgotten your password?\".")));
        return Page();
    }

    private string SafeReturn(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : Default;
}
