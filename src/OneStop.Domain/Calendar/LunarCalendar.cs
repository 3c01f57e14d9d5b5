namespace OneStop.Domain.Calendar;

/// <summary>A day of the Vietnamese lunisolar calendar (âm lịch). <see cref="Year"/> is the Gregorian year in which the lunar year begins.</summary>
public sealed record LunarDate(int Year, int Month, int Day, bool IsLeapMonth)
{
    public override string ToString() => IsLeapMonth ? $"{Day}/{Month} (nhuận)/{Year}" : $"{Day}/{Month}/{Year}";
}

/// <summary>
/// Solar ↔ lunar conversion for the Vietnamese calendar, computed astronomically for the meridian of UTC+7
/// (which is why it differs from the Chinese calendar, computed for UTC+8, in some years such as 1985 and 2007).
/// </summary>
/// <remarks>
/// The rules are those described by Hồ Ngọc Đức:
/// a month starts on the local day of a new moon (conjunction);
/// month 11 is the month that contains the winter solstice;
/// when 13 months lie between two months 11, the first of them (after month 11) that contains no major solar term
/// (the sun's longitude crossing a multiple of 30°) is the leap month and repeats the number of the month before it.
/// New moons use Meeus's series of periodic terms; the sun's longitude uses Meeus's low-precision formula; both
/// are evaluated at local (UTC+7) midnight, as the published tables are. Supported years: <see cref="MinYear"/>–<see cref="MaxYear"/>.
/// </remarks>
public static class LunarCalendar
{
    public const int MinYear = 1800;
    public const int MaxYear = 2199;

    private const double TimeZoneHours = 7;
    private const double SynodicMonth = 29.530588853;
    /// <summary>Julian day of the new moon of 1 January 1900 (k = 0), the origin of the lunation number.</summary>
    private const double NewMoonEpoch = 2415021.076998695;
    /// <summary>Julian day number of 1 January 0001 (proleptic Gregorian) minus DateOnly.DayNumber.</summary>
    private const int JulianDayOfDayNumberZero = 1721426;
    private const double Degree = Math.PI / 180;

    public static LunarDate FromSolar(DateOnly date)
    {
        if (date.Year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"Supported years are {MinYear}–{MaxYear}.");
        }

        var jd = JulianDay(date);
        // The mean lunation is only a first guess: a true new moon can be more than half a day away from the mean one.
        var k = (int)Math.Floor((jd - NewMoonEpoch) / SynodicMonth);
        while (NewMoonDay(k + 1) <= jd)
        {
            k++;
        }

        while (NewMoonDay(k) > jd)
        {
            k--;
        }

        var monthStart = NewMoonDay(k);

        // The lunar year that contains month 11 of this Gregorian year, or the next one.
        var month11 = Month11Start(date.Year);
        int previous11, next11, lunarYear;
        if (month11 > monthStart)
        {
            lunarYear = date.Year;
            previous11 = Month11Start(date.Year - 1);
            next11 = month11;
        }
        else
        {
            lunarYear = date.Year + 1;
            previous11 = month11;
            next11 = Month11Start(date.Year + 1);
        }

        var offset = (int)Math.Floor((monthStart - previous11) / 29.0);
        var isLeap = false;
        var month = offset + 11;
        if (next11 - previous11 > 365)
        {
            var leapOffset = LeapMonthOffset(previous11);
            if (offset >= leapOffset)
            {
                month = offset + 10;
                isLeap = offset == leapOffset;
            }
        }

        if (month > 12)
        {
            month -= 12;
        }

        // Months 11 and 12 (and a leap 11 or 12) belong to the lunar year that began before previous11.
        if (month >= 11 && offset < 4)
        {
            lunarYear--;
        }

        return new LunarDate(lunarYear, month, jd - monthStart + 1, isLeap);
    }

    /// <summary>The solar date of a lunar date.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The month, leap month or day does not exist in that lunar year.</exception>
    public static DateOnly ToSolar(LunarDate lunar)
    {
        ArgumentNullException.ThrowIfNull(lunar);
        ValidateLunarYear(lunar.Year, nameof(lunar));

        if (lunar.Month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(lunar), lunar, "A lunar month is 1–12.");
        }

        var monthStart = MonthStart(lunar.Year, lunar.Month, lunar.IsLeapMonth, out var nextMonthStart);
        if (monthStart is null)
        {
            throw new ArgumentOutOfRangeException(nameof(lunar), lunar, $"Lunar year {lunar.Year} has no leap month {lunar.Month}.");
        }

        var length = nextMonthStart - monthStart.Value;
        if (lunar.Day < 1 || lunar.Day > length)
        {
            throw new ArgumentOutOfRangeException(nameof(lunar), lunar, $"Lunar month {lunar.Month}{(lunar.IsLeapMonth ? " (leap)" : "")} of {lunar.Year} has {length} days.");
        }

        return FromJulianDay(monthStart.Value + lunar.Day - 1);
    }

    /// <summary>The leap month of a lunar year (the number it repeats), or 0 when the year has none.</summary>
    public static int LeapMonth(int lunarYear)
    {
        ValidateLunarYear(lunarYear, nameof(lunarYear));

        // A lunar year's months 1–10 lie in the span month 11 (year − 1) → month 11 (year), months 11–12 in the next span.
        for (var month = 1; month <= 12; month++)
        {
            if (MonthStart(lunarYear, month, isLeap: true, out _) is not null)
            {
                return month;
            }
        }

        return 0;
    }

    /// <summary>Number of days (29 or 30) of a lunar month.</summary>
    public static int DaysInMonth(int lunarYear, int month, bool isLeapMonth = false)
    {
        ValidateLunarYear(lunarYear, nameof(lunarYear));
        if (month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, "A lunar month is 1–12.");
        }

        var start = MonthStart(lunarYear, month, isLeapMonth, out var next)
            ?? throw new ArgumentOutOfRangeException(nameof(isLeapMonth), isLeapMonth, $"Lunar year {lunarYear} has no leap month {month}.");
        return next - start;
    }

    /// <summary>Julian day number of the first day of a lunar month, or null when that (leap) month does not exist.</summary>
    private static int? MonthStart(int lunarYear, int month, bool isLeap, out int nextMonthStart)
    {
        int previous11, next11;
        if (month < 11)
        {
            previous11 = Month11Start(lunarYear - 1);
            next11 = Month11Start(lunarYear);
        }
        else
        {
            previous11 = Month11Start(lunarYear);
            next11 = Month11Start(lunarYear + 1);
        }

        var offset = month - 11;
        if (offset < 0)
        {
            offset += 12;
        }

        if (next11 - previous11 > 365)
        {
            var leapOffset = LeapMonthOffset(previous11);
            var leapMonth = leapOffset + 10;
            if (leapMonth > 12)
            {
                leapMonth -= 12;
            }

            if (isLeap && month != leapMonth)
            {
                nextMonthStart = 0;
                return null;
            }

            if (isLeap || offset >= leapOffset)
            {
                offset++;
            }
        }
        else if (isLeap)
        {
            nextMonthStart = 0;
            return null;
        }

        var k = (int)Math.Floor((previous11 - NewMoonEpoch) / SynodicMonth + 0.5);
        nextMonthStart = NewMoonDay(k + offset + 1);
        return NewMoonDay(k + offset);
    }

    /// <summary>Julian day number of the first day of lunar month 11 of a Gregorian year: the month that contains the December solstice.</summary>
    private static int Month11Start(int year)
    {
        var endOfYear = JulianDay(new DateOnly(year, 12, 31));
        var k = (int)Math.Floor((endOfYear - NewMoonEpoch) / SynodicMonth);
        var start = NewMoonDay(k);
        // Sector 9 is 270°–300°: the solstice has already passed by the start of this month, so month 11 is the one before.
        return SunSector(start) >= 9 ? NewMoonDay(k - 1) : start;
    }

    /// <summary>
    /// Offset from month 11 of the leap month in a 13-month span: the first month whose start and the next month's start
    /// have the sun in the same 30° sector, i.e. a month with no major solar term.
    /// </summary>
    private static int LeapMonthOffset(int month11Start)
    {
        var k = (int)Math.Floor((month11Start - NewMoonEpoch) / SynodicMonth + 0.5);
        var offset = 1;
        var sector = SunSector(NewMoonDay(k + 1));
        while (offset < 14)
        {
            var next = SunSector(NewMoonDay(k + offset + 1));
            if (next == sector)
            {
                return offset;
            }

            sector = next;
            offset++;
        }

        return offset - 1;
    }

    /// <summary>Local (UTC+7) Julian day number of the day of the k-th new moon after that of 1 January 1900.</summary>
    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoon(k) + 0.5 + TimeZoneHours / 24);

    /// <summary>Julian date (UT) of the k-th new moon after that of 1 January 1900 (Meeus, Astronomical Formulae for Calculators).</summary>
    private static double NewMoon(int k)
    {
        var t = k / 1236.85; // Julian centuries since 1900-01-01
        var t2 = t * t;
        var t3 = t2 * t;
        var mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
            + 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * Degree);
        var sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * Degree;
        var moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * Degree;
        var latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * Degree;

        var correction = (0.1734 - 0.000393 * t) * Math.Sin(sunAnomaly)
            + 0.0021 * Math.Sin(2 * sunAnomaly)
            - 0.4068 * Math.Sin(moonAnomaly)
            + 0.0161 * Math.Sin(2 * moonAnomaly)
            - 0.0004 * Math.Sin(3 * moonAnomaly)
            + 0.0104 * Math.Sin(2 * latitude)
            - 0.0051 * Math.Sin(sunAnomaly + moonAnomaly)
            - 0.0074 * Math.Sin(sunAnomaly - moonAnomaly)
            + 0.0004 * Math.Sin(2 * latitude + sunAnomaly)
            - 0.0004 * Math.Sin(2 * latitude - sunAnomaly)
            - 0.0006 * Math.Sin(2 * latitude + moonAnomaly)
            + 0.0010 * Math.Sin(2 * latitude - moonAnomaly)
            + 0.0005 * Math.Sin(2 * moonAnomaly + sunAnomaly);

        // ΔT (ephemeris time − universal time), in days.
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return mean + correction - deltaT;
    }

    /// <summary>The 30° sector (0–11, 0 = spring equinox) of the sun's longitude at local midnight starting a day.</summary>
    private static int SunSector(int julianDayNumber) =>
        (int)Math.Floor(SunLongitude(julianDayNumber - 0.5 - TimeZoneHours / 24) / (Math.PI / 6));

    /// <summary>Apparent-enough longitude of the sun in radians, 0–2π (Meeus, Astronomical Algorithms, ch. 25, low precision).</summary>
    private static double SunLongitude(double julianDate)
    {
        var t = (julianDate - 2451545.0) / 36525; // Julian centuries since J2000.0
        var t2 = t * t;
        var meanAnomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
        var meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var center = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(meanAnomaly * Degree)
            + (0.019993 - 0.000101 * t) * Math.Sin(2 * meanAnomaly * Degree)
            + 0.000290 * Math.Sin(3 * meanAnomaly * Degree);
        var longitude = (meanLongitude + center) * Degree;
        longitude -= 2 * Math.PI * Math.Floor(longitude / (2 * Math.PI));
        return longitude;
    }

    private static void ValidateLunarYear(int lunarYear, string parameter)
    {
        if (lunarYear is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(parameter, lunarYear, $"Supported lunar years are {MinYear}–{MaxYear}.");
        }
    }

    private static int JulianDay(DateOnly date) => date.DayNumber + JulianDayOfDayNumberZero;

    private static DateOnly FromJulianDay(int julianDayNumber) => DateOnly.FromDayNumber(julianDayNumber - JulianDayOfDayNumberZero);
}
