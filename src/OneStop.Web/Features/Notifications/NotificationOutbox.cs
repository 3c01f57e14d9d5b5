using OneStop.Domain.Dossiers;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Notifications;

public enum NotificationChannel
{
    Email = 0,
    Sms = 1,
    /// <summary>Shown at /thong-bao; written as delivered (nothing to send).</summary>
    InApp = 2,
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>Gave up after <see cref="NotificationDelivery.MaxAttempts"/> attempts (dead letter); an operator may set it back to Pending.</summary>
    Failed = 2,
}

/// <summary>
/// One message to one recipient on one channel, written in the transaction of the dossier action that caused it and
/// delivered later by <see cref="NotificationDelivery"/>. (DossierId, EventKey, Occurrence, Channel) is unique: the
/// occurrence is the dossier version the action produced, so one action yields at most one message per channel.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    /// <summary>The dossier the message is about; null for a message about the account itself (password reset).</summary>
    public Guid? DossierId { get; set; }
    public string? DossierCode { get; set; }
    /// <summary>The applicant's account (in-app list); null for a walk-in applicant without an account.</summary>
    public Guid? ApplicantId { get; set; }
    /// <summary>A key of <see cref="NotificationTemplates"/>.</summary>
    public required string EventKey { get; set; }
    public Guid Occurrence { get; set; }
    public NotificationChannel Channel { get; set; }
    /// <summary>E-mail address, phone number, or the account id for in-app.</summary>
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A delivery pass holds the row until then; another instance may take it after (crash of the holder).</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>In-app only: when the applicant marked it read.</summary>
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>Stages the outbox rows of a dossier action into the caller's unit of work (its SaveChanges, its transaction).</summary>
public sealed class NotificationOutbox(OneStopDbContext db, Microsoft.Extensions.Options.IOptions<OneStopOptions> settings)
{
    /// <summary>
    /// The notification a decision sends the applicant (the domain says which, and none for a transferred dossier), with
    /// its rows for every channel the applicant can be reached on. Called after the decision was applied and before
    /// SaveChanges; must be inside the action's transaction.
    /// </summary>
    public int Stage(Dossier dossier, Decision decision, string agencyName, DateTimeOffset now)
    {
        if (decision.Notice is not { } notice || dossier.Code is null)
        {
            return 0;
        }

        var note = decision.History.Note;
        var (key, date, details) = notice switch
        {
            ApplicantNotice.Received => (NotificationTemplates.Received, dossier.DueAt, null),
            ApplicantNotice.SupplementRequested => (NotificationTemplates.SupplementRequested, null,
                decision.History.Details is SupplementRequestedDetails r ? string.Join('\n', r.Missing.Select(m => "- " + m)) : null),
            ApplicantNotice.ResultReady => (NotificationTemplates.ResultReady, null, null),
            ApplicantNotice.Apology => (NotificationTemplates.Apology, dossier.DueAt, note),
            ApplicantNotice.Refused => (NotificationTemplates.Refused, null, note),
            ApplicantNotice.Stopped => (NotificationTemplates.Stopped, null, note),
            ApplicantNotice.PaymentRequested => (NotificationTemplates.PaymentRequested, null, FeeDetails(dossier)),
            ApplicantNotice.PaymentReceived => (NotificationTemplates.PaymentReceived, null, (decision.History.Details as PaymentConfirmedDetails)?.Receipt),
            _ => ((string?)null, (DateTimeOffset?)null, (string?)null),
        };
        if (key is null)
        {
            return 0;
        }

        var values = Values(dossier, agencyName, date, details);
        return Stage(dossier, key, decision.History.Details is PaymentConfirmedDetails paid ? values with { Amount = paid.AmountVnd } : values, now);
    }

    private NotificationValues Values(Dossier dossier, string agencyName, DateTimeOffset? date, string? details) =>
        new(dossier.ApplicantName, dossier.Code!, dossier.ProcedureName, agencyName, TrackingUrl(dossier), date, details, dossier.FeeDueVnd > 0 ? dossier.FeeDueVnd : null,
            Ratings.RatingLinks.For(settings.Value.PublicUrl, dossier));

    private static string FeeDetails(Dossier dossier) => string.Join('\n', dossier.FeeLines.Select(l =>
        $"- {l.Name}: {l.Quantity} × {OneStop.Domain.Text.VietnameseMoney.Figures(l.UnitVnd ?? 0)} đồng"));

    /// <summary>Adds one row per reachable channel for an event.</summary>
    public int Stage(Dossier dossier, string key, NotificationValues values, DateTimeOffset now)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Notifications are staged inside the transaction of the action that causes them.");
        }

        var count = 0;
        if (dossier.ApplicantEmail is { Length: > 0 } email)
        {
            Add(dossier, key, NotificationChannel.Email, email, NotificationTemplates.Email(key, values), OutboxStatus.Pending, now);
            count++;
        }

        if (dossier.ApplicantPhone is { Length: > 0 } phone)
        {
            Add(dossier, key, NotificationChannel.Sms, phone, NotificationTemplates.Sms(key, values), OutboxStatus.Pending, now);
            count++;
        }

        if (dossier.ApplicantId is { } account)
        {
            Add(dossier, key, NotificationChannel.InApp, account.ToString(), NotificationTemplates.InApp(key, values), OutboxStatus.Sent, now);
            count++;
        }

        return count;
    }

    /// <summary>
    /// An e-mail about the account itself (no dossier: <see cref="OutboxMessage.DossierId"/> is null, each message its own
    /// occurrence). Not shown in the in-app list, which lists in-app rows only.
    /// </summary>
    public void StageAccountEmail(Account account, string key, RenderedMessage message, DateTimeOffset now)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Notifications are staged inside the transaction of the action that causes them.");
        }

        db.NotificationOutbox.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            ApplicantId = account.Id,
            EventKey = key,
            Occurrence = Guid.CreateVersion7(),
            Channel = NotificationChannel.Email,
            Recipient = account.Email!,
            Subject = message.Subject,
            Body = message.Body,
            Status = OutboxStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }

    private void Add(Dossier dossier, string key, NotificationChannel channel, string recipient, RenderedMessage message, OutboxStatus status, DateTimeOffset now) =>
        db.NotificationOutbox.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            DossierId = dossier.Id,
            DossierCode = dossier.Code,
            ApplicantId = dossier.ApplicantId,
            EventKey = key,
            // The version the action gave the dossier: unique per action, the same if the same action were staged twice.
            Occurrence = dossier.Version,
            Channel = channel,
            Recipient = recipient.Length > 256 ? recipient[..256] : recipient,
            Subject = message.Subject.Length > 400 ? message.Subject[..400] : message.Subject,
            Body = message.Body,
            Status = status,
            NextAttemptAt = now,
            CreatedAt = now,
            SentAt = status == OutboxStatus.Sent ? now : null,
        });

    private string TrackingUrl(Dossier dossier) => DossierCodes.TrackingLink(settings.Value.PublicUrl, dossier.Code!, dossier.TrackingKey);
}
