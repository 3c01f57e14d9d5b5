using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Notifications;

/// <summary>The notification outbox, also the applicant's in-app list.</summary>
public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("NotificationOutbox");
        // One action yields at most one message per channel.
        builder.HasIndex(x => new { x.DossierId, x.EventKey, x.Occurrence, x.Channel }).IsUnique();
        // The delivery pass: pending rows in due order.
        builder.HasIndex(x => new { x.Status, x.NextAttemptAt });
        // The applicant's in-app list, newest first.
        builder.HasIndex(x => new { x.ApplicantId, x.Channel, x.CreatedAt });
        builder.Property(x => x.DossierCode).HasMaxLength(40);
        builder.Property(x => x.EventKey).HasMaxLength(40);
        builder.Property(x => x.Recipient).HasMaxLength(256);
        builder.Property(x => x.Subject).HasMaxLength(400);
        builder.Property(x => x.LockedBy).HasMaxLength(32);
        builder.Property(x => x.LastError).HasMaxLength(1000);
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
    }
}
