using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Agencies;

/// <summary>The agency tree (either local-government model; the filter on the model in force is set by <see cref="OneStopDbContext"/>).</summary>
public sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.ToTable("Agencies");
        builder.HasIndex(a => a.Code).IsUnique();
        builder.HasIndex(a => new { a.ParentId, a.SortOrder });
        builder.HasIndex(a => new { a.Level, a.Model });
        builder.Property(a => a.Code).HasMaxLength(20);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.NameEn).HasMaxLength(200);
        builder.Property(a => a.UnitCode).HasMaxLength(10);
        builder.Property(a => a.DeskName).HasMaxLength(250);
        builder.Property(a => a.DeskAddress).HasMaxLength(300);
        builder.Property(a => a.DeskPhone).HasMaxLength(30);
        builder.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// The agency tree's closure, walked in SQL on every use so that every instance sees the tree as it is now.
/// UNION (not UNION ALL) ends the walk even if a bad edit ever made a cycle.
/// </summary>
public sealed class AgencyLineageConfiguration : IEntityTypeConfiguration<AgencyLineage>
{
    public void Configure(EntityTypeBuilder<AgencyLineage> builder)
    {
        builder.HasNoKey();
        builder.ToTable((string?)null);
        builder.ToSqlQuery("""
            WITH RECURSIVE "lineage"("AgencyId", "AncestorId", "ParentId") AS (
                SELECT "Id", "Id", "ParentId" FROM "Agencies"
                UNION
                SELECT l."AgencyId", a."Id", a."ParentId" FROM "lineage" AS l INNER JOIN "Agencies" AS a ON a."Id" = l."ParentId"
            )
            SELECT "AgencyId", "AncestorId" FROM "lineage"
            """);
    }
}
