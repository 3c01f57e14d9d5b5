using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity;

/// <summary>A local citizen account (for development and places without national SSO).</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Register)]
public sealed class RegisterModel(UserManager<Account> users, SignInManager<Account> signIn, TimeProvider clock) : PageModel
{
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? PersonalId { get; set; }
    [BindProperty] public string? Password { get; set; }
    public List<RuleError> Errors { get; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        FullName = FullName?.Trim();
        Email = Email?.Trim();
        Phone = Phone?.Trim();
        PersonalId = PersonalId?.Trim();
        if (string.IsNullOrEmpty(FullName) || FullName.Length > 200)
        {
            Errors.Add(new("fullName", Ui.T("Nhập họ và tên (tối đa 200 ký tự).", "Enter your full name (at most 200 characters).")));
        }

        if (string.IsNullOrEmpty(Email) || !FormDataRules.IsEmail(Email))
        {
            Errors.Add(new("email", Ui.T("Nhập địa chỉ thư điện tử hợp lệ.", "Enter a valid email address.")));
        }

        if (string.IsNullOrEmpty(Phone) || !FormDataRules.IsPhone(Phone))
        {
            Errors.Add(new("phone", Ui.T("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.", "The phone number has 10 digits starting with 0.")));
        }

        if (!string.IsNullOrEmpty(PersonalId) && !FormDataRules.IsPersonalId(PersonalId))
        {
            Errors.Add(new("personalId", Ui.T("Số định danh cá nhân gồm 12 chữ số.", "The personal ID number has 12 digits.")));
        }

        if (string.IsNullOrEmpty(Password) || Password.Length < 8 || Password.Length > CommonPasswordValidator.MaxLength)
        {
            Errors.Add(new("password", Ui.T("Mật khẩu dài từ 8 đến 128 ký tự.", "The password must be 8 to 128 characters.")));
        }

        if (Errors.Count == 0)
        {
            var account = new Account
            {
                Id = Guid.CreateVersion7(),
                Kind = AccountKind.Applicant,
                UserName = Email,
                Email = Email,
                FullName = FullName!,
                PhoneNumber = Phone,
                PersonalId = string.IsNullOrEmpty(PersonalId) ? null : PersonalId,
            };
            var result = await users.CreateAsync(account, Password!);
            if (result.Succeeded)
            {
                await RecentSignIn.SignInAsync(signIn, account, clock);
                return LocalRedirect("/ho-so-cua-toi");
            }

            Errors.AddRange(result.Errors.Select(e => new RuleError(e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", Describe(e))));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string Describe(IdentityError e) => e.Code switch
    {
        "DuplicateUserName" or "DuplicateEmail" => Ui.T("Thư điện tử này đã có tài khoản. Hãy đăng nhập.", "This email already has an account. Sign in instead."),
        CommonPasswordValidator.TooLong or CommonPasswordValidator.Common or CommonPasswordValidator.SameAsAccount => e.Description,
        _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => Ui.T("Mật khẩu chưa đủ mạnh: ", "The password is too weak: ") + e.Description,
        _ => e.Description,
    };
}
