using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Staff;

/// <summary>One grant as the administration page lists it: the role, for which agency, and whether its sub-units are included.</summary>
public sealed record StaffGrantView(long Id, string Role, string? AgencyCode, string? AgencyName, bool IncludeSubTree, DateTimeOffset GrantedAt, string GrantedBy);

/// <summary>One officer as the administration page lists them.</summary>
public sealed record StaffMember(Guid Id, string Email, string FullName, string? AgencyCode, string? AgencyName, IReadOnlyList<StaffGrantView> Grants, bool Disabled);

/// <summary>
/// Staff accounts: create, grant roles for an agency (optionally its sub-tree) and revoke them, disable and enable.
/// Every change is one transaction, renews the account's security stamp, so its open sessions end at once (the stamp
/// is checked on every request), and is written to the audit log.
/// </summary>
public sealed class StaffAdmin(OneStopDbContext db, UserManager<Account> users, AuditLog audit, TimeProvider clock, Identity.PasswordReset.PasswordResets passwords)
{
    /// <summary>Roles an administrator may grant: the workflow roles, the report viewer and the administrative ones.</summary>
    public static readonly IReadOnlyList<string> GrantableRoles = StaffRoles.All;

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
        // Grants exist only for staff accounts: one query for all of them.
        var grants = await db.StaffGrants.AsNoTracking().OrderBy(g => g.Id)
            .Select(g => new
            {
                g.AccountId,
                View = new StaffGrantView(g.Id, g.Role,
                    db.Agencies.IgnoreQueryFilters().Where(a => a.Id == g.AgencyId).Select(a => a.Code).FirstOrDefault(),
                    db.Agencies.IgnoreQueryFilters().Where(a => a.Id == g.AgencyId).Select(a => a.Name).FirstOrDefault(),
                    g.IncludeSubTree, g.GrantedAt, g.GrantedBy),
            }).ToListAsync(ct);
        var byUser = grants.ToLookup(g => g.AccountId, g => g.View);
        return rows.Select(r => new StaffMember(r.Id, r.Email ?? "", r.FullName, r.Agency?.Code, r.Agency?.Name,
            byUser[r.Id].OrderBy(g => StaffRoles.All.TakeWhile(role => role != g.Role).Count()).ThenBy(g => g.AgencyCode).ToList(),
            r.LockoutEnd is { } end && end > DateTimeOffset.UtcNow)).ToList();
    }

    /// <summary>
    /// Creates a staff account at an agency; its roles are granted at that agency. Without a first password (the usual
    /// way) the officer is e-mailed an invitation to set one, in the same transaction; with one, the administrator hands
    /// it over and the officer changes it.
    /// </summary>
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
        if (!string.IsNullOrWhiteSpace(agencyCode) && agency is null)
        {
            errors.Add(new("agencyCode", Ui.T($"Không tìm thấy cơ quan có mã {agencyCode.Trim()}.", $"No agency has the code {agencyCode.Trim()}.")));
        }
        else if (agency is null && roles.Any(r => !StaffRoles.IsCityWide(r)))
        {
            errors.Add(new("agencyCode", Ui.T("Vai trò xử lý hồ sơ và người xem báo cáo cần mã cơ quan (ví dụ 000.00.17.H26).", "Workflow roles and the report viewer need an agency code (e.g. 000.00.17.H26).")));
        }

        if (roles.Count == 0 || roles.Any(r => !GrantableRoles.Contains(r)))
        {
            errors.Add(new("roles", Ui.T("Chọn ít nhất một vai trò hợp lệ.", "Choose at least one valid role.")));
        }

        if (!string.IsNullOrEmpty(password) && password.Length < 12)
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
        var invite = string.IsNullOrEmpty(password);
        var created = invite ? await users.CreateAsync(account) : await users.CreateAsync(account, password!);
        if (!created.Succeeded)
        {
            throw new RuleViolationException(created.Errors.Select(e => new RuleError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", e.Description)).ToList());
        }

        foreach (var role in roles.Distinct())
        {
            db.StaffGrants.Add(NewGrant(account.Id, role, StaffRoles.IsCityWide(role) ? null : agency!.Id, includeSubTree: false, admin.Name));
        }

        if (invite)
        {
            await passwords.StageInvitationAsync(account, clock.GetUtcNow());
        }

        await audit.StageAsync("staff.create", admin.Id, admin.Name, account.Email, $"{agency?.Code} {string.Join(",", roles)}{(invite ? " (invited by e-mail)" : "")}", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return account.Id;
    }

    /// <summary>
    /// Grants a role for an agency (its code; empty means the officer's own agency), optionally with its sub-units.
    /// Workflow roles are granted only at the officer's own agency, where all dossier work happens; the sub-tree flag
    /// (read-only supervision) only to agency leaders, division heads and report viewers; administrative roles city-wide.
    /// Granting a role the officer already holds there changes only its sub-tree flag.
    /// </summary>
    public Task GrantAsync(Actor admin, Guid id, string? role, string? agencyCode, bool includeSubTree, CancellationToken ct) => ChangeAsync(admin, id, "staff.grant", async account =>
    {
        var code = string.IsNullOrWhiteSpace(agencyCode) ? null : agencyCode.Trim();
        if (role is null || !GrantableRoles.Contains(role))
        {
            throw new RuleViolationException([new("role", Ui.T("Chọn một vai trò trong danh sách.", "Choose a role from the list."))]);
        }

        var errors = new List<RuleError>();
        Guid? agencyId = null;
        if (StaffRoles.IsCityWide(role))
        {
            if (code is not null || includeSubTree)
            {
                errors.Add(new("agencyCode", Ui.T("Vai trò quản trị áp dụng cho toàn thành phố: bỏ trống mã cơ quan và không chọn đơn vị trực thuộc.",
                    "Administrative roles are city-wide: leave the agency code empty and do not include sub-units.")));
            }
        }
        else
        {
            var agency = code is null
                ? await db.Agencies.AsNoTracking().IgnoreQueryFilters().Where(a => a.Id == account.AgencyId).Select(a => new { a.Id, a.Code }).FirstOrDefaultAsync(ct)
                : await db.Agencies.AsNoTracking().Where(a => a.Code == code).Select(a => new { a.Id, a.Code }).FirstOrDefaultAsync(ct);
            agencyId = agency?.Id;
            if (agency is null)
            {
                errors.Add(new("agencyCode", code is null
                    ? Ui.T("Nhập mã cơ quan được cấp quyền.", "Enter the code of the agency the role is for.")
                    : Ui.T($"Không tìm thấy cơ quan có mã {code}.", $"No agency has the code {code}.")));
            }
            else if (StaffRoles.IsWorkflow(role) && agency.Id != account.AgencyId)
            {
                errors.Add(new("agencyCode", Ui.T("Vai trò xử lý hồ sơ chỉ được cấp tại cơ quan công tác của cán bộ; để giám sát cơ quan khác, cấp vai trò người xem báo cáo.",
                    "Workflow roles are granted only at the officer's own agency; to supervise another agency, grant the report viewer role.")));
            }

            if (includeSubTree && !StaffRoles.Supervises(role))
            {
                errors.Add(new("includeSubTree", Ui.T("Chỉ lãnh đạo cơ quan, lãnh đạo phòng và người xem báo cáo được cấp kể cả đơn vị trực thuộc.",
                    "Only agency leaders, division heads and report viewers can be granted sub-units.")));
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        var existing = await db.StaffGrants.FirstOrDefaultAsync(g => g.AccountId == account.Id && g.Role == role && g.AgencyId == agencyId, ct);
        if (existing is null)
        {
            db.StaffGrants.Add(NewGrant(account.Id, role, agencyId, includeSubTree, admin.Name));
        }
        else
        {
            existing.IncludeSubTree = includeSubTree;
            existing.GrantedAt = clock.GetUtcNow();
            existing.GrantedBy = admin.Name;
        }

        return $"{role} {code ?? (agencyId is null ? "city-wide" : "own agency")}{(includeSubTree ? " +sub-tree" : "")}";
    }, ct);

    /// <summary>Revokes one grant of an officer (404 if it is not theirs).</summary>
    public Task RevokeAsync(Actor admin, Guid id, long grantId, CancellationToken ct) => ChangeAsync(admin, id, "staff.revoke", async account =>
    {
        var grant = await db.StaffGrants.FirstOrDefaultAsync(g => g.Id == grantId && g.AccountId == account.Id, ct)
            ?? throw new NotFoundException(Ui.T("Không tìm thấy quyền này của cán bộ.", "The officer has no such grant."));
        if (admin.Id == account.Id && grant.Role == StaffRoles.SystemAdministrator)
        {
            throw new ConflictException(Ui.T("Không thể tự thu hồi quyền quản trị hệ thống của mình.", "You cannot revoke your own system administration."));
        }

        db.StaffGrants.Remove(grant);
        var agency = grant.AgencyId is null ? "city-wide" : await db.Agencies.IgnoreQueryFilters().Where(a => a.Id == grant.AgencyId).Select(a => a.Code).FirstAsync(ct);
        return $"{grant.Role} {agency}{(grant.IncludeSubTree ? " +sub-tree" : "")}";
    }, ct);

    public Task DisableAsync(Actor admin, Guid id, CancellationToken ct) => ChangeAsync(admin, id, "staff.disable", async account =>
    {
        if (admin.Id == account.Id)
        {
            throw new ConflictException(Ui.T("Không thể tự khoá tài khoản của mình.", "You cannot disable your own account."));
        }

        await users.SetLockoutEnabledAsync(account, true);
        await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
        return null;
    }, ct);

    public Task EnableAsync(Actor admin, Guid id, CancellationToken ct) => ChangeAsync(admin, id, "staff.enable", async account =>
    {
        await users.SetLockoutEndDateAsync(account, null);
        return null;
    }, ct);

    private StaffGrant NewGrant(Guid accountId, string role, Guid? agencyId, bool includeSubTree, string by) => new()
    {
        AccountId = accountId,
        Role = role,
        AgencyId = agencyId,
        IncludeSubTree = includeSubTree,
        GrantedAt = clock.GetUtcNow(),
        GrantedBy = by,
    };

    /// <summary>One change to an account in one transaction: the change (which returns the audit detail), a new security stamp, the audit entry.</summary>
    private async Task ChangeAsync(Actor admin, Guid id, string evt, Func<Account, Task<string?>> change, CancellationToken ct)
    {
        var account = await users.Users.FirstOrDefaultAsync(u => u.Id == id && u.Kind == AccountKind.Staff, ct)
            ?? throw new NotFoundException(Ui.T("Không tìm thấy cán bộ.", "Officer not found."));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var detail = await change(account);
        try
        {
            // A new stamp ends the account's open sessions on their next request (Identity saves the pending change with it).
            await users.UpdateSecurityStampAsync(account);
            await audit.StageAsync(evt, admin.Id, admin.Name, account.Email, detail, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two administrators granting the same role at once: the unique index keeps one grant.
            throw new ConflictException(Ui.T("Quyền của cán bộ vừa được người khác thay đổi. Tải lại trang.", "Someone else has just changed this officer's roles. Reload the page."));
        }

        await tx.CommitAsync(ct);
    }
}
