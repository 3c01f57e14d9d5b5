using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Payments;

/// <summary>Where a payment stands for reconciliation with the bank.</summary>
public enum ReconciliationGroup
{
    Paid,
    Pending,
    Failed,
    /// <summary>Money taken for a dossier that no longer waited (to refund, or refunded).</summary>
    Mismatched,
}

/// <summary>One day's payments of the agencies a member of staff may read, and the refused notifications of that day.</summary>
public sealed record Reconciliation(DateOnly Day, IReadOnlyList<Payment> Payments, IReadOnlyList<PaymentNoticeLog> Refused, IReadOnlyList<Payment> RefundsWaiting,
    IReadOnlyDictionary<Guid, string> AgencyNames)
{
    public static ReconciliationGroup GroupOf(Payment p) => p.Status switch
    {
        PaymentStatus.Paid => ReconciliationGroup.Paid,
        PaymentStatus.Pending => ReconciliationGroup.Pending,
        PaymentStatus.RefundNeeded or PaymentStatus.Refunded => ReconciliationGroup.Mismatched,
        _ => ReconciliationGroup.Failed,
    };

    public IEnumerable<Payment> In(ReconciliationGroup g) => Payments.Where(p => GroupOf(p) == g);

    public long Total(ReconciliationGroup g) => In(g).Sum(p => p.AmountVnd);

    public static (string Vietnamese, string English) Name(ReconciliationGroup g) => g switch
    {
        ReconciliationGroup.Paid => ("Đã thanh toán", "Paid"),
        ReconciliationGroup.Pending => ("Chờ xác nhận", "Pending"),
        ReconciliationGroup.Failed => ("Không thành công", "Failed"),
        _ => ("Sai lệch, cần hoàn tiền", "Mismatched, to refund"),
    };

    public static string AnswerName(string answer) => answer switch
    {
        "97" => "Sai chữ ký (97)",
        "04" => "Sai số tiền (04)",
        "01" => "Không tìm thấy giao dịch (01)",
        _ => "Lỗi khác (" + answer + ")",
    };
}

/// <summary>Đối soát: the daily reconciliation report, on screen and as an Excel workbook.</summary>
public sealed class PaymentReconciliation(OneStopDbContext db)
{
    public const int MaxRows = 20_000;

    public async Task<Reconciliation> ForDayAsync(Actor actor, DateOnly day, CancellationToken ct)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);
        var end = start.AddDays(1);
        var agencies = db.ReadableAgencyIds(actor);
        // Two index range scans (orders of the day, money confirmed on the day) rather than one OR that uses neither.
        var created = await db.Payments.AsNoTracking().Where(p => agencies.Contains(p.AgencyId) && p.CreatedAt >= start && p.CreatedAt < end).Take(MaxRows).ToListAsync(ct);
        var paid = await db.Payments.AsNoTracking().Where(p => agencies.Contains(p.AgencyId) && p.PaidAt >= start && p.PaidAt < end).Take(MaxRows).ToListAsync(ct);
        var payments = created.Concat(paid).DistinctBy(p => p.Id).OrderBy(p => p.CreatedAt).ToList();
        // A notice that names no known order belongs to no agency: only report viewers (city level) see those.
        var unattributed = actor.Grants.Any(g => g.Role == StaffRoles.ReportViewer);
        var refused = await db.PaymentNotices.AsNoTracking()
            .Where(n => n.At >= start && n.At < end && n.Answer != "00" && n.Answer != "02" &&
                        (n.PaymentId == null ? unattributed : db.Payments.Any(p => p.Id == n.PaymentId && agencies.Contains(p.AgencyId))))
            .OrderBy(n => n.At).Take(MaxRows).ToListAsync(ct);
        var waiting = await db.Payments.AsNoTracking().Where(p => p.Status == PaymentStatus.RefundNeeded && agencies.Contains(p.AgencyId)).OrderBy(p => p.PaidAt).Take(1000).ToListAsync(ct);
        var ids = payments.Concat(waiting).Select(p => p.AgencyId).Distinct().ToList();
        var names = await db.Agencies.AsNoTracking().IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return new Reconciliation(day, payments, refused, waiting, names);
    }

    public static byte[] Workbook(Reconciliation r)
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("DoiSoat");
        ws.Cell(1, 1).Value = $"ĐỐI SOÁT GIAO DỊCH THANH TOÁN NGÀY {VietnamTime.Format(r.Day)}";
        ws.Cell(1, 1).Style.Font.Bold = true;
        string[] head = ["Nhóm", "Mã giao dịch", "Mã hồ sơ", "Cơ quan", "Cổng", "Số tiền (đồng)", "Trạng thái", "Tạo lúc", "Xác nhận lúc", "Mã GD ngân hàng", "Ngân hàng", "Mã phản hồi", "Biên lai", "Ghi chú hoàn tiền"];
        Header(ws, 3, head);
        var row = 4;
        foreach (var p in r.Payments)
        {
            object?[] cells =
            [
                Reconciliation.Name(Reconciliation.GroupOf(p)).Vietnamese, p.Reference, p.DossierCode, r.AgencyNames.GetValueOrDefault(p.AgencyId), p.Gateway, p.AmountVnd,
                PaymentLedger.StatusName(p.Status).Vietnamese, VietnamTime.Format(p.CreatedAt), p.PaidAt is { } t ? VietnamTime.Format(t) : null, p.GatewayTransactionNo,
                p.BankCode, p.GatewayResponse, p.ReceiptNumber, p.RefundNote,
            ];
            Row(ws, row++, cells);
        }

        row++;
        foreach (var g in Enum.GetValues<ReconciliationGroup>())
        {
            ws.Cell(row, 1).Value = "Tổng " + Reconciliation.Name(g).Vietnamese.ToLowerInvariant();
            ws.Cell(row, 2).Value = r.In(g).Count();
            ws.Cell(row, 6).Value = r.Total(g);
            ws.Cell(row, 1).Style.Font.Bold = true;
            row++;
        }

        ws.Column(6).Style.NumberFormat.Format = "#,##0";
        double[] widths = [22, 20, 30, 30, 12, 16, 18, 17, 17, 16, 10, 12, 32, 30];
        for (var c = 0; c < widths.Length; c++)
        {
            ws.Column(c + 1).Width = widths[c];
        }

        ws.SheetView.FreezeRows(3);
        var notices = wb.AddWorksheet("ThongBaoBiTuChoi");
        Header(notices, 1, ["Thời điểm", "Cổng", "Mã giao dịch", "Số tiền báo (đồng)", "Chữ ký hợp lệ", "Trả lời", "Địa chỉ gửi", "Nội dung"]);
        row = 2;
        foreach (var n in r.Refused)
        {
            Row(notices, row++, [VietnamTime.Format(n.At), n.Gateway, n.Reference, n.AmountVnd, n.SignatureValid ? "Có" : "Không", Reconciliation.AnswerName(n.Answer), n.RemoteAddress, n.Raw]);
        }

        using var ms = new MemoryStream();
        wb.SaveAs(ms);
        return ms.ToArray();
    }

    private static void Header(IXLWorksheet ws, int row, string[] names)
    {
        for (var c = 0; c < names.Length; c++)
        {
            ws.Cell(row, c + 1).Value = names[c];
            ws.Cell(row, c + 1).Style.Font.Bold = true;
        }
    }

    private static void Row(IXLWorksheet ws, int row, object?[] cells)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            if (cells[c] is null)
            {
                continue;
            }

            ws.Cell(row, c + 1).Value = cells[c] switch
            {
                long l => l,
                string s => s,
                var o => o!.ToString() ?? "",
            };
        }
    }
}
