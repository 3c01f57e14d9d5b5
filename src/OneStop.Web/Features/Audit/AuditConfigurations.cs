using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneStop.Web.Features.Audit;

/// <summary>Audit entries: hash-chained, numbered within their chain.</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasIndex(x => new { x.Chain, x.Seq }).IsUnique();
        builder.HasIndex(x => x.At);
        builder.HasIndex(x => x.Subject);
        builder.Property(x => x.Event).HasMaxLength(60);
        builder.Property(x => x.ActorName).HasMaxLength(256);
        builder.Property(x => x.Subject).HasMaxLength(100);
        builder.Property(x => x.Address).HasMaxLength(64);
        builder.Property(x => x.Details).HasMaxLength(2000);
        builder.Property(x => x.PrevHash).HasMaxLength(64);
        builder.Property(x => x.Hash).HasMaxLength(64);
    }
}

/// <summary>One row per chain, keyed by the chain number (never generated).</summary>
public sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable("AuditHeads");
        builder.HasKey(x => x.Chain);
        builder.Property(x => x.Chain).ValueGeneratedNever();
        builder.Property(x => x.Hash).HasMaxLength(64);
    }
}
