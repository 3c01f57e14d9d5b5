using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Operations;

/// <summary>One row of report II.06a: a unit and the 11 figures (with the row number and the unit's name, 13 columns).</summary>
public sealed record Report06aRow(int No, string AgencyCode, string Agency, long ReceivedTotal, long ReceivedOnline, long ReceivedInPersonOrPost, long CarriedOver,
    long ResolvedTotal, long ResolvedEarly, long ResolvedOnTime, long ResolvedLate, long InProgressTotal, long InProgressWithinTime, long InProgressOverdue)
{
    public static Report06aRow Of(int no, string code, string name, IndicatorSet s) => new(no, code, name, s.Received.Total, s.Received.Online,
        s.Received.InPerson + s.Received.Post, s.Received.CarriedOver, s.Resolved.Total, s.Resolved.Early, s.Resolved.OnTime, s.Resolved.Late,
        s.InProgress.Total, s.InProgress.WithinTime, s.InProgress.Overdue);
}

/// <summary>Report II.06a/VPCP/KSTT "Tình hình, kết quả giải quyết TTHC" for a unit and a period: a row per sub-unit and the total.</summary>
public sealed record Report06a(string AgencyCode, string Agency, DateOnly From, DateOnly To, IReadOnlyList<Report06aRow> Rows, Report06aRow Total)
{
    public static readonly string[] Columns =
    [
        "STT", "Đơn vị", "Tiếp nhận: tổng số", "Tiếp nhận: trực tuyến", "Tiếp nhận: trực tiếp, dịch vụ bưu chính", "Tiếp nhận: từ kỳ trước",
        "Đã giải quyết: tổng số", "Đã giải quyết: trước hạn", "Đã giải quyết: đúng hạn", "Đã giải quyết: quá hạn",
        "Đang giải quyết: tổng số", "Đang giải quyết: trong hạn", "Đang giải quyết: quá hạn",
    ];
}

/// <summary>The service index's measures from the counters and the catalogue, the index table in force, report II.06a.</summary>
public sealed class OperationsReports(OneStopDbContext db, IndicatorQueries queries)
{
    /// <summary>The index table in force for a period: the latest stored version from a month not after the period's start, else the shipped table.</summary>
    public async Task<IndexTable> TableAsync(ReportPeriod period, CancellationToken ct)
    {
        var month = period.From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var stored = await db.Set<ServiceIndexVersion>().AsNoTracking().Where(v => string.Compare(v.EffectiveFrom, month) <= 0)
            .OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.ChangedAt).Select(v => v.Table).FirstOrDefaultAsync(ct);
        return stored ?? ServiceIndex.Default;
    }

    /// <summary>An administrator's new version of the table: refused with the reasons (nothing saved) unless its points sum to 100.</summary>
    public async Task SaveTableAsync(IndexTable table, string changedBy, DateTimeOffset now, CancellationToken ct)
    {
        var problems = table is { Groups: not null, Indicators: not null, EffectiveFrom: not null } && table.Indicators.All(i => i is { Id: not null, Group: not null, Name: not null })
            ? ServiceIndex.Problems(table)
            : (IReadOnlyList<string>)["Bảng cần effectiveFrom, groups và indicators (mỗi chỉ số có id, group, name). / The table needs effectiveFrom, groups and indicators (each with id, group and name)."];
        if (problems.Count > 0)
        {
            throw new RuleViolationException(problems.Select(p => new RuleError("indicators", p)).ToList(), problems[0]);
        }

        db.Add(new ServiceIndexVersion { Id = Guid.CreateVersion7(), EffectiveFrom = table.EffectiveFrom!, Table = table, ChangedBy = changedBy, ChangedAt = now });
        await db.SaveChangesAsync(ct);
    }

    public async Task<Scorecard> ScoreAsync(IndicatorFilter filter, ReportPeriod period, CancellationToken ct)
    {
        var set = await queries.IndicatorsAsync(filter, period, ct);
        return ServiceIndex.Score(await TableAsync(period, ct), await MeasuresAsync(filter, period, set, ct));
    }

    /// <summary>What OneStop measures for the index; anything else is "no data".</summary>
    public async Task<Dictionary<string, Measure>> MeasuresAsync(IndicatorFilter filter, ReportPeriod period, IndicatorSet set, CancellationToken ct)
    {
        var inForce = db.ProcedureVersions.AsNoTracking().Where(v => (v.Status == ProcedureStatus.Published || v.Status == ProcedureStatus.Superseded)
            && v.EffectiveFrom <= period.To && (v.EffectiveTo == null || v.EffectiveTo > period.To));
        var procedures = await inForce.CountAsync(ct);
        var online = await inForce.CountAsync(v => v.ServiceLevel >= ServiceLevel.OnlineSubmission || v.OnlineScope != OnlineScope.None, ct);
        var used = await queries.ProceduresWithOnlineDossiersAsync(filter, period, ct);
        return new()
        {
            // Until the national-portal integration lands, no dossier is synced (issue 13: 0, not "no data").
            ["synced"] = new(0, set.Received.Total),
            ["onTime"] = set.OnTime,
            ["proceduresOnline"] = new(online, procedures),
            ["servicesUsed"] = new(Math.Min(used, online), online),
            ["onlineFiling"] = set.OnlineFiling,
            ["onlinePayment"] = set.OnlinePayment,
            ["electronicResult"] = set.ElectronicResult,
            ["digitised"] = set.Digitised,
            ["reused"] = set.Reused,
        };
    }

    public async Task<Report06a> Report06aAsync(IndicatorFilter filter, ReportPeriod period, CancellationToken ct)
    {
        var units = await queries.ByUnitAsync(filter, period, ct);
        var rows = units.Select((u, i) => Report06aRow.Of(i + 1, u.Agency.Code, u.Agency.Id == filter.Agency.Id ? Ui.T($"{u.Agency.Name} (trực tiếp)", $"{u.Agency.Name} (own desk)") : u.Agency.Name, u.Set)).ToList();
        var total = Report06aRow.Of(0, filter.Agency.Code, Ui.T("Tổng cộng", "Total"), await queries.IndicatorsAsync(filter, period, ct));
        return new(filter.Agency.Code, filter.Agency.Name, period.From, period.To, rows, total);
    }

    public static byte[] Workbook(Report06a report)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("II.06a");
        sheet.Cell(1, 1).Value = "Biểu số II.06a/VPCP/KSTT — Tình hình, kết quả giải quyết thủ tục hành chính";
        sheet.Cell(2, 1).Value = $"{report.Agency} ({report.AgencyCode}) — từ {VietnamTime.Format(report.From)} đến {VietnamTime.Format(report.To)}";
        for (var c = 0; c < Report06a.Columns.Length; c++)
        {
            sheet.Cell(4, c + 1).Value = Report06a.Columns[c];
            sheet.Cell(4, c + 1).Style.Font.Bold = true;
        }

        var r = 5;
        foreach (var row in report.Rows.Append(report.Total))
        {
            object[] cells = [row.No == 0 ? "" : row.No, row.Agency, row.ReceivedTotal, row.ReceivedOnline, row.ReceivedInPersonOrPost, row.CarriedOver,
                row.ResolvedTotal, row.ResolvedEarly, row.ResolvedOnTime, row.ResolvedLate, row.InProgressTotal, row.InProgressWithinTime, row.InProgressOverdue];
            for (var c = 0; c < cells.Length; c++)
            {
                sheet.Cell(r, c + 1).Value = cells[c] switch { long n => n, int n => n, var o => o.ToString() };
            }

            r++;
        }

        sheet.Row(r - 1).Style.Font.Bold = true;
        // Fixed widths: measuring text would need GDI+ on the server.
        sheet.Columns(1, Report06a.Columns.Length).Width = 14;
        sheet.Column(2).Width = 40;
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>A simple table as a workbook (the dashboards' "Excel" links).</summary>
    public static byte[] TableWorkbook(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("Dữ liệu");
        sheet.Cell(1, 1).Value = title;
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Cell(3, c + 1).Value = columns[c];
            sheet.Cell(3, c + 1).Style.Font.Bold = true;
        }

        var r = 4;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                sheet.Cell(r, c + 1).Value = row[c] switch { null => "", long n => n, int n => n, double d => d, decimal m => m, var o => o.ToString() };
            }

            r++;
        }

        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The table as stored JSON (for the administration API).</summary>
    public static string ToJson(IndexTable table) => JsonSerializer.Serialize(table, OneStopDbContext.Json);
}
