using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Catalogue;

public sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> builder)
    {
        builder.ToTable("Procedures");
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.Code).HasMaxLength(40);
        builder.HasMany(p => p.Versions).WithOne(v => v.Procedure).HasForeignKey(v => v.ProcedureId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A version's content is one JSON column; the columns beside it are copies for querying.</summary>
public sealed class ProcedureVersionConfiguration : IEntityTypeConfiguration<ProcedureVersion>
{
    public void Configure(EntityTypeBuilder<ProcedureVersion> builder)
    {
        builder.ToTable("ProcedureVersions");
        builder.HasIndex(v => new { v.ProcedureId, v.Version }).IsUnique();
        // The public catalogue reads versions in force: status, then dates; field and level filter within.
        builder.HasIndex(v => new { v.Status, v.EffectiveFrom, v.EffectiveTo });
        builder.HasIndex(v => new { v.Status, v.Field });
        builder.HasIndex(v => v.Code);
        // The review page lists versions in force that still have import issues.
        builder.HasIndex(v => new { v.ReviewIssueCount, v.Status });
        builder.Property(v => v.Code).HasMaxLength(40);
        builder.Property(v => v.Name).HasMaxLength(CatalogueRules.MaxNameLength);
        builder.Property(v => v.Field).HasMaxLength(200);
        builder.Property(v => v.AgencyCodes).HasMaxLength(2000);
        builder.Property(v => v.SearchText).HasMaxLength(2000);
        builder.Property(v => v.ChangedBy).HasMaxLength(256);
        builder.Property(v => v.ConcurrencyStamp).IsConcurrencyToken();
        builder.Property(v => v.Content).HasJsonConversion();
    }
}

public sealed class RolloutBatchConfiguration : IEntityTypeConfiguration<RolloutBatch>
{
    public void Configure(EntityTypeBuilder<RolloutBatch> builder)
    {
        builder.ToTable("RolloutBatches");
        builder.HasIndex(b => b.Code).IsUnique();
        builder.Property(b => b.Code).HasMaxLength(40);
        builder.Property(b => b.Name).HasMaxLength(300);
        builder.Property(b => b.Decision).HasMaxLength(500);
        builder.Property(b => b.ProcedureCodes).HasJsonConversion();
    }
}

public sealed class CatalogueImportLogConfiguration : IEntityTypeConfiguration<CatalogueImportLog>
{
    public void Configure(EntityTypeBuilder<CatalogueImportLog> builder)
    {
        builder.ToTable("CatalogueImports");
        builder.HasIndex(l => l.Source);
        builder.Property(l => l.Source).HasMaxLength(100);
        builder.Property(l => l.Sha256).HasMaxLength(64);
        builder.Property(l => l.ImportedBy).HasMaxLength(256);
    }
}

public sealed class FieldDepartmentConfiguration : IEntityTypeConfiguration<FieldDepartment>
{
    public void Configure(EntityTypeBuilder<FieldDepartment> builder)
    {
        builder.ToTable("CatalogueFieldDepartments");
        builder.HasKey(f => f.Field);
        builder.Property(f => f.Field).HasMaxLength(200);
        builder.Property(f => f.AgencyCode).HasMaxLength(40);
        builder.Property(f => f.ChangedBy).HasMaxLength(256);
    }
}
