using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// Money taken at the one-stop desk (cash, transfer), recorded by the Payments feature as a payment with its receipt,
/// exactly as a gateway's would be. Dossiers asks through this narrow interface; Payments depends on Dossiers, never
/// the other way round.
/// </summary>
public interface IDeskPayments
{
    /// <summary>Records the fees now due on the dossier as paid at the desk (in the caller's transaction) and returns the payment.</summary>
    Task<PaymentMade> RecordAsync(Dossier dossier, string? how, DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// What a dossier page shows of the dossier's payments, and the applicant's way to pay online: owned by Dossiers, provided
/// by the Payments feature, so the dossier pages never name a Payments type.
/// </summary>
public interface IDossierPayments
{
    /// <summary>The dossier's payments, oldest first.</summary>
    Task<IReadOnlyList<PaymentLine>> ListAsync(Guid dossierId, CancellationToken ct);

    /// <summary>Does the agency take payment online (a gateway is configured for it)?</summary>
    bool TakesOnline(string agencyCode);

    /// <summary>A new order at the agency's gateway for what the applicant's dossier owes; the address to send the browser to.</summary>
    Task<Uri> StartOnlineAsync(Identity.Actor actor, Guid dossierId, HttpContext http, CancellationToken ct);
}

/// <summary>One payment of a dossier as its page shows it.</summary>
public sealed record PaymentLine(Guid Id, string Reference, string Gateway, bool AtDesk, long AmountVnd, PaymentStatus Status, string? RefundNote,
    DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, string? ReceiptNumber);

/// <summary>The fee steps of a dossier: asking for the fees (status 6), and money taken at the desk.</summary>
public sealed class PaymentSteps(OneStopDbContext db, IDeskPayments desk)
{
    /// <summary>
    /// Yêu cầu thực hiện nghĩa vụ tài chính: the officer at the current step chooses the fee lines that apply (default: the
    /// procedure's default lines) and their quantities, and the amounts the catalogue does not give.
    /// </summary>
    public async Task<PreparedAction> PrepareRequestAsync(Dossier dossier, ActionInput input, CancellationToken ct)
    {
        var content = await db.ProcedureVersions.AsNoTracking().Where(v => v.Id == dossier.ProcedureVersionId).Select(v => v.Content).FirstAsync(ct);
        var quote = input.FeeQuantities is { } quantities ? Fees.Quote(content.Fees, quantities, input.FeeAmounts) : Fees.Quote(content.Fees);
        return PreparedAction.Of(new ActionArgs { Fees = quote });
    }

    /// <summary>The payment is recorded in the action's transaction (the guard already checked that fees are due).</summary>
    public async Task<PreparedAction> PrepareDeskPaymentAsync(Dossier dossier, ActionInput input, DateTimeOffset now, CancellationToken ct) =>
        PreparedAction.Of(new ActionArgs { Payment = await desk.RecordAsync(dossier, input.Note, now, ct) });
}
