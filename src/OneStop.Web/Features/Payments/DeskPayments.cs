using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;

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

/// <summary>The dossier pages' view of payments and their "pay online" button, through the interface Dossiers owns.</summary>
public sealed class DossierPayments(OneStopDbContext db, PaymentService payments) : IDossierPayments
{
    public async Task<IReadOnlyList<PaymentLine>> ListAsync(Guid dossierId, CancellationToken ct) =>
        (await db.Payments.AsNoTracking().Where(p => p.DossierId == dossierId).OrderBy(p => p.CreatedAt).ToListAsync(ct))
            .Select(p => new PaymentLine(p.Id, p.Reference, p.Gateway, p.Gateway == PaymentLedger.DeskGateway, p.AmountVnd, p.Status, p.RefundNote, p.CreatedAt, p.PaidAt, p.ReceiptNumber))
            .ToList();

    public bool TakesOnline(string agencyCode) => payments.GatewayFor(agencyCode) is not null;

    public Task<Uri> StartOnlineAsync(Actor actor, Guid dossierId, HttpContext http, CancellationToken ct) =>
        payments.StartAsync(actor, dossierId, http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", ct);
}
