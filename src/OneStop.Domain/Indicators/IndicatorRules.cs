using OneStop.Domain.Dossiers;

namespace OneStop.Domain.Indicators;

/// <summary>
/// Counts of one day (Vietnam time) for one slice (agency, procedure, field, channel). A dossier adds to the day it was
/// received (reception, channel and the flags of what it is made of), the day it ended (resolution and its timeliness)
/// and the days that tell when it became overdue; every indicator of any period is a sum of these counts
/// (<see cref="IndicatorRules.Summarise"/>). Stored as counters, they are maintained by adding a dossier's new lines and
/// subtracting its old ones when it changes.
/// </summary>
public sealed record DayCounts
{
    public long Received { get; init; }
    public long Online { get; init; }
    public long InPerson { get; init; }
    public long Post { get; init; }
    /// <summary>Left the agency's work: resolved (early, on time, late) or withdrawn.</summary>
    public long Ended { get; init; }
    public long Early { get; init; }
    public long OnTime { get; init; }
    public long Late { get; init; }
    public long Withdrawn { get; init; }
    /// <summary>Processing time of the resolved, in minutes, time waiting for the applicant subtracted.</summary>
    public long ProcessingMinutes { get; init; }
    /// <summary>Dossiers whose appointment (as the 2.1 rule judges it) falls on the day.</summary>
    public long DueMarks { get; init; }
    /// <summary>Ended dossiers, on the later of their appointment day and their end day.</summary>
    public long DueEndMarks { get; init; }
    public long FeeBearing { get; init; }
    public long PaidOnline { get; init; }
    public long FullyOnline { get; init; }
    public long Digitised { get; init; }
    public long Reused { get; init; }
    /// <summary>Resolved with a result (approved or returned).</summary>
    public long Results { get; init; }
    public long ElectronicResults { get; init; }

    public static DayCounts Zero { get; } = new();

    public static DayCounts operator +(DayCounts a, DayCounts b) => a.Combine(b, 1);

    public static DayCounts operator -(DayCounts a, DayCounts b) => a.Combine(b, -1);

    public static DayCounts Add(DayCounts a, DayCounts b) => a + b;

    public static DayCounts Subtract(DayCounts a, DayCounts b) => a - b;

    public bool IsZero => this == Zero;

    /// <summary>The counts as one array, in declaration order (for storage and sums in SQL).</summary>
    public long[] ToArray() =>
        [Received, Online, InPerson, Post, Ended, Early, OnTime, Late, Withdrawn, ProcessingMinutes, DueMarks, DueEndMarks,
            FeeBearing, PaidOnline, FullyOnline, Digitised, Reused, Results, ElectronicResults];

    public static DayCounts FromArray(IReadOnlyList<long> v) => new()
    {
        Received = v[0], Online = v[1], InPerson = v[2], Post = v[3], Ended = v[4], Early = v[5], OnTime = v[6], Late = v[7],
        Withdrawn = v[8], ProcessingMinutes = v[9], DueMarks = v[10], DueEndMarks = v[11], FeeBearing = v[12],
        PaidOnline = v[13], FullyOnline = v[14], Digitised = v[15], Reused = v[16], Results = v[17], ElectronicResults = v[18],
    };

    /// <summary>The names of the counts, in the order of <see cref="ToArray"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [nameof(Received), nameof(Online), nameof(InPerson), nameof(Post), nameof(Ended), nameof(Early), nameof(OnTime), nameof(Late),
            nameof(Withdrawn), nameof(ProcessingMinutes), nameof(DueMarks), nameof(DueEndMarks), nameof(FeeBearing), nameof(PaidOnline),
            nameof(FullyOnline), nameof(Digitised), nameof(Reused), nameof(Results), nameof(ElectronicResults)];

    private DayCounts Combine(DayCounts b, int sign)
    {
        var x = ToArray();
        var y = b.ToArray();
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += sign * y[i];
        }

        return FromArray(x);
    }
}

/// <summary>One dossier's counts on one day.</summary>
public sealed record DayLine(DateOnly Day, DayCounts Counts);

/// <summary>How one dossier was judged: its outcome, the instant its clock stopped and its counts per day.</summary>
public sealed record Judgement(bool Counted, IndicatorOutcome IndicatorOutcome, DateTimeOffset? EndedAt, DateTimeOffset? ClockStoppedAt, DateTimeOffset? EffectiveDueAt,
    double ProcessingDays, IReadOnlyList<DayLine> Lines)
{
    public static Judgement NotCounted { get; } = new(false, IndicatorOutcome.Open, null, null, null, 0, []);
}

public sealed record ReceivedFigures(long Total, long Online, long InPerson, long Post, long CarriedOver);

public sealed record ResolvedFigures(long Total, long Early, long OnTime, long Late);

public sealed record InProgressFigures(long Total, long WithinTime, long Overdue);

/// <summary>Rates as fractions 0–1 (4 decimals); null when the denominator is 0 ("no data").</summary>
public sealed record RateFigures(double? Online, double? OnTime, double? FullyOnline, double? OnlinePayment, double? Digitised, double? Reused,
    double? ElectronicResult, double? Satisfied);

/// <summary>A numerator over a denominator; the ratio is null when the denominator is 0.</summary>
public sealed record Measure(long Numerator, long Denominator)
{
    public double? Ratio => Denominator == 0 ? null : (double)Numerator / Denominator;
}

/// <summary>
/// The indicators of a period for a slice of dossiers: the columns of report II.06a, the figures of indicator 2.1 and the
/// rates of the operations centre, all from the same sums.
/// </summary>
public sealed record IndicatorSet(ReceivedFigures Received, ResolvedFigures Resolved, InProgressFigures InProgress, long Withdrawn,
    RateFigures Rates, double? AverageProcessingDays, DayCounts Within)
{
    /// <summary>Indicator 2.1: (resolved early or on time + in progress within time) ÷ (resolved + in progress).</summary>
    public Measure OnTime => new(Resolved.Early + Resolved.OnTime + InProgress.WithinTime, Resolved.Total + InProgress.Total);

    public Measure OnlineFiling => new(Received.Online, Received.Total);

    public Measure OnlinePayment => new(Within.PaidOnline, Within.FeeBearing);

    public Measure Digitised => new(Within.Digitised, Received.Total);

    public Measure Reused => new(Within.Reused, Received.Total);

    public Measure ElectronicResult => new(Within.ElectronicResults, Within.Results);

    public Measure FullyOnline => new(Within.FullyOnline, Received.Total);
}

/// <summary>
/// The rules that turn dossiers into indicators (DOMAIN.md §10, QĐ 766 indicator 2.1 and form II.06a):
/// <list type="bullet">
/// <item>A dossier counts once the desk has received it; a dossier refused at the desk was never received, and a dossier
/// handed over by another agency (liên thông) is counted once, as the original dossier of the agency that received it
/// from the applicant.</item>
/// <item>Processing ends at the first of Đã xử lý xong (approved, the result waits at the desk), Đã trả kết quả, Dừng xử lý
/// or refusal. A withdrawn dossier leaves the work without a resolution: it is neither resolved nor in progress after.</item>
/// <item>On time: the end is no later than the appointment (ngày hẹn trả, already moved by the time spent waiting for a
/// supplement and by an apology letter). A dossier finished exactly at its appointment is on time; one finished before
/// the appointment's day is early. While a single supplement request is unanswered the clock stands at the request;
/// a second supplement request makes the dossier late from that moment.</item>
/// <item>Dossiers in progress are judged at the end of the period's last day.</item>
/// <item>Processing time runs from reception to the end, less the time spent waiting for the applicant.</item>
/// </list>
/// </summary>
public static class IndicatorRules
{
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(VietnamOffset).DateTime);

    /// <summary>When processing ended, or null while in progress.</summary>
    public static DateTimeOffset? EndOf(DossierFacts d) => d.Status switch
    {
        DossierStatus.Resolved => d.ReleasedAt ?? d.CompletedAt,
        DossierStatus.Returned => d.ReleasedAt ?? d.CompletedAt,
        DossierStatus.Stopped or DossierStatus.Refused or DossierStatus.Withdrawn => d.CompletedAt,
        _ => null,
    };

    /// <summary>Judges one dossier and gives its counts per day.</summary>
    public static Judgement Judge(DossierFacts d)
    {
        if (d.ReceivedAt is not { } received || d.Channel == Channel.Transfer)
        {
            return Judgement.NotCounted;
        }

        var end = EndOf(d);
        var supplements = d.Supplements.Where(s => s.AskedAt >= received && (end is null || s.AskedAt <= end)).OrderBy(s => s.AskedAt).ToList();
        var waiting = supplements.FirstOrDefault(s => s.AnsweredAt is null);

        // The instant the 2.1 rule judges an ended dossier at, and the appointment that makes an open one overdue.
        DateTimeOffset? clock = end is null ? null : supplements.Count == 1 && waiting is not null ? waiting.AskedAt : end;
        DateTimeOffset? effectiveDue = d.DueAt;
        if (supplements.Count >= 2)
        {
            effectiveDue = d.DueAt is { } due && due < supplements[1].AskedAt ? due : supplements[1].AskedAt;
        }
        else if (waiting is not null && d.DueAt is { } due && waiting.AskedAt <= due)
        {
            effectiveDue = null; // the clock stands while the applicant is asked: never overdue meanwhile
        }

        var outcome = IndicatorOutcome.Open;
        if (end is not null)
        {
            outcome = d.Status == DossierStatus.Withdrawn ? IndicatorOutcome.Withdrawn
                : supplements.Count >= 2 || Deadlines.IsLate(d.DueAt, clock!.Value) ? IndicatorOutcome.Late
                : d.DueAt is { } due && Day(clock!.Value) < Day(due) ? IndicatorOutcome.Early
                : IndicatorOutcome.OnTime;
        }

        var processing = TimeSpan.Zero;
        if (end is { } e && outcome != IndicatorOutcome.Withdrawn)
        {
            processing = e - received;
            foreach (var s in supplements)
            {
                var from = s.AskedAt;
                var to = s.AnsweredAt is { } a && a < e ? a : e;
                if (to > from)
                {
                    processing -= to - from;
                }
            }

            if (processing < TimeSpan.Zero)
            {
                processing = TimeSpan.Zero;
            }
        }

        var resolvedWithResult = d.Status is DossierStatus.Resolved or DossierStatus.Returned;
        var lines = new List<DayLine>
        {
            new(Day(received), new DayCounts
            {
                Received = 1,
                Online = d.Channel == Channel.Online ? 1 : 0,
                InPerson = d.Channel == Channel.InPerson ? 1 : 0,
                Post = d.Channel == Channel.Post ? 1 : 0,
                FeeBearing = d.FeeBearing ? 1 : 0,
                PaidOnline = d.FeeBearing && d.PaidOnline ? 1 : 0,
                FullyOnline = d.Channel == Channel.Online && (!d.FeeBearing || d.PaidOnline)
                    && d.Status == DossierStatus.Returned && d.ReturnChannel is ReturnChannel.Online or ReturnChannel.Post ? 1 : 0,
                Digitised = d.HasComponentFiles && (!resolvedWithResult || d.HasElectronicResult) ? 1 : 0,
                Reused = d.HasReusedDocument ? 1 : 0,
            }),
        };
        if (end is { } ended)
        {
            lines.Add(new(Day(ended), new DayCounts
            {
                Ended = 1,
                Early = outcome == IndicatorOutcome.Early ? 1 : 0,
                OnTime = outcome == IndicatorOutcome.OnTime ? 1 : 0,
                Late = outcome == IndicatorOutcome.Late ? 1 : 0,
                Withdrawn = outcome == IndicatorOutcome.Withdrawn ? 1 : 0,
                ProcessingMinutes = (long)Math.Round(processing.TotalMinutes),
                Results = resolvedWithResult ? 1 : 0,
                ElectronicResults = resolvedWithResult && d.HasElectronicResult ? 1 : 0,
            }));
        }

        if (effectiveDue is { } dueAt)
        {
            lines.Add(new(Day(dueAt), new DayCounts { DueMarks = 1 }));
            if (end is { } finished)
            {
                var day = Day(finished) > Day(dueAt) ? Day(finished) : Day(dueAt);
                lines.Add(new(day, new DayCounts { DueEndMarks = 1 }));
            }
        }

        return new Judgement(true, outcome, end, clock, effectiveDue, processing.TotalDays, Merge(lines));
    }

    /// <summary>The indicators of [from, to] from the sums of the counts of the days before <paramref name="from"/> and of the days in the period.</summary>
    public static IndicatorSet Summarise(DayCounts before, DayCounts within)
    {
        var carried = before.Received - before.Ended;
        var open = carried + within.Received - within.Ended;
        var overdue = before.DueMarks + within.DueMarks - before.DueEndMarks - within.DueEndMarks;
        var resolved = within.Early + within.OnTime + within.Late;
        var set = new IndicatorSet(
            new ReceivedFigures(within.Received, within.Online, within.InPerson, within.Post, carried),
            new ResolvedFigures(resolved, within.Early, within.OnTime, within.Late),
            new InProgressFigures(open, open - overdue, overdue),
            within.Withdrawn,
            null!,
            resolved == 0 ? null : Math.Round(within.ProcessingMinutes / 1440.0 / resolved, 2),
            within);
        return set with
        {
            Rates = new RateFigures(Rate(set.OnlineFiling), Rate(set.OnTime), Rate(set.FullyOnline), Rate(set.OnlinePayment), Rate(set.Digitised),
                Rate(set.Reused), Rate(set.ElectronicResult), Satisfied: null /* from ratings, per agency: IndicatorQueries.IndicatorsAsync */),
        };
    }

    /// <summary>The indicators of [from, to] (days in Vietnam time, both included) computed straight from dossiers: the reference the counters must agree with.</summary>
    public static IndicatorSet Compute(IEnumerable<DossierFacts> dossiers, DateOnly from, DateOnly to)
    {
        var before = DayCounts.Zero;
        var within = DayCounts.Zero;
        foreach (var line in dossiers.SelectMany(d => Judge(d).Lines))
        {
            if (line.Day < from)
            {
                before += line.Counts;
            }
            else if (line.Day <= to)
            {
                within += line.Counts;
            }
        }

        return Summarise(before, within);
    }

    public static double? Rate(Measure m) => m.Ratio is { } r ? Math.Round(r, 4) : null;

    private static List<DayLine> Merge(List<DayLine> lines) =>
        lines.GroupBy(l => l.Day).OrderBy(g => g.Key).Select(g => new DayLine(g.Key, g.Select(l => l.Counts).Aggregate(DayCounts.Zero, (a, b) => a + b))).ToList();
}
