using OneStop.Domain.Calendar;

namespace OneStop.Domain.Tests;

public class LunarCalendarTests
{
    [Theory]
    [InlineData(1900, "1900-01-31")]
    [InlineData(1968, "1968-01-29")] // Vietnam; China 30/1/1968
    [InlineData(1985, "1985-01-21")] // Vietnam; China 20/2/1985
    [InlineData(2000, "2000-02-05")]
    [InlineData(2007, "2007-02-17")] // Vietnam; China 18/2/2007
    [InlineData(2010, "2010-02-14")]
    [InlineData(2015, "2015-02-19")]
    [InlineData(2020, "2020-01-25")]
    [InlineData(2021, "2021-02-12")]
    [InlineData(2022, "2022-02-01")]
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2029, "2029-02-13")]
    public void Lunar_new_year_falls_on_the_Vietnamese_date(int lunarYear, string solar)
    {
        var date = DateOnly.Parse(solar);
        Assert.Equal(date, LunarCalendar.ToSolar(new LunarDate(lunarYear, 1, 1, false)));
        Assert.Equal(new LunarDate(lunarYear, 1, 1, false), LunarCalendar.FromSolar(date));
        // The day before is the last day of month 12 of the previous lunar year.
        var eve = LunarCalendar.FromSolar(date.AddDays(-1));
        Assert.Equal((lunarYear - 1, 12, false), (eve.Year, eve.Month, eve.IsLeapMonth));
        Assert.Equal(LunarCalendar.DaysInMonth(lunarYear - 1, 12), eve.Day);
    }

    [Theory]
    [InlineData(2023, "2023-04-29")]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    public void Gio_To_Hung_Vuong_is_lunar_10_3(int lunarYear, string solar) =>
        Assert.Equal(DateOnly.Parse(solar), LunarCalendar.ToSolar(new LunarDate(lunarYear, 3, 10, false)));

    [Theory]
    [InlineData(2014, 9, "2014-10-24")]
    [InlineData(2017, 6, "2017-07-23")]
    [InlineData(2020, 4, "2020-05-23")]
    [InlineData(2023, 2, "2023-03-22")]
    [InlineData(2025, 6, "2025-07-25")]
    public void A_leap_month_repeats_the_previous_month(int lunarYear, int leapMonth, string leapStart)
    {
        var start = DateOnly.Parse(leapStart);
        Assert.Equal(leapMonth, LunarCalendar.LeapMonth(lunarYear));
        Assert.Equal(start, LunarCalendar.ToSolar(new LunarDate(lunarYear, leapMonth, 1, true)));
        Assert.Equal(new LunarDate(lunarYear, leapMonth, 1, true), LunarCalendar.FromSolar(start));

        var before = LunarCalendar.FromSolar(start.AddDays(-1));
        Assert.Equal((lunarYear, leapMonth, false), (before.Year, before.Month, before.IsLeapMonth));

        var after = LunarCalendar.ToSolar(new LunarDate(lunarYear, leapMonth + 1, 1, false));
        Assert.Equal(new LunarDate(lunarYear, leapMonth + 1, 1, false), LunarCalendar.FromSolar(after));
        Assert.Equal(LunarCalendar.DaysInMonth(lunarYear, leapMonth, isLeapMonth: true), after.DayNumber - start.DayNumber);
    }

    [Theory]
    [InlineData(2019)]
    [InlineData(2021)]
    [InlineData(2024)]
    [InlineData(2026)]
    public void A_year_without_leap_month_has_none(int lunarYear)
    {
        Assert.Equal(0, LunarCalendar.LeapMonth(lunarYear));
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToSolar(new LunarDate(lunarYear, 4, 1, true)));
    }

    [Theory]
    [InlineData(2024, 0, 1, false)]
    [InlineData(2024, 13, 1, false)]
    [InlineData(2024, 1, 0, false)]
    [InlineData(2024, 1, 31, false)]
    [InlineData(2025, 5, 1, true)] // 2025's leap month is the 6th
    [InlineData(2023, 3, 1, true)] // 2023's leap month is the 2nd
    public void A_day_that_does_not_exist_is_refused(int year, int month, int day, bool leap) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToSolar(new LunarDate(year, month, day, leap)));

    [Fact]
    public void Day_30_exists_only_in_long_months()
    {
        for (var month = 1; month <= 12; month++)
        {
            var length = LunarCalendar.DaysInMonth(2025, month);
            Assert.InRange(length, 29, 30);
            var lunar = new LunarDate(2025, month, 30, false);
            if (length == 30)
            {
                Assert.Equal(lunar, LunarCalendar.FromSolar(LunarCalendar.ToSolar(lunar)));
            }
            else
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToSolar(lunar));
            }
        }
    }

    [Fact]
    public void Every_day_from_1900_to_2100_round_trips_and_follows_the_day_before()
    {
        var first = new DateOnly(1900, 1, 1);
        var last = new DateOnly(2100, 12, 31);
        var previous = LunarCalendar.FromSolar(first.AddDays(-1));
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            var lunar = LunarCalendar.FromSolar(date);
            Assert.Equal(date, LunarCalendar.ToSolar(lunar));
            if (lunar.Day == 1)
            {
                Assert.InRange(previous.Day, 29, 30);
                if (lunar.IsLeapMonth)
                {
                    Assert.Equal(previous with { Day = 1, IsLeapMonth = true }, lunar);
                }
                else
                {
                    var month = (previous.Month % 12) + 1;
                    Assert.Equal(new LunarDate(month == 1 ? previous.Year + 1 : previous.Year, month, 1, false), lunar);
                }
            }
            else
            {
                Assert.Equal(previous with { Day = previous.Day + 1 }, lunar);
            }

            previous = lunar;
        }
    }

    [Fact]
    public void Dates_outside_the_supported_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.FromSolar(new DateOnly(1799, 12, 31)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.FromSolar(new DateOnly(2200, 1, 1)));
    }
}
