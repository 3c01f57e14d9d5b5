using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Payments;

/// <summary>The payment ledger: one row per attempt to pay a dossier's fees, at a gateway or at the desk.</summary>
public sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments");
        // The gateway's notification finds its order by reference.
        builder.HasIndex(x => x.Reference).IsUnique();
        builder.HasIndex(x => x.ReceiptNumber).IsUnique();
        // A dossier's payments, and the open attempts of a dossier.
        builder.HasIndex(x => new { x.DossierId, x.Status, x.ExpiresAt });
        // Daily reconciliation per agency: orders created on the day, and money confirmed on the day.
        builder.HasIndex(x => new { x.AgencyId, x.CreatedAt });
        builder.HasIndex(x => new { x.AgencyId, x.PaidAt });
        // Refunds waiting, and the expiry pass over unconfirmed orders.
        builder.HasIndex(x => new { x.Status, x.ExpiresAt });
        builder.Property(x => x.Reference).HasMaxLength(40);
        builder.Property(x => x.DossierCode).HasMaxLength(40);
        builder.Property(x => x.Gateway).HasMaxLength(40);
        builder.Property(x => x.GatewayTransactionNo).HasMaxLength(40);
        builder.Property(x => x.BankCode).HasMaxLength(20);
        builder.Property(x => x.GatewayResponse).HasMaxLength(40);
        builder.Property(x => x.ReceiptNumber).HasMaxLength(60);
        builder.Property(x => x.RefundNote).HasMaxLength(500);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.Property(x => x.Lines).HasJsonConversion();
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Every notification a gateway sent, accepted or not (evidence for reconciliation).</summary>
public sealed class PaymentNoticeLogConfiguration : IEntityTypeConfiguration<PaymentNoticeLog>
{
    public void Configure(EntityTypeBuilder<PaymentNoticeLog> builder)
    {
        builder.ToTable("PaymentNotices");
        builder.HasIndex(x => x.At);
        builder.HasIndex(x => new { x.PaymentId, x.At });
        builder.Property(x => x.Gateway).HasMaxLength(40);
        builder.Property(x => x.Reference).HasMaxLength(40);
        builder.Property(x => x.GatewayTransactionNo).HasMaxLength(40);
        builder.Property(x => x.GatewayResponse).HasMaxLength(40);
        builder.Property(x => x.Answer).HasMaxLength(4);
        builder.Property(x => x.RemoteAddress).HasMaxLength(64);
        builder.Property(x => x.Raw).HasMaxLength(4000);
    }
}

/// <summary>Notifications the sandbox bank holds back to send later; its job reads the unsent ones in due order.</summary>
public sealed class SandboxBankNoticeConfiguration : IEntityTypeConfiguration<SandboxBankNotice>
{
    public void Configure(EntityTypeBuilder<SandboxBankNotice> builder)
    {
        builder.ToTable("SandboxBankNotices");
        builder.HasIndex(x => new { x.SentAt, x.DueAt });
        builder.Property(x => x.Url).HasMaxLength(4000);
    }
}
