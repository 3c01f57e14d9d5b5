using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Text;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Payments;

/// <summary>
/// Biên lai điện tử: the receipt of a confirmed payment as an A4 PDF, signed with the agency's certificate like the desk
/// forms (so pdfsig and the verification page check it), with the dossier's tracking QR code.
/// </summary>
public sealed class PaymentReceipts(OneStopDbContext db, PdfFormRenderer renderer, Documents.Signing.DocumentSigning signing, Microsoft.Extensions.Options.IOptions<OneStopOptions> settings)
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public async Task<byte[]> RenderAsync(Dossier dossier, Payment payment, CancellationToken ct)
    {
        if (payment.ReceiptNumber is null || payment.PaidAt is not { } paidAt)
        {
            throw new NotFoundException(Ui.T("Giao dịch chưa được xác nhận nên chưa có biên lai.", "The payment is not confirmed, so there is no receipt yet."));
        }

        var agency = await db.Agencies.AsNoTracking().IgnoreQueryFilters().FirstAsync(a => a.Id == dossier.AgencyId, ct);
        var superior = agency.ParentId is { } pid
            ? await db.Agencies.AsNoTracking().IgnoreQueryFilters().Where(a => a.Id == pid).Select(a => a.Name).FirstOrDefaultAsync(ct)
            : null;
        var lines = payment.Lines.Select(l => (IReadOnlyList<string>)
        [
            l.Name, l.Quantity.ToString(Vi), VietnameseMoney.Figures(l.UnitVnd ?? 0), VietnameseMoney.Figures(l.AmountVnd ?? 0) + (l.Reason is { } r && (l.UnitVnd ?? 0) == 0 ? " (" + r + ")" : ""),
        ]).ToList();
        var doc = new DeskFormDocument
        {
            FormNumber = "",
            Title = "BIÊN LAI THU PHÍ, LỆ PHÍ",
            Subtitle = $"Số: {payment.ReceiptNumber}",
            SuperiorAgencyName = (superior ?? "UBND thành phố Hà Nội").ToUpper(Vi),
            AgencyName = agency.Name.ToUpper(Vi),
            DeskName = agency.DeskName,
            DossierCode = dossier.Code!,
            // The portal's public address, as on form 01, never the request's Host header (the receipt is signed).
            TrackingUrl = Domain.Dossiers.DossierCodes.TrackingLink(settings.Value.PublicUrl, dossier.Code!, dossier.TrackingKey),
            IssuedAt = paidAt,
            Blocks =
            [
                new FieldsBlock(
                [
                    new("Người nộp", dossier.ApplicantName),
                    new("Mã hồ sơ", dossier.Code!),
                    new("Thủ tục", $"{dossier.ProcedureName} ({dossier.ProcedureCode})"),
                    new("Hình thức thanh toán", payment.Gateway == PaymentLedger.DeskGateway ? "Nộp tại Bộ phận Một cửa" : "Trực tuyến"),
                    new("Mã giao dịch", payment.Reference + (payment.GatewayTransactionNo is { } t ? $" (ngân hàng: {t})" : "")),
                    new("Thời điểm thanh toán", DeskForms.ControlTime(paidAt)),
                ]),
                new TableBlock(["Khoản thu", "Số lượng", "Đơn giá (đồng)", "Thành tiền (đồng)"], lines, [2.6f, 0.8f, 1.2f, 1.6f]),
                new FieldsBlock([new("Tổng cộng", VietnameseMoney.Figures(payment.AmountVnd) + " đồng"), new("Bằng chữ", VietnameseMoney.InWords(payment.AmountVnd))]),
                new ParagraphBlock("Biên lai điện tử có chữ ký số của cơ quan thu; kiểm tra tại mục \"Xác minh văn bản\" trên Cổng Dịch vụ công.", Italic: true),
            ],
            SignerTitle = "ĐƠN VỊ THU",
        };
        return await signing.SignAsync(agency, renderer.RenderForSigning(doc), payment.ReceiptNumber, ct);
    }
}
