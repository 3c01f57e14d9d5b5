using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Feedback;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Feedback;

/// <summary>
/// The deadline job's pass over questions and feedback (run by <see cref="Calendar.DeadlineJob"/>): open ones whose
/// answer is due within <paramref name="soon"/> become due soon, past it overdue. Set-based and forward-only, like the
/// dossiers' pass, so several instances may run it at once.
/// </summary>
public static class FeedbackDeadlines
{
    public static async Task<(int DueSoon, int Overdue)> MarkAsync(OneStopDbContext db, DateTimeOffset now, DateTimeOffset soon, CancellationToken ct)
    {
        FeedbackStatus[] open = [.. FeedbackRules.Open];
        var items = db.Set<FeedbackItem>();
        var overdue = await items
            .Where(f => open.Contains(f.Status) && f.DueAt < now && f.DeadlineState != DeadlineState.Overdue)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.DeadlineState, DeadlineState.Overdue), ct);
        var dueSoon = await items
            .Where(f => open.Contains(f.Status) && f.DueAt >= now && f.DueAt <= soon && f.DeadlineState == DeadlineState.OnTime)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.DeadlineState, DeadlineState.DueSoon), ct);
        return (dueSoon, overdue);
    }
}
