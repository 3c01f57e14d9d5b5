using Microsoft.AspNetCore.Mvc;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Indicators;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Operations;

public sealed record IndicatorsView(string Agency, string From, string To, ReceivedFigures Received, ResolvedFigures Resolved, InProgressFigures InProgress,
    RateFigures Rates, double? AverageProcessingDays);

public sealed record IndexIndicatorView(string Id, string Name, long? Numerator, long? Denominator, double? Ratio, decimal Threshold, decimal MaxPoints, decimal Points);

public sealed record IndexGroupView(string Id, string Name, string? ParentId, decimal MaxPoints, decimal Points, IReadOnlyList<IndexIndicatorView> Indicators);

public sealed record ServiceIndexView(string Agency, string Period, decimal Total, string Band, IReadOnlyList<IndexGroupView> Groups)
{
    public static ServiceIndexView Of(string agency, string period, Scorecard card) => new(agency, period, card.Total, card.Band,
        card.Groups.Select(g => new IndexGroupView(g.Group.Id, Ui.T(g.Group.Name, g.Group.NameEn), g.Group.ParentId, g.MaxPoints, g.Points,
            g.Indicators.Select(i => new IndexIndicatorView(i.Indicator.Id, Ui.T(i.Indicator.Name, i.Indicator.NameEn), i.Numerator, i.Denominator,
                i.Ratio is { } r ? Math.Round(r, 4) : null, i.Indicator.Threshold, i.Indicator.MaxPoints, i.Points)).ToList())).ToList());
}

/// <summary>The public aggregates (no personal data, anonymous), report II.06a and the index table's administration.</summary>
public static class OperationsApi
{
    public static void MapOperationsApi(this RouteGroupBuilder api)
    {
        var open = api.MapGroup("").WithTags("Chỉ số, chỉ số phục vụ 766, báo cáo / Indicators, service index, reports").AllowAnonymous();

        open.MapGet("/indicators", async ([FromQuery] string? agency, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? procedure,
            [FromQuery] string? field, IndicatorQueries queries, CancellationToken ct) =>
        {
            var period = Range(from, to);
            var filter = await FilterAsync(queries, agency, procedure, field, ct);
            var s = await queries.IndicatorsAsync(filter, period, ct);
            return Results.Ok(new IndicatorsView(filter.Agency.Code, from!, to!, s.Received, s.Resolved, s.InProgress, s.Rates, s.AverageProcessingDays));
        }).WithSummary("Chỉ số giải quyết hồ sơ của cơ quan và đơn vị trực thuộc / Indicators of an agency and its sub-units")
            .Produces<IndicatorsView>().ProducesProblem(400).ProducesProblem(404);

        open.MapGet("/service-index", async ([FromQuery] string? agency, [FromQuery] string? period, IndicatorQueries queries, OperationsReports reports, CancellationToken ct) =>
        {
            var p = ReportPeriod.Parse(period) ?? throw Bad("period", "Kỳ theo dạng yyyy-MM, yyyy-Qn hoặc yyyy. / period must be yyyy-MM, yyyy-Qn or yyyy.");
            var filter = await FilterAsync(queries, agency, null, null, ct);
            return Results.Ok(ServiceIndexView.Of(filter.Agency.Code, p.Label, await reports.ScoreAsync(filter, p, ct)));
        }).WithSummary("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg) / Service index").Produces<ServiceIndexView>().ProducesProblem(400).ProducesProblem(404);

        open.MapGet("/service-index/table", async ([FromQuery] string? period, OperationsReports reports, TimeProvider clock, CancellationToken ct) =>
        {
            var p = period is null ? ReportPeriod.Parse(VietnamTime.Now(clock).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))!
                : ReportPeriod.Parse(period) ?? throw Bad("period", "Kỳ theo dạng yyyy-MM, yyyy-Qn hoặc yyyy. / period must be yyyy-MM, yyyy-Qn or yyyy.");
            return Results.Ok(await reports.TableAsync(p, ct));
        }).WithSummary("Bảng chỉ số 766 áp dụng cho một kỳ / The index table in force for a period").Produces<IndexTable>();

        open.MapGet("/reports/06a", async ([FromQuery] string? agency, [FromQuery] string? from, [FromQuery] string? to, IndicatorQueries queries, OperationsReports reports, CancellationToken ct) =>
            Results.Ok(await reports.Report06aAsync(await FilterAsync(queries, agency, null, null, ct), Range(from, to), ct)))
            .WithSummary("Biểu II.06a: tình hình, kết quả giải quyết TTHC / Report II.06a").Produces<Report06a>().ProducesProblem(400).ProducesProblem(404);

        open.MapGet("/reports/06a.xlsx", async ([FromQuery] string? agency, [FromQuery] string? from, [FromQuery] string? to, IndicatorQueries queries, OperationsReports reports, CancellationToken ct) =>
        {
            var report = await reports.Report06aAsync(await FilterAsync(queries, agency, null, null, ct), Range(from, to), ct);
            return Results.File(OperationsReports.Workbook(report), Catalogue.CatalogueWorkbook.ContentType, $"bao-cao-06a-{report.AgencyCode}-{from}-{to}.xlsx");
        }).WithSummary("Biểu II.06a (Excel) / Report II.06a as a workbook").ProducesProblem(400).ProducesProblem(404);

        api.MapPut("/service-index/table", async ([FromBody] IndexTable table, HttpContext http, OperationsReports reports, TimeProvider clock, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            await reports.SaveTableAsync(table, actor.Name, clock.GetUtcNow(), ct);
            return Results.NoContent();
        }).RequireAuthorization(StaffRoles.SystemPolicy).WithTags("Chỉ số, chỉ số phục vụ 766, báo cáo / Indicators, service index, reports")
            .WithSummary("Lưu phiên bản mới của bảng chỉ số 766 (tổng điểm 100) / Save a new version of the index table").ProducesProblem(400);
    }

    public static ReportPeriod Range(string? from, string? to)
    {
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            throw Bad("from", "Ngày bắt đầu theo dạng yyyy-MM-dd. / from must be yyyy-MM-dd.");
        }

        return ReportPeriod.Range(from, to)
            ?? throw Bad("to", $"Ngày kết thúc theo dạng yyyy-MM-dd, không trước ngày bắt đầu và không quá {ReportPeriod.MaxYears} năm. / to must be yyyy-MM-dd, not before from and at most {ReportPeriod.MaxYears} years after it.");
    }

    public static async Task<IndicatorFilter> FilterAsync(IndicatorQueries queries, string? agency, string? procedure, string? field, CancellationToken ct)
    {
        var a = await queries.AgencyAsync(agency, "agency", ct);
        await queries.CheckFilterAsync(procedure, field, ct);
        return new IndicatorFilter(a, string.IsNullOrWhiteSpace(procedure) ? null : procedure.Trim(), string.IsNullOrWhiteSpace(field) ? null : field.Trim());
    }

    private static RuleViolationException Bad(string parameter, string message) => new([new RuleError(parameter, message)], message);
}
