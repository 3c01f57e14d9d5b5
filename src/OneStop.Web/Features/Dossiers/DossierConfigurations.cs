using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Dossiers with their indexes for inboxes, the tracking book, the deadline job, supervision and synchronisation.</summary>
public sealed class DossierConfiguration : IEntityTypeConfiguration<Dossier>
{
    public void Configure(EntityTypeBuilder<Dossier> builder)
    {
        builder.ToTable("Dossiers");
        builder.HasIndex(d => d.Code).IsUnique();
        // "My dossiers", and the idempotency of a create: one dossier per applicant and key.
        builder.HasIndex(d => new { d.ApplicantId, d.CreatedAt });
        builder.HasIndex(d => new { d.ApplicantId, d.IdempotencyKey }).IsUnique();
        // Staff inboxes: agency, the role that acts now, status, deadline order.
        builder.HasIndex(d => new { d.AgencyId, d.CurrentRole, d.Status, d.DueAt });
        // The tracking book (form 07) and the deadline job.
        builder.HasIndex(d => new { d.AgencyId, d.ReceivedAt });
        builder.HasIndex(d => new { d.Status, d.DueAt });
        builder.HasIndex(d => d.ParentId);
        // The kiosk finds a dossier by the start of its tracking key (the rating code on form 01, Features/Ratings).
        builder.HasIndex(d => d.TrackingKey);
        // Status synchronisation for API clients reads changes in (UpdatedAt, Id) order.
        builder.HasIndex(d => new { d.UpdatedAt, d.Id });
        // Supervision of an agency sub-tree: agencies in scope, then status and overdue filters, newest first.
        builder.HasIndex(d => new { d.AgencyId, d.Status, d.DeadlineState, d.SubmittedAt });
        builder.Property(d => d.Code).HasMaxLength(40);
        builder.Property(d => d.ProcedureCode).HasMaxLength(40);
        builder.Property(d => d.ProcedureName).HasMaxLength(CatalogueRules.MaxNameLength);
        builder.Property(d => d.AssigneeName).HasMaxLength(200);
        builder.Property(d => d.ApplicantName).HasMaxLength(200);
        builder.Property(d => d.ApplicantPersonalId).HasMaxLength(20);
        builder.Property(d => d.ApplicantPhone).HasMaxLength(20);
        builder.Property(d => d.ApplicantEmail).HasMaxLength(256);
        builder.Property(d => d.ApplicantAddress).HasMaxLength(300);
        builder.Property(d => d.IdempotencyKey).HasMaxLength(100);
        builder.Property(d => d.TrackingKey).HasMaxLength(32);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Property(d => d.Steps).HasJsonConversion();
        builder.Property(d => d.TimeLimit).HasJsonConversion();
        builder.Property(d => d.FormData).HasJsonConversion();
        builder.Property(d => d.FeeLines).HasJsonConversion();
        builder.HasOne(d => d.Agency).WithMany().HasForeignKey(d => d.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Files).WithOne().HasForeignKey(f => f.DossierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProcedureVersion>().WithMany().HasForeignKey(d => d.ProcedureVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Dossier>().WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(d => d.ApplicantId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DossierFileConfiguration : IEntityTypeConfiguration<DossierFile>
{
    public void Configure(EntityTypeBuilder<DossierFile> builder)
    {
        builder.ToTable("DossierFiles");
        builder.HasIndex(f => new { f.DossierId, f.Kind });
        builder.HasIndex(f => f.ResultCode).IsUnique();
        builder.Property(f => f.DocumentName).HasMaxLength(500);
        builder.Property(f => f.FileName).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.StorageKey).HasMaxLength(200);
        builder.Property(f => f.ResultCode).HasMaxLength(50);
    }
}

/// <summary>A dossier's history: one row per action, appended, never changed.</summary>
public sealed class DossierEventConfiguration : IEntityTypeConfiguration<DossierEvent>
{
    public void Configure(EntityTypeBuilder<DossierEvent> builder)
    {
        builder.ToTable("DossierEvents");
        builder.HasIndex(x => new { x.DossierId, x.Id });
        builder.Property(x => x.ActorName).HasMaxLength(200);
        builder.Property(x => x.ActorRole).HasMaxLength(40);
        builder.Property(x => x.AgencyName).HasMaxLength(200);
        builder.Property(x => x.FromStepName).HasMaxLength(300);
        builder.Property(x => x.ToStepName).HasMaxLength(300);
        builder.Property(x => x.Note).HasMaxLength(2000);
        builder.Property(x => x.Form).HasMaxLength(2);
        builder.Property(x => x.FormStorageKey).HasMaxLength(200);
        builder.Property(x => x.FormSha256).HasMaxLength(64);
        builder.Property(x => x.Data).HasJsonConversion();
        builder.Property(x => x.FileIds).HasJsonConversion();
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The per-agency-per-day counter behind dossier codes, incremented by an atomic upsert.</summary>
public sealed class DossierCodeCounterConfiguration : IEntityTypeConfiguration<DossierCodeCounter>
{
    public void Configure(EntityTypeBuilder<DossierCodeCounter> builder)
    {
        builder.ToTable("DossierCodeCounters");
        builder.HasKey(c => new { c.AgencyCode, c.Day });
        builder.Property(c => c.AgencyCode).HasMaxLength(20);
        builder.Property(c => c.Day).HasMaxLength(6);
    }
}
