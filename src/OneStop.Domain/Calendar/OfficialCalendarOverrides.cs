namespace OneStop.Domain.Calendar;

/// <summary>
/// Government decisions on days off and working Saturdays for public offices (cán bộ, công chức, viên chức), date by date.
/// A period listed here is fully defined by its overrides: <see cref="WorkingCalendar"/> adds no compensatory day for it.
/// Weekend days inside a period are listed too so that the period reads as the government announced it.
/// </summary>
public static class OfficialCalendarOverrides
{
    public static IReadOnlyList<CalendarOverride> Vietnam { get; } = Build();

    private static CalendarOverride[] Build()
    {
        var list = new List<CalendarOverride>();

        // Tết Nguyên đán Ất Tỵ 2025: Saturday 25/1 to Sunday 2/2/2025, 9 days.
        list.AddRange(Range(new DateOnly(2025, 1, 25), new DateOnly(2025, 2, 2), "Nghỉ Tết Nguyên đán Ất Tỵ", "Lunar New Year (Tết) holiday 2025"));

        // 30/4 and 1/5/2025: Wednesday 30/4 to Sunday 4/5; Friday 2/5 is swapped with Saturday 26/4, which is worked.
        list.Add(Working(new DateOnly(2025, 4, 26), "Làm bù cho ngày nghỉ 02/5/2025", "Working Saturday in exchange for 2 May 2025"));
        list.AddRange(Range(new DateOnly(2025, 4, 30), new DateOnly(2025, 5, 1), "Nghỉ lễ Ngày Chiến thắng và Quốc tế lao động", "Reunification Day and Labour Day holiday 2025"));
        list.Add(Off(new DateOnly(2025, 5, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", "Day off swapped with Saturday 26 April 2025"));
        list.AddRange(Range(new DateOnly(2025, 5, 3), new DateOnly(2025, 5, 4), "Nghỉ lễ Ngày Chiến thắng và Quốc tế lao động", "Reunification Day and Labour Day holiday 2025"));

        // Quốc khánh 2025: Saturday 30/8 to Tuesday 2/9 (1/9 is the adjacent day chosen for 2025).
        list.AddRange(Range(new DateOnly(2025, 8, 30), new DateOnly(2025, 9, 2), "Nghỉ lễ Quốc khánh", "National Day holiday 2025"));

        // Tết Dương lịch 2026: Thursday 1/1 to Sunday 4/1, with Friday 2/1 an extra day off.
        // UNCONFIRMED: entered from docs/domain.md §9, not yet checked against the published decision.
        list.Add(Off(new DateOnly(2026, 1, 1), "Tết Dương lịch", "New Year's Day"));
        list.Add(Off(new DateOnly(2026, 1, 2), "Nghỉ Tết Dương lịch", "New Year holiday 2026"));
        list.AddRange(Range(new DateOnly(2026, 1, 3), new DateOnly(2026, 1, 4), "Nghỉ Tết Dương lịch", "New Year holiday 2026"));

        // Tết Nguyên đán Bính Ngọ 2026: Saturday 14/2 to Sunday 22/2/2026, 9 days.
        list.AddRange(Range(new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 22), "Nghỉ Tết Nguyên đán Bính Ngọ", "Lunar New Year (Tết) holiday 2026"));

        return [.. list];
    }

    private static CalendarOverride Off(DateOnly date, string name, string nameEn) => new(date, CalendarOverrideKind.DayOff, name, nameEn);

    private static CalendarOverride Working(DateOnly date, string name, string nameEn) => new(date, CalendarOverrideKind.WorkingDay, name, nameEn);

    private static IEnumerable<CalendarOverride> Range(DateOnly first, DateOnly last, string name, string nameEn)
    {
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            yield return Off(date, name, nameEn);
        }
    }
}
