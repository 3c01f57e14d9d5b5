using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Staff;

/// <summary>One officer as the administration page lists them.</summary>
public sealed record StaffMember(Guid Id, string Email, string FullName, string? AgencyCode, string? AgencyName, IReadOnlyList<string> Roles, bool Disabled);

/// <summary>
/// Staff accounts: create, grant and revoke roles, disable and enable. Every change renews the account's security
/// stamp, so its open sessions end at once (the stamp is checked on every request), and is written to the audit log.
/// </summary>
public sealed class StaffAdmin(OneStopDbContext db, UserManager<Account> users, AuditLog audit)
{
    /// <summary>Roles an administrator may grant: the workflow roles and the administrative ones.</summary>
    public static readonly IReadOnlyList<string> GrantableRoles =
    [
        nameof(StaffRole.DeskOfficer), nameof(StaffRole.Specialist), nameof(StaffRole.DivisionHead), nameof(StaffRole.AgencyLeader),
        StaffRoles.CatalogueAdministrator, StaffRoles.SystemAdministrator,
    ];

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Users.AsNoTracking().Where(u => u.Kind == AccountKind.Staff).OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.FullName,
                Agency = db.Agencies.IgnoreQueryFilters().Where(a => a.Id == u.AgencyId).Select(a => new { a.Code, a.Name }).FirstOrDefault(),
                u.LockoutEnd,
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await db.UserClaims.AsNoTracking().Where(c => ids.Contains(c.UserId) && c.ClaimType == ClaimTypes.Role)
            .Select(c => new { c.UserId, c.ClaimValue }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.ClaimValue ?? "");
        return rows.Select(r => new StaffMember(r.Id, r.Email ?? "", r.FullName, r.Agency?.Code, r.Agency?.Name, byUser[r.Id].Order().ToList(),
            r.LockoutEnd is { } end && end > DateTimeOffset.UtcNow)).ToList();
    }

    /// <summary>Creates a staff account at an agency with a first password the officer changes later.</summary>
    public async Task<Guid> CreateAsync(Actor admin, string? email, string? fullName, string? agencyCode, IReadOnlyList<string> roles, string? password, CancellationToken ct)
    {
        var errors = new List<RuleError>();
        if (!Domain.Dossiers.FormDataRules.IsEmail(email))
        {
            errors.Add(new("email", Ui.T("Nhập địa chỉ thư điện tử hợp lệ.", "Enter a valid email address.")));
        }

        if (string.IsNullOrWhiteSpace(fullName))
        {
            errors.Add(new("fullName", Ui.T("Nhập họ và tên.", "Enter the full name.")));
        }

        var agency = string.IsNullOrWhiteSpace(agencyCode) ? null : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode.Trim(), ct);
        var workflow = roles.Any(r => Enum.TryParse<StaffRole>(r, out _));
        if (workflow && agency is null)
        {
            errors.Add(new("agencyCode", Ui.T("Vai trò xử lý hồ sơ cần mã cơ quan (ví dụ 000.00.17.H26).", "Workflow roles need an agency code (e.g. 000.00.17.H26).")));
        }

        if (roles.Count == 0 || roles.Any(r => !GrantableRoles.Contains(r)))
        {
            errors.Add(new("roles", Ui.T("Chọn ít nhất một vai trò hợp lệ.", "Choose at least one valid role.")));
        }

        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            errors.Add(new("password", Ui.T("Mật khẩu ban đầu dài ít nhất 12 ký tự.", "The first password needs at least 12 characters.")));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            Kind = AccountKind.Staff,
            UserName = email!.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            FullName = fullName!.Trim(),
            AgencyId = agency?.Id,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(account, password!);
        if (!created.Succeeded)
        {
            throw new RuleViolationException(created.Errors.Select(e => new RuleError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", e.Description)).ToList());
        }

        await users.AddClaimsAsync(account, roles.Distinct().Select(r => new Claim(ClaimTypes.Role, r)));
        await audit.StageAsync("staff.create", admin.Id, admin.Name, account.Email, $"{agency?.Code} {string.Join(",", roles)}", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return account.Id;
    }

    public Task GrantAsync(Actor admin, Guid id, string role, CancellationToken ct) => ChangeAsync(admin, id, "staff.grant", role, async account =>
    {
        if (!GrantableRoles.Contains(role))
        {
            throw new RuleViolationException([new("role", Ui.T("Vai trò không hợp lệ.", "Unknown role."))]);
        }

        if (!(await users.GetClaimsAsync(account)).Any(c => c.Type == ClaimTypes.Role && c.Value == role))
        {
            await users.AddClaimAsync(account, new Claim(ClaimTypes.Role, role));
        }
    }, ct);

    public Task RevokeAsync(Actor admin, Guid id, string role, CancellationToken ct) => ChangeAsync(admin, id, "staff.revoke", role, async account =>
    {
        if (admin.Id == account.Id && role == StaffRoles.SystemAdministrator)
        {
            throw new ConflictException(Ui.T("Không thể tự thu hồi quyền quản trị hệ thống của mình.", "You cannot revoke your own system administration."));
        }

        await users.RemoveClaimAsync(account, new Claim(ClaimTypes.Role, role));
    }, ct);

    public Task DisableAsync(Actor admin, Guid id, CancellationToken ct) => ChangeAsync(admin, id, "staff.disable", null, async account =>
    {
        if (admin.Id == account.Id)
        {
            throw new ConflictException(Ui.T("Không thể tự khoá tài khoản của mình.", "You cannot disable your own account."));
        }

        await users.SetLockoutEnabledAsync(account, true);
        await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
    }, ct);

    public Task EnableAsync(Actor admin, Guid id, CancellationToken ct) => ChangeAsync(admin, id, "staff.enable", null, account => users.SetLockoutEndDateAsync(account, null), ct);

    private async Task ChangeAsync(Actor admin, Guid id, string evt, string? detail, Func<Account, Task> change, CancellationToken ct)
    {
        var account = await users.Users.FirstOrDefaultAsync(u => u.Id == id && u.Kind == AccountKind.Staff, ct)
            ?? throw new NotFoundException(Ui.T("Không tìm thấy cán bộ.", "Officer not found."));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await change(account);
        // A new stamp ends the account's open sessions on their next request.
        await users.UpdateSecurityStampAsync(account);
        await audit.StageAsync(evt, admin.Id, admin.Name, account.Email, detail, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
