using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Audit;

/// <summary>Nhật ký hệ thống: the latest audit entries and the result of checking every chain.</summary>
[Authorize(Policy = StaffRoles.SystemPolicy)]
public sealed class IndexModel(OneStopDbContext db, AuditLog audit) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public AuditVerification? Verification { get; private set; }
    public string? Subject { get; private set; }

    public async Task OnGetAsync(string? doiTuong, bool? kiemTra, CancellationToken ct)
    {
        Subject = string.IsNullOrWhiteSpace(doiTuong) ? null : doiTuong.Trim();
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (Subject is not null)
        {
            q = q.Where(e => e.Subject == Subject);
        }

        Entries = await q.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(200).ToListAsync(ct);
        if (kiemTra == true)
        {
            Verification = await audit.VerifyAsync(ct);
        }
    }
}
