using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.PasswordReset;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity;

/// <summary>One password input with its label, hint and error (<c>_PasswordField.cshtml</c>).</summary>
public sealed record PasswordField(string Name, string Label, string Autocomplete, string? Hint, string? Error);

/// <summary>
/// Đổi mật khẩu: a signed-in person with a password changes it, giving the current one (checked like a sign-in:
/// counted towards lockout, rate-limited, audited). One transaction: the new password, the renewed security stamp
/// (every other session ends; this one is signed in again), the confirmation e-mail and the audit entry.
/// </summary>
[Authorize]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.SignIn)]
public sealed class ChangePasswordModel(
    OneStopDbContext db, SignInManager<Account> signIn, UserManager<Account> users, PasswordResets passwords, Audit.AuditLog audit, TimeProvider clock) : PageModel
{
    public bool HasPassword { get; private set; }
    public bool Done { get; private set; }
    public List<RuleError> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        HasPassword = user.PasswordHash is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? password, string? confirm, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        HasPassword = user.PasswordHash is not null;
        if (!HasPassword)
        {
            return Page();
        }

        if (string.IsNullOrEmpty(current))
        {
            Errors.Add(new("current", Ui.T("Nhập mật khẩu hiện tại.", "Enter your current password.")));
        }

        Errors.AddRange(PasswordResets.NewPasswordErrors(password, confirm));
        if (Errors.Count > 0)
        {
            return Refused();
        }

        if (await RecentSignIn.ConfirmPasswordAsync(signIn, audit, user, current!, "password.change.check", null, Ui.T("Mật khẩu hiện tại không đúng.", "The current password is wrong."), ct) is { } wrong)
        {
            Errors.Add(new("current", wrong));
            return Refused();
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var changed = await users.ChangePasswordAsync(user, current!, password!);
            if (!changed.Succeeded)
            {
                await tx.RollbackAsync(ct);
                Errors.AddRange(PasswordResets.Describe(changed.Errors));
                return Refused();
            }

            var now = clock.GetUtcNow();
            passwords.StagePasswordChanged(user, now);
            await audit.StageAsync("password.change", user.Id, user.Email ?? "", null, "changed by the account holder; other sessions ended", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        // The stamp changed: this browser gets a new cookie, every other one is signed out at its next request.
        await RecentSignIn.SignInAsync(signIn, user, clock);
        Done = true;
        return Page();
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
