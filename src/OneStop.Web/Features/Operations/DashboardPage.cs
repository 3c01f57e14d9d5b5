using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Indicators;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Operations;

/// <summary>
/// What the two dashboards share: the query (unit, period, field, channel, procedure), the data and the Excel export of
/// each table. The staff page adds the scorecard's dossiers, opened through the supervision list (its own access checks).
/// </summary>
public abstract class DashboardPage(Dashboards dashboards) : PageModel
{
    public DashboardData Data { get; private set; } = null!;

    /// <summary>The staff operations centre (links to the dossiers behind what costs points).</summary>
    public abstract bool ForStaff { get; }

    /// <summary>The page's own address.</summary>
    public abstract string Route { get; }

    public async Task<IActionResult> OnGetAsync(string? coQuan, string? ky, string? linhVuc, string? kenh, string? thuTuc, string? xuat, CancellationToken ct)
    {
        Data = await dashboards.LoadAsync(coQuan, ky, linhVuc, kenh, thuTuc, ct);
        return xuat switch
        {
            "don-vi" => Excel("don-vi", Ui.T("Chỉ số theo đơn vị", "Indicators by unit"), Data.Units.Select(u => (u.Agency.Name, u.Set))),
            "thu-tuc" => Excel("thu-tuc", Ui.T("Chỉ số theo thủ tục", "Indicators by procedure"), Data.Procedures.Select(p => ($"{p.Code} {p.Name}", p.Set))),
            "thang" => Excel("thang", Ui.T("Chỉ số theo tháng", "Indicators by month"), Data.Trend.Select(t => (t.Month.Label, t.Set))),
            _ => Page(),
        };
    }

    /// <summary>The columns of every indicator table (and of its Excel export).</summary>
    public static IReadOnlyList<string> Columns =>
    [
        Ui.T("Đơn vị, thủ tục hoặc tháng", "Unit, procedure or month"), Ui.T("Tiếp nhận", "Received"), Ui.T("Trực tuyến", "Online"),
        Ui.T("Từ kỳ trước", "Carried over"), Ui.T("Đã giải quyết", "Resolved"), Ui.T("Quá hạn (đã giải quyết)", "Resolved late"),
        Ui.T("Đang giải quyết", "In progress"), Ui.T("Đang quá hạn", "Overdue"), Ui.T("Tỷ lệ đúng hạn (2.1)", "On-time rate (2.1)"),
        Ui.T("Tỷ lệ nộp trực tuyến", "Online filing rate"),
    ];

    public static IReadOnlyList<object?> Cells(string name, IndicatorSet s) =>
    [
        name, s.Received.Total, s.Received.Online, s.Received.CarriedOver, s.Resolved.Total, s.Resolved.Late, s.InProgress.Total, s.InProgress.Overdue,
        s.Rates.OnTime, s.Rates.Online,
    ];

    /// <summary>A link to this page with one query value changed (drill-down, filters kept).</summary>
    public string Link(string? coQuan = null, string? thuTuc = null, string? xuat = null)
    {
        var q = new Dictionary<string, string?>
        {
            ["coQuan"] = coQuan ?? Data.Agency.Code,
            ["ky"] = Data.Period.Label,
            ["linhVuc"] = Data.Field,
            ["kenh"] = Data.Channel?.ToString(),
            ["thuTuc"] = thuTuc ?? Data.Procedure,
            ["xuat"] = xuat,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Route, q.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    private FileContentResult Excel(string name, string title, IEnumerable<(string Name, IndicatorSet Set)> rows) =>
        File(OperationsReports.TableWorkbook($"{title} — {Data.Agency.Name} — {Data.Period.Label}", Columns, rows.Select(r => Cells(r.Name, r.Set))),
            Catalogue.CatalogueWorkbook.ContentType, $"chi-so-{name}-{Data.Agency.Code}-{Data.Period.Label}.xlsx");
}
