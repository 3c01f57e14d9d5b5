using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Calendar;
using OneStop.Domain.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Calendar;

/// <summary>Lịch làm việc: the year's days off and a calculator of the appointment, for citizens.</summary>
public sealed class PublicModel(CalendarService calendars, TimeProvider clock) : PageModel
{
    public int Year { get; private set; }
    public IReadOnlyList<DayOff> DaysOff { get; private set; } = [];
    public IReadOnlyList<CalendarOverride> WorkingWeekendDays { get; private set; } = [];
    public DateTime? ReceivedAt { get; private set; }
    public int? Days { get; private set; }
    public DateTimeOffset? DueAt { get; private set; }
    public List<RuleError> Errors { get; } = [];

    public async Task OnGetAsync(int? nam, DateTime? tiepNhan, int? soNgay, CancellationToken ct)
    {
        var now = VietnamTime.Now(clock);
        Year = nam is >= 1990 and <= 2100 ? nam.Value : now.Year;
        var calendar = await calendars.CurrentAsync(ct);
        DaysOff = calendar.DaysOff(Year);
        WorkingWeekendDays = calendar.WorkingWeekendDays(Year);
        ReceivedAt = tiepNhan;
        Days = soNgay;
        if (tiepNhan is null && soNgay is null)
        {
            return;
        }

        if (tiepNhan is null)
        {
            Errors.Add(new("tiepNhan", Ui.T("Nhập ngày giờ tiếp nhận.", "Enter the reception date and time.")));
        }

        if (soNgay is not (>= 0 and <= 365))
        {
            Errors.Add(new("soNgay", Ui.T("Số ngày làm việc từ 0 đến 365.", "Working days from 0 to 365.")));
        }

        if (Errors.Count == 0)
        {
            var received = new DateTimeOffset(DateTime.SpecifyKind(tiepNhan!.Value, DateTimeKind.Unspecified), VietnamTime.Offset);
            DueAt = calendar.DueAt(received, new TimeLimit(TimeLimitUnit.WorkingDays, soNgay!.Value, false, ""));
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
