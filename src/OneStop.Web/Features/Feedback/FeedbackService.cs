using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Feedback;
using OneStop.Domain.Text;
using OneStop.Web.Data;
using OneStop.Web.Features.Calendar;
using OneStop.Web.Features.Identity;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>Body of POST /api/v1/feedback and of the page's form.</summary>
public sealed record FeedbackRequest(
    string? Kind, string? Title, string? Content, string? Name, string? Phone, string? Email,
    string? ProcedureCode = null, string? DossierCode = null, string? AgencyCode = null, bool ConsentToPublish = false);

/// <summary>What the sender is given: the code to track it by, and when the answer is due.</summary>
public sealed record FeedbackReceipt(string Code, FeedbackStatus Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt);

/// <summary>Body of POST /api/v1/staff/feedback/{code}/actions/{action}.</summary>
public sealed record FeedbackActionRequest(Guid? Version, string? Note, string? Answer, string? TargetAgencyCode);

/// <summary>
/// Questions and feedback: intake (with the deadlines from the working calendar), the agency's handling (each action
/// asked of <see cref="FeedbackRules.Decide"/>, persisted with its history row and the sender's notification in one
/// SaveChanges), tracking by code and phone, and votes on published answers.
/// </summary>
public sealed class FeedbackService(OneStopDbContext db, CalendarService calendars, TimeProvider clock)
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public async Task<FeedbackReceipt> SubmitAsync(Actor? actor, FeedbackRequest body, CancellationToken ct)
    {
        var signedIn = actor is { IsApplicant: true };
        var errors = FeedbackRules.ValidateSubmission(body.Title, body.Content, body.Name, body.Phone, body.Email, signedIn).ToList();
        var kind = body.Kind?.Trim().ToLowerInvariant() switch
        {
            null or "" or "question" or "hoi-dap" => FeedbackKind.Question,
            "feedback" or "phan-anh" => FeedbackKind.Feedback,
            _ => (FeedbackKind?)null,
        };
        if (kind is null)
        {
            errors.Add(new("kind", "Chọn loại: question hoặc feedback. / Choose question or feedback."));
        }

        Account? account = signedIn ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor!.Id, ct) : null;
        var phone = string.IsNullOrWhiteSpace(body.Phone) ? account?.PhoneNumber : FeedbackRules.NormalisePhone(body.Phone);
        var (agencyId, procedure, dossierCode) = await ResolveSubjectAsync(body, account, phone, errors, ct);
        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        var now = clock.GetUtcNow();
        var deadlines = FeedbackRules.DeadlinesFrom(await calendars.CurrentAsync(ct), now);
        var item = new FeedbackItem
        {
            Id = Guid.CreateVersion7(),
            Code = FeedbackRules.Code(now, RandomNumberGenerator.GetString(Alphabet, 6)),
            Kind = kind!.Value,
            Status = FeedbackStatus.Received,
            AgencyId = agencyId,
            ProcedureCode = procedure,
            DossierCode = dossierCode,
            Title = body.Title!.Trim(),
            Content = body.Content!.Trim(),
            SenderName = string.IsNullOrWhiteSpace(body.Name) ? account?.FullName ?? "" : body.Name.Trim(),
            SenderPhone = phone,
            SenderEmail = string.IsNullOrWhiteSpace(body.Email) ? account?.Email : body.Email.Trim(),
            SenderAccountId = account?.Id,
            ConsentToPublish = body.ConsentToPublish,
            ReceivedAt = now,
            ClockStartAt = now,
            RefuseBy = deadlines.RefuseBy,
            RequestInfoBy = deadlines.RequestInfoBy,
            DueAt = deadlines.AnswerBy,
            Version = Guid.NewGuid(),
        };
        item.SearchKey = SearchKeyOf(item);
        db.Add(item);
        db.Add(Event(item, "Submit", item.SenderName, FeedbackStatus.Received, FeedbackStatus.Received, null, now));
        Notify(item, "feedback-received",
            $"Đã nhận {KindName(item.Kind)} {item.Code}",
            $"Kính gửi {item.SenderName},\n\nCổng Dịch vụ công Hà Nội đã nhận {KindName(item.Kind)} \"{item.Title}\" với mã {item.Code}.\nHạn trả lời: {VietnamTime.Format(item.DueAt)}.\nTra cứu bằng mã và số điện thoại tại /hoi-dap/tra-cuu.",
            now);
        await db.SaveChangesAsync(ct);
        return new FeedbackReceipt(item.Code, item.Status, item.ReceivedAt, item.DueAt);
    }

    /// <summary>The agency responsible: the sender's own dossier's, the agency named, or the city's (which routes it on).</summary>
    private async Task<(Guid Agency, string? Procedure, string? Dossier)> ResolveSubjectAsync(FeedbackRequest body, Account? account, string? phone, List<RuleError> errors, CancellationToken ct)
    {
        string? procedure = null;
        if (!string.IsNullOrWhiteSpace(body.ProcedureCode))
        {
            procedure = body.ProcedureCode.Trim();
            if (!await db.Procedures.AnyAsync(p => p.Code == procedure, ct))
            {
                errors.Add(new("procedureCode", "Không có thủ tục với mã này. / No procedure has this code."));
            }
        }

        if (!string.IsNullOrWhiteSpace(body.DossierCode))
        {
            var code = body.DossierCode.Trim().ToUpperInvariant();
            var accountId = account?.Id;
            // Only the sender's own dossier (their account, or the phone given when filing): nothing else is revealed.
            var dossier = await db.Dossiers.AsNoTracking()
                .Where(d => d.Code == code && d.ParentId == null && ((accountId != null && d.ApplicantId == accountId) || (phone != null && d.ApplicantPhone == phone)))
                .Select(d => new { d.AgencyId, d.ProcedureCode, d.Code }).FirstOrDefaultAsync(ct);
            if (dossier is null)
            {
                errors.Add(new("dossierCode", "Không tìm thấy hồ sơ của ông/bà với mã này. / None of your dossiers has this code."));
                return (Guid.Empty, procedure, null);
            }

            return (dossier.AgencyId, procedure ?? dossier.ProcedureCode, dossier.Code);
        }

        if (!string.IsNullOrWhiteSpace(body.AgencyCode))
        {
            var agency = await db.Agencies.AsNoTracking().Where(a => a.Code == body.AgencyCode.Trim()).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
            if (agency is null)
            {
                errors.Add(new("agencyCode", "Không có cơ quan với mã này. / No agency has this code."));
            }

            return (agency ?? Guid.Empty, procedure, null);
        }

        return (await CityAsync(ct), procedure, null);
    }

    /// <summary>The city's own agency (the root of the agency model in force): it receives what names no agency and routes it.</summary>
    public Task<Guid> CityAsync(CancellationToken ct) =>
        db.Agencies.AsNoTracking().Where(a => a.ParentId == null).OrderBy(a => a.Code).Select(a => a.Id).FirstAsync(ct);

    /// <summary>The agency's action on a question or feedback (its officers only; 404 for anyone else, 403 without the role, 409 when not allowed now).</summary>
    public async Task<FeedbackItem> ActAsync(Actor actor, string code, FeedbackAction action, FeedbackActionRequest body, CancellationToken ct)
    {
        var item = await db.Set<FeedbackItem>().FirstOrDefaultAsync(f => f.Code == code, ct);
        if (item is null || !actor.IsOfficer || item.AgencyId != actor.AgencyId)
        {
            throw new NotFoundException(Ui.T("Không tìm thấy câu hỏi, phản ánh.", "Question or feedback not found."));
        }

        if (!FeedbackRules.RolesFor(action).Any(actor.Has))
        {
            throw new ForbiddenException(Ui.T("Vai trò của ông/bà không thực hiện được thao tác này.", "Your role cannot take this action."));
        }

        if (body.Version is { } v && v != item.Version)
        {
            throw new ConflictException(Ui.T("Câu hỏi, phản ánh vừa được người khác cập nhật. Tải lại trang.", "Someone else has just changed it. Reload the page."));
        }

        var decision = FeedbackRules.Decide(new FeedbackState(item.Status, item.ConsentToPublish, !string.IsNullOrWhiteSpace(item.DraftAnswer)), action,
            action == FeedbackAction.SubmitAnswer ? body.Answer : body.Note);
        if (decision.Refusal is { } refusal)
        {
            throw refusal.Path.Length > 0 ? new RuleViolationException([refusal]) : new ConflictException(refusal.Message);
        }

        var now = clock.GetUtcNow();
        var from = item.Status;
        string? agencyName = null;
        switch (action)
        {
            case FeedbackAction.Claim:
                item.AssigneeId = actor.Id;
                item.AssigneeName = actor.Name;
                break;
            case FeedbackAction.Transfer:
                var target = await db.Agencies.AsNoTracking().Where(a => a.Code == (body.TargetAgencyCode ?? "").Trim()).Select(a => new { a.Id, a.Name }).FirstOrDefaultAsync(ct);
                if (target is null || target.Id == item.AgencyId)
                {
                    throw new RuleViolationException([new("targetAgencyCode", Ui.T("Chọn cơ quan nhận (khác cơ quan hiện tại).", "Choose the receiving agency (another one)."))]);
                }

                // The receiving agency's deadlines run from the transfer (DOMAIN.md §13).
                var deadlines = FeedbackRules.DeadlinesFrom(await calendars.CurrentAsync(ct), now);
                (item.AgencyId, item.ClockStartAt, item.RefuseBy, item.RequestInfoBy, item.DueAt) = (target.Id, now, deadlines.RefuseBy, deadlines.RequestInfoBy, deadlines.AnswerBy);
                (item.AssigneeId, item.AssigneeName, item.DeadlineState) = (null, null, DeadlineState.OnTime);
                agencyName = target.Name;
                break;
            case FeedbackAction.SubmitAnswer:
                item.DraftAnswer = body.Answer!.Trim();
                item.AnsweredByName = actor.Name;
                break;
            case FeedbackAction.Approve:
                item.Answer = item.DraftAnswer;
                item.ApprovedByName = actor.Name;
                item.EndedAt = now;
                item.PublishBy = item.ConsentToPublish ? FeedbackRules.PublishBy(await calendars.CurrentAsync(ct), now) : null;
                item.SearchKey = SearchKeyOf(item);
                break;
            case FeedbackAction.Refuse:
                item.EndedAt = now;
                break;
            case FeedbackAction.Publish:
                item.PublishedAt = now;
                break;
        }

        item.Status = decision.To!.Value;
        item.Version = Guid.NewGuid();
        db.Add(Event(item, action.ToString(), actor.Name, from, item.Status, action == FeedbackAction.SubmitAnswer ? null : body.Note, now, agencyName));
        switch (action)
        {
            case FeedbackAction.Approve:
                Notify(item, "feedback-answered", $"{KindName(item.Kind)} {item.Code} đã được trả lời",
                    $"Kính gửi {item.SenderName},\n\n{KindName(item.Kind)} \"{item.Title}\" (mã {item.Code}) đã được trả lời:\n\n{item.Answer}", now);
                break;
            case FeedbackAction.Refuse:
                Notify(item, "feedback-refused", $"{KindName(item.Kind)} {item.Code} không được tiếp nhận",
                    $"Kính gửi {item.SenderName},\n\n{KindName(item.Kind)} \"{item.Title}\" (mã {item.Code}) không được tiếp nhận xử lý.\nLý do: {body.Note}", now);
                break;
            case FeedbackAction.RequestInfo:
                Notify(item, "feedback-info-requested", $"{KindName(item.Kind)} {item.Code} cần bổ sung thông tin",
                    $"Kính gửi {item.SenderName},\n\nĐể trả lời {KindName(item.Kind)} \"{item.Title}\" (mã {item.Code}), đề nghị ông/bà bổ sung:\n{body.Note}", now);
                break;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(Ui.T("Câu hỏi, phản ánh vừa được người khác cập nhật. Tải lại trang.", "Someone else has just changed it. Reload the page."));
        }

        return item;
    }

    /// <summary>
    /// One vote per reader (account or browser) on a published answer; the counter is incremented in SQL in the vote's
    /// transaction. Returns whether it counted (false when this reader had voted already: nothing changes) and the counts.
    /// </summary>
    public async Task<VoteAnswer> VoteAsync(string code, string voterKey, bool helpful, CancellationToken ct)
    {
        var id = await db.Set<FeedbackItem>().Where(f => f.Code == code && f.Status == FeedbackStatus.Published).Select(f => (Guid?)f.Id).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Ui.T("Không tìm thấy câu trả lời đã công khai.", "Published answer not found."));
        if (await db.Set<FeedbackVote>().AnyAsync(v => v.FeedbackId == id && v.VoterKey == voterKey, ct))
        {
            return await CountsAsync(id, false, ct);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(new FeedbackVote { Id = Guid.CreateVersion7(), FeedbackId = id, VoterKey = voterKey, Helpful = helpful, At = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            await tx.RollbackAsync(ct);
            return await CountsAsync(id, false, ct);
        }

        var items = db.Set<FeedbackItem>().Where(f => f.Id == id);
        _ = helpful
            ? await items.ExecuteUpdateAsync(s => s.SetProperty(f => f.Helpful, f => f.Helpful + 1), ct)
            : await items.ExecuteUpdateAsync(s => s.SetProperty(f => f.NotHelpful, f => f.NotHelpful + 1), ct);
        await tx.CommitAsync(ct);
        return await CountsAsync(id, true, ct);
    }

    private async Task<VoteAnswer> CountsAsync(Guid id, bool counted, CancellationToken ct) =>
        await db.Set<FeedbackItem>().AsNoTracking().Where(f => f.Id == id).Select(f => new VoteAnswer(counted, f.Helpful, f.NotHelpful)).FirstAsync(ct);

    private static string SearchKeyOf(FeedbackItem f) => VietnameseText.SearchKey($"{f.Title} {f.Content} {f.Answer}");

    private static string KindName(FeedbackKind kind) => kind == FeedbackKind.Question ? "câu hỏi" : "phản ánh, kiến nghị";

    private static FeedbackEvent Event(FeedbackItem item, string action, string actor, FeedbackStatus from, FeedbackStatus to, string? note, DateTimeOffset at, string? agency = null) => new()
    {
        FeedbackId = item.Id,
        At = at,
        Action = action,
        ActorName = actor.Length > 200 ? actor[..200] : actor,
        FromStatus = from,
        ToStatus = to,
        AgencyName = agency,
        Note = note is { Length: > 2000 } ? note[..2000] : note,
    };

    /// <summary>The sender's message through the notification outbox (e-mail when given, in-app for an account), in this action's SaveChanges.</summary>
    private void Notify(FeedbackItem item, string key, string subject, string body, DateTimeOffset now)
    {
        void Add(NotificationChannel channel, string recipient, OutboxStatus status) => db.NotificationOutbox.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            DossierCode = item.Code,
            ApplicantId = item.SenderAccountId,
            EventKey = key,
            Occurrence = item.Version,
            Channel = channel,
            Recipient = recipient,
            Subject = subject.Length > 400 ? subject[..400] : subject,
            Body = body + "\n\nCổng Dịch vụ công Hà Nội — thư tự động, vui lòng không trả lời.",
            Status = status,
            NextAttemptAt = now,
            CreatedAt = now,
            SentAt = status == OutboxStatus.Sent ? now : null,
        });

        if (item.SenderEmail is { Length: > 0 } email)
        {
            Add(NotificationChannel.Email, email, OutboxStatus.Pending);
        }

        if (item.SenderAccountId is { } account)
        {
            Add(NotificationChannel.InApp, account.ToString(), OutboxStatus.Sent);
        }
    }
}
