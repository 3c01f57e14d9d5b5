using System.Globalization;
using OneStop.Domain.Calendar;
using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Tests;

public class CalendarTests
{
    private static readonly WorkingCalendar Calendar = new(WorkingHours.Default, OfficialCalendarOverrides.Vietnam);
    private static readonly WorkingCalendar StatutoryOnly = new(WorkingHours.Default, []);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static DateOnly Day(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    // The public API contract: Tết 2026 (14/2–22/2) is skipped.
    [InlineData("2026-02-12T10:00:00+07:00", TimeLimitUnit.WorkingDays, 5, false, "2026-02-26T10:00:00+07:00")]
    // The same instant given in UTC.
    [InlineData("2026-02-12T03:00:00+00:00", TimeLimitUnit.WorkingDays, 5, false, "2026-02-26T10:00:00+07:00")]
    // Saturday 26/4/2025 is a working day: 1 h on Friday, 7 h on Saturday.
    [InlineData("2025-04-25T16:00:00+07:00", TimeLimitUnit.WorkingHours, 8, false, "2025-04-26T16:00:00+07:00")]
    // After the cut-off on Friday 25/4/2025: counted from Saturday 26/4 07:00.
    [InlineData("2025-04-25T16:00:00+07:00", TimeLimitUnit.WorkingDays, 1, true, "2025-04-26T17:00:00+07:00")]
    // 30/4, 1/5, 2/5 (swapped) and the weekend 3–4/5/2025 are skipped.
    [InlineData("2025-04-29T09:00:00+07:00", TimeLimitUnit.WorkingDays, 2, false, "2025-05-06T09:00:00+07:00")]
    // Quốc khánh 2025: 30/8–2/9 skipped.
    [InlineData("2025-08-29T09:00:00+07:00", TimeLimitUnit.WorkingDays, 1, false, "2025-09-03T09:00:00+07:00")]
    // Giỗ Tổ on Sunday 26/4/2026, compensated on Monday 27/4; the count ends exactly at 11:30.
    [InlineData("2026-04-24T13:30:00+07:00", TimeLimitUnit.WorkingDays, 1, false, "2026-04-28T11:30:00+07:00")]
    // Cut-off: 16:00 on Tuesday counts from Wednesday 07:00; 8 h later is Wednesday 17:00.
    [InlineData("2025-06-10T16:00:00+07:00", TimeLimitUnit.WorkingDays, 1, true, "2025-06-11T17:00:00+07:00")]
    // Exactly 15:00 is not after the cut-off.
    [InlineData("2025-06-10T15:00:00+07:00", TimeLimitUnit.WorkingDays, 1, true, "2025-06-11T15:00:00+07:00")]
    // Without the cut-off option, 16:00 counts from 16:00.
    [InlineData("2025-06-10T16:00:00+07:00", TimeLimitUnit.WorkingDays, 1, false, "2025-06-11T16:00:00+07:00")]
    // "Trong ngày".
    [InlineData("2025-06-10T09:00:00+07:00", TimeLimitUnit.SameDay, 0, true, "2025-06-10T17:00:00+07:00")]
    [InlineData("2025-06-10T16:00:00+07:00", TimeLimitUnit.SameDay, 0, false, "2025-06-10T17:00:00+07:00")]
    [InlineData("2025-06-10T16:00:00+07:00", TimeLimitUnit.SameDay, 0, true, "2025-06-11T17:00:00+07:00")]
    [InlineData("2025-06-13T17:30:00+07:00", TimeLimitUnit.SameDay, 0, false, "2025-06-16T17:00:00+07:00")]
    [InlineData("2025-06-14T10:00:00+07:00", TimeLimitUnit.SameDay, 0, false, "2025-06-16T17:00:00+07:00")]
    [InlineData("2025-05-02T10:00:00+07:00", TimeLimitUnit.SameDay, 0, false, "2025-05-05T17:00:00+07:00")]
    // Calendar days: date + N at 17:00, moved to the next working day.
    [InlineData("2025-06-10T09:00:00+07:00", TimeLimitUnit.CalendarDays, 10, false, "2025-06-20T17:00:00+07:00")]
    [InlineData("2025-06-10T09:00:00+07:00", TimeLimitUnit.CalendarDays, 4, false, "2025-06-16T17:00:00+07:00")]
    [InlineData("2026-02-05T09:00:00+07:00", TimeLimitUnit.CalendarDays, 15, false, "2026-02-23T17:00:00+07:00")]
    [InlineData("2025-06-10T16:00:00+07:00", TimeLimitUnit.CalendarDays, 10, true, "2025-06-23T17:00:00+07:00")]
    // Working hours from a reception on Saturday start on Monday 07:00.
    [InlineData("2025-06-14T10:00:00+07:00", TimeLimitUnit.WorkingHours, 4, false, "2025-06-16T11:00:00+07:00")]
    public void Due_at(string received, TimeLimitUnit unit, int amount, bool afterCutoffNextDay, string expected)
    {
        var due = Calendar.DueAt(At(received), new TimeLimit(unit, amount, afterCutoffNextDay, ""));
        Assert.Equal(At(expected), due);
        Assert.Equal(WorkingCalendar.VietnamOffset, due.Offset);
    }

    [Theory]
    [InlineData("2025-06-10T12:00:00+07:00", 1.0, "2025-06-10T14:30:00+07:00")] // lunch: starts at 13:30
    [InlineData("2025-06-14T10:00:00+07:00", 1.0, "2025-06-16T08:00:00+07:00")] // Saturday: starts Monday 07:00
    [InlineData("2025-06-10T06:00:00+07:00", 1.0, "2025-06-10T08:00:00+07:00")] // before opening
    [InlineData("2025-06-10T17:00:00+07:00", 0.5, "2025-06-11T07:30:00+07:00")] // after closing
    [InlineData("2025-06-10T07:00:00+07:00", 4.5, "2025-06-10T11:30:00+07:00")] // ends exactly at 11:30
    [InlineData("2025-06-10T07:00:00+07:00", 8.0, "2025-06-10T17:00:00+07:00")] // ends exactly at 17:00
    [InlineData("2025-06-10T11:30:00+07:00", 1.0, "2025-06-10T14:30:00+07:00")]
    [InlineData("2025-06-10T11:00:00+07:00", 0.75, "2025-06-10T13:45:00+07:00")]
    [InlineData("2025-06-10T12:00:00+07:00", 0.0, "2025-06-10T13:30:00+07:00")] // zero hours: next working instant
    [InlineData("2025-06-10T10:00:00+07:00", 0.0, "2025-06-10T10:00:00+07:00")]
    [InlineData("2025-06-10T05:00:00+00:00", 1.0, "2025-06-10T14:30:00+07:00")] // 12:00 in Vietnam
    [InlineData("2025-04-30T09:00:00+07:00", 1.0, "2025-05-05T08:00:00+07:00")] // 30/4–4/5/2025 off
    [InlineData("2025-01-24T16:00:00+07:00", 2.0, "2025-02-03T08:00:00+07:00")] // Tết 2025: 25/1–2/2 off, no compensation after
    public void Add_working_hours(string start, double hours, string expected) =>
        Assert.Equal(At(expected), Calendar.AddWorkingHours(At(start), hours));

    [Fact]
    public void A_long_limit_is_walked_day_by_day_and_agrees_with_the_hours_between()
    {
        var start = At("2025-03-03T09:15:00+07:00");
        var due = Calendar.AddWorkingHours(start, 2920);
        Assert.True(due > start.AddDays(365));
        Assert.Equal(2920, Calendar.WorkingHoursBetween(start, due), 6);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Negative_or_non_finite_hours_are_refused(double hours) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingHours(At("2025-06-10T09:00:00+07:00"), hours));

    [Theory]
    [InlineData("2025-06-10T07:00:00+07:00", "2025-06-10T17:00:00+07:00", 8.0)]
    [InlineData("2025-06-10T10:00:00+07:00", "2025-06-11T10:00:00+07:00", 8.0)]
    [InlineData("2025-06-13T16:00:00+07:00", "2025-06-16T08:00:00+07:00", 2.0)]
    [InlineData("2025-06-10T12:00:00+07:00", "2025-06-10T13:30:00+07:00", 0.0)]
    [InlineData("2025-06-10T11:00:00+07:00", "2025-06-10T14:00:00+07:00", 1.0)]
    [InlineData("2025-06-10T06:00:00+07:00", "2025-06-10T20:00:00+07:00", 8.0)]
    [InlineData("2025-06-11T10:00:00+07:00", "2025-06-10T10:00:00+07:00", 0.0)] // to before from
    [InlineData("2026-02-12T10:00:00+07:00", "2026-02-26T10:00:00+07:00", 40.0)]
    [InlineData("2025-04-25T16:00:00+07:00", "2025-04-26T16:00:00+07:00", 8.0)]
    [InlineData("2025-04-29T00:00:00+07:00", "2025-05-06T00:00:00+07:00", 16.0)] // 29/4 and Monday 5/5 only
    [InlineData("2025-06-10T00:00:00+00:00", "2025-06-10T03:00:00+00:00", 3.0)] // 07:00–10:00 in Vietnam
    public void Working_hours_between(string from, string to, double expected) =>
        Assert.Equal(expected, Calendar.WorkingHoursBetween(At(from), At(to)), 6);

    [Fact]
    public void A_pause_is_counted_in_whole_seconds_whatever_precision_the_instants_were_stored_with()
    {
        var asked = At("2025-06-10T09:00:00+07:00");
        var clock = At("2025-06-10T10:00:00.2047834+07:00"); // 100 ns clock
        var stored = At("2025-06-10T10:00:00.2047000+07:00"); // the same instant read back from SQLite (0.1 ms)
        Assert.Equal(1.0, Calendar.PausedHours(asked, clock));
        Assert.Equal(Calendar.PausedHours(asked, clock), Calendar.PausedHours(asked, stored));
        Assert.Equal(0.0, Calendar.PausedHours(clock, asked));
    }

    [Theory]
    [InlineData("2025-04-26", true)]   // Saturday worked in exchange for 2/5/2025
    [InlineData("2025-05-02", false)]  // swapped day off
    [InlineData("2025-02-03", true)]   // no compensation after the Tết 2025 overrides
    [InlineData("2025-09-01", false)]
    [InlineData("2025-09-03", true)]
    [InlineData("2026-01-02", false)]  // extra day off, Tết Dương lịch 2026
    [InlineData("2026-02-13", true)]
    [InlineData("2026-02-16", false)]
    [InlineData("2026-02-23", true)]   // no compensation after the Tết 2026 overrides
    [InlineData("2026-04-26", false)]  // Giỗ Tổ, Sunday
    [InlineData("2026-04-27", false)]  // compensatory Monday
    [InlineData("2026-04-28", true)]
    [InlineData("2026-04-30", false)]
    [InlineData("2026-05-01", false)]
    [InlineData("2026-09-01", false)]  // default adjacent day of Quốc khánh
    [InlineData("2026-09-02", false)]
    [InlineData("2026-09-03", true)]
    [InlineData("2022-01-03", false)]  // 1/1/2022 Saturday → Monday 3/1/2022
    [InlineData("2023-01-02", false)]  // 1/1/2023 Sunday → Monday 2/1/2023
    [InlineData("2023-05-02", false)]  // Giỗ Tổ on Saturday 29/4/2023 and 30/4 on Sunday → Tuesday 2/5 and Wednesday 3/5
    [InlineData("2023-05-03", false)]
    [InlineData("2023-05-04", true)]
    [InlineData("2027-02-05", false)]  // Tết 2027 by default: 5/2 (last day of the year) to 9/2
    [InlineData("2027-02-09", false)]
    [InlineData("2027-02-10", false)]  // compensation for Saturday 6/2
    [InlineData("2027-02-11", false)]  // compensation for Sunday 7/2
    [InlineData("2027-02-12", true)]
    [InlineData("2029-09-01", false)]  // Saturday
    [InlineData("2029-09-02", false)]  // Sunday
    [InlineData("2029-09-03", false)]  // compensation for 1/9
    [InlineData("2029-09-04", false)]  // compensation for 2/9
    [InlineData("2029-09-05", true)]
    [InlineData("2025-06-10", true)]
    [InlineData("2025-06-14", false)]
    public void Is_working_day(string date, bool working) => Assert.Equal(working, Calendar.IsWorkingDay(Day(date)));

    [Theory]
    [InlineData("2026-01-01", "Tết Dương lịch", DayOffKind.Holiday)]
    [InlineData("2026-01-02", "Nghỉ Tết Dương lịch", DayOffKind.Override)]
    [InlineData("2026-01-03", "Nghỉ Tết Dương lịch", DayOffKind.Override)]
    [InlineData("2026-02-14", "Nghỉ Tết Nguyên đán Bính Ngọ", DayOffKind.Override)]
    [InlineData("2026-02-16", "Tết Nguyên đán", DayOffKind.Holiday)]
    [InlineData("2026-02-17", "Tết Nguyên đán", DayOffKind.Holiday)]
    [InlineData("2026-02-20", "Tết Nguyên đán", DayOffKind.Holiday)]
    [InlineData("2026-02-22", "Nghỉ Tết Nguyên đán Bính Ngọ", DayOffKind.Override)]
    [InlineData("2026-04-26", "Giỗ Tổ Hùng Vương", DayOffKind.Holiday)]
    [InlineData("2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương", DayOffKind.Compensatory)]
    [InlineData("2026-04-30", "Ngày Chiến thắng", DayOffKind.Holiday)]
    [InlineData("2026-05-01", "Ngày Quốc tế Lao động", DayOffKind.Holiday)]
    [InlineData("2026-09-01", "Quốc khánh", DayOffKind.Holiday)]
    [InlineData("2026-09-02", "Quốc khánh", DayOffKind.Holiday)]
    public void Days_off_2026(string date, string name, DayOffKind kind)
    {
        var day = Assert.Single(Calendar.DaysOff(2026), d => d.Date == Day(date));
        Assert.Equal(name, day.Name);
        Assert.Equal(kind, day.Kind);
        Assert.False(string.IsNullOrWhiteSpace(day.NameEn));
    }

    [Fact]
    public void Days_off_2026_cover_Tet_whole_and_nothing_after_it()
    {
        var days = Calendar.DaysOff(2026);
        Assert.Equal(days.OrderBy(d => d.Date).Select(d => d.Date), days.Select(d => d.Date));
        var tet = days.Where(d => d.Date.Month == 2).Select(d => d.Date.Day).ToArray();
        Assert.Equal([14, 15, 16, 17, 18, 19, 20, 21, 22], tet);
        Assert.DoesNotContain(days, d => d.Kind == DayOffKind.Compensatory && d.Date.Month is 1 or 2 or 3);
        Assert.DoesNotContain(days, d => d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && d.Date.Month is 6 or 7);
    }

    [Fact]
    public void Days_off_2025_include_the_swapped_Friday_and_the_working_Saturday_is_listed()
    {
        var days = Calendar.DaysOff(2025);
        var swapped = Assert.Single(days, d => d.Date == new DateOnly(2025, 5, 2));
        Assert.Equal(DayOffKind.Override, swapped.Kind);
        Assert.DoesNotContain(days, d => d.Date == new DateOnly(2025, 4, 26));
        Assert.Contains(days, d => d.Date == new DateOnly(2025, 4, 7) && d.Name == "Giỗ Tổ Hùng Vương");

        var working = Assert.Single(Calendar.WorkingWeekendDays(2025));
        Assert.Equal(new DateOnly(2025, 4, 26), working.Date);
        Assert.Equal(CalendarOverrideKind.WorkingDay, working.Kind);
        Assert.Empty(Calendar.WorkingWeekendDays(2026));
    }

    [Fact]
    public void The_official_overrides_match_the_announced_periods()
    {
        var overrides = OfficialCalendarOverrides.Vietnam;
        Assert.All(overrides, o => Assert.False(string.IsNullOrWhiteSpace(o.NameEn)));
        Assert.Equal(overrides.Count, overrides.Select(o => o.Date).Distinct().Count());
        int Count(DateOnly first, DateOnly last) =>
            overrides.Count(o => o.Kind == CalendarOverrideKind.DayOff && o.Date >= first && o.Date <= last);
        Assert.Equal(9, Count(new(2025, 1, 25), new(2025, 2, 2)));
        Assert.Equal(5, Count(new(2025, 4, 30), new(2025, 5, 4)));
        Assert.Equal(4, Count(new(2025, 8, 30), new(2025, 9, 2)));
        Assert.Equal(4, Count(new(2026, 1, 1), new(2026, 1, 4)));
        Assert.Equal(9, Count(new(2026, 2, 14), new(2026, 2, 22)));
    }

    [Theory]
    // Without overrides the statutory rule applies: Tết 2025 = 28/1–1/2, Saturday 1/2 compensated on Monday 3/2.
    [InlineData("2025-01-28", false)]
    [InlineData("2025-02-01", false)]
    [InlineData("2025-02-03", false)]
    [InlineData("2025-02-04", true)]
    [InlineData("2025-01-27", true)]
    [InlineData("2025-04-26", false)]
    [InlineData("2025-05-02", true)]
    // Tết 2026 = 16/2–20/2, Monday to Friday: nothing to compensate.
    [InlineData("2026-02-13", true)]
    [InlineData("2026-02-16", false)]
    [InlineData("2026-02-20", false)]
    [InlineData("2026-02-23", true)]
    public void Statutory_rules_without_overrides(string date, bool working) =>
        Assert.Equal(working, StatutoryOnly.IsWorkingDay(Day(date)));

    [Fact]
    public void An_override_wins_over_holidays_and_weekends()
    {
        var calendar = new WorkingCalendar(WorkingHours.Default,
        [
            new CalendarOverride(new DateOnly(2026, 9, 1), CalendarOverrideKind.WorkingDay, "Làm việc", "Working day"),
            new CalendarOverride(new DateOnly(2026, 9, 3), CalendarOverrideKind.DayOff, "Nghỉ Quốc khánh", "National Day holiday"),
            new CalendarOverride(new DateOnly(2026, 6, 10), CalendarOverrideKind.DayOff, "Nghỉ", "Day off"),
            new CalendarOverride(new DateOnly(2026, 6, 10), CalendarOverrideKind.WorkingDay, "Làm việc", "Working day"), // the last one wins
            new CalendarOverride(new DateOnly(2026, 6, 13), CalendarOverrideKind.WorkingDay, "Làm bù"),
        ]);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 9, 1)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 9, 2)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 9, 3)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 6, 10)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 6, 13)));

        var days = calendar.DaysOff(2026);
        Assert.DoesNotContain(days, d => d.Date == new DateOnly(2026, 9, 1));
        Assert.Equal(DayOffKind.Override, Assert.Single(days, d => d.Date == new DateOnly(2026, 9, 3)).Kind);
        Assert.Equal(new DateOnly(2026, 6, 13), Assert.Single(calendar.WorkingWeekendDays(2026)).Date);
    }

    [Fact]
    public void Hours_and_cut_off_are_configurable()
    {
        var calendar = new WorkingCalendar(new WorkingHours(new(8, 0), new(12, 0), new(13, 0), new(17, 0), new(16, 0)), []);
        var limit = new TimeLimit(TimeLimitUnit.WorkingDays, 1, true, "01 ngày làm việc");
        Assert.Equal(At("2025-06-11T15:30:00+07:00"), calendar.DueAt(At("2025-06-10T15:30:00+07:00"), limit));
        Assert.Equal(At("2025-06-11T17:00:00+07:00"), calendar.DueAt(At("2025-06-10T16:30:00+07:00"), limit));
        Assert.Equal(At("2025-06-10T13:00:00+07:00"), calendar.AddWorkingHours(At("2025-06-10T12:30:00+07:00"), 0));
        Assert.Equal(TimeSpan.FromHours(8), calendar.Hours.DayLength);
    }

    [Fact]
    public void Inconsistent_hours_are_refused() =>
        Assert.Throws<ArgumentException>(() =>
            new WorkingCalendar(new WorkingHours(new(7, 0), new(14, 0), new(13, 30), new(17, 0), new(15, 0)), []));

    [Fact]
    public void One_calendar_can_be_shared_by_concurrent_requests()
    {
        var shared = new WorkingCalendar(WorkingHours.Default, OfficialCalendarOverrides.Vietnam);
        var first = new DateOnly(2020, 1, 1);
        var days = Enumerable.Range(0, 3653).Select(first.AddDays).ToArray();
        var expected = days.Select(d => StatutoryOrOfficial(d)).ToArray();
        var actual = new bool[days.Length];
        Parallel.For(0, days.Length, i => actual[i] = shared.IsWorkingDay(days[i]));
        Assert.Equal(expected, actual);

        static bool StatutoryOrOfficial(DateOnly date) => Calendar.IsWorkingDay(date);
    }
}
