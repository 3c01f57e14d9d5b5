using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;
using OneStop.Domain.Roles;

namespace OneStop.Web.Features.Payments;

/// <summary>
/// Đối soát thanh toán: one day's payments of the agencies the officer may read, by group (paid, pending, failed,
/// mismatched), the refused gateway notifications, the refunds waiting; Excel export; refunds recorded here.
/// </summary>
[Authorize(Policy = StaffRoles.StaffReaderPolicy)]
public sealed class ReconciliationPageModel(PaymentReconciliation reconciliation, PaymentService payments, TimeProvider clock) : PageModel
{
    public Reconciliation Report { get; private set; } = null!;
    public List<RuleError> Errors { get; } = [];
    public string? Message { get; private set; }
    /// <summary>May record refunds (desk officer or leader of their own agency).</summary>
    public bool CanRefund { get; private set; }

    public async Task<IActionResult> OnGetAsync(DateOnly? ngay, string? xuat, CancellationToken ct)
    {
        await LoadAsync(ngay, ct);
        if (xuat == "xlsx")
        {
            return File(PaymentReconciliation.Workbook(Report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"doi-soat-{Report.Day:yyyyMMdd}.xlsx");
        }

        Message = TempData["message"] as string;
        return Page();
    }

    public Task<IActionResult> OnPostRefundAsync(Guid paymentId, string? note, DateOnly? ngay, CancellationToken ct) =>
        this.TryActAsync(Errors, "note", async () =>
        {
            await payments.MarkRefundedAsync(Actor.From(User)!, paymentId, note, ct);
            TempData["message"] = Ui.T("Đã ghi nhận hoàn tiền.", "Refund recorded.");
            return Redirect($"/can-bo/doi-soat?ngay={ngay:yyyy-MM-dd}");
        }, () => LoadAsync(ngay, ct));

    private async Task LoadAsync(DateOnly? day, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        Report = await reconciliation.ForDayAsync(actor, day ?? DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime), ct);
        CanRefund = actor.IsOfficer && (actor.Has(StaffRole.DeskOfficer) || actor.Has(StaffRole.AgencyLeader));
    }
}
