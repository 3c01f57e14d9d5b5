using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Payments;

/// <summary>
/// Where the gateway sends the payer's browser back. It shows the payment as OneStop holds it (changed only by the
/// gateway's notification) and never changes anything: a browser can be replayed, forged or never come back.
/// </summary>
[AllowAnonymous]
public sealed class ReturnModel(PaymentService payments) : PageModel
{
    public Payment? Payment { get; private set; }
    /// <summary>The signed-in applicant owns the dossier (a link to it is shown).</summary>
    public bool Owner { get; private set; }
    public List<Domain.Catalogue.RuleError> Errors { get; } = [];

    public async Task OnGetAsync(string gateway, CancellationToken ct)
    {
        Payment = await payments.ForReturnAsync(gateway, Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal), ct);
        if (Payment is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Errors.Add(new("payment", Shared.Ui.T(
                "Không xác minh được thông tin trả về từ cổng thanh toán. Kết quả thanh toán chỉ được ghi nhận khi cổng thanh toán xác nhận trực tiếp với hệ thống; hãy xem trạng thái hồ sơ tại mục Hồ sơ của tôi.",
                "The gateway's return could not be verified. A payment counts only when the gateway confirms it to OneStop directly; check the dossier under My dossiers.")));
        }

        Owner = Payment is not null && Actor.From(User) is { IsApplicant: true } me && me.Id == Payment.ApplicantId;
    }
}
