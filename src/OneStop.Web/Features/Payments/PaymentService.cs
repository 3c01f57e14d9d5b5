using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Payments;

/// <summary>Shared pieces of the payment ledger (used by the gateway flow and by the desk's "confirm payment").</summary>
public static class PaymentLedger
{
    /// <summary>Gateway key of money taken at the one-stop desk.</summary>
    public const string DeskGateway = "desk";

    public static Payment NewPayment(Dossier dossier, string gateway, DateTimeOffset now, DateTimeOffset expiresAt) => new()
    {
        Id = Guid.CreateVersion7(),
        Reference = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        DossierId = dossier.Id,
        DossierCode = dossier.Code ?? throw new InvalidOperationException("A draft has no fees to pay."),
        AgencyId = dossier.AgencyId,
        ApplicantId = dossier.ApplicantId,
        Gateway = gateway,
        AmountVnd = dossier.FeeDueVnd,
        Lines = [.. dossier.FeeLines],
        Status = PaymentStatus.Pending,
        CreatedAt = now,
        UpdatedAt = now,
        ExpiresAt = expiresAt,
        Version = Guid.NewGuid(),
    };

    /// <summary>Biên lai điện tử number: {dossier code}-BL{n}, n counting the dossier's receipts (unique in the database).</summary>
    public static async Task<string> NextReceiptNumberAsync(OneStopDbContext db, Dossier dossier, CancellationToken ct) =>
        Domain.Dossiers.DossierCodes.ReceiptNumber(dossier.Code!, await db.Payments.CountAsync(p => p.DossierId == dossier.Id && p.ReceiptNumber != null, ct) + 1);

    public static Domain.Dossiers.PaymentMade Made(Payment p) => new(p.AmountVnd, p.ReceiptNumber, p.Reference, p.Gateway);

    public static (string Vietnamese, string English) StatusName(PaymentStatus s) => s switch
    {
        PaymentStatus.Pending => ("Chờ xác nhận", "Pending"),
        PaymentStatus.Paid => ("Đã thanh toán", "Paid"),
        PaymentStatus.Failed => ("Không thành công", "Failed"),
        PaymentStatus.Cancelled => ("Đã hủy", "Cancelled"),
        PaymentStatus.RefundNeeded => ("Cần hoàn tiền", "Refund needed"),
        PaymentStatus.Refunded => ("Đã hoàn tiền", "Refunded"),
        _ => (s.ToString(), s.ToString()),
    };
}

/// <summary>The outcome of a gateway notification: OneStop's answer and what it changed.</summary>
public sealed record NoticeOutcome(PaymentDecision Decision, IResult Answer);

/// <summary>
/// Online payment of a dossier's fees: starting a payment at the agency's gateway, the gateway's notification (the only
/// place a payment becomes paid), the browser's return (shows, never changes), and refunds.
/// </summary>
public sealed class PaymentService(
    OneStopDbContext db, IOptions<PaymentOptions> options, IOptions<OneStopOptions> settings, IEnumerable<IPaymentProtocol> protocols, DossierService dossiers, DossierAccess access, TimeProvider clock,
    Audit.AuditLog audit, ILogger<PaymentService> log)
{
    /// <summary>Unconfirmed attempts allowed at once per dossier (each is a new order at the gateway).</summary>
    public const int MaxOpenAttempts = 5;

    private PaymentOptions Options => options.Value;

    public IPaymentProtocol ProtocolOf(GatewayOptions gateway) => protocols.First(p => p.Protocol == gateway.Protocol);

    /// <summary>The gateway an agency collects with, or null when it takes no online payment.</summary>
    public (string Key, GatewayOptions Gateway)? GatewayFor(string agencyCode) =>
        Options.GatewayFor(agencyCode) is { } key && Options.Gateway(key) is { } g ? (key, g) : null;

    /// <summary>The applicant starts paying what the dossier owes: a new order, and the gateway address to send the browser to.</summary>
    /// The return address and a relative gateway address (the sandbox bank) are the portal's public address (<see cref="OneStopOptions.PublicUrl"/>),
    /// never the request's Host header.
    public async Task<Uri> StartAsync(Actor actor, Guid dossierId, string clientAddress, CancellationToken ct)
    {
        var dossier = await access.ForApplicant(actor, dossierId, ct);
        if (dossier.FeeDueVnd <= 0 || dossier.Status is not (DossierStatus.AwaitingPayment or DossierStatus.Registered))
        {
            throw new ConflictException(Ui.T("Hồ sơ không có khoản phí, lệ phí nào đang chờ nộp.", "No fees are due on this dossier."));
        }

        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.AgencyId, ct);
        var (key, gateway) = GatewayFor(agency.Code) ?? throw new ConflictException(Ui.T(
            "Cơ quan này chưa nhận thanh toán trực tuyến: vui lòng nộp phí tại Bộ phận Một cửa.", "This agency takes no online payment yet: please pay at the one-stop desk."));
        var now = clock.GetUtcNow();
        var open = await db.Payments.CountAsync(p => p.DossierId == dossier.Id && p.Status == PaymentStatus.Pending && p.ExpiresAt > now, ct);
        if (open >= MaxOpenAttempts)
        {
            throw new ConflictException(Ui.T("Có quá nhiều giao dịch đang chờ ngân hàng xác nhận. Vui lòng đợi vài phút rồi thử lại.",
                "Too many payments are waiting for the bank. Please wait a few minutes and try again."));
        }

        var payment = PaymentLedger.NewPayment(dossier, key, now, now.AddMinutes(Options.ExpiryMinutes));
        // The order row is the record of the attempt (who, when, how much); what changes state is audited when the gateway answers.
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        var baseUri = settings.Value.PublicBase();
        var order = new PaymentOrder(payment.Reference, payment.AmountVnd, $"Nop phi ho so {dossier.Code}", new Uri(baseUri, $"/thanh-toan/ket-qua/{Uri.EscapeDataString(key)}"),
            clientAddress, now, payment.ExpiresAt);
        return ProtocolOf(gateway).PaymentUrl(gateway, order, baseUri);
    }

    /// <summary>
    /// A gateway's server-to-server notification. The signature is checked, the decision taken by
    /// <see cref="PaymentRules"/>, and everything it changes (payment, dossier, history, audit, the notice's record) is
    /// one transaction. A concurrent duplicate loses on the row versions and is answered as what it is: a duplicate.
    /// </summary>
    public async Task<NoticeOutcome?> HandleNoticeAsync(string gatewayKey, IReadOnlyDictionary<string, string> fields, string? remoteAddress, CancellationToken ct)
    {
        if (Options.Gateway(gatewayKey) is not { } gateway)
        {
            return null;
        }

        var protocol = ProtocolOf(gateway);
        var message = protocol.Read(gateway, fields);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var decision = await DecideAsync(gatewayKey, message, remoteAddress, ct);
                return new NoticeOutcome(decision, protocol.Answer(decision));
            }
            catch (DbUpdateException ex) when (attempt < 4 && (ex is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(ex)))
            {
                // Another instance handled the same payment (or the same dossier) at the same moment: read again and decide again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<PaymentDecision> DecideAsync(string gatewayKey, GatewayMessage message, string? remoteAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var payment = message.Reference is { Length: > 0 and <= 40 } reference
            ? await db.Payments.FirstOrDefaultAsync(p => p.Reference == reference && p.Gateway == gatewayKey, ct)
            : null;
        var dossier = payment is null ? null : await db.Dossiers.FirstAsync(d => d.Id == payment.DossierId, ct);
        var awaits = dossier is not null && dossier.FeeDueVnd > 0 && dossier.FeeDueVnd == payment!.AmountVnd &&
                     dossier.Status is DossierStatus.AwaitingPayment or DossierStatus.Registered;
        var decision = PaymentRules.Decide(payment?.Status, payment?.AmountVnd ?? 0, awaits, message.Notice);
        db.PaymentNotices.Add(new PaymentNoticeLog
        {
            At = now,
            Gateway = gatewayKey,
            Reference = message.Reference is { Length: > 40 } r ? r[..40] : message.Reference,
            PaymentId = payment?.Id,
            SignatureValid = message.Notice.SignatureValid,
            AmountVnd = message.Notice.AmountVnd,
            Succeeded = message.Notice.Succeeded,
            GatewayTransactionNo = Clip(message.TransactionNo, 40),
            GatewayResponse = Clip(message.ResponseCode, 40),
            Answer = decision.RspCode,
            RemoteAddress = Clip(remoteAddress, 64),
            Raw = Clip(message.Raw, 4000)!,
        });
        if (payment is not null && decision.NewStatus is { } status)
        {
            payment.Status = status;
            payment.UpdatedAt = now;
            payment.Version = Guid.NewGuid();
            payment.GatewayTransactionNo = Clip(message.TransactionNo, 40);
            payment.BankCode = Clip(message.BankCode, 20);
            payment.GatewayResponse = Clip(message.ResponseCode, 40);
            if (status is PaymentStatus.Paid or PaymentStatus.RefundNeeded)
            {
                // The money was taken: the payer gets a receipt, even when it must be given back.
                payment.PaidAt = now;
                payment.ReceiptNumber = await PaymentLedger.NextReceiptNumberAsync(db, dossier!, ct);
            }

            if (decision.ConfirmsDossier)
            {
                var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier!.AgencyId, ct);
                await dossiers.StagePaymentConfirmedAsync(dossier!, agency, PaymentLedger.Made(payment), now, ct);
            }
        }

        var accepted = decision.RspCode is "00" or "02";
        if (!accepted)
        {
            log.LogWarning("Payment notice refused: gateway {Gateway}, reference {Reference}, answer {Answer} ({Message})", gatewayKey, message.Reference, decision.RspCode, decision.Message);
        }

        await audit.StageAsync(accepted ? "payment.notice" : "payment.notice.refused", null, "Cổng thanh toán " + gatewayKey, payment?.DossierCode ?? message.Reference,
            $"{decision.RspCode} {decision.Message}; {payment?.Status.ToString() ?? "no payment"}; from {remoteAddress}", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return decision;
    }

    /// <summary>What the browser's return shows: the payment as OneStop holds it, if the gateway's signature is right. Changes nothing.</summary>
    public async Task<Payment?> ForReturnAsync(string gatewayKey, IReadOnlyDictionary<string, string> fields, CancellationToken ct)
    {
        if (Options.Gateway(gatewayKey) is not { } gateway)
        {
            return null;
        }

        var message = ProtocolOf(gateway).Read(gateway, fields);
        return message.Notice.SignatureValid && message.Reference is { Length: > 0 and <= 40 } reference
            ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Reference == reference && p.Gateway == gatewayKey, ct)
            : null;
    }

    /// <summary>How long after the gateway's own expiry an unconfirmed order is given up (late notifications still find it).</summary>
    public static readonly TimeSpan ExpiryGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// Gives up orders the payer never completed: pending well past their expiry become cancelled (set-based, safe with
    /// several instances). A success that still arrives afterwards is flagged for refund by <see cref="PaymentRules"/>.
    /// </summary>
    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - ExpiryGrace;
        return await db.Payments.Where(p => p.Status == PaymentStatus.Pending && p.ExpiresAt < cutoff)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PaymentStatus.Cancelled).SetProperty(p => p.UpdatedAt, now), ct);
    }

    /// <summary>Staff record that the money of a RefundNeeded payment was given back.</summary>
    public async Task MarkRefundedAsync(Actor actor, Guid paymentId, string? note, CancellationToken ct)
    {
        var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId && actor.IsStaff && p.AgencyId == actor.AgencyId, ct)
            ?? throw new NotFoundException(Ui.T("Không tìm thấy giao dịch.", "Payment not found."));
        if (!actor.Has(Domain.Roles.StaffRole.DeskOfficer) && !actor.Has(Domain.Roles.StaffRole.AgencyLeader))
        {
            throw new ForbiddenException(Ui.T("Cần vai trò Bộ phận Một cửa hoặc Lãnh đạo cơ quan.", "This needs the desk officer or agency leader role."));
        }

        if (payment.Status != PaymentStatus.RefundNeeded)
        {
            throw new ConflictException(Ui.T("Chỉ hoàn tiền giao dịch ở trạng thái \"Cần hoàn tiền\".", "Only a payment marked \"refund needed\" can be refunded."));
        }

        var how = string.IsNullOrWhiteSpace(note)
            ? throw new RuleViolationException([new("note", Ui.T("Ghi rõ cách hoàn tiền (số chứng từ, ngày).", "Say how the money was returned (document number, date)."))])
            : note.Trim();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        payment.Status = PaymentStatus.Refunded;
        payment.RefundNote = Clip($"{actor.Name}: {how}", 500);
        payment.UpdatedAt = now;
        payment.Version = Guid.NewGuid();
        await audit.StageAsync("payment.refunded", actor.Id, actor.Name, payment.DossierCode, $"{payment.Reference} {payment.AmountVnd} VND: {how}", ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(Ui.T("Giao dịch vừa được cập nhật. Tải lại trang.", "The payment has just changed. Reload the page."));
        }

        await tx.CommitAsync(ct);
    }

    private static string? Clip(string? s, int max) => s is null ? null : s.Length > max ? s[..max] : s;
}
