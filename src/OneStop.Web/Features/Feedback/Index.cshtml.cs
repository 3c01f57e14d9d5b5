using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneStop.Domain.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>Hỏi đáp: published questions and answers, searchable without accents; readers mark an answer helpful or not.</summary>
[EnableRateLimiting(RateLimits.Votes)]
public sealed class IndexModel(FeedbackQueries queries, FeedbackService service) : PageModel
{
    public string? Q { get; private set; }
    public string? Procedure { get; private set; }
    public IReadOnlyList<PublishedAnswer> Items { get; private set; } = [];
    public List<RuleError> Errors { get; } = [];
    public string? Voted { get; private set; }

    public async Task OnGetAsync(string? q, string? thuTuc, string? daBinhChon, CancellationToken ct)
    {
        (Q, Procedure, Voted) = (q, thuTuc, daBinhChon);
        Items = await queries.PublishedAsync(q, thuTuc, 50, ct);
    }

    public async Task<IActionResult> OnPostVoteAsync(string code, bool helpful, CancellationToken ct)
    {
        var answer = await service.VoteAsync(code, FeedbackApi.VoterKey(HttpContext), helpful, ct);
        return Redirect($"/hoi-dap?daBinhChon={Uri.EscapeDataString(code)}&counted={answer.Counted}#{code}");
    }
}
