using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>Tra cứu câu hỏi, phản ánh: by code and the sender's phone (or signed in as the sender).</summary>
[EnableRateLimiting(RateLimits.Tracking)]
public sealed class TrackModel(FeedbackQueries queries) : PageModel
{
    public string? Code { get; private set; }
    public string? Phone { get; private set; }
    public FeedbackTrackingView? Result { get; private set; }
    public bool Searched { get; private set; }

    public async Task OnGetAsync(string? ma, string? dienThoai, CancellationToken ct)
    {
        (Code, Phone) = (ma, dienThoai);
        if (!string.IsNullOrWhiteSpace(ma) && (!string.IsNullOrWhiteSpace(dienThoai) || Actor.From(User) is { IsApplicant: true }))
        {
            Searched = true;
            Result = await queries.TrackAsync(ma, dienThoai, Actor.From(User), ct);
            if (Result is null)
            {
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
    }
}
