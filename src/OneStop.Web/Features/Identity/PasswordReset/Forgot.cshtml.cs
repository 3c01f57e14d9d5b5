using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity.PasswordReset;

/// <summary>Asks for a reset link. The answer is the same whether or not the address has an account.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Register)]
public sealed class ForgotModel(PasswordResets resets) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }
    public List<RuleError> Errors { get; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Email = Email?.Trim();
        if (string.IsNullOrEmpty(Email) || Email.Length > 256 || !FormDataRules.IsEmail(Email))
        {
            Errors.Add(new("email", Ui.T("Nhập địa chỉ thư điện tử của tài khoản.", "Enter the email address of your account.")));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await resets.RequestAsync(Email, HttpContext.RequestAborted);
        Sent = true;
        return Page();
    }
}
