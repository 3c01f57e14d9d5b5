using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Calendar;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Calendar;

/// <summary>The administrator edits the per-date calendar overrides (extra days off, swapped working Saturdays).</summary>
[Authorize(Policy = StaffRoles.SystemPolicy)]
[RequireRecentSignIn]
public sealed class AdminModel(OneStopDbContext db, CalendarService calendars, TimeProvider clock, Audit.AuditLog audit) : PageModel
{
    public int Year { get; private set; }
    public IReadOnlyList<CalendarOverrideEntry> Overrides { get; private set; } = [];
    public IReadOnlyList<DayOff> DaysOff { get; private set; } = [];
    public List<RuleError> Errors { get; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(int? nam, CancellationToken ct) => await LoadAsync(nam, ct);

    public async Task<IActionResult> OnPostAddAsync(DateOnly? date, CalendarOverrideKind kind, string? name, string? nameEn, CancellationToken ct)
    {
        if (date is null)
        {
            Errors.Add(new("date", Ui.T("Chọn ngày.", "Choose a date.")));
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            Errors.Add(new("name", Ui.T("Nhập tên (tối đa 200 ký tự), ví dụ \"Nghỉ bù Tết\".", "Enter a name (at most 200 characters).")));
        }

        if (date is { } d && Errors.Count == 0)
        {
            var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (kind == CalendarOverrideKind.WorkingDay && !weekend && !(await calendars.CurrentAsync(ct)).DaysOff(d.Year).Any(x => x.Date == d))
            {
                Errors.Add(new("kind", Ui.T("Ngày này vốn là ngày làm việc.", "This date is already a working day.")));
            }
        }

        if (Errors.Count > 0)
        {
            await LoadAsync(date?.Year, ct);
            Response.StatusCode = 400;
            return Page();
        }

        var existing = await db.CalendarOverrides.FirstOrDefaultAsync(o => o.Date == date!.Value, ct);
        if (existing is null)
        {
            db.CalendarOverrides.Add(existing = new CalendarOverrideEntry { Date = date!.Value, Name = name!.Trim() });
        }

        existing.Kind = kind;
        existing.Name = name!.Trim();
        existing.NameEn = string.IsNullOrWhiteSpace(nameEn) ? null : nameEn.Trim();
        existing.ChangedBy = User.Identity?.Name;
        existing.ChangedAt = clock.GetUtcNow();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await StageAuditAsync("calendar.set", $"{date!.Value:yyyy-MM-dd} {kind} {existing.Name}", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        TempData["message"] = Ui.T($"Đã lưu ngày {VietnamTime.Format(date!.Value)}.", $"Saved {VietnamTime.Format(date!.Value)}.");
        return Redirect($"/quan-tri/lich-lam-viec?nam={date!.Value.Year}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(DateOnly date, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.CalendarOverrides.Where(o => o.Date == date).ExecuteDeleteAsync(ct);
            await StageAuditAsync("calendar.remove", $"{date:yyyy-MM-dd}", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        TempData["message"] = Ui.T($"Đã xoá điều chỉnh ngày {VietnamTime.Format(date)}.", $"Removed the change on {VietnamTime.Format(date)}.");
        return Redirect($"/quan-tri/lich-lam-viec?nam={date.Year}");
    }

    /// <summary>Changes to the calendar move every appointment computed afterwards: they are audited.</summary>
    private Task StageAuditAsync(string evt, string details, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        return audit.StageAsync(evt, actor.Id, actor.Name, "calendar", details, ct);
    }

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        Year = year is >= 1990 and <= 2100 ? year.Value : VietnamTime.Now(clock).Year;
        var from = new DateOnly(Year, 1, 1);
        var to = new DateOnly(Year, 12, 31);
        Overrides = await db.CalendarOverrides.AsNoTracking().Where(o => o.Date >= from && o.Date <= to).OrderBy(o => o.Date).ToListAsync(ct);
        DaysOff = (await calendars.CurrentAsync(ct)).DaysOff(Year);
        Message = TempData["message"] as string;
    }
}
