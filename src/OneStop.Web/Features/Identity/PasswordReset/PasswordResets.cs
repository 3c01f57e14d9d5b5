using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity.PasswordReset;

/// <summary>Reset links live 30 minutes (other Identity tokens keep their own lifespan) and die with the first use.</summary>
public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public const string ProviderName = "PasswordReset";

    public PasswordResetTokenProviderOptions()
    {
        Name = ProviderName;
        TokenLifespan = PasswordResets.LinkLifetime;
    }
}

/// <summary>An officer's invitation to set a first password lives 7 days and dies with the first use.</summary>
public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public const string ProviderName = "Invitation";

    public InvitationTokenProviderOptions()
    {
        Name = ProviderName;
        TokenLifespan = PasswordResets.InvitationLifetime;
    }
}

/// <summary>The data-protection token provider with <see cref="InvitationTokenProviderOptions"/>.</summary>
public sealed class InvitationTokenProvider(
    IDataProtectionProvider protection,
    IOptions<InvitationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<Account>> log)
    : DataProtectorTokenProvider<Account>(protection, options, log);

/// <summary>The data-protection token provider with <see cref="PasswordResetTokenProviderOptions"/>.</summary>
public sealed class PasswordResetTokenProvider(
    IDataProtectionProvider protection,
    IOptions<PasswordResetTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<Account>> log)
    : DataProtectorTokenProvider<Account>(protection, options, log);

/// <summary>
/// "Quên mật khẩu" for accounts with a password (officers, local citizen accounts). A request never tells whether the
/// address has an account (the same answer, no e-mail for unknown or disabled accounts); the link goes out through the
/// notification outbox in the request's transaction, carries a token that lives <see cref="LinkLifetime"/> and is
/// bound to the account's security stamp, so it works once: setting the password renews the stamp, which also ends
/// every session of the account on every instance. The link is removed from the stored message once it is sent.
/// A confirmation ("your password was changed") goes to the same address. Both steps are audited.
/// </summary>
public sealed class PasswordResets(
    OneStopDbContext db,
    UserManager<Account> users,
    NotificationOutbox outbox,
    AuditLog audit,
    TimeProvider clock,
    IOptions<OneStopOptions> settings,
    ILogger<PasswordResets> log)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);

    /// <summary>How long an officer's invitation (first password) stays usable.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    private const string InvitationPurpose = "SetFirstPassword";

    /// <summary>One link per account per this period; later requests are answered the same way and send nothing.</summary>
    public static readonly TimeSpan Throttle = TimeSpan.FromMinutes(2);

    /// <summary>Stages the e-mail with a reset link when <paramref name="email"/> belongs to an active account with a password.</summary>
    public async Task RequestAsync(string email, CancellationToken ct)
    {
        var account = await users.FindByEmailAsync(email);
        var now = clock.GetUtcNow();
        var invited = account is { Kind: AccountKind.Staff, PasswordHash: null };
        if (account is null || account.Email is null || (account.PasswordHash is null && !invited) || IsDisabled(account, now))
        {
            await audit.AppendAsync("password.reset.requested", account?.Id, email, null,
                account is null ? "unknown account" : account.PasswordHash is null ? "no password (single sign-on)" : "disabled", ct);
            return;
        }

        var since = now - Throttle;
        if (await db.NotificationOutbox.AnyAsync(m => m.ApplicantId == account.Id && m.Channel == NotificationChannel.Email
                && (m.EventKey == NotificationTemplates.PasswordReset || m.EventKey == NotificationTemplates.StaffInvitation) && m.CreatedAt > since, ct))
        {
            await audit.AppendAsync("password.reset.requested", account.Id, email, null, "throttled (a link was sent in the last 2 minutes)", ct);
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (invited)
        {
            // An officer who has not set a first password yet (the invitation lost or expired) gets a new invitation.
            await StageInvitationAsync(account, now);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(account);
            var link = Link($"/dat-lai-mat-khau?id={account.Id}&token={Uri.EscapeDataString(token)}");
            outbox.StageAccountEmail(account, NotificationTemplates.PasswordReset, NotificationTemplates.AccountEmail(NotificationTemplates.PasswordReset, account.FullName, link, now), now);
        }

        await audit.StageAsync("password.reset.requested", account.Id, account.Email, null, invited ? "invitation sent again" : "link sent", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Stages the e-mail that invites a new officer (an account without a password) to set a first password, inside the
    /// caller's transaction: the administrator never knows the officer's password.
    /// </summary>
    public async Task StageInvitationAsync(Account account, DateTimeOffset now)
    {
        var token = await users.GenerateUserTokenAsync(account, InvitationTokenProviderOptions.ProviderName, InvitationPurpose);
        var link = Link($"/dat-lai-mat-khau?id={account.Id}&token={Uri.EscapeDataString(token)}&loai=moi");
        outbox.StageAccountEmail(account, NotificationTemplates.StaffInvitation, NotificationTemplates.AccountEmail(NotificationTemplates.StaffInvitation, account.FullName, link, now), now);
    }

    /// <summary>Whether a link still opens the form (checked again when the form is posted).</summary>
    public async Task<bool> IsValidLinkAsync(Guid id, string? token, bool invitation)
    {
        var account = string.IsNullOrEmpty(token) ? null : await users.FindByIdAsync(id.ToString());
        return account is not null && !IsDisabled(account, clock.GetUtcNow()) && await VerifyAsync(account, token!, invitation);
    }

    /// <summary>An invitation holds only for an account that has no password yet; a reset link for one that has.</summary>
    private async Task<bool> VerifyAsync(Account account, string token, bool invitation) => invitation
        ? account.PasswordHash is null && await users.VerifyUserTokenAsync(account, InvitationTokenProviderOptions.ProviderName, InvitationPurpose, token)
        : await users.VerifyUserTokenAsync(account, users.Options.Tokens.PasswordResetTokenProvider, UserManager<Account>.ResetPasswordTokenPurpose, token);

    /// <summary>
    /// Sets the new password when the link is valid; returns the errors otherwise (nothing changed). One transaction:
    /// the password, the renewed security stamp, the cleared lockout, the confirmation e-mail and the audit entry.
    /// </summary>
    public async Task<IReadOnlyList<RuleError>> ResetAsync(Guid id, string? token, bool invitation, string? password, string? confirm, CancellationToken ct)
    {
        var errors = NewPasswordErrors(password, confirm);
        var now = clock.GetUtcNow();
        var account = string.IsNullOrEmpty(token) ? null : await users.FindByIdAsync(id.ToString());
        if (account is null || IsDisabled(account, now))
        {
            return [InvalidLink];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // An invitation's first password renews the stamp like a reset does, so either link works once.
        var result = !invitation ? await users.ResetPasswordAsync(account, token!, password!)
            : await VerifyAsync(account, token!, invitation: true) ? await users.AddPasswordAsync(account, password!)
            : IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
            {
                await audit.AppendAsync("password.reset.refused", account.Id, account.Email ?? "", null, "invalid or expired link", ct);
                return [InvalidLink];
            }

            return Describe(result.Errors);
        }

        // A temporary lockout (failed sign-ins) ends with the new password; a disabled account never gets here.
        await users.ResetAccessFailedCountAsync(account);
        if (account.LockoutEnd is { } end && end > now)
        {
            await users.SetLockoutEndDateAsync(account, null);
        }

        StagePasswordChanged(account, now);
        await audit.StageAsync(invitation ? "password.first" : "password.reset", account.Id, account.Email ?? "", null,
            invitation ? "first password set from the invitation" : "password set from an e-mailed link; sessions ended", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Password of account {AccountId} set from an e-mailed {Link}", account.Id, invitation ? "invitation" : "reset link");
        return [];
    }

    /// <summary>The checks on a new password typed twice that come before Identity's validators (length, the same twice).</summary>
    public static List<RuleError> NewPasswordErrors(string? password, string? confirm)
    {
        var errors = new List<RuleError>();
        if (string.IsNullOrEmpty(password) || password.Length < 8 || password.Length > CommonPasswordValidator.MaxLength)
        {
            errors.Add(new("password", Ui.T("Mật khẩu mới dài từ 8 đến 128 ký tự.", "The new password must be 8 to 128 characters.")));
        }
        else if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            errors.Add(new("confirm", Ui.T("Hai lần nhập mật khẩu mới không khớp nhau.", "The two new passwords do not match.")));
        }

        return errors;
    }

    /// <summary>Identity's refusals of a new password, as errors on the new-password field.</summary>
    public static List<RuleError> Describe(IEnumerable<IdentityError> errors) => errors.Select(e => new RuleError("password",
        e.Code.StartsWith("Password", StringComparison.Ordinal) ? Ui.T("Mật khẩu chưa đủ mạnh: ", "The password is too weak: ") + e.Description : e.Description)).ToList();

    /// <summary>Stages "your password was changed" to the account's address (inside the caller's transaction).</summary>
    public void StagePasswordChanged(Account account, DateTimeOffset now) =>
        outbox.StageAccountEmail(account, NotificationTemplates.PasswordChanged, NotificationTemplates.AccountEmail(NotificationTemplates.PasswordChanged, account.FullName, Link("/quen-mat-khau"), now), now);

    /// <summary>An address of the portal as the e-mails show it (<see cref="OneStopOptions.PublicUrl"/>).</summary>
    private string Link(string pathAndQuery) => settings.Value.PublicUrl.TrimEnd('/') + pathAndQuery;

    /// <summary>Staff disabled by an administrator are locked out without end; a reset must not bring them back.</summary>
    public static bool IsDisabled(Account account, DateTimeOffset now) => account.LockoutEnd is { } end && end > now.AddYears(1);

    public static RuleError InvalidLink => new("token", Ui.T(
        "Liên kết đặt mật khẩu không hợp lệ, đã hết hạn (30 phút với liên kết đặt lại, 7 ngày với thư mời) hoặc đã được dùng. Hãy yêu cầu một liên kết mới.",
        "The link to set a password is not valid, has expired (30 minutes for a reset link, 7 days for an invitation) or was already used. Ask for a new link."));
}
