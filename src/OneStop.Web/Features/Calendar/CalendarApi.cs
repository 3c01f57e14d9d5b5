using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OneStop.Domain.Calendar;
using OneStop.Domain.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Calendar;

public sealed record AppointmentView(DateTimeOffset DueAt);

public sealed record DayOffView(DateOnly Date, string Name, string NameEn, string Kind);

public sealed record DaysOffView(int Year, IReadOnlyList<DayOffView> DaysOff, IReadOnlyList<DayOffView> WorkingWeekendDays);

/// <summary>The public working-time calculator, for citizens and integrators.</summary>
public static class CalendarApi
{
    public static void MapCalendarApi(this RouteGroupBuilder api)
    {
        var calendar = api.MapGroup("/calendar").WithTags("Lịch làm việc / Working calendar").AllowAnonymous();

        calendar.MapGet("/appointment", async ([FromQuery] string? receivedAt, [FromQuery] int? workingDays, [FromQuery] int? workingHours,
            [FromQuery] bool? sameDay, [FromQuery] bool? cutoff, CalendarService calendars, CancellationToken ct) =>
        {
            var errors = new List<RuleError>();
            var received = ParseTime(receivedAt);
            if (received is null)
            {
                errors.Add(new("receivedAt", "Cần thời điểm tiếp nhận theo ISO 8601 có múi giờ, ví dụ 2026-02-12T10:00:00+07:00. / receivedAt must be ISO 8601 with an offset."));
            }

            var given = (workingDays is null ? 0 : 1) + (workingHours is null ? 0 : 1) + (sameDay == true ? 1 : 0);
            if (given != 1)
            {
                errors.Add(new("workingDays", "Cho đúng một trong workingDays, workingHours hoặc sameDay=true. / Give exactly one of workingDays, workingHours or sameDay=true."));
            }

            if (workingDays is < 0 or > 365 || workingHours is < 0 or > 2920)
            {
                errors.Add(new("workingDays", "Số ngày làm việc từ 0 đến 365, số giờ từ 0 đến 2.920. / Out of range."));
            }

            if (errors.Count > 0)
            {
                throw new RuleViolationException(errors);
            }

            var limit = sameDay == true
                ? new TimeLimit(TimeLimitUnit.SameDay, 0, cutoff ?? false, "Trong ngày")
                : workingDays is { } days
                    ? new TimeLimit(TimeLimitUnit.WorkingDays, days, cutoff ?? false, $"{days} ngày làm việc")
                    : new TimeLimit(TimeLimitUnit.WorkingHours, workingHours!.Value, cutoff ?? false, $"{workingHours} giờ làm việc");
            var cal = await calendars.CurrentAsync(ct);
            return Results.Ok(new AppointmentView(cal.DueAt(received!.Value, limit).ToOffset(VietnamTime.Offset)));
        }).WithSummary("Tính ngày hẹn trả theo giờ làm việc / Appointment time from a reception time and a time limit");

        calendar.MapGet("/days-off", async ([FromQuery] int? year, CalendarService calendars, TimeProvider clock, CancellationToken ct) =>
        {
            var y = year ?? VietnamTime.Now(clock).Year;
            if (y is < 1990 or > 2100)
            {
                throw new RuleViolationException([new("year", "Năm từ 1990 đến 2100. / Year between 1990 and 2100.")]);
            }

            var cal = await calendars.CurrentAsync(ct);
            return Results.Ok(new DaysOffView(y,
                cal.DaysOff(y).Select(d => new DayOffView(d.Date, d.Name, d.NameEn, d.Kind.ToString())).ToList(),
                cal.WorkingWeekendDays(y).Select(d => new DayOffView(d.Date, d.Name, d.NameEn ?? d.Name, "WorkingDay")).ToList()));
        }).WithSummary("Ngày nghỉ trong năm (lễ, Tết, nghỉ bù, hoán đổi) / Days off of a year");
    }

    /// <summary>ISO 8601 with an offset; a '+' turned into a space by an unencoded query string is accepted too.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.Length > 19 && text[19] == ' ')
        {
            text = text[..19] + "+" + text[20..];
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && (text.EndsWith('Z') || text.Length > 19 && text[19..].Contains(':', StringComparison.Ordinal))
            ? t
            : null;
    }
}
