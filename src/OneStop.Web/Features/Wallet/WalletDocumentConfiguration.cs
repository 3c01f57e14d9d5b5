using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Wallet;

/// <summary>Applicants' reusable documents, pointing at stored bytes they may share with dossier files.</summary>
public sealed class WalletDocumentConfiguration : IEntityTypeConfiguration<WalletDocument>
{
    public void Configure(EntityTypeBuilder<WalletDocument> builder)
    {
        builder.ToTable("WalletDocuments");
        // The wallet page and API: the owner's documents, newest first.
        builder.HasIndex(x => new { x.OwnerId, x.AddedAt });
        // One wallet document per owner and dossier file (filling is idempotent); also "already saved?" on a dossier page.
        builder.HasIndex(x => new { x.OwnerId, x.SourceFileId }).IsUnique();
        builder.Property(x => x.Title).HasMaxLength(500);
        builder.Property(x => x.FileName).HasMaxLength(255);
        builder.Property(x => x.ContentType).HasMaxLength(100);
        builder.Property(x => x.Sha256).HasMaxLength(64);
        builder.Property(x => x.StorageKey).HasMaxLength(200);
        builder.Property(x => x.SourceDossierCode).HasMaxLength(40);
        builder.Property(x => x.ResultCode).HasMaxLength(50);
        builder.HasOne<Account>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // The source dossier may be referred to but never holds the wallet document back: no foreign key to files.
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.SourceDossierId).OnDelete(DeleteBehavior.Restrict);
    }
}
