using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Calendar;

/// <summary>
/// Marks dossiers (and questions and feedback) due soon (within one working day) and overdue. Each run is two set-based UPDATEs that only move a
/// dossier forward (on time → due soon → overdue), so several instances may run it at once without harm.
/// </summary>
public sealed class DeadlineJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DeadlineJob> log)
    : Shared.PeriodicJob(scopes, clock, log, TimeSpan.FromMinutes(1))
{
    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        RunAsync(services.GetRequiredService<OneStopDbContext>(), services.GetRequiredService<CalendarService>(), Clock.GetUtcNow(), ct);

    /// <summary>One pass; returns (due soon, overdue) counts of dossiers changed.</summary>
    public static async Task<(int DueSoon, int Overdue)> RunAsync(OneStopDbContext db, CalendarService calendars, DateTimeOffset now, CancellationToken ct)
    {
        var soon = (await calendars.CurrentAsync(ct)).AddWorkingHours(now, OneStop.Domain.Catalogue.TimeLimit.WorkingHoursPerDay);
        DossierStatus[] open = [.. DossierStatuses.Open];
        // Deadlines.IsLate (now after the appointment) and Deadlines.StateAt, as set-based updates.
        var overdue = await db.Dossiers
            .Where(d => open.Contains(d.Status) && d.DueAt < now && d.DeadlineState != DeadlineState.Overdue)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DeadlineState, DeadlineState.Overdue), ct);
        var dueSoon = await db.Dossiers
            .Where(d => open.Contains(d.Status) && d.DueAt >= now && d.DueAt <= soon && d.DeadlineState == DeadlineState.OnTime)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DeadlineState, DeadlineState.DueSoon), ct);
        // Questions and feedback (PAKN) have their own deadlines, watched the same way.
        await Feedback.FeedbackDeadlines.MarkAsync(db, now, soon, ct);
        return (dueSoon, overdue);
    }
}
