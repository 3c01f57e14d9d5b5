using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Wallet;

/// <summary>Kho giấy tờ: the signed-in applicant's reusable documents, with download and removal (only their own).</summary>
[Authorize(Policy = StaffRoles.ApplicantPolicy)]
public sealed class IndexModel(DocumentWallet wallet) : PageModel
{
    public IReadOnlyList<WalletDocumentView> Documents { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Documents = await wallet.ListAsync(Actor.From(User)!.Id, ct);
        Message = TempData["message"] as string;
    }

    /// <summary>Removes a document from the wallet; the dossier it came from keeps its file. Someone else's id: 404.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        await wallet.RemoveAsync(Actor.From(User)!, id, ct);
        TempData["message"] = Ui.T("Đã xoá giấy tờ khỏi kho. Hồ sơ đã nộp vẫn giữ nguyên tệp.", "Removed from the wallet. Dossiers already filed keep their files.");
        return Redirect("/kho-giay-to");
    }
}
