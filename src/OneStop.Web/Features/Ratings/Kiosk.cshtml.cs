using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Ratings;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Ratings;

/// <summary>
/// Đánh giá tại quầy: the tablet at the desk (no sign-in). The QR code or the short code printed on form 01 opens the
/// rating of that dossier only, once; the same page is the link sent to a walk-in applicant without an account.
/// </summary>
[EnableRateLimiting(RateLimits.RatingCode)]
public sealed class KioskModel(RatingService ratings) : PageModel
{
    public string? Code { get; private set; }
    public Dossier? Dossier { get; private set; }
    public bool AlreadyRated { get; private set; }
    public bool Finished { get; private set; }
    public bool Thanks { get; private set; }
    public bool FromLink { get; private set; }
    public RatingFormModel Form { get; private set; } = new();
    public List<RuleError> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? code, string? ma, string? nguon, bool? camOn, CancellationToken ct)
    {
        if (code is null && !string.IsNullOrWhiteSpace(ma))
        {
            // The code typed at the kiosk: its own address, so the QR code and typing lead to the same page.
            return RatingRules.TrackingKeyPrefix(ma) is { } prefix
                ? RedirectToPage(new { code = prefix.ToUpperInvariant() })
                : NotFoundPage(ma);
        }

        Code = code;
        FromLink = nguon == "lien-ket";
        Thanks = camOn == true;
        if (code is null || Thanks)
        {
            return Page();
        }

        return await LoadAsync(code, ct) ? Page() : NotFoundPage(code);
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? nguon, CancellationToken ct)
    {
        Code = code;
        FromLink = nguon == "lien-ket";
        Form = RatingFormModel.From(Request.Form);
        if (code is null || !await LoadAsync(code, ct))
        {
            return NotFoundPage(code);
        }

        var channel = FromLink ? RatingChannel.Online : RatingChannel.Kiosk;
        return await this.TryActAsync(Errors, "answer", async () =>
        {
            await ratings.RateAtKioskAsync(Dossier!, Form.ToRequest(), channel, ct);
            return RedirectToPage(new { code = (string?)null, camOn = true });
        }, async () => await LoadAsync(code, ct));
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        Dossier = await ratings.ByKioskCodeAsync(code, ct);
        if (Dossier is null)
        {
            return false;
        }

        AlreadyRated = await ratings.IsRatedAsync(Dossier.Id, ct);
        Finished = RatingRules.IsFinished(Dossier.Status);
        return true;
    }

    private PageResult NotFoundPage(string? code)
    {
        Code = code;
        Dossier = null;
        Errors.Add(new RuleError("ma", Ui.T("Không tìm thấy hồ sơ với mã đánh giá này. Kiểm tra lại mã in trên giấy tiếp nhận.",
            "No dossier has this rating code. Check the code printed on the receipt.")));
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
