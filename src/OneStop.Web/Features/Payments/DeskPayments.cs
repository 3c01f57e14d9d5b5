using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;

namespace OneStop.Web.Features.Payments;

/// <summary>Money taken at the desk (cash, transfer): a payment with its receipt, as a gateway's would be, in the desk action's transaction.</summary>
public sealed class DeskPayments(OneStopDbContext db) : IDeskPayments
{
    public async Task<PaymentMade> RecordAsync(Dossier dossier, string? how, DateTimeOffset now, CancellationToken ct)
    {
        var payment = PaymentLedger.NewPayment(dossier, PaymentLedger.DeskGateway, now, now);
        payment.Status = PaymentStatus.Paid;
        payment.PaidAt = now;
        payment.GatewayResponse = string.IsNullOrWhiteSpace(how) ? null : how.Trim() is { Length: > 40 } h ? h[..40] : how.Trim();
        payment.ReceiptNumber = await PaymentLedger.NextReceiptNumberAsync(db, dossier, ct);
        db.Payments.Add(payment);
        return PaymentLedger.Made(payment);
    }
}
