using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Staff;

/// <summary>Quản lý cán bộ: staff accounts, their agency, and their roles with the agency (and sub-tree) each is for (system administrator).</summary>
[Authorize(Policy = StaffRoles.SystemPolicy)]
[RequireRecentSignIn]
public sealed class IndexModel(StaffAdmin staff) : PageModel
{
    public IReadOnlyList<StaffMember> Members { get; private set; } = [];
    public List<RuleError> Errors { get; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Members = await staff.ListAsync(ct);
        Message = TempData["message"] as string;
    }

    public Task<IActionResult> OnPostCreateAsync(string? email, string? fullName, string? agencyCode, string[]? roles, string? password, CancellationToken ct) =>
        RunAsync(() => staff.CreateAsync(Actor.From(User)!, email, fullName, agencyCode, roles ?? [], password, ct), string.IsNullOrEmpty(password)
            ? Ui.T($"Đã tạo tài khoản {email}; thư mời đặt mật khẩu đã được gửi tới địa chỉ này.", $"Account {email} created; an invitation to set a password was e-mailed to it.")
            : Ui.T($"Đã tạo tài khoản {email}.", $"Account {email} created."), ct);

    public Task<IActionResult> OnPostGrantAsync(Guid id, string? role, string? agencyCode, bool includeSubTree, CancellationToken ct) =>
        RunAsync(() => staff.GrantAsync(Actor.From(User)!, id, role, agencyCode, includeSubTree, ct), Ui.T("Đã cấp vai trò; các phiên đăng nhập của cán bộ đã kết thúc.", "Role granted; the officer's sessions have ended."), ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid id, long grant, CancellationToken ct) =>
        RunAsync(() => staff.RevokeAsync(Actor.From(User)!, id, grant, ct), Ui.T("Đã thu hồi vai trò; các phiên đăng nhập của cán bộ đã kết thúc.", "Role revoked; the officer's sessions have ended."), ct);

    public Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken ct) =>
        RunAsync(() => staff.DisableAsync(Actor.From(User)!, id, ct), Ui.T("Đã khoá tài khoản; các phiên đăng nhập đã kết thúc.", "Account disabled; its sessions have ended."), ct);

    public Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken ct) =>
        RunAsync(() => staff.EnableAsync(Actor.From(User)!, id, ct), Ui.T("Đã mở khoá tài khoản.", "Account enabled."), ct);

    public static string RoleLabel(string role)
    {
        var (vi, en) = StaffRoles.Name(role);
        return Ui.T(vi, en);
    }

    /// <summary>"Agency leader — UBND Quận Ba Đình (000.00.01.H26), including sub-units", or "city-wide".</summary>
    public static string ScopeLabel(StaffGrantView g) => g.AgencyCode is null
        ? Ui.T("toàn thành phố", "city-wide")
        : $"{g.AgencyName} ({g.AgencyCode})" + (g.IncludeSubTree ? Ui.T(", kể cả đơn vị trực thuộc", ", including sub-units") : "");

    /// <summary>An account or grant that is not there (a stale page) is explained on the page too, with 404.</summary>
    private Task<IActionResult> RunAsync(Func<Task> change, string done, CancellationToken ct) =>
        this.TryActAsync(Errors, "", async () =>
        {
            await change();
            TempData["message"] = done;
            return RedirectToPage();
        }, async () => Members = await staff.ListAsync(ct), shown: ex => PageActions.IsRefusal(ex) || ex is NotFoundException);
}
