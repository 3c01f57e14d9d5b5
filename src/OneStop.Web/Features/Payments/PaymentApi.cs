using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Payments;

/// <summary>A payment as its payer or the agency's staff see it.</summary>
public sealed record PaymentView(Guid Id, string Reference, string Gateway, long AmountVnd, PaymentStatus Status, string StatusName, DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt, string? ReceiptNumber, string? GatewayTransactionNo, string? ReceiptUrl)
{
    public static PaymentView Of(Payment p) => new(p.Id, p.Reference, p.Gateway, p.AmountVnd, p.Status, PaymentLedger.StatusName(p.Status).Vietnamese, p.CreatedAt, p.PaidAt,
        p.ReceiptNumber, p.GatewayTransactionNo, p.ReceiptNumber is null ? null : $"/api/v1/dossiers/{p.DossierId}/payments/{p.Id}/receipt");
}

public static class PaymentApi
{
    public static void MapPaymentApi(this RouteGroupBuilder api)
    {
        var dossiers = api.MapGroup("/dossiers/{id:guid}/payments").WithTags("Thanh toán / Payments").RequireAuthorization();

        dossiers.MapGet("/", async (Guid id, HttpContext http, DossierAccess access, OneStopDbContext db, CancellationToken ct) =>
        {
            var d = await access.ReadAsync(http.RequireActor(), id, "api payments", ct);
            var list = await db.Payments.AsNoTracking().Where(p => p.DossierId == d.Id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
            return Results.Ok(list.Select(PaymentView.Of));
        }).WithSummary("Các giao dịch thanh toán của hồ sơ / The dossier's payments");

        dossiers.MapPost("/", async (Guid id, HttpContext http, PaymentService payments, CancellationToken ct) =>
        {
            var url = await payments.StartAsync(http.RequireActor(), id, http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", ct);
            return Results.Created(url, new { paymentUrl = url.AbsoluteUri });
        }).WithSummary("Bắt đầu thanh toán trực tuyến: trả về địa chỉ cổng thanh toán / Start paying online: returns the gateway address");

        dossiers.MapGet("/{paymentId:guid}/receipt", ReceiptAsync).WithSummary("Biên lai điện tử (PDF có chữ ký số) / Signed electronic receipt");

        // The gateways' server-to-server notifications: no session, the signature is the authentication.
        var notices = api.MapGroup("/payments").WithTags("Thanh toán / Payments").AllowAnonymous();
        notices.MapGet("/{gateway}/ipn", (string gateway, HttpContext http, PaymentService payments, CancellationToken ct) =>
            NoticeAsync(gateway, http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal), http, payments, ct))
            .WithSummary("IPN của cổng thanh toán (VNPay: GET) / Gateway notification");
        notices.MapPost("/{gateway}/ipn", async (string gateway, HttpContext http, PaymentService payments, CancellationToken ct) =>
        {
            var fields = http.Request.HasFormContentType
                ? (await http.Request.ReadFormAsync(ct)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
                : await ReadJsonFieldsAsync(http, ct);
            return await NoticeAsync(gateway, fields, http, payments, ct);
        }).WithSummary("IPN của cổng thanh toán (Nền tảng thanh toán quốc gia: POST) / Gateway notification").DisableAntiforgery();
    }

    public static async Task<IResult> ReceiptAsync(Guid id, Guid paymentId, HttpContext http, DossierAccess access, OneStopDbContext db, PaymentReceipts receipts, CancellationToken ct)
    {
        var d = await access.ReadAsync(http.RequireActor(), id, $"receipt {paymentId}", ct);
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId && p.DossierId == d.Id, ct)
            ?? throw new NotFoundException(Ui.T("Không tìm thấy giao dịch.", "Payment not found."));
        var pdf = await receipts.RenderAsync(d, payment, ct);
        return Results.File(pdf, "application/pdf", $"bien-lai-{payment.ReceiptNumber}.pdf");
    }

    private static async Task<IResult> NoticeAsync(string gateway, Dictionary<string, string> fields, HttpContext http, PaymentService payments, CancellationToken ct) =>
        await payments.HandleNoticeAsync(gateway, fields, http.Connection.RemoteIpAddress?.ToString(), ct) is { } outcome
            ? outcome.Answer
            : throw new NotFoundException(Ui.T("Không có cổng thanh toán này.", "No such payment gateway."));

    private static async Task<Dictionary<string, string>> ReadJsonFieldsAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            var body = await http.Request.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>(ct) ?? [];
            return body.ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == System.Text.Json.JsonValueKind.String ? kv.Value.GetString()! : kv.Value.GetRawText(), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new RuleViolationException([new("body", Ui.T("Nội dung thông báo không phải JSON hợp lệ.", "The notification is not valid JSON."))]);
        }
    }
}
