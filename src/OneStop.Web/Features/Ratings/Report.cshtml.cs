using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Calendar;
using OneStop.Domain.Roles;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Ratings;

/// <summary>Báo cáo mức độ hài lòng: one agency (with its sub-units) the caller may read, for a period; Excel with ?xuat=xlsx.</summary>
[Authorize(Policy = StaffRoles.StaffReaderPolicy)]
public sealed class ReportModel(OneStopDbContext db, SatisfactionReport report, TimeProvider clock) : PageModel
{
    public SatisfactionReportData Data { get; private set; } = null!;
    public string AgencyCode { get; private set; } = "";
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public bool ShowsComments { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? coQuan, DateOnly? tuNgay, DateOnly? denNgay, string? xuat, CancellationToken ct)
    {
        var actor = HttpContext.RequireActor();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        From = tuNgay ?? new DateOnly(today.Year, today.Month, 1);
        To = denNgay ?? today;
        Guid? agency = string.IsNullOrWhiteSpace(coQuan)
            ? actor.AgencyId ?? actor.Grants.Select(g => g.AgencyId).FirstOrDefault(a => a is not null)
            : await db.Agencies.AsNoTracking().Where(a => a.Code == coQuan.Trim()).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (agency is not { } id || !await db.MayReadAsync(actor, id, ct))
        {
            return NotFound();
        }

        AgencyCode = await db.Agencies.AsNoTracking().Where(a => a.Id == id).Select(a => a.Code).FirstAsync(ct);
        // The comments of dissatisfied ratings are for the agency's leaders and those who supervise it.
        ShowsComments = actor.IsSupervisor || actor.Has(StaffRole.AgencyLeader) || actor.Has(StaffRole.DivisionHead);
        var start = new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset);
        var end = new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset);
        Data = await report.BuildAsync(id, start, end, ShowsComments, ct);
        return xuat == "xlsx"
            ? File(SatisfactionReport.Workbook(Data), Catalogue.CatalogueWorkbook.ContentType,
                $"hai-long-{AgencyCode}-{From.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{To.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.xlsx")
            : Page();
    }
}
