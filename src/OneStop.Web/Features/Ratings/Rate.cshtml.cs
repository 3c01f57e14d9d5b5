using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Ratings;

/// <summary>Đánh giá hồ sơ: the applicant rates a finished dossier, or changes the rating within 7 days (the link of the result notification).</summary>
[Authorize(Policy = StaffRoles.ApplicantPolicy)]
public sealed class RateModel(RatingService ratings) : PageModel
{
    public RatingView View { get; private set; } = null!;
    public RatingFormModel Form { get; private set; } = new();
    public List<RuleError> Errors { get; } = [];
    public bool Saved { get; private set; }

    public async Task OnGetAsync(Guid id, bool? daLuu, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = RatingFormModel.Of(View);
        Saved = daLuu == true;
    }

    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        Form = RatingFormModel.From(Request.Form);
        var actor = HttpContext.RequireActor();
        return this.TryActAsync(Errors, "answer", async () =>
        {
            var current = await ratings.GetAsync(actor, id, ct);
            if (current.Rated)
            {
                await ratings.ChangeAsync(actor, id, Form.ToRequest(), ct);
            }
            else
            {
                await ratings.RateAsync(actor, id, Form.ToRequest(), ct);
            }

            return RedirectToPage(new { id, daLuu = true });
        }, () => LoadAsync(id, ct));
    }

    private async Task LoadAsync(Guid id, CancellationToken ct) => View = await ratings.GetAsync(HttpContext.RequireActor(), id, ct);
}
