using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Calendar;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Calendar;

/// <summary>
/// The working calendar in force: statutory holidays computed by the domain plus the per-date overrides stored in the
/// database (edited by an administrator). Read from the database each time so that every instance agrees at once.
/// </summary>
public sealed class CalendarService(OneStopDbContext db)
{
    public async Task<WorkingCalendar> CurrentAsync(CancellationToken ct)
    {
        var rows = await db.CalendarOverrides.AsNoTracking().OrderBy(o => o.Date).ToListAsync(ct);
        return new WorkingCalendar(WorkingHours.Default, rows.Select(r => new CalendarOverride(r.Date, r.Kind, r.Name, r.NameEn)));
    }
}
