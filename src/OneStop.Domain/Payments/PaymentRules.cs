namespace OneStop.Domain.Payments;

/// <summary>Where one payment of a dossier's fees stands.</summary>
public enum PaymentStatus
{
    /// <summary>Sent to the gateway; no confirmation yet.</summary>
    Pending = 0,
    /// <summary>The gateway confirmed the money; the dossier moved on.</summary>
    Paid = 1,
    /// <summary>The gateway reported a failure or the payer cancelled at the bank.</summary>
    Failed = 2,
    /// <summary>OneStop gave up on it (expired, or the dossier no longer waits for payment) before any confirmation.</summary>
    Cancelled = 3,
    /// <summary>Money arrived for a dossier that no longer waits for it: staff must refund it.</summary>
    RefundNeeded = 4,
    /// <summary>Staff gave the money of a <see cref="RefundNeeded"/> payment back.</summary>
    Refunded = 5,
}

/// <summary>What a gateway's server-to-server notification (IPN) says, after OneStop checked its signature.</summary>
/// <param name="SignatureValid">The notification's signature is the gateway's.</param>
/// <param name="AmountVnd">The amount it reports, in whole VND (null when unreadable).</param>
/// <param name="Succeeded">The bank reports the money as taken.</param>
public sealed record PaymentNotice(bool SignatureValid, long? AmountVnd, bool Succeeded);

/// <summary>
/// The answer to a notification and what it changes. <see cref="RspCode"/> follows VNPay's IPN codes: 00 confirmed,
/// 01 order not found, 02 already confirmed, 04 invalid amount, 97 invalid signature, 99 other.
/// </summary>
public sealed record PaymentDecision(string RspCode, string Message, PaymentStatus? NewStatus, bool ConfirmsDossier)
{
    public bool ChangesSomething => NewStatus is not null;
}

/// <summary>
/// The one place where a payment becomes paid: the decision for a gateway notification, given the payment OneStop
/// holds. Safe under duplicates, replays and reordering: only a pending payment changes, and only once.
/// </summary>
public static class PaymentRules
{
    public static PaymentDecision Decide(PaymentStatus? current, long expectedAmountVnd, bool dossierAwaitsPayment, PaymentNotice notice)
    {
        if (!notice.SignatureValid)
        {
            return new("97", "Invalid signature", null, false);
        }

        if (current is null)
        {
            return new("01", "Order not found", null, false);
        }

        if (notice.AmountVnd != expectedAmountVnd)
        {
            return new("04", "Invalid amount", null, false);
        }

        if (current is not PaymentStatus.Pending and not PaymentStatus.Cancelled)
        {
            // Paid, failed or already flagged for refund: a duplicate or a replay changes nothing.
            return new("02", "Order already confirmed", null, false);
        }

        if (!notice.Succeeded)
        {
            return current == PaymentStatus.Cancelled
                ? new("02", "Order already confirmed", null, false)
                : new("00", "Confirm Success", PaymentStatus.Failed, false);
        }

        // Money was taken. If the dossier still waits for it, it moves on; otherwise staff must give it back.
        return current == PaymentStatus.Pending && dossierAwaitsPayment
            ? new("00", "Confirm Success", PaymentStatus.Paid, true)
            : new("00", "Confirm Success", PaymentStatus.RefundNeeded, false);
    }
}
