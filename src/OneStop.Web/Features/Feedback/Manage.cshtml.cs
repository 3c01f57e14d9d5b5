using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Feedback;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>A question or feedback for its agency's staff: the sender's text and contacts, history, and the actions offered (read-only for supervisors).</summary>
[Authorize(Policy = StaffRoles.StaffReaderPolicy)]
public sealed class ManageModel(FeedbackQueries queries, FeedbackService service) : PageModel
{
    public FeedbackStaffView View { get; private set; } = null!;
    public List<RuleError> Errors { get; } = [];

    public async Task OnGetAsync(string code, CancellationToken ct) => View = await queries.StaffViewAsync(HttpContext.RequireActor(), code, ct);

    public Task<IActionResult> OnPostAsync(string code, FeedbackAction action, Guid? version, string? note, string? answer, string? targetAgencyCode, CancellationToken ct) =>
        this.TryActAsync(Errors, "", async () =>
        {
            await service.ActAsync(HttpContext.RequireActor(), code, action, new FeedbackActionRequest(version, note, answer, targetAgencyCode), ct);
            // After a transfer the item belongs to another agency: back to the inbox.
            return action == FeedbackAction.Transfer ? Redirect("/can-bo/hoi-dap") : RedirectToPage(new { code });
        }, () => OnGetAsync(code, ct));
}
