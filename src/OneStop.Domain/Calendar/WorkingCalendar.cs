using System.Collections.Concurrent;
using System.Collections.Frozen;
using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Calendar;

/// <summary>
/// The working-time calendar of Vietnamese public offices: office hours Monday–Friday, statutory public holidays,
/// compensatory days and government overrides. All instants are expressed in Vietnam time (UTC+7, no daylight saving);
/// inputs with another offset are converted first.
/// </summary>
/// <remarks>
/// <para>A date is decided in this order:</para>
/// <list type="number">
/// <item>An override for the date wins: <see cref="CalendarOverrideKind.DayOff"/> makes it a day off,
/// <see cref="CalendarOverrideKind.WorkingDay"/> a full working day (even a Saturday or a statutory holiday).
/// When several overrides name the same date, the last one in the list wins, so that local decisions can be appended
/// to <see cref="OfficialCalendarOverrides.Vietnam"/>.</item>
/// <item>Saturdays and Sundays are days off.</item>
/// <item>Statutory holidays (Bộ luật Lao động 2019, art. 112) are days off: 1/1; Tết Nguyên đán, by default the last day
/// of the lunar year and lunar 1/1–4/1; Giỗ Tổ Hùng Vương, lunar 10/3; 30/4; 1/5; Quốc khánh 2/9 and, by default,
/// the day before it, 1/9 (the government picks the adjacent day each year: to pick 3/9, list 3/9 as
/// <see cref="CalendarOverrideKind.DayOff"/> and 1/9 as <see cref="CalendarOverrideKind.WorkingDay"/>).</item>
/// <item>Compensatory days (nghỉ bù, art. 111(3)) are days off. They are computed per <em>holiday block</em>: the run of
/// consecutive days around a statutory holiday made of weekend days, statutory holidays and override days off.
/// For each statutory holiday of the block that falls on a Saturday or Sunday, the next working day after the block
/// (a Monday–Friday date that is neither a holiday, an earlier compensatory day nor an override date) is a compensatory day.
/// <b>A block that contains an override date, or whose next day carries an override, is treated as decided by the
/// government: no compensatory day is added for it</b> (e.g. Tết 2026, whose overrides define 14/2–22/2/2026 and nothing after).
/// Holidays elsewhere in the year are compensated independently (e.g. Giỗ Tổ on Sunday 26/4/2026 gives Monday 27/4/2026).</item>
/// </list>
/// <para>Instances are immutable; the holidays of a year are computed once, lazily and thread-safely, so one instance can be
/// shared by concurrent requests.</para>
/// </remarks>
public sealed class WorkingCalendar
{
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Default office hours with the official overrides.</summary>
    public static WorkingCalendar Vietnam { get; } = new(WorkingHours.Default, OfficialCalendarOverrides.Vietnam);

    private readonly (TimeSpan Start, TimeSpan End)[] _periods;
    private readonly TimeSpan _cutoff;
    private readonly FrozenDictionary<DateOnly, CalendarOverride> _overrides;
    private readonly ConcurrentDictionary<int, Lazy<FrozenDictionary<DateOnly, DayOff>>> _years = new();

    public WorkingCalendar(WorkingHours hours, IEnumerable<CalendarOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(overrides);
        hours.Validate();
        Hours = hours;
        _periods = [(hours.MorningStart.ToTimeSpan(), hours.MorningEnd.ToTimeSpan()), (hours.AfternoonStart.ToTimeSpan(), hours.AfternoonEnd.ToTimeSpan())];
        _cutoff = hours.Cutoff.ToTimeSpan();
        var byDate = new Dictionary<DateOnly, CalendarOverride>();
        foreach (var item in overrides)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(overrides));
            byDate[item.Date] = item;
        }

        _overrides = byDate.ToFrozenDictionary();
    }

    public WorkingHours Hours { get; }

    public bool IsWorkingDay(DateOnly date)
    {
        if (_overrides.TryGetValue(date, out var decided))
        {
            return decided.Kind == CalendarOverrideKind.WorkingDay;
        }

        return !IsWeekend(date) && !Year(date.Year).ContainsKey(date);
    }

    /// <summary>
    /// Non-working days of a year that are not ordinary weekends, plus weekend days that an override or holiday names
    /// (e.g. Tết Saturday); ordered by date. A statutory holiday keeps its statutory name and <see cref="DayOffKind.Holiday"/>
    /// even when an override also lists it; a statutory holiday made a working day by an override is left out.
    /// </summary>
    public IReadOnlyList<DayOff> DaysOff(int year) => [.. Year(year).Values.OrderBy(d => d.Date)];

    /// <summary>Weekend days made working days by overrides in that year.</summary>
    public IReadOnlyList<CalendarOverride> WorkingWeekendDays(int year) =>
        [.. _overrides.Values.Where(o => o.Date.Year == year && o.Kind == CalendarOverrideKind.WorkingDay && IsWeekend(o.Date)).OrderBy(o => o.Date)];

    /// <summary>
    /// Moves forward by working time. Starting outside working hours starts from the next working instant. Ending exactly at 11:30
    /// stays 11:30; at 17:00 stays 17:00. Working periods are half-open, so zero hours from 11:30 gives 13:30.
    /// The walk is day by day, never hour by hour.
    /// </summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, double hours)
    {
        if (!double.IsFinite(hours) || hours < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "Working hours must be a finite, non-negative number.");
        }

        var remaining = (long)Math.Round(hours * TimeSpan.TicksPerHour);
        var local = start.ToOffset(VietnamOffset).DateTime;
        var date = DateOnly.FromDateTime(local);
        var time = local.TimeOfDay;
        while (true)
        {
            if (IsWorkingDay(date))
            {
                foreach (var (periodStart, periodEnd) in _periods)
                {
                    if (time >= periodEnd)
                    {
                        continue;
                    }

                    var from = time > periodStart ? time : periodStart;
                    var available = (periodEnd - from).Ticks;
                    if (remaining <= available)
                    {
                        return At(date, from + TimeSpan.FromTicks(remaining));
                    }

                    remaining -= available;
                    time = periodEnd;
                }
            }

            date = date.AddDays(1);
            time = TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Appointment time (ngày hẹn trả kết quả) for a time limit.
    /// <list type="bullet">
    /// <item><c>AfterCutoffNextDay</c>: a reception strictly after the cut-off (15:00) on a working day counts from the next working
    /// day's start (for calendar days: from the next working day's date).</item>
    /// <item><see cref="TimeLimitUnit.SameDay"/> ("trong ngày"): end of the working day of reception (17:00), or, if the reception is
    /// after the cut-off with <c>AfterCutoffNextDay</c>, end of the next working day; a reception on a non-working day or at/after 17:00:
    /// end of the next working day.</item>
    /// <item><see cref="TimeLimitUnit.CalendarDays"/>: reception date + N calendar days at 17:00, moved to the next working day if that
    /// day is not working.</item>
    /// <item><see cref="TimeLimitUnit.WorkingHours"/>/<see cref="TimeLimitUnit.WorkingDays"/>:
    /// <see cref="AddWorkingHours"/>(start, <see cref="TimeLimit.WorkingHours"/>), i.e. N working days = N × 8 working hours.</item>
    /// </list>
    /// </summary>
    public DateTimeOffset DueAt(DateTimeOffset receivedAt, TimeLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var local = receivedAt.ToOffset(VietnamOffset);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = local.TimeOfDay;
        var workingDay = IsWorkingDay(date);
        var afterCutoff = limit.AfterCutoffNextDay && workingDay && time > _cutoff;
        var dayEnd = _periods[1].End;
        switch (limit.Unit)
        {
            case TimeLimitUnit.SameDay:
                return workingDay && time < dayEnd && !afterCutoff ? At(date, dayEnd) : At(NextWorkingDay(date), dayEnd);
            case TimeLimitUnit.CalendarDays:
                var due = (afterCutoff ? NextWorkingDay(date) : date).AddDays(limit.Amount);
                return At(IsWorkingDay(due) ? due : NextWorkingDay(due), dayEnd);
            case TimeLimitUnit.WorkingDays:
            case TimeLimitUnit.WorkingHours:
                var start = afterCutoff ? At(NextWorkingDay(date), _periods[0].Start) : local;
                return AddWorkingHours(start, limit.WorkingHours ?? 0);
            default:
                throw new ArgumentOutOfRangeException(nameof(limit), limit.Unit, "Unknown time-limit unit.");
        }
    }

    /// <summary>Working hours between two instants (0 if to &lt;= from).</summary>
    public double WorkingHoursBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return 0;
        }

        var start = from.ToOffset(VietnamOffset).DateTime;
        var end = to.ToOffset(VietnamOffset).DateTime;
        long ticks = 0;
        for (var date = DateOnly.FromDateTime(start); date <= DateOnly.FromDateTime(end); date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var midnight = date.ToDateTime(TimeOnly.MinValue);
            foreach (var (periodStart, periodEnd) in _periods)
            {
                var a = Max(midnight + periodStart, start);
                var b = Min(midnight + periodEnd, end);
                if (b > a)
                {
                    ticks += (b - a).Ticks;
                }
            }
        }

        return (double)ticks / TimeSpan.TicksPerHour;
    }

    /// <summary>
    /// Working hours an applicant kept a dossier waiting (from the request to the supplement), counted in whole seconds so that
    /// the figure does not depend on how finely either instant was stored (SQLite keeps 0.1 ms, PostgreSQL 1 µs, the clock 100 ns).
    /// </summary>
    public double PausedHours(DateTimeOffset from, DateTimeOffset to) => WorkingHoursBetween(WholeSeconds(from), WholeSeconds(to));

    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>The first working day strictly after a date.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        do
        {
            date = date.AddDays(1);
        }
        while (!IsWorkingDay(date));
        return date;
    }

    /// <summary>Statutory holidays of a Gregorian year under the default rules (before overrides and compensation), ordered by date.</summary>
    public static IReadOnlyList<DayOff> StatutoryHolidays(int year)
    {
        const string Tet = "Tết Nguyên đán";
        const string TetEn = "Lunar New Year (Tết)";
        const string NationalDay = "Quốc khánh";
        const string NationalDayEn = "National Day";
        var tet = LunarCalendar.ToSolar(new LunarDate(year, 1, 1, false));
        var list = new List<DayOff>
        {
            new(new DateOnly(year, 1, 1), "Tết Dương lịch", "New Year's Day", DayOffKind.Holiday),
            new(tet.AddDays(-1), Tet, TetEn, DayOffKind.Holiday),
        };
        for (var i = 0; i < 4; i++)
        {
            list.Add(new(tet.AddDays(i), Tet, TetEn, DayOffKind.Holiday));
        }

        list.Add(new(LunarCalendar.ToSolar(new LunarDate(year, 3, 10, false)), "Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration Day", DayOffKind.Holiday));
        list.Add(new(new DateOnly(year, 4, 30), "Ngày Chiến thắng", "Reunification Day", DayOffKind.Holiday));
        list.Add(new(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động", "International Labour Day", DayOffKind.Holiday));
        list.Add(new(new DateOnly(year, 9, 1), NationalDay, NationalDayEn, DayOffKind.Holiday));
        list.Add(new(new DateOnly(year, 9, 2), NationalDay, NationalDayEn, DayOffKind.Holiday));
        return [.. list.OrderBy(d => d.Date)];
    }

    /// <summary>The days off of a year, built once on first use; concurrent first uses share one build.</summary>
    private FrozenDictionary<DateOnly, DayOff> Year(int year)
    {
        if (!_years.TryGetValue(year, out var plan))
        {
            plan = _years.GetOrAdd(year, y => new Lazy<FrozenDictionary<DateOnly, DayOff>>(() => BuildYear(y), LazyThreadSafetyMode.ExecutionAndPublication));
        }

        return plan.Value;
    }

    private FrozenDictionary<DateOnly, DayOff> BuildYear(int year)
    {
        var statutory = StatutoryHolidays(year).ToDictionary(d => d.Date);
        var daysOff = new Dictionary<DateOnly, DayOff>();

        // Non-working before compensation: the override if any, else weekend or statutory holiday.
        bool OffBeforeCompensation(DateOnly date) => _overrides.TryGetValue(date, out var decided)
            ? decided.Kind == CalendarOverrideKind.DayOff
            : IsWeekend(date) || statutory.ContainsKey(date);

        var done = new HashSet<DateOnly>();
        foreach (var holiday in statutory.Values.OrderBy(d => d.Date))
        {
            if (!done.Add(holiday.Date))
            {
                continue;
            }

            var first = holiday.Date;
            while (OffBeforeCompensation(first.AddDays(-1)) || statutory.ContainsKey(first.AddDays(-1)))
            {
                first = first.AddDays(-1);
            }

            var last = holiday.Date;
            while (OffBeforeCompensation(last.AddDays(1)) || statutory.ContainsKey(last.AddDays(1)))
            {
                last = last.AddDays(1);
            }

            var onWeekend = new List<DayOff>();
            var decidedByGovernment = false;
            for (var date = first; date <= last.AddDays(1); date = date.AddDays(1))
            {
                decidedByGovernment |= _overrides.ContainsKey(date);
                if (date <= last && statutory.TryGetValue(date, out var inBlock))
                {
                    done.Add(date);
                    if (IsWeekend(date))
                    {
                        onWeekend.Add(inBlock);
                    }
                }
            }

            if (decidedByGovernment)
            {
                continue;
            }

            // Compensatory days stay within the year: the last statutory holiday is 2/9.
            var candidate = last;
            foreach (var compensated in onWeekend)
            {
                do
                {
                    candidate = candidate.AddDays(1);
                }
                while (IsWeekend(candidate) || statutory.ContainsKey(candidate) || _overrides.ContainsKey(candidate) || daysOff.ContainsKey(candidate));

                daysOff[candidate] = new DayOff(candidate, $"Nghỉ bù {compensated.Name}", $"Compensatory day off ({compensated.NameEn})", DayOffKind.Compensatory);
            }
        }

        foreach (var holiday in statutory.Values)
        {
            if (!(_overrides.TryGetValue(holiday.Date, out var decided) && decided.Kind == CalendarOverrideKind.WorkingDay))
            {
                daysOff[holiday.Date] = holiday;
            }
        }

        foreach (var decided in _overrides.Values)
        {
            if (decided.Date.Year == year && decided.Kind == CalendarOverrideKind.DayOff && !statutory.ContainsKey(decided.Date))
            {
                daysOff[decided.Date] = new DayOff(decided.Date, decided.Name, decided.NameEn ?? decided.Name, DayOffKind.Override);
            }
        }

        return daysOff.ToFrozenDictionary();
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static DateTimeOffset At(DateOnly date, TimeSpan time) => new(date.ToDateTime(TimeOnly.MinValue) + time, VietnamOffset);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
