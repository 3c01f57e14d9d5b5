using OneStop.Domain.Payments;

namespace OneStop.Web.Features.Payments;

/// <summary>
/// One attempt to pay a dossier's fees through a gateway (or at the desk). Only the gateway's signed server-to-server
/// notification (IPN) turns it <see cref="PaymentStatus.Paid"/>; the browser's return to OneStop only shows it.
/// </summary>
public sealed class Payment
{
    public Guid Id { get; set; }
    /// <summary>The order reference sent to the gateway (vnp_TxnRef, MaThamChieu): 16 upper-case hex characters, unique.</summary>
    public required string Reference { get; set; }
    public Guid DossierId { get; set; }
    public required string DossierCode { get; set; }
    public Guid AgencyId { get; set; }
    public Guid? ApplicantId { get; set; }
    /// <summary>Key of the gateway in configuration ("sandbox", "vnpay-…", "national"), or "desk" for money taken at the desk.</summary>
    public required string Gateway { get; set; }
    public long AmountVnd { get; set; }
    /// <summary>The fee lines paid for (name, unit, quantity, reason), for the receipt.</summary>
    public List<FeeLine> Lines { get; set; } = [];
    public PaymentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>After this the gateway no longer accepts the order (vnp_ExpireDate).</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the gateway confirmed the money (Paid or RefundNeeded).</summary>
    public DateTimeOffset? PaidAt { get; set; }
    public string? GatewayTransactionNo { get; set; }
    public string? BankCode { get; set; }
    /// <summary>The gateway's own result code (vnp_ResponseCode), for staff and reconciliation.</summary>
    public string? GatewayResponse { get; set; }
    /// <summary>Biên lai điện tử: {dossier code}-BL{n}, given when the payment is confirmed.</summary>
    public string? ReceiptNumber { get; set; }
    /// <summary>Who refunded a RefundNeeded payment, and why/how.</summary>
    public string? RefundNote { get; set; }
    public Guid Version { get; set; }
}

/// <summary>Every notification a gateway sent, accepted or not: the evidence for reconciliation and for forged or replayed calls.</summary>
public sealed class PaymentNoticeLog
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Gateway { get; set; }
    public string? Reference { get; set; }
    public Guid? PaymentId { get; set; }
    public bool SignatureValid { get; set; }
    public long? AmountVnd { get; set; }
    public bool Succeeded { get; set; }
    public string? GatewayTransactionNo { get; set; }
    public string? GatewayResponse { get; set; }
    /// <summary>OneStop's answer (VNPay RspCode: 00, 01, 02, 04, 97, 99).</summary>
    public required string Answer { get; set; }
    public string? RemoteAddress { get; set; }
    /// <summary>The fields as received (without the signature), for investigation.</summary>
    public required string Raw { get; set; }
}

/// <summary>A notification the built-in sandbox bank holds back to send later (the "delayed IPN" case).</summary>
public sealed class SandboxBankNotice
{
    public long Id { get; set; }
    /// <summary>Absolute IPN address with its signed query.</summary>
    public required string Url { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
}
