using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Feedback;

namespace OneStop.Web.Features.Feedback;

/// <summary>
/// Một câu hỏi hoặc phản ánh, kiến nghị (PAKN): tracked by its code like a dossier, handled by the responsible agency
/// with the legal deadlines of DOMAIN.md §13 counted from receipt or the latest transfer.
/// </summary>
public sealed class FeedbackItem
{
    public Guid Id { get; set; }
    /// <summary>PAKN-{yyMMdd}-{6 random}: given to the sender for tracking.</summary>
    public required string Code { get; set; }
    public FeedbackKind Kind { get; set; }
    public FeedbackStatus Status { get; set; }
    /// <summary>The agency responsible now (transfers move it).</summary>
    public Guid AgencyId { get; set; }
    /// <summary>The procedure it is about, if any (its FAQ shows the published answer).</summary>
    public string? ProcedureCode { get; set; }
    /// <summary>One of the sender's dossiers it is about, if any.</summary>
    public string? DossierCode { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    public required string SenderName { get; set; }
    public string? SenderPhone { get; set; }
    public string? SenderEmail { get; set; }
    public Guid? SenderAccountId { get; set; }
    /// <summary>The sender agreed that the question and answer be published (never their name or contacts).</summary>
    public bool ConsentToPublish { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>Receipt or the latest transfer: the deadlines run from here.</summary>
    public DateTimeOffset ClockStartAt { get; set; }
    public DateTimeOffset RefuseBy { get; set; }
    public DateTimeOffset RequestInfoBy { get; set; }
    /// <summary>The answer is due by then (15 working days).</summary>
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? PublishBy { get; set; }
    /// <summary>Kept by the deadline job: on time, due soon, overdue.</summary>
    public DeadlineState DeadlineState { get; set; }

    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    /// <summary>The specialist's answer waiting for approval; becomes <see cref="Answer"/> when the leader approves.</summary>
    public string? DraftAnswer { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredByName { get; set; }
    public string? ApprovedByName { get; set; }
    /// <summary>Answered (approved) or refused: when the agency's handling ended (on time or late against <see cref="DueAt"/>).</summary>
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>Folded title, content and answer (<see cref="Domain.Text.VietnameseText.SearchKey"/>) for accent-free search.</summary>
    public string SearchKey { get; set; } = "";
    /// <summary>Readers' votes on the published answer (counters, incremented in SQL).</summary>
    public int Helpful { get; set; }
    public int NotHelpful { get; set; }
    /// <summary>Optimistic concurrency: two officers acting at once cannot both win.</summary>
    public Guid Version { get; set; }
}

/// <summary>One step in the history of a question or feedback.</summary>
public sealed class FeedbackEvent
{
    public long Id { get; set; }
    public Guid FeedbackId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    public required string ActorName { get; set; }
    public FeedbackStatus FromStatus { get; set; }
    public FeedbackStatus ToStatus { get; set; }
    public string? AgencyName { get; set; }
    public string? Note { get; set; }
}

/// <summary>One reader's vote on a published answer: one per person or browser (unique voter key).</summary>
public sealed class FeedbackVote
{
    public Guid Id { get; set; }
    public Guid FeedbackId { get; set; }
    /// <summary>"account:{id}" for a signed-in reader, "browser:{cookie}" otherwise.</summary>
    public required string VoterKey { get; set; }
    public bool Helpful { get; set; }
    public DateTimeOffset At { get; set; }
}

public sealed class FeedbackConfigurations : IEntityTypeConfiguration<FeedbackItem>, IEntityTypeConfiguration<FeedbackEvent>, IEntityTypeConfiguration<FeedbackVote>
{
    public void Configure(EntityTypeBuilder<FeedbackItem> builder)
    {
        builder.ToTable("FeedbackItems");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => f.Code).IsUnique();
        // Inboxes and the deadline job: per agency and status, by deadline.
        builder.HasIndex(f => new { f.AgencyId, f.Status, f.DueAt });
        builder.HasIndex(f => new { f.Status, f.DueAt });
        // The public list and each procedure's FAQ.
        builder.HasIndex(f => new { f.Status, f.ProcedureCode, f.PublishedAt });
        builder.HasIndex(f => f.SenderAccountId);
        builder.Property(f => f.Code).HasMaxLength(32);
        builder.Property(f => f.ProcedureCode).HasMaxLength(64);
        builder.Property(f => f.DossierCode).HasMaxLength(64);
        builder.Property(f => f.Title).HasMaxLength(200);
        builder.Property(f => f.Content).HasMaxLength(5000);
        builder.Property(f => f.SenderName).HasMaxLength(200);
        builder.Property(f => f.SenderPhone).HasMaxLength(20);
        builder.Property(f => f.SenderEmail).HasMaxLength(256);
        builder.Property(f => f.AssigneeName).HasMaxLength(200);
        builder.Property(f => f.DraftAnswer).HasMaxLength(10000);
        builder.Property(f => f.Answer).HasMaxLength(10000);
        builder.Property(f => f.AnsweredByName).HasMaxLength(200);
        builder.Property(f => f.ApprovedByName).HasMaxLength(200);
        builder.Property(f => f.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<FeedbackEvent> builder)
    {
        builder.ToTable("FeedbackEvents");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.FeedbackId, e.Id });
        builder.Property(e => e.Action).HasMaxLength(32);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.AgencyName).HasMaxLength(300);
        builder.Property(e => e.Note).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<FeedbackVote> builder)
    {
        builder.ToTable("FeedbackVotes");
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.FeedbackId, v.VoterKey }).IsUnique();
        builder.Property(v => v.VoterKey).HasMaxLength(80);
    }
}
