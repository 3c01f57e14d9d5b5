using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>Hỏi đáp, phản ánh: the agency's questions and feedback (supervisors: those of the agencies they supervise), by deadline.</summary>
[Authorize(Policy = StaffRoles.StaffReaderPolicy)]
public sealed class InboxModel(FeedbackQueries queries) : PageModel
{
    public IReadOnlyList<FeedbackListItem> Items { get; private set; } = [];
    public bool All { get; private set; }

    public async Task OnGetAsync(bool? tatCa, CancellationToken ct)
    {
        All = tatCa == true;
        Items = await queries.InboxAsync(HttpContext.RequireActor(), !All, ct);
    }
}
