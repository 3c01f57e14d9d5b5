namespace OneStop.Domain.Dossiers;

/// <summary>
/// When a dossier is late — the one rule behind the tracking page, the deadline job, the supervision filters and the
/// apology letter (form 04) required before a late result is returned (docs/domain.md §8–§9). The appointment (ngày hẹn trả, <c>DueAt</c>) is set at reception, moved by the time spent waiting for
/// a supplement, and moved again by an apology letter.
/// </summary>
public static class Deadlines
{
    /// <summary>Late: the appointment has passed at <paramref name="at"/> (strictly after it).</summary>
    public static bool IsLate(DateTimeOffset? dueAt, DateTimeOffset at) => dueAt is { } due && at > due;

    /// <summary>
    /// Was (or is) the dossier late for the applicant? Judged at the moment it ended (completed), or now while open; a
    /// dossier refused at the desk or withdrawn by its applicant is never late.
    /// </summary>
    public static bool WasLate(DossierStatus status, DateTimeOffset? dueAt, DateTimeOffset? completedAt, DateTimeOffset now) =>
        status is not (DossierStatus.Refused or DossierStatus.Withdrawn) && IsLate(dueAt, completedAt ?? now);

    /// <summary>The state the deadline job keeps: overdue when late, due soon when the appointment falls before <paramref name="soon"/>.</summary>
    public static DeadlineState StateAt(DateTimeOffset? dueAt, DateTimeOffset now, DateTimeOffset soon) =>
        IsLate(dueAt, now) ? DeadlineState.Overdue : dueAt is { } due && due <= soon ? DeadlineState.DueSoon : DeadlineState.OnTime;

    /// <summary>
    /// Before the result of a late original dossier is approved or returned, the agency must have apologised in writing
    /// with a new date (form 04). A transferred dossier answers to the agency that sent it, not to the applicant.
    /// </summary>
    public static bool NeedsApology(DossierState s, DateTimeOffset now) => IsLate(s.DueAt, now) && s.ApologyCount == 0 && !s.IsTransferred;
}
