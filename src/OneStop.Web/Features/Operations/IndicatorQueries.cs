using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Operations;

/// <summary>Which dossiers: an agency with its sub-units, optionally one procedure, one field or one channel.</summary>
public sealed record IndicatorFilter(Agency Agency, string? Procedure = null, string? Field = null, Channel? Channel = null);

/// <summary>A unit's indicators for a period.</summary>
public sealed record UnitIndicators(Agency Agency, IndicatorSet Set);

/// <summary>Sums of counters grouped by a key (one row of a grouped query).</summary>
public sealed class Summed<TKey>
{
    public required TKey Key { get; init; }
    public long Received { get; init; }
    public long Online { get; init; }
    public long InPerson { get; init; }
    public long Post { get; init; }
    public long Ended { get; init; }
    public long Early { get; init; }
    public long OnTime { get; init; }
    public long Late { get; init; }
    public long Withdrawn { get; init; }
    public long ProcessingMinutes { get; init; }
    public long DueMarks { get; init; }
    public long DueEndMarks { get; init; }
    public long FeeBearing { get; init; }
    public long PaidOnline { get; init; }
    public long FullyOnline { get; init; }
    public long Digitised { get; init; }
    public long Reused { get; init; }
    public long Results { get; init; }
    public long ElectronicResults { get; init; }

    public DayCounts Counts => DayCounts.FromArray([Received, Online, InPerson, Post, Ended, Early, OnTime, Late, Withdrawn, ProcessingMinutes,
        DueMarks, DueEndMarks, FeeBearing, PaidOnline, FullyOnline, Digitised, Reused, Results, ElectronicResults]);
}

/// <summary>Projections of grouped counters.</summary>
public static class Sums
{
    /// <summary>The grouped query's projection: every count summed in the database.</summary>
    public static Expression<Func<IGrouping<TKey, IndicatorDay>, Summed<TKey>>> Of<TKey>() => g => new Summed<TKey>
    {
        Key = g.Key,
        Received = g.Sum(x => x.Received), Online = g.Sum(x => x.Online), InPerson = g.Sum(x => x.InPerson), Post = g.Sum(x => x.Post),
        Ended = g.Sum(x => x.Ended), Early = g.Sum(x => x.Early), OnTime = g.Sum(x => x.OnTime), Late = g.Sum(x => x.Late),
        Withdrawn = g.Sum(x => x.Withdrawn), ProcessingMinutes = g.Sum(x => x.ProcessingMinutes), DueMarks = g.Sum(x => x.DueMarks),
        DueEndMarks = g.Sum(x => x.DueEndMarks), FeeBearing = g.Sum(x => x.FeeBearing), PaidOnline = g.Sum(x => x.PaidOnline),
        FullyOnline = g.Sum(x => x.FullyOnline), Digitised = g.Sum(x => x.Digitised), Reused = g.Sum(x => x.Reused),
        Results = g.Sum(x => x.Results), ElectronicResults = g.Sum(x => x.ElectronicResults),
    };
}

/// <summary>
/// Indicators answered from the counters (<see cref="IndicatorDay"/>), never from the dossier table: a sub-tree is one
/// <c>IN</c> over the agency lineage, a period two sums (the days before it, the days in it).
/// </summary>
public sealed class IndicatorQueries(OneStopDbContext db, Ratings.SatisfactionFigures satisfaction)
{
    /// <summary>An agency by code (in the agency model in force), or 404.</summary>
    public async Task<Agency> AgencyAsync(string? code, string parameter, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new RuleViolationException([new(parameter, "Cần mã cơ quan. / The agency code is required.")]);
        }

        return await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code.Trim(), ct)
            ?? throw new NotFoundException(Ui.T($"Không có cơ quan mã {code}.", $"No agency with code {code}."));
    }

    /// <summary>The city: the root of the agency tree.</summary>
    public Task<Agency> CityAsync(CancellationToken ct) =>
        db.Agencies.AsNoTracking().Where(a => a.ParentId == null).OrderBy(a => a.SortOrder).FirstAsync(ct);

    /// <summary>Checks a procedure code and a field exist in the catalogue (404 otherwise).</summary>
    public async Task CheckFilterAsync(string? procedure, string? field, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(procedure) && !await db.ProcedureVersions.AnyAsync(v => v.Code == procedure, ct))
        {
            throw new NotFoundException(Ui.T($"Không có thủ tục mã {procedure}.", $"No procedure with code {procedure}."));
        }

        if (!string.IsNullOrWhiteSpace(field) && !await db.ProcedureVersions.AnyAsync(v => v.Field == field, ct))
        {
            throw new NotFoundException(Ui.T($"Không có lĩnh vực {field}.", $"No field {field}."));
        }
    }

    public async Task<IndicatorSet> IndicatorsAsync(IndicatorFilter filter, ReportPeriod period, CancellationToken ct)
    {
        var sums = await Counters(filter, period.To).GroupBy(d => d.Day < period.From).Select(Sums.Of<bool>()).ToListAsync(ct);
        var set = IndicatorRules.Summarise(sums.SingleOrDefault(s => s.Key)?.Counts ?? DayCounts.Zero, sums.SingleOrDefault(s => !s.Key)?.Counts ?? DayCounts.Zero);
        if (filter.Procedure is not null || filter.Field is not null || filter.Channel is not null)
        {
            return set; // ratings are kept per agency, not per procedure or channel: "satisfied" stays without data here
        }

        // Satisfied = very satisfied + satisfied over every rating first given in the period (days in Vietnam time).
        var ratings = await satisfaction.RatingsAsync(filter.Agency.Id,
            new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset),
            new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset), ct);
        return set with { Rates = set.Rates with { Satisfied = IndicatorRules.Rate(new Measure(ratings.SatisfiedTotal, ratings.Total)) } };
    }

    /// <summary>The indicators of each direct sub-unit (with its own sub-units), and of the agency's own desk.</summary>
    public async Task<IReadOnlyList<UnitIndicators>> ByUnitAsync(IndicatorFilter filter, ReportPeriod period, CancellationToken ct)
    {
        var children = await db.Agencies.AsNoTracking().Where(a => a.ParentId == filter.Agency.Id).OrderBy(a => a.SortOrder).ThenBy(a => a.Name).ToListAsync(ct);
        var childIds = children.Select(c => c.Id).ToList();
        var units = from d in Counters(filter, period.To)
                    join l in db.AgencyLineage on d.AgencyId equals l.AgencyId
                    where childIds.Contains(l.AncestorId)
                    select new { d, l.AncestorId };
        var before = await units.Where(x => x.d.Day < period.From).GroupBy(x => x.AncestorId, x => x.d).Select(Sums.Of<Guid>()).ToDictionaryAsync(s => s.Key, s => s.Counts, ct);
        var within = await units.Where(x => x.d.Day >= period.From).GroupBy(x => x.AncestorId, x => x.d).Select(Sums.Of<Guid>()).ToDictionaryAsync(s => s.Key, s => s.Counts, ct);
        var own = await Counters(filter, period.To).Where(d => d.AgencyId == filter.Agency.Id)
            .GroupBy(d => d.Day < period.From).Select(Sums.Of<bool>()).ToListAsync(ct);
        var rows = new List<UnitIndicators>();
        if (own.Count > 0)
        {
            rows.Add(new(filter.Agency, IndicatorRules.Summarise(own.SingleOrDefault(s => s.Key)?.Counts ?? DayCounts.Zero, own.SingleOrDefault(s => !s.Key)?.Counts ?? DayCounts.Zero)));
        }

        foreach (var c in children)
        {
            rows.Add(new(c, IndicatorRules.Summarise(before.GetValueOrDefault(c.Id, DayCounts.Zero), within.GetValueOrDefault(c.Id, DayCounts.Zero))));
        }

        return rows;
    }

    /// <summary>The indicators of each month of a window (oldest first), from one grouped query.</summary>
    public async Task<IReadOnlyList<(ReportPeriod Month, IndicatorSet Set)>> MonthlyAsync(IndicatorFilter filter, ReportPeriod window, CancellationToken ct)
    {
        var start = window.From;
        var sums = await Counters(filter, window.To).GroupBy(d => d.Day < start ? DateOnly.MinValue : d.Day).Select(Sums.Of<DateOnly>()).ToListAsync(ct);
        var before = sums.SingleOrDefault(s => s.Key == DateOnly.MinValue)?.Counts ?? DayCounts.Zero;
        var days = sums.Where(s => s.Key != DateOnly.MinValue).OrderBy(s => s.Key).ToList();
        var result = new List<(ReportPeriod, IndicatorSet)>();
        foreach (var month in window.Months())
        {
            var within = days.Where(d => d.Key >= month.From && d.Key <= month.To).Aggregate(DayCounts.Zero, (a, d) => a + d.Counts);
            result.Add((month, IndicatorRules.Summarise(before, within)));
            before += within;
        }

        return result;
    }

    /// <summary>The procedures with dossiers received in the period or still open at its start.</summary>
    public Task<List<string>> ProcedureCodesAsync(IndicatorFilter filter, ReportPeriod period, CancellationToken ct) =>
        Counters(filter, period.To).GroupBy(d => d.ProcedureCode).Where(g => g.Sum(x => x.Received) - g.Where(x => x.Day < period.From).Sum(x => x.Ended) > 0)
            .Select(g => g.Key).ToListAsync(ct);

    /// <summary>The indicators of each of the given procedures.</summary>
    public async Task<IReadOnlyList<(string Code, IndicatorSet Set)>> ByProcedureAsync(IndicatorFilter filter, ReportPeriod period, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var q = Counters(filter, period.To).Where(d => codes.Contains(d.ProcedureCode));
        var before = await q.Where(d => d.Day < period.From).GroupBy(d => d.ProcedureCode).Select(Sums.Of<string>()).ToDictionaryAsync(s => s.Key, s => s.Counts, ct);
        var within = await q.Where(d => d.Day >= period.From).GroupBy(d => d.ProcedureCode).Select(Sums.Of<string>()).ToDictionaryAsync(s => s.Key, s => s.Counts, ct);
        return codes.Select(c => (c, IndicatorRules.Summarise(before.GetValueOrDefault(c, DayCounts.Zero), within.GetValueOrDefault(c, DayCounts.Zero)))).ToList();
    }

    /// <summary>Procedures with at least one online dossier received in the period (indicator 3.2's numerator).</summary>
    public Task<int> ProceduresWithOnlineDossiersAsync(IndicatorFilter filter, ReportPeriod period, CancellationToken ct) =>
        Counters(filter, period.To).Where(d => d.Day >= period.From && d.Online > 0).Select(d => d.ProcedureCode).Distinct().CountAsync(ct);

    /// <summary>The counters of the filter's dossiers up to a day.</summary>
    private IQueryable<IndicatorDay> Counters(IndicatorFilter filter, DateOnly to)
    {
        var scope = db.AgencyLineage.Where(l => l.AncestorId == filter.Agency.Id).Select(l => l.AgencyId);
        var q = db.Set<IndicatorDay>().AsNoTracking().Where(d => scope.Contains(d.AgencyId) && d.Day <= to);
        if (!string.IsNullOrWhiteSpace(filter.Procedure))
        {
            q = q.Where(d => d.ProcedureCode == filter.Procedure);
        }

        if (!string.IsNullOrWhiteSpace(filter.Field))
        {
            var codes = db.ProcedureVersions.Where(v => v.Field == filter.Field).Select(v => v.Code);
            q = q.Where(d => codes.Contains(d.ProcedureCode));
        }

        if (filter.Channel is { } channel)
        {
            q = q.Where(d => d.Channel == channel);
        }

        return q;
    }
}
