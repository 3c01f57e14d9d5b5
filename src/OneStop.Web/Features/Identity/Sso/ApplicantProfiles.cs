using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;

namespace OneStop.Web.Features.Identity.Sso;

/// <summary>
/// Turns a verified single sign-on into an applicant profile and a OneStop session. The first sign-in with a
/// provider's subject creates the profile; later ones refresh it from the claims (name, personal ID, birth date, phone,
/// e-mail, address, tax code, level of assurance). A profile is found by (provider, subject) only: never by a
/// personal ID or e-mail typed into a local account, which nobody verified.
/// </summary>
public sealed class ApplicantProfiles(OneStopDbContext db, UserManager<Account> users, SignInManager<Account> signIn, AuditLog audit, TimeProvider clock, ILogger<ApplicantProfiles> log)
{
    /// <summary>Signs the person in and answers where to send them.</summary>
    public async Task<string> SignInAsync(string key, SsoProvider provider, ClaimsPrincipal principal, string? returnUri, CancellationToken ct)
    {
        var map = provider.Claims;
        var subject = principal.FindFirstValue(map.Subject);
        var fullName = Clean(principal.FindFirstValue(map.FullName) ?? principal.FindFirstValue("name"), 200);
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(fullName))
        {
            await RecordFailureAsync(key, $"claims missing: {(string.IsNullOrEmpty(subject) ? map.Subject : map.FullName)}", ct);
            return "/dang-nhap?loi=sso-ho-so";
        }

        var account = await users.FindByLoginAsync(key, subject);
        if (account is { Kind: not AccountKind.Applicant } || (account is not null && await users.IsLockedOutAsync(account)))
        {
            await RecordFailureAsync(key, account.Kind == AccountKind.Applicant ? "account disabled" : "subject linked to a staff account", ct);
            return "/dang-nhap?loi=sso-khoa";
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = account is null;
        if (account is null)
        {
            var id = Guid.CreateVersion7();
            account = new Account { Id = id, Kind = AccountKind.Applicant, UserName = "sso." + id.ToString("N"), FullName = fullName };
            Apply(account, principal, map, fullName);
            await SetEmailAsync(account, principal.FindFirstValue(map.Email), ct);
            Check(await users.CreateAsync(account));
            Check(await users.AddLoginAsync(account, new UserLoginInfo(key, subject, provider.DisplayName)));
        }
        else
        {
            Apply(account, principal, map, fullName);
            await SetEmailAsync(account, principal.FindFirstValue(map.Email), ct);
            Check(await users.UpdateAsync(account));
        }

        await audit.StageAsync(created ? "signin.sso.first" : "signin.sso", account.Id, account.FullName, account.Id.ToString(),
            $"provider={key} loa={account.AssuranceLevel ?? "-"} pid={MaskedId(account.PersonalId ?? account.TaxCode)}", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await RecentSignIn.SignInAsync(signIn, account, clock, "sso:" + key);
        return Shared.LocalUrl.Or(returnUri, "/ho-so-cua-toi");
    }

    public Task RecordFailureAsync(string key, string? reason, CancellationToken ct)
    {
        log.LogWarning("Single sign-on with {Provider} failed: {Reason}", key, reason);
        return audit.AppendAsync("signin.sso.failure", null, "sso:" + key, null, Clean(reason, 500), ct);
    }

    private void Apply(Account account, ClaimsPrincipal principal, SsoClaimMap map, string fullName)
    {
        account.FullName = fullName;
        var personalId = principal.FindFirstValue(map.PersonalId)?.Trim();
        if (personalId is not null && !FormDataRules.IsPersonalId(personalId))
        {
            log.LogWarning("Identity provider sent a personal ID that is not 12 digits; ignored");
            personalId = null;
        }

        account.PersonalId = personalId ?? account.PersonalId;
        account.BirthDate = ParseDate(principal.FindFirstValue(map.BirthDate)) ?? account.BirthDate;
        var phone = principal.FindFirstValue(map.Phone)?.Trim();
        account.PhoneNumber = phone is not null && FormDataRules.IsPhone(phone) ? phone : account.PhoneNumber;
        account.Address = Clean(principal.FindFirstValue(map.Address), 300) ?? account.Address;
        account.TaxCode = Clean(principal.FindFirstValue(map.TaxCode), 20) ?? account.TaxCode;
        account.AssuranceLevel = Clean(principal.FindFirstValue(map.AssuranceLevel), 20);
        account.ProfileSyncedAt = clock.GetUtcNow();
    }

    /// <summary>The provider's e-mail, unless another account already uses it (accounts are never merged by e-mail).</summary>
    private async Task SetEmailAsync(Account account, string? email, CancellationToken ct)
    {
        email = email?.Trim();
        if (!FormDataRules.IsEmail(email) || string.Equals(account.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var normalized = users.NormalizeEmail(email);
        if (!await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != account.Id, ct))
        {
            account.Email = email;
            account.NormalizedEmail = normalized;
            account.EmailConfirmed = true;
        }
    }

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string? Clean(string? value, int max)
    {
        value = value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value.Length > max ? value[..max] : value;
    }

    /// <summary>Only the last three digits of an identification number go into the audit log.</summary>
    public static string MaskedId(string? id) => string.IsNullOrEmpty(id) ? "-" : new string('*', Math.Max(0, id.Length - 3)) + id[^Math.Min(3, id.Length)..];

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Applicant profile not saved: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
