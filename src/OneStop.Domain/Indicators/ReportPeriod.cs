using System.Globalization;
using System.Text.RegularExpressions;

namespace OneStop.Domain.Indicators;

/// <summary>A reporting period: days in Vietnam time, both ends included.</summary>
public sealed partial record ReportPeriod(DateOnly From, DateOnly To, string Label)
{
    /// <summary>The longest range any indicator is asked for.</summary>
    public const int MaxYears = 10;

    /// <summary>A month (yyyy-MM), a quarter (yyyy-Qn) or a year (yyyy); null when the text is none of these.</summary>
    public static ReportPeriod? Parse(string? text)
    {
        var m = Shape().Match(text?.Trim() ?? "");
        if (!m.Success)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100)
        {
            return null;
        }

        if (m.Groups["m"].Success)
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var first = new DateOnly(year, month, 1);
            return new(first, first.AddMonths(1).AddDays(-1), $"{year:D4}-{month:D2}");
        }

        if (m.Groups["q"].Success)
        {
            var q = int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture);
            var first = new DateOnly(year, (q * 3) - 2, 1);
            return new(first, first.AddMonths(3).AddDays(-1), $"{year:D4}-Q{q}");
        }

        return new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), $"{year:D4}");
    }

    /// <summary>A custom range; null when a date does not parse, the range is reversed or longer than <see cref="MaxYears"/> years.</summary>
    public static ReportPeriod? Range(string? from, string? to)
    {
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            || t < f || t > f.AddYears(MaxYears))
        {
            return null;
        }

        return new(f, t, $"{from}..{to}");
    }

    /// <summary>The period of the same length just before (for "change against the previous period").</summary>
    public ReportPeriod Previous()
    {
        var days = To.DayNumber - From.DayNumber + 1;
        if (From.Day == 1 && To.AddDays(1).Day == 1)
        {
            var months = ((To.Year - From.Year) * 12) + To.Month - From.Month + 1;
            var first = From.AddMonths(-months);
            return new(first, From.AddDays(-1), "previous");
        }

        return new(From.AddDays(-days), From.AddDays(-1), "previous");
    }

    /// <summary>The months the period covers, in order.</summary>
    public IEnumerable<ReportPeriod> Months()
    {
        for (var m = new DateOnly(From.Year, From.Month, 1); m <= To; m = m.AddMonths(1))
        {
            yield return Parse(m.ToString("yyyy-MM", CultureInfo.InvariantCulture))!;
        }
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<m>0[1-9]|1[0-2])|-Q(?<q>[1-4]))?$")]
    private static partial Regex Shape();
}
