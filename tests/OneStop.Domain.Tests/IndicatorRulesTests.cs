using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;

namespace OneStop.Domain.Tests;

/// <summary>
/// The indicators of March 2026 for a hand-made set of dossiers, each figure worked out by hand below (DOMAIN.md §10:
/// end of processing, supplements, transfers, withdrawals, a dossier finished exactly at its appointment).
/// </summary>
public sealed class IndicatorRulesTests
{
    private static DateTimeOffset T(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    private static DossierFacts Resolved(Channel channel, DateTimeOffset received, DateTimeOffset due, DateTimeOffset released, params SupplementRequest[] supplements) =>
        new() { Channel = channel, Status = DossierStatus.Resolved, ReceivedAt = received, DueAt = due, ReleasedAt = released, Supplements = supplements };

    private static DossierFacts Open(Channel channel, DateTimeOffset received, DateTimeOffset due, DossierStatus status = DossierStatus.Processing, params SupplementRequest[] supplements) =>
        new() { Channel = channel, Status = status, ReceivedAt = received, DueAt = due, Supplements = supplements };

    /// <summary>A–M of the fixture; the comment of each says how it counts in March 2026.</summary>
    private static readonly Dictionary<string, DossierFacts> Fixture = new()
    {
        // Carried over from February, resolved early (3/3 before the appointment's day 5/3); 11 days.
        ["A"] = Resolved(Channel.Online, T(2, 20, 10), T(3, 5, 17), T(3, 3, 10)),
        // Finished exactly at its appointment: on time; returned the next day (the end is the approval); 4.375 days.
        ["B"] = Resolved(Channel.InPerson, T(3, 2, 8), T(3, 6, 17), T(3, 6, 17)) with { Status = DossierStatus.Returned, CompletedAt = T(3, 7, 9) },
        // By post, approved six days after its appointment: late; 8 days.
        ["C"] = Resolved(Channel.Post, T(3, 2, 9), T(3, 4, 17), T(3, 10, 9)),
        // One supplement (2 days waiting, already added to the appointment): early; 15 − 2 = 13 days.
        ["D"] = Resolved(Channel.Online, T(3, 3, 8), T(3, 20, 17), T(3, 18, 8), new SupplementRequest(T(3, 4, 8), T(3, 6, 8))),
        // A second supplement request makes it late even before its appointment; 17 − 1 − 1 = 15 days.
        ["E"] = Resolved(Channel.Online, T(3, 3, 8), T(4, 30, 17), T(3, 20, 8), new SupplementRequest(T(3, 5, 8), T(3, 6, 8)), new SupplementRequest(T(3, 10, 8), T(3, 11, 8))),
        // Open, its appointment passed on 25/3: overdue at the end of March.
        ["F"] = Open(Channel.InPerson, T(3, 10, 8), T(3, 25, 17)),
        // Open, due in April: within time.
        ["G"] = Open(Channel.Online, T(3, 12, 8), T(4, 10, 17)),
        // Waiting for a supplement asked before its appointment (20/3): the clock stands, within time.
        ["H"] = Open(Channel.Online, T(3, 12, 8), T(3, 20, 17), DossierStatus.AwaitingSupplement, new SupplementRequest(T(3, 15, 8), null)),
        // Received and withdrawn by its applicant: neither resolved nor in progress.
        ["I"] = new() { Channel = Channel.Online, Status = DossierStatus.Withdrawn, ReceivedAt = T(3, 5, 8), DueAt = T(3, 12, 17), CompletedAt = T(3, 8, 8) },
        // Handed over by another agency (liên thông): counted once, as its original.
        ["J"] = Resolved(Channel.Transfer, T(3, 5, 8), T(3, 6, 17), T(3, 9, 8)),
        // Refused at the desk: never received.
        ["K"] = new() { Channel = Channel.Online, Status = DossierStatus.Refused, CompletedAt = T(3, 5, 8) },
        // Received in January, due 20/1, still open: carried over and overdue.
        ["L"] = Open(Channel.Online, T(1, 10, 8), T(1, 20, 17)),
        // Stopped (Dừng xử lý) before its appointment: ends processing, early; 1 day 2 hours.
        ["M"] = new() { Channel = Channel.InPerson, Status = DossierStatus.Stopped, ReceivedAt = T(3, 30, 8), DueAt = T(4, 2, 17), CompletedAt = T(3, 31, 10) },
    };

    [Fact]
    public void March_2026_adds_up_as_worked_out_by_hand()
    {
        var s = IndicatorRules.Compute(Fixture.Values, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

        Assert.Equal(new ReceivedFigures(Total: 9, Online: 5, InPerson: 3, Post: 1, CarriedOver: 2), s.Received); // B–I, M; A and L
        Assert.Equal(new ResolvedFigures(Total: 6, Early: 3, OnTime: 1, Late: 2), s.Resolved); // A D M early, B on time, C E late
        Assert.Equal(new InProgressFigures(Total: 4, WithinTime: 2, Overdue: 2), s.InProgress); // G H within, F L overdue
        Assert.Equal(1, s.Withdrawn); // I
        Assert.Equal(new Measure(6, 10), s.OnTime); // (3 + 1 + 2) ÷ (6 + 4)
        Assert.Equal(0.6, s.Rates.OnTime);
        Assert.Equal(0.5556, s.Rates.Online); // 5 ÷ 9
        Assert.Equal(8.74, s.AverageProcessingDays); // (11 + 4.375 + 8 + 13 + 15 + 1.0833) ÷ 6 = 8.743
        Assert.Null(s.Rates.Satisfied);
    }

    [Fact]
    public void February_sees_only_what_had_happened_by_its_end()
    {
        var s = IndicatorRules.Compute(Fixture.Values, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));
        Assert.Equal(new ReceivedFigures(1, 1, 0, 0, 1), s.Received); // A received, L carried over
        Assert.Equal(new ResolvedFigures(0, 0, 0, 0), s.Resolved);
        Assert.Equal(new InProgressFigures(2, 1, 1), s.InProgress); // A within time (due 5/3), L overdue
        Assert.Null(s.AverageProcessingDays);
        Assert.Null(s.Rates.ElectronicResult);
    }

    [Fact]
    public void A_period_is_the_sum_of_its_parts_and_carries_over_what_its_first_part_left()
    {
        var march = IndicatorRules.Compute(Fixture.Values, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        var first = IndicatorRules.Compute(Fixture.Values, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 15));
        var second = IndicatorRules.Compute(Fixture.Values, new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 31));
        Assert.Equal(march.Received.Total, first.Received.Total + second.Received.Total);
        Assert.Equal(march.Resolved.Total, first.Resolved.Total + second.Resolved.Total);
        Assert.Equal(first.InProgress.Total, second.Received.CarriedOver);
        Assert.Equal(march.InProgress, second.InProgress);
        // The 06a identity: carried over + received = resolved + withdrawn + in progress.
        foreach (var s in new[] { march, first, second })
        {
            Assert.Equal(s.Received.CarriedOver + s.Received.Total, s.Resolved.Total + s.Withdrawn + s.InProgress.Total);
        }
    }

    public static TheoryData<string, DossierFacts, bool, IndicatorOutcome> Outcomes() => new()
    {
        { "exactly at the appointment", Resolved(Channel.Online, T(3, 2, 8), T(3, 6, 17), T(3, 6, 17)), true, IndicatorOutcome.OnTime },
        { "a minute after", Resolved(Channel.Online, T(3, 2, 8), T(3, 6, 17), T(3, 6, 17, 1)), true, IndicatorOutcome.Late },
        { "the morning of the appointment's day", Resolved(Channel.Online, T(3, 2, 8), T(3, 6, 17), T(3, 6, 8)), true, IndicatorOutcome.OnTime },
        { "the day before", Resolved(Channel.Online, T(3, 2, 8), T(3, 6, 17), T(3, 5, 16)), true, IndicatorOutcome.Early },
        { "returned late, approved on time", Resolved(Channel.Online, T(3, 2, 8), T(3, 6, 17), T(3, 6, 9)) with { Status = DossierStatus.Returned, CompletedAt = T(3, 20, 9) }, true, IndicatorOutcome.OnTime },
        { "stopped while waiting for a supplement asked in time", Open(Channel.Online, T(3, 2, 8), T(3, 6, 17), DossierStatus.Stopped, new SupplementRequest(T(3, 4, 8), null)) with { CompletedAt = T(3, 30, 8) }, true, IndicatorOutcome.Early },
        { "second supplement request", Resolved(Channel.Online, T(3, 2, 8), T(3, 30, 17), T(3, 9, 8), new SupplementRequest(T(3, 3, 8), T(3, 3, 9)), new SupplementRequest(T(3, 4, 8), T(3, 4, 9))), true, IndicatorOutcome.Late },
        { "supplement asked before reception does not count", Resolved(Channel.Online, T(3, 2, 8), T(3, 30, 17), T(3, 9, 8), new SupplementRequest(T(3, 1, 8), T(3, 1, 9)), new SupplementRequest(T(3, 4, 8), T(3, 4, 9))), true, IndicatorOutcome.Early },
        { "withdrawn", new DossierFacts { Channel = Channel.Online, Status = DossierStatus.Withdrawn, ReceivedAt = T(3, 2, 8), DueAt = T(3, 1, 17), CompletedAt = T(3, 9, 8) }, true, IndicatorOutcome.Withdrawn },
        { "transferred in", Resolved(Channel.Transfer, T(3, 2, 8), T(3, 6, 17), T(3, 9, 8)), false, IndicatorOutcome.Open },
        { "registered, never received", new DossierFacts { Channel = Channel.Online, Status = DossierStatus.Registered }, false, IndicatorOutcome.Open },
        { "in progress", Open(Channel.Post, T(3, 2, 8), T(3, 6, 17)), true, IndicatorOutcome.Open },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Each_dossier_is_judged_by_the_end_of_processing_rule(string why, DossierFacts facts, bool counted, IndicatorOutcome outcome)
    {
        var j = IndicatorRules.Judge(facts);
        Assert.True(counted == j.Counted, why);
        Assert.True(outcome == j.IndicatorOutcome, $"{why}: {j.IndicatorOutcome}");
    }

    [Fact]
    public void An_open_dossier_becomes_overdue_the_day_its_appointment_passes_and_a_second_supplement_makes_it_overdue_at_once()
    {
        var open = Open(Channel.Online, T(3, 2, 8), T(3, 6, 17));
        Assert.Equal(0, IndicatorRules.Compute([open], new(2026, 3, 1), new(2026, 3, 5)).InProgress.Overdue);
        Assert.Equal(1, IndicatorRules.Compute([open], new(2026, 3, 1), new(2026, 3, 6)).InProgress.Overdue);

        var twice = Open(Channel.Online, T(3, 2, 8), T(3, 30, 17), DossierStatus.AwaitingSupplement,
            new SupplementRequest(T(3, 3, 8), T(3, 3, 9)), new SupplementRequest(T(3, 10, 8), null));
        Assert.Equal(0, IndicatorRules.Compute([twice], new(2026, 3, 1), new(2026, 3, 9)).InProgress.Overdue);
        Assert.Equal(1, IndicatorRules.Compute([twice], new(2026, 3, 1), new(2026, 3, 10)).InProgress.Overdue);

        // Asked for a supplement after its appointment had passed: overdue while it waits.
        var askedLate = Open(Channel.Online, T(3, 2, 8), T(3, 6, 17), DossierStatus.AwaitingSupplement, new SupplementRequest(T(3, 9, 8), null));
        Assert.Equal(1, IndicatorRules.Compute([askedLate], new(2026, 3, 1), new(2026, 3, 31)).InProgress.Overdue);
    }

    [Fact]
    public void Rates_count_what_each_dossier_is_made_of()
    {
        var paid = Resolved(Channel.Online, T(3, 2, 8), T(3, 6, 17), T(3, 5, 8)) with
        {
            Status = DossierStatus.Returned, CompletedAt = T(3, 5, 9), ReturnChannel = ReturnChannel.Online,
            FeeBearing = true, PaidOnline = true, HasComponentFiles = true, HasElectronicResult = true, HasReusedDocument = true,
        };
        var paper = Resolved(Channel.InPerson, T(3, 2, 8), T(3, 6, 17), T(3, 5, 8)) with { FeeBearing = true, HasComponentFiles = true };
        var s = IndicatorRules.Compute([paid, paper], new(2026, 3, 1), new(2026, 3, 31));
        Assert.Equal(new Measure(1, 2), s.OnlinePayment);
        Assert.Equal(new Measure(1, 2), s.FullyOnline);
        Assert.Equal(new Measure(1, 2), s.Digitised); // the paper one has no electronic result
        Assert.Equal(new Measure(1, 2), s.Reused);
        Assert.Equal(new Measure(1, 2), s.ElectronicResult);
        Assert.Equal(0.5, s.Rates.OnlinePayment);
    }

    [Fact]
    public void Counters_are_kept_by_adding_new_lines_and_subtracting_old_ones()
    {
        var before = Open(Channel.Online, T(3, 2, 8), T(3, 6, 17));
        var after = Resolved(Channel.Online, T(3, 2, 8), T(3, 6, 17), T(3, 9, 8));
        var store = new Dictionary<DateOnly, DayCounts>();
        void Apply(DossierFacts f, int sign)
        {
            foreach (var l in IndicatorRules.Judge(f).Lines)
            {
                var old = store.GetValueOrDefault(l.Day, DayCounts.Zero);
                store[l.Day] = sign > 0 ? old + l.Counts : old - l.Counts;
            }
        }

        Apply(before, 1);
        Apply(before, -1);
        Apply(after, 1);
        var within = store.Where(x => x.Key >= new DateOnly(2026, 3, 1)).Aggregate(DayCounts.Zero, (a, x) => a + x.Value);
        Assert.Equal(IndicatorRules.Compute([after], new(2026, 3, 1), new(2026, 3, 31)), IndicatorRules.Summarise(DayCounts.Zero, within));
        Assert.Equal(DayCounts.FromArray(within.ToArray()), within);
        Assert.Equal(DayCounts.Names.Count, within.ToArray().Length);
    }
}

public sealed class ServiceIndexTests
{
    private static readonly string[] GroupIds = ["1", "2", "3", "3b", "4", "5"];

    [Theory]
    [InlineData(0.4, 0.5, 6, 4.8)]
    [InlineData(0.5, 0.5, 6, 6)]
    [InlineData(0.9, 0.5, 6, 6)]
    [InlineData(0.7, 1.0, 20, 14)]
    [InlineData(0.333333, 0.8, 2, 0.83)]
    [InlineData(0, 1.0, 6, 0)]
    public void Linear_threshold_scoring(double ratio, double threshold, double max, double points) =>
        Assert.Equal((decimal)points, ServiceIndex.Points(ratio, (decimal)threshold, (decimal)max));

    [Theory]
    [InlineData(95, "Xuất sắc")]
    [InlineData(90, "Xuất sắc")]
    [InlineData(89.99, "Tốt")]
    [InlineData(70, "Khá")]
    [InlineData(62.28, "Trung bình")]
    [InlineData(49.9, "Yếu")]
    public void Bands(double total, string band) => Assert.Equal(band, ServiceIndex.Band((decimal)total).Vietnamese);

    [Fact]
    public void The_shipped_table_sums_to_100_in_six_groups_and_a_table_that_does_not_is_refused_with_the_reason()
    {
        Assert.Empty(ServiceIndex.Problems(ServiceIndex.Default));
        Assert.Equal(100, ServiceIndex.Default.Indicators.Sum(i => i.MaxPoints));
        var groups = ServiceIndex.Default.Indicators.GroupBy(i => i.Group).ToDictionary(g => g.Key, g => g.Sum(i => i.MaxPoints));
        Assert.Equal([18m, 20m, 12m, 10m, 22m, 18m], GroupIds.Select(g => groups[g]));

        var broken = ServiceIndex.Default with { Indicators = [.. ServiceIndex.Default.Indicators.Skip(1)] };
        Assert.Contains(ServiceIndex.Problems(broken), p => p.Contains("94", StringComparison.Ordinal));
        var badThreshold = ServiceIndex.Default with { Indicators = [.. ServiceIndex.Default.Indicators.Select((i, n) => n == 0 ? i with { Threshold = 1.5m } : i)] };
        Assert.Contains(ServiceIndex.Problems(badThreshold), p => p.Contains("1.1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scorecard_shows_no_data_as_no_data_and_names_what_costs_points_costliest_first()
    {
        var card = ServiceIndex.Score(ServiceIndex.Default, new Dictionary<string, Measure>
        {
            ["onTime"] = new(7, 10), // 14 of 20: costs 6
            ["onlineFiling"] = new(1, 4), // 0.25 of a 0.5 threshold: 3 of 6, costs 3
            ["onlinePayment"] = new(0, 0), // no fee-bearing dossier: no data
            ["digitised"] = new(9, 10), // above its 0.8 threshold: 4 of 4
        });
        Assert.Equal(21m, card.Total);
        Assert.Equal("Yếu", card.Band);
        var all = card.Groups.SelectMany(g => g.Indicators).ToDictionary(i => i.Indicator.Id);
        Assert.False(all["3.6"].HasData);
        Assert.Null(all["3.6"].Ratio);
        Assert.False(all["1.1"].HasData);
        Assert.Equal(["2.1", "3.3"], card.CostingPoints.Select(i => i.Indicator.Id));
        Assert.Equal(6m, card.CostingPoints[0].Lost);
    }

    [Theory]
    [InlineData("2026-03", "2026-03-01", "2026-03-31")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("2026-Q2", "2026-04-01", "2026-06-30")]
    [InlineData("2025", "2025-01-01", "2025-12-31")]
    public void Periods_parse(string text, string from, string to)
    {
        var p = ReportPeriod.Parse(text)!;
        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), p.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), p.To);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("26-03")]
    [InlineData("")]
    [InlineData(null)]
    public void Bad_periods_do_not_parse(string? text) => Assert.Null(ReportPeriod.Parse(text));

    [Fact]
    public void A_range_over_ten_years_or_reversed_is_refused_and_the_previous_period_has_the_same_shape()
    {
        Assert.NotNull(ReportPeriod.Range("2016-01-01", "2025-12-31"));
        Assert.Null(ReportPeriod.Range("2016-01-01", "2026-01-02"));
        Assert.Null(ReportPeriod.Range("2026-03-02", "2026-03-01"));
        Assert.Null(ReportPeriod.Range("2026-3-1", "2026-03-31"));
        var q = ReportPeriod.Parse("2026-Q1")!.Previous();
        Assert.Equal((new DateOnly(2025, 10, 1), new DateOnly(2025, 12, 31)), (q.From, q.To));
        Assert.Equal(12, ReportPeriod.Parse("2026")!.Months().Count());
    }
}
