using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneStop.Web.Features.Audit;

/// <summary>Audit entries: inserted only; sealed later by <see cref="AuditSealing"/>. First-wave entries keep their chain fields.</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasIndex(x => new { x.Chain, x.Seq }).IsUnique();
        // The sealer's order and where it resumes.
        builder.HasIndex(x => new { x.TxId, x.Id });
        builder.HasIndex(x => x.At);
        builder.HasIndex(x => x.Subject);
        // The writing transaction's id comes from the database (PostgreSQL: the context sets the default); 0 on SQLite.
        builder.Property(x => x.TxId).HasDefaultValue(0L).ValueGeneratedOnAdd();
        builder.Property(x => x.Event).HasMaxLength(60);
        builder.Property(x => x.ActorName).HasMaxLength(256);
        builder.Property(x => x.Subject).HasMaxLength(100);
        builder.Property(x => x.Address).HasMaxLength(64);
        builder.Property(x => x.Details).HasMaxLength(2000);
        builder.Property(x => x.PrevHash).HasMaxLength(64);
        builder.Property(x => x.Hash).HasMaxLength(64);
    }
}

/// <summary>Seals: one per sealed entry, numbered in the log's one sequence (never generated: the sealer numbers them).</summary>
public sealed class AuditSealConfiguration : IEntityTypeConfiguration<AuditSeal>
{
    public void Configure(EntityTypeBuilder<AuditSeal> builder)
    {
        builder.ToTable("AuditSeals");
        builder.HasKey(x => x.Seq);
        builder.Property(x => x.Seq).ValueGeneratedNever();
        builder.HasIndex(x => x.EntryId).IsUnique();
        builder.Property(x => x.Link).HasMaxLength(64);
    }
}

/// <summary>Blocks of the sealed log, numbered from 1 (never generated).</summary>
public sealed class AuditBlockConfiguration : IEntityTypeConfiguration<AuditBlock>
{
    public void Configure(EntityTypeBuilder<AuditBlock> builder)
    {
        builder.ToTable("AuditBlocks");
        builder.HasKey(x => x.Number);
        builder.Property(x => x.Number).ValueGeneratedNever();
        builder.Property(x => x.Root).HasMaxLength(64);
        builder.Property(x => x.PrevHash).HasMaxLength(64);
        builder.Property(x => x.Hash).HasMaxLength(64);
    }
}

/// <summary>One row per first-wave chain, keyed by the chain number (never generated); no longer written.</summary>
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
