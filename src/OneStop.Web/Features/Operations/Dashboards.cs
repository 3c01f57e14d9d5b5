using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Operations;

/// <summary>A procedure's indicators for a period.</summary>
public sealed record ProcedureIndicators(string Code, string Name, IndicatorSet Set);

/// <summary>What a dashboard shows: a unit (with the path to it from the city), a period and its filters.</summary>
public sealed record DashboardData(Agency Agency, IReadOnlyList<Agency> Path, ReportPeriod Period, string? Field, Channel? Channel, string? Procedure,
    IndicatorSet Now, IndicatorSet Previous, IReadOnlyList<UnitIndicators> Units, IReadOnlyList<ProcedureIndicators> Procedures,
    IReadOnlyList<(ReportPeriod Month, IndicatorSet Set)> Trend, Scorecard Index, IReadOnlyList<string> Fields)
{
    public static string Rate(double? r) => r is { } v ? Ui.Percent((decimal)Math.Round(v * 100, 1)) : Ui.T("không có dữ liệu", "no data");

    /// <summary>A change against the previous period in words ("+3", "−2,5 điểm %").</summary>
    public static string Change(long now, long before) => now == before ? Ui.T("không đổi", "no change") : (now > before ? "+" : "−") + Math.Abs(now - before).ToString("N0", Culture);

    public static string ChangePoints(double? now, double? before) => now is { } n && before is { } b
        ? (Math.Abs(n - b) < 0.0005 ? Ui.T("không đổi", "no change") : (n > b ? "+" : "−") + Math.Abs(Math.Round((n - b) * 100, 1)).ToString("0.0", Culture) + Ui.T(" điểm %", " points"))
        : Ui.T("chưa so sánh được", "not comparable");

    public static CultureInfo Culture => Ui.English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("vi-VN");
}

/// <summary>Builds the dashboards from the counters (a handful of grouped queries; nothing scans dossiers).</summary>
public sealed class Dashboards(OneStopDbContext db, IndicatorQueries queries, OperationsReports reports, TimeProvider clock)
{
    public ReportPeriod DefaultPeriod() => ReportPeriod.Parse(VietnamTime.Now(clock).ToString("yyyy-MM", CultureInfo.InvariantCulture))!;

    public async Task<DashboardData> LoadAsync(string? agencyCode, string? period, string? field, string? channel, string? procedure, CancellationToken ct)
    {
        var agency = string.IsNullOrWhiteSpace(agencyCode) ? await queries.CityAsync(ct) : await queries.AgencyAsync(agencyCode, "coQuan", ct);
        var p = string.IsNullOrWhiteSpace(period) ? DefaultPeriod()
            : ReportPeriod.Parse(period) ?? throw new RuleViolationException([new("ky", Ui.T("Kỳ theo dạng yyyy-MM, yyyy-Qn hoặc yyyy.", "The period must be yyyy-MM, yyyy-Qn or yyyy."))]);
        Channel? ch = null;
        if (!string.IsNullOrWhiteSpace(channel))
        {
            ch = Enum.TryParse<Channel>(channel, out var parsed) && parsed != Channel.Transfer ? parsed
                : throw new RuleViolationException([new("kenh", Ui.T("Kênh là Online, InPerson hoặc Post.", "The channel is Online, InPerson or Post."))]);
        }

        await queries.CheckFilterAsync(procedure, field, ct);
        var filter = new IndicatorFilter(agency, string.IsNullOrWhiteSpace(procedure) ? null : procedure, string.IsNullOrWhiteSpace(field) ? null : field, ch);
        var path = new List<Agency> { agency };
        for (var parent = agency.ParentId; parent is not null;)
        {
            var a = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(x => x.Id == parent, ct);
            if (a is null)
            {
                break;
            }

            path.Insert(0, a);
            parent = a.ParentId;
        }

        var now = await queries.IndicatorsAsync(filter, p, ct);
        var previous = await queries.IndicatorsAsync(filter, p.Previous(), ct);
        var units = await queries.ByUnitAsync(filter, p, ct);
        var procedures = await ProceduresAsync(filter, p, ct);
        var last = new DateOnly(p.To.Year, p.To.Month, 1);
        var window = new ReportPeriod(last.AddMonths(-11), p.To, "12");
        var trend = await queries.MonthlyAsync(filter, window, ct);
        var index = ServiceIndex.Score(await reports.TableAsync(p, ct), await reports.MeasuresAsync(filter, p, now, ct));
        var fields = await db.ProcedureVersions.AsNoTracking().Select(v => v.Field).Distinct().OrderBy(f => f).ToListAsync(ct);
        return new DashboardData(agency, path, p, filter.Field, ch, filter.Procedure, now, previous, units, procedures, trend, index, fields);
    }

    /// <summary>The procedures with dossiers in the period, most received first (the last level of the drill-down).</summary>
    private async Task<IReadOnlyList<ProcedureIndicators>> ProceduresAsync(IndicatorFilter filter, ReportPeriod p, CancellationToken ct)
    {
        var codes = await queries.ProcedureCodesAsync(filter, p, ct);
        var names = await db.ProcedureVersions.AsNoTracking().Where(v => codes.Contains(v.Code)).OrderByDescending(v => v.Version)
            .Select(v => new { v.Code, v.Name }).ToListAsync(ct);
        var rows = new List<ProcedureIndicators>();
        foreach (var (code, set) in await queries.ByProcedureAsync(filter, p, codes, ct))
        {
            rows.Add(new(code, names.FirstOrDefault(n => n.Code == code)?.Name ?? code, set));
        }

        return rows.OrderByDescending(r => r.Set.Received.Total + r.Set.Received.CarriedOver).ThenBy(r => r.Code, StringComparer.Ordinal).Take(20).ToList();
    }
}
