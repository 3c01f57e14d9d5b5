using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>The applicant's view of one dossier: everything, with supplement and withdrawal.</summary>
[Authorize(Policy = StaffRoles.ApplicantPolicy)]
public sealed class DetailModel(OneStopDbContext db, DossierService service, DossierAccess access, DossierLedger ledger, DossierQueries queries, IDossierPayments payments, Wallet.DocumentWallet wallet) : PageModel
{
    /// <summary>The dossier's agency takes payment online (a gateway is configured for it).</summary>
    public bool PaysOnline { get; private set; }

    public DossierPageData Data { get; private set; } = null!;
    public List<RuleError> Errors { get; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(Guid id, bool? nop, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (nop == true)
        {
            Message = Ui.T($"Đã nộp hồ sơ. Mã hồ sơ của bạn là {Data.Dossier.Code}. Bộ phận Một cửa sẽ kiểm tra và tiếp nhận.", $"Submitted. Your dossier code is {Data.Dossier.Code}. The desk will check and receive it.");
        }
    }

    public Task<IActionResult> OnPostSupplementAsync(Guid id, Guid? version, string? note, CancellationToken ct) =>
        ActAsync(id, DossierAction.Supplement, new ActionInput
        {
            Version = version,
            Note = note,
            Uploads = PostedDossierForm.Uploads(Request.Form),
        }, Ui.T("Đã gửi hồ sơ bổ sung.", "Supplement sent."), ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid? version, string? note, CancellationToken ct) =>
        ActAsync(id, DossierAction.Withdraw, new ActionInput { Version = version, Note = note }, Ui.T("Đã rút hồ sơ.", "Dossier withdrawn."), ct);

    /// <summary>Thanh toán trực tuyến: a new order at the agency's gateway, and off to the gateway's page.</summary>
    public Task<IActionResult> OnPostPayAsync(Guid id, CancellationToken ct) =>
        this.TryActAsync(Errors, "pay", async () =>
        {
            var url = await payments.StartOnlineAsync(Actor.From(User)!, id, HttpContext, ct);
            return Redirect(url.AbsoluteUri);
        }, () => LoadAsync(id, ct));

    /// <summary>"Lưu vào kho": keeps one file of this dossier in the applicant's wallet (only their own dossier's files).</summary>
    public Task<IActionResult> OnPostSaveToWalletAsync(Guid id, Guid fileId, CancellationToken ct) =>
        this.TryActAsync(Errors, "fileId", async () =>
        {
            await wallet.SaveFromDossierAsync(Actor.From(User)!, id, fileId, ct);
            TempData["message"] = Ui.T("Đã lưu vào Kho giấy tờ. Bạn có thể dùng lại khi nộp hồ sơ khác.", "Saved to your document wallet. You can reuse it when filing another dossier.");
            return Redirect($"/ho-so-cua-toi/{id}");
        }, () => LoadAsync(id, ct), shown: ex => ex is ConflictException);

    private Task<IActionResult> ActAsync(Guid id, DossierAction action, ActionInput input, string done, CancellationToken ct) =>
        this.TryActAsync(Errors, action.ToString(), async () =>
        {
            await service.ActAsync(Actor.From(User)!, id, action, input, ct);
            TempData["message"] = done;
            return Redirect($"/ho-so-cua-toi/{id}");
        }, () => LoadAsync(id, ct));

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        var d = await access.ReadAsync(actor, id, "page", ct);
        Data = await DossierPageData.LoadAsync(db, queries, ledger, payments, actor, d, ct) with { InWallet = await wallet.SavedAsync(actor.Id, d.Files.Select(f => f.Id).ToList(), ct) };
        PaysOnline = Data.Dossier.FeeDueVnd > 0 && payments.TakesOnline(await db.Agencies.Where(a => a.Id == d.AgencyId).Select(a => a.Code).FirstAsync(ct));
        Message ??= TempData["message"] as string;
    }
}
