using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Feedback;
using OneStop.Domain.Text;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>What the sender sees when tracking by code and phone: no other person's data.</summary>
public sealed record FeedbackTrackingView(
    string Code, FeedbackKind Kind, FeedbackStatus Status, string StatusName, string StatusNameEn, string Title, string AgencyName,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string? Answer, DateTimeOffset? EndedAt, bool Published);

/// <summary>A published question and its answer: never the sender's name or contacts.</summary>
public sealed record PublishedAnswer(
    string Code, FeedbackKind Kind, string Title, string Content, string Answer, string? ProcedureCode, string AgencyName, DateTimeOffset PublishedAt, int Helpful, int NotHelpful);

/// <summary>A row of the staff inbox.</summary>
public sealed record FeedbackListItem(
    string Code, FeedbackKind Kind, FeedbackStatus Status, string Title, string AgencyName, DateTimeOffset ReceivedAt, DateTimeOffset DueAt,
    DeadlineState DeadlineState, string? AssigneeName);

public sealed record FeedbackHistoryItem(DateTimeOffset At, string Action, string ActorName, FeedbackStatus FromStatus, FeedbackStatus ToStatus, string? AgencyName, string? Note);

/// <summary>A question or feedback as the responsible agency's staff (and its supervisors) see it, with the actions offered to the caller.</summary>
public sealed record FeedbackStaffView(
    Guid Id, string Code, FeedbackKind Kind, FeedbackStatus Status, Guid AgencyId, string AgencyName, string? ProcedureCode, string? DossierCode,
    string Title, string Content, string SenderName, string? SenderPhone, string? SenderEmail, bool ConsentToPublish,
    DateTimeOffset ReceivedAt, DateTimeOffset ClockStartAt, DateTimeOffset RefuseBy, DateTimeOffset RequestInfoBy, DateTimeOffset DueAt, DateTimeOffset? PublishBy,
    DeadlineState DeadlineState, string? AssigneeName, string? DraftAnswer, string? Answer, string? AnsweredByName, string? ApprovedByName,
    DateTimeOffset? EndedAt, DateTimeOffset? PublishedAt, int Helpful, int NotHelpful, Guid Version,
    IReadOnlyList<FeedbackHistoryItem> History, IReadOnlyList<FeedbackAction> Actions);

public sealed class FeedbackQueries(OneStopDbContext db)
{
    private static NotFoundException NotFound() => new(Ui.T("Không tìm thấy câu hỏi, phản ánh.", "Question or feedback not found."));

    /// <summary>Tracking by code with the sender's phone (or as the signed-in sender); null when they do not match.</summary>
    public async Task<FeedbackTrackingView?> TrackAsync(string? code, string? phone, Actor? actor, CancellationToken ct)
    {
        code = code?.Trim().ToUpperInvariant();
        phone = FeedbackRules.NormalisePhone(phone);
        var account = actor is { IsApplicant: true } ? actor.Id : (Guid?)null;
        if (string.IsNullOrEmpty(code) || (phone.Length == 0 && account is null))
        {
            return null;
        }

        var f = await db.Set<FeedbackItem>().AsNoTracking()
            .Where(x => x.Code == code && ((phone != "" && x.SenderPhone == phone) || (account != null && x.SenderAccountId == account)))
            .Select(x => new { x.Code, x.Kind, x.Status, x.Title, x.AgencyId, x.ReceivedAt, x.DueAt, x.Answer, x.EndedAt })
            .FirstOrDefaultAsync(ct);
        if (f is null)
        {
            return null;
        }

        var (vi, en) = FeedbackRules.StatusName(f.Status);
        return new FeedbackTrackingView(f.Code, f.Kind, f.Status, vi, en, f.Title, await AgencyNameAsync(f.AgencyId, ct), f.ReceivedAt, f.DueAt,
            f.Status is FeedbackStatus.Answered or FeedbackStatus.Published ? f.Answer : null, f.EndedAt, f.Status == FeedbackStatus.Published);
    }

    /// <summary>Published answers, newest first, matching every accent-free word of <paramref name="q"/>, optionally of one procedure.</summary>
    public async Task<IReadOnlyList<PublishedAnswer>> PublishedAsync(string? q, string? procedure, int take, CancellationToken ct)
    {
        var query = db.Set<FeedbackItem>().AsNoTracking().Where(f => f.Status == FeedbackStatus.Published);
        if (!string.IsNullOrWhiteSpace(procedure))
        {
            var code = procedure.Trim();
            query = query.Where(f => f.ProcedureCode == code);
        }

        foreach (var term in VietnameseText.Terms(q))
        {
            var word = VietnameseText.WordPattern(term);
            query = query.Where(f => f.SearchKey.Contains(word));
        }

        return await query.OrderByDescending(f => f.PublishedAt).Take(Math.Clamp(take, 1, 100))
            .Select(f => new PublishedAnswer(f.Code, f.Kind, f.Title, f.Content, f.Answer ?? "", f.ProcedureCode,
                db.Agencies.IgnoreQueryFilters().Where(a => a.Id == f.AgencyId).Select(a => a.Name).FirstOrDefault() ?? "", f.PublishedAt!.Value, f.Helpful, f.NotHelpful))
            .ToListAsync(ct);
    }

    /// <summary>The inbox: questions and feedback of the agencies the caller may read, open ones first by deadline.</summary>
    public async Task<IReadOnlyList<FeedbackListItem>> InboxAsync(Actor actor, bool open, CancellationToken ct)
    {
        var readable = db.ReadableAgencyIds(actor);
        IReadOnlyList<FeedbackStatus> statuses = open ? FeedbackRules.Open.Append(FeedbackStatus.AwaitingSupplement).Append(FeedbackStatus.Answered).ToList() : [.. Enum.GetValues<FeedbackStatus>()];
        return await db.Set<FeedbackItem>().AsNoTracking()
            .Where(f => readable.Contains(f.AgencyId) && statuses.Contains(f.Status))
            .OrderBy(f => f.DueAt).Take(200)
            .Select(f => new FeedbackListItem(f.Code, f.Kind, f.Status, f.Title,
                db.Agencies.IgnoreQueryFilters().Where(a => a.Id == f.AgencyId).Select(a => a.Name).FirstOrDefault() ?? "", f.ReceivedAt, f.DueAt, f.DeadlineState, f.AssigneeName))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The full view for staff of the responsible agency and supervisors of it (404 for anyone else); <paramref name="justActed"/>:
    /// the officer who has just acted on it sees the outcome even when the action (a transfer) handed it to another agency.
    /// </summary>
    public async Task<FeedbackStaffView> StaffViewAsync(Actor actor, string code, CancellationToken ct, bool justActed = false)
    {
        code = code.Trim().ToUpperInvariant();
        var f = await db.Set<FeedbackItem>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (f is null || !actor.IsStaff || (!justActed && !await db.MayReadAsync(actor, f.AgencyId, ct)))
        {
            throw NotFound();
        }

        var history = await db.Set<FeedbackEvent>().AsNoTracking().Where(e => e.FeedbackId == f.Id).OrderBy(e => e.Id)
            .Select(e => new FeedbackHistoryItem(e.At, e.Action, e.ActorName, e.FromStatus, e.ToStatus, e.AgencyName, e.Note)).ToListAsync(ct);
        var state = new FeedbackState(f.Status, f.ConsentToPublish, !string.IsNullOrWhiteSpace(f.DraftAnswer));
        // Offered: what the rules allow now (a note or answer is asked for on the form) and the caller's role at this agency permits.
        var actions = actor.IsOfficer && actor.AgencyId == f.AgencyId
            ? Enum.GetValues<FeedbackAction>().Where(a => FeedbackRules.RolesFor(a).Any(actor.Has) && FeedbackRules.Decide(state, a, "…").To is not null).ToList()
            : [];
        return new FeedbackStaffView(f.Id, f.Code, f.Kind, f.Status, f.AgencyId, await AgencyNameAsync(f.AgencyId, ct), f.ProcedureCode, f.DossierCode,
            f.Title, f.Content, f.SenderName, f.SenderPhone, f.SenderEmail, f.ConsentToPublish, f.ReceivedAt, f.ClockStartAt, f.RefuseBy, f.RequestInfoBy, f.DueAt,
            f.PublishBy, f.DeadlineState, f.AssigneeName, f.DraftAnswer, f.Answer, f.AnsweredByName, f.ApprovedByName, f.EndedAt, f.PublishedAt, f.Helpful, f.NotHelpful,
            f.Version, history, actions);
    }

    private async Task<string> AgencyNameAsync(Guid id, CancellationToken ct) =>
        await db.Agencies.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? "";
}
