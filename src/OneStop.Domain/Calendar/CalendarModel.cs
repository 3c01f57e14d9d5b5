namespace OneStop.Domain.Calendar;

public enum CalendarOverrideKind
{
    /// <summary>The date is a day off, whatever it would otherwise be.</summary>
    DayOff = 0,
    /// <summary>The date is a full working day (e.g. a Saturday worked in exchange for a bridging day off).</summary>
    WorkingDay = 1,
}

/// <summary>A government decision for one date (nghỉ hoán đổi, làm bù, nghỉ thêm), with its name in Vietnamese and English.</summary>
public sealed record CalendarOverride(DateOnly Date, CalendarOverrideKind Kind, string Name, string? NameEn = null);

public enum DayOffKind
{
    /// <summary>A statutory public holiday (Bộ luật Lao động 2019, art. 112).</summary>
    Holiday = 0,
    /// <summary>Nghỉ bù: the next working day after a statutory holiday falling on a weekend (art. 111(3)).</summary>
    Compensatory = 1,
    /// <summary>A day off set by a government override that is not itself a statutory holiday.</summary>
    Override = 2,
}

public sealed record DayOff(DateOnly Date, string Name, string NameEn, DayOffKind Kind);

/// <summary>
/// Office hours (giờ hành chính): a morning and an afternoon period, Monday to Friday, and the reception cut-off
/// after which some procedures count a dossier from the next working day.
/// </summary>
public sealed record WorkingHours(TimeOnly MorningStart, TimeOnly MorningEnd, TimeOnly AfternoonStart, TimeOnly AfternoonEnd, TimeOnly Cutoff)
{
    /// <summary>07:00–11:30 and 13:30–17:00 (8 hours), cut-off 15:00.</summary>
    public static WorkingHours Default { get; } = new(new(7, 0), new(11, 30), new(13, 30), new(17, 0), new(15, 0));

    /// <summary>Working time in one working day.</summary>
    public TimeSpan DayLength => (MorningEnd - MorningStart) + (AfternoonEnd - AfternoonStart);

    /// <summary>Throws when the periods are empty, reversed or overlapping.</summary>
    public void Validate()
    {
        if (MorningStart >= MorningEnd || MorningEnd > AfternoonStart || AfternoonStart >= AfternoonEnd)
        {
            throw new ArgumentException(
                $"Working hours must satisfy MorningStart < MorningEnd <= AfternoonStart < AfternoonEnd; got {MorningStart}–{MorningEnd}, {AfternoonStart}–{AfternoonEnd}.");
        }
    }
}
