using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;

namespace OneStop.Web.Data;

/// <summary>
/// The one database of OneStop. Provider-specific subclasses below exist only so that each provider has its own
/// migrations (Data/Migrations/Sqlite and Data/Migrations/Postgres); features use this type.
/// </summary>
public abstract class OneStopDbContext(DbContextOptions options, OneStopOptions settings)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>JSON of stored content, import and export: camelCase, enums by name (numbers accepted on input).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The local-government model in force; agencies of the other model are filtered out of every query.</summary>
    public AgencyModel ActiveAgencyModel { get; } = settings.AgencyModel;

    public DbSet<Agency> Agencies => Set<Agency>();
    /// <summary>Data-protection keys (cookies, anti-forgery tokens) shared by every instance.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<ProcedureVersion> ProcedureVersions => Set<ProcedureVersion>();
    public DbSet<RolloutBatch> RolloutBatches => Set<RolloutBatch>();
    public DbSet<Dossier> Dossiers => Set<Dossier>();
    public DbSet<DossierFile> DossierFiles => Set<DossierFile>();
    public DbSet<DossierEvent> DossierEvents => Set<DossierEvent>();
    public DbSet<DossierCodeCounter> DossierCodeCounters => Set<DossierCodeCounter>();
    public DbSet<CalendarOverrideEntry> CalendarOverrides => Set<CalendarOverrideEntry>();
    public DbSet<TokenKey> TokenKeys => Set<TokenKey>();
    public DbSet<StaffGrant> StaffGrants => Set<StaffGrant>();
    /// <summary>Notifications to deliver (e-mail, SMS) and the in-app list, written with the dossier action that causes them.</summary>
    public DbSet<Features.Notifications.OutboxMessage> NotificationOutbox => Set<Features.Notifications.OutboxMessage>();
    public DbSet<Features.Payments.Payment> Payments => Set<Features.Payments.Payment>();
    public DbSet<Features.Payments.PaymentNoticeLog> PaymentNotices => Set<Features.Payments.PaymentNoticeLog>();
    public DbSet<Features.Payments.SandboxBankNotice> SandboxBankNotices => Set<Features.Payments.SandboxBankNotice>();
    /// <summary>Applicants' reusable documents (results, desk scans, their own saved files).</summary>
    public DbSet<Features.Wallet.WalletDocument> WalletDocuments => Set<Features.Wallet.WalletDocument>();
    /// <summary>Each agency with itself and every ancestor (a recursive query, not a table).</summary>
    public DbSet<AgencyLineage> AgencyLineage => Set<AgencyLineage>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Agency>(e =>
        {
            e.ToTable("Agencies");
            e.HasIndex(a => a.Code).IsUnique();
            e.HasIndex(a => new { a.ParentId, a.SortOrder });
            e.HasIndex(a => new { a.Level, a.Model });
            e.Property(a => a.Code).HasMaxLength(20);
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.NameEn).HasMaxLength(200);
            e.Property(a => a.UnitCode).HasMaxLength(10);
            e.Property(a => a.DeskName).HasMaxLength(250);
            e.Property(a => a.DeskAddress).HasMaxLength(300);
            e.Property(a => a.DeskPhone).HasMaxLength(30);
            e.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(a => a.Model == null || a.Model == ActiveAgencyModel);
        });

        builder.Entity<Procedure>(e =>
        {
            e.ToTable("Procedures");
            e.HasIndex(p => p.Code).IsUnique();
            e.Property(p => p.Code).HasMaxLength(40);
            e.HasMany(p => p.Versions).WithOne(v => v.Procedure).HasForeignKey(v => v.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ProcedureVersion>(e =>
        {
            e.ToTable("ProcedureVersions");
            e.HasIndex(v => new { v.ProcedureId, v.Version }).IsUnique();
            // The public catalogue reads versions in force: status, then dates; field and level filter within.
            e.HasIndex(v => new { v.Status, v.EffectiveFrom, v.EffectiveTo });
            e.HasIndex(v => new { v.Status, v.Field });
            e.HasIndex(v => v.Code);
            e.Property(v => v.Code).HasMaxLength(40);
            e.Property(v => v.Name).HasMaxLength(CatalogueRules.MaxNameLength);
            e.Property(v => v.Field).HasMaxLength(200);
            e.Property(v => v.AgencyCodes).HasMaxLength(2000);
            e.Property(v => v.SearchText).HasMaxLength(2000);
            e.Property(v => v.ChangedBy).HasMaxLength(256);
            e.Property(v => v.ConcurrencyStamp).IsConcurrencyToken();
            e.Property(v => v.Content).HasConversion(JsonConverter<ProcedureContent>(), JsonComparer<ProcedureContent>());
        });

        builder.Entity<RolloutBatch>(e =>
        {
            e.ToTable("RolloutBatches");
            e.HasIndex(b => b.Code).IsUnique();
            e.Property(b => b.Code).HasMaxLength(40);
            e.Property(b => b.Name).HasMaxLength(300);
            e.Property(b => b.Decision).HasMaxLength(500);
            e.Property(b => b.ProcedureCodes).HasConversion(JsonConverter<List<string>>(), JsonComparer<List<string>>());
        });

        builder.Entity<Account>(e =>
        {
            e.Property(u => u.FullName).HasMaxLength(200);
            e.Property(u => u.PersonalId).HasMaxLength(20);
            e.Property(u => u.Address).HasMaxLength(300);
            e.Property(u => u.TaxCode).HasMaxLength(20);
            e.Property(u => u.AssuranceLevel).HasMaxLength(20);
            e.HasIndex(u => u.AgencyId);
            // A walk-in dossier finds its applicant's account by the personal ID checked at the desk.
            e.HasIndex(u => u.PersonalId);
        });

        builder.Entity<StaffGrant>(e =>
        {
            e.ToTable("StaffGrants");
            // An account's grants (sign-in claims, the staff page); one grant per role and agency.
            e.HasIndex(g => new { g.AccountId, g.Role, g.AgencyId }).IsUnique();
            // NULLs are distinct in a unique index: the city-wide grants need their own.
            e.HasIndex([nameof(StaffGrant.AccountId), nameof(StaffGrant.Role)], "IX_StaffGrants_AccountId_Role_CityWide").IsUnique().HasFilter("\"AgencyId\" IS NULL");
            // Who holds a role at an agency (assignment lists).
            e.HasIndex(g => new { g.AgencyId, g.Role });
            e.Property(g => g.Role).HasMaxLength(40);
            e.Property(g => g.GrantedBy).HasMaxLength(256);
            e.HasOne<Account>().WithMany().HasForeignKey(g => g.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Agency>().WithMany().HasForeignKey(g => g.AgencyId).OnDelete(DeleteBehavior.Restrict);
        });

        // The agency tree's closure, walked in SQL on every use so that every instance sees the tree as it is now.
        // UNION (not UNION ALL) ends the walk even if a bad edit ever made a cycle.
        builder.Entity<AgencyLineage>(e =>
        {
            e.HasNoKey();
            e.ToTable((string?)null);
            e.ToSqlQuery("""
                WITH RECURSIVE "lineage"("AgencyId", "AncestorId", "ParentId") AS (
                    SELECT "Id", "Id", "ParentId" FROM "Agencies"
                    UNION
                    SELECT l."AgencyId", a."Id", a."ParentId" FROM "lineage" AS l INNER JOIN "Agencies" AS a ON a."Id" = l."ParentId"
                )
                SELECT "AgencyId", "AncestorId" FROM "lineage"
                """);
        });

        builder.Entity<Dossier>(e =>
        {
            e.ToTable("Dossiers");
            e.HasIndex(d => d.Code).IsUnique();
            // "My dossiers", and the idempotency of a create: one dossier per applicant and key.
            e.HasIndex(d => new { d.ApplicantId, d.CreatedAt });
            e.HasIndex(d => new { d.ApplicantId, d.IdempotencyKey }).IsUnique();
            // Staff inboxes: agency, the role that acts now, status, deadline order.
            e.HasIndex(d => new { d.AgencyId, d.CurrentRole, d.Status, d.DueAt });
            // The tracking book (form 07) and the deadline job.
            e.HasIndex(d => new { d.AgencyId, d.ReceivedAt });
            e.HasIndex(d => new { d.Status, d.DueAt });
            e.HasIndex(d => d.ParentId);
            // Status synchronisation for API clients reads changes in (UpdatedAt, Id) order.
            e.HasIndex(d => new { d.UpdatedAt, d.Id });
            // Supervision of an agency sub-tree: agencies in scope, then status and overdue filters, newest first.
            e.HasIndex(d => new { d.AgencyId, d.Status, d.DeadlineState, d.SubmittedAt });
            e.Property(d => d.Code).HasMaxLength(40);
            e.Property(d => d.ProcedureCode).HasMaxLength(40);
            e.Property(d => d.ProcedureName).HasMaxLength(CatalogueRules.MaxNameLength);
            e.Property(d => d.AssigneeName).HasMaxLength(200);
            e.Property(d => d.ApplicantName).HasMaxLength(200);
            e.Property(d => d.ApplicantPersonalId).HasMaxLength(20);
            e.Property(d => d.ApplicantPhone).HasMaxLength(20);
            e.Property(d => d.ApplicantEmail).HasMaxLength(256);
            e.Property(d => d.ApplicantAddress).HasMaxLength(300);
            e.Property(d => d.IdempotencyKey).HasMaxLength(100);
            e.Property(d => d.TrackingKey).HasMaxLength(32);
            e.Property(d => d.Version).IsConcurrencyToken();
            e.Property(d => d.Steps).HasConversion(JsonConverter<List<WorkflowStep>>(), JsonComparer<List<WorkflowStep>>());
            e.Property(d => d.TimeLimit).HasConversion(JsonConverter<TimeLimit>(), JsonComparer<TimeLimit>());
            e.Property(d => d.FormData).HasConversion(JsonConverter<Dictionary<string, string>>(), JsonComparer<Dictionary<string, string>>());
            e.Property(d => d.FeeLines).HasConversion(JsonConverter<List<OneStop.Domain.Payments.FeeLine>>(), JsonComparer<List<OneStop.Domain.Payments.FeeLine>>());
            e.HasOne(d => d.Agency).WithMany().HasForeignKey(d => d.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(d => d.Files).WithOne().HasForeignKey(f => f.DossierId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ProcedureVersion>().WithMany().HasForeignKey(d => d.ProcedureVersionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Dossier>().WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Account>().WithMany().HasForeignKey(d => d.ApplicantId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<DossierFile>(e =>
        {
            e.ToTable("DossierFiles");
            e.HasIndex(f => new { f.DossierId, f.Kind });
            e.HasIndex(f => f.ResultCode).IsUnique();
            e.Property(f => f.DocumentName).HasMaxLength(500);
            e.Property(f => f.FileName).HasMaxLength(255);
            e.Property(f => f.ContentType).HasMaxLength(100);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.Property(f => f.StorageKey).HasMaxLength(200);
            e.Property(f => f.ResultCode).HasMaxLength(50);
        });

        builder.Entity<DossierEvent>(e =>
        {
            e.ToTable("DossierEvents");
            e.HasIndex(x => new { x.DossierId, x.Id });
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.ActorRole).HasMaxLength(40);
            e.Property(x => x.AgencyName).HasMaxLength(200);
            e.Property(x => x.FromStepName).HasMaxLength(300);
            e.Property(x => x.ToStepName).HasMaxLength(300);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.Property(x => x.Form).HasMaxLength(2);
            e.Property(x => x.FormStorageKey).HasMaxLength(200);
            e.Property(x => x.FormSha256).HasMaxLength(64);
            e.Property(x => x.Data).HasConversion(JsonConverter<Dictionary<string, string>>(), JsonComparer<Dictionary<string, string>>());
            e.Property(x => x.FileIds).HasConversion(JsonConverter<List<Guid>>(), JsonComparer<List<Guid>>());
            e.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<DossierCodeCounter>(e =>
        {
            e.ToTable("DossierCodeCounters");
            e.HasKey(c => new { c.AgencyCode, c.Day });
            e.Property(c => c.AgencyCode).HasMaxLength(20);
            e.Property(c => c.Day).HasMaxLength(6);
        });

        builder.Entity<Features.Audit.AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasIndex(x => new { x.Chain, x.Seq }).IsUnique();
            e.HasIndex(x => x.At);
            e.HasIndex(x => x.Subject);
            e.Property(x => x.Event).HasMaxLength(60);
            e.Property(x => x.ActorName).HasMaxLength(256);
            e.Property(x => x.Subject).HasMaxLength(100);
            e.Property(x => x.Address).HasMaxLength(64);
            e.Property(x => x.Details).HasMaxLength(2000);
            e.Property(x => x.PrevHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
        });

        builder.Entity<Features.Notifications.OutboxMessage>(e =>
        {
            e.ToTable("NotificationOutbox");
            // One action yields at most one message per channel.
            e.HasIndex(x => new { x.DossierId, x.EventKey, x.Occurrence, x.Channel }).IsUnique();
            // The delivery pass: pending rows in due order.
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            // The applicant's in-app list, newest first.
            e.HasIndex(x => new { x.ApplicantId, x.Channel, x.CreatedAt });
            e.Property(x => x.DossierCode).HasMaxLength(40);
            e.Property(x => x.EventKey).HasMaxLength(40);
            e.Property(x => x.Recipient).HasMaxLength(256);
            e.Property(x => x.Subject).HasMaxLength(400);
            e.Property(x => x.LockedBy).HasMaxLength(32);
            e.Property(x => x.LastError).HasMaxLength(1000);
            e.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Payments.Payment>(e =>
        {
            e.ToTable("Payments");
            // The gateway's notification finds its order by reference.
            e.HasIndex(x => x.Reference).IsUnique();
            e.HasIndex(x => x.ReceiptNumber).IsUnique();
            // A dossier's payments, and the open attempts of a dossier.
            e.HasIndex(x => new { x.DossierId, x.Status, x.ExpiresAt });
            // Daily reconciliation per agency: orders created on the day, and money confirmed on the day.
            e.HasIndex(x => new { x.AgencyId, x.CreatedAt });
            e.HasIndex(x => new { x.AgencyId, x.PaidAt });
            // Refunds waiting, and the expiry pass over unconfirmed orders.
            e.HasIndex(x => new { x.Status, x.ExpiresAt });
            e.Property(x => x.Reference).HasMaxLength(40);
            e.Property(x => x.DossierCode).HasMaxLength(40);
            e.Property(x => x.Gateway).HasMaxLength(40);
            e.Property(x => x.GatewayTransactionNo).HasMaxLength(40);
            e.Property(x => x.BankCode).HasMaxLength(20);
            e.Property(x => x.GatewayResponse).HasMaxLength(40);
            e.Property(x => x.ReceiptNumber).HasMaxLength(60);
            e.Property(x => x.RefundNote).HasMaxLength(500);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Lines).HasConversion(JsonConverter<List<OneStop.Domain.Payments.FeeLine>>(), JsonComparer<List<OneStop.Domain.Payments.FeeLine>>());
            e.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Payments.PaymentNoticeLog>(e =>
        {
            e.ToTable("PaymentNotices");
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.PaymentId, x.At });
            e.Property(x => x.Gateway).HasMaxLength(40);
            e.Property(x => x.Reference).HasMaxLength(40);
            e.Property(x => x.GatewayTransactionNo).HasMaxLength(40);
            e.Property(x => x.GatewayResponse).HasMaxLength(40);
            e.Property(x => x.Answer).HasMaxLength(4);
            e.Property(x => x.RemoteAddress).HasMaxLength(64);
            e.Property(x => x.Raw).HasMaxLength(4000);
        });

        builder.Entity<Features.Payments.SandboxBankNotice>(e =>
        {
            e.ToTable("SandboxBankNotices");
            e.HasIndex(x => new { x.SentAt, x.DueAt });
            e.Property(x => x.Url).HasMaxLength(4000);
        });

        builder.Entity<Features.Wallet.WalletDocument>(e =>
        {
            e.ToTable("WalletDocuments");
            // The wallet page and API: the owner's documents, newest first.
            e.HasIndex(x => new { x.OwnerId, x.AddedAt });
            // One wallet document per owner and dossier file (filling is idempotent); also "already saved?" on a dossier page.
            e.HasIndex(x => new { x.OwnerId, x.SourceFileId }).IsUnique();
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.StorageKey).HasMaxLength(200);
            e.Property(x => x.SourceDossierCode).HasMaxLength(40);
            e.Property(x => x.ResultCode).HasMaxLength(50);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Cascade);
            // The source dossier may be referred to but never holds the wallet document back: no foreign key to files.
            e.HasOne<Dossier>().WithMany().HasForeignKey(x => x.SourceDossierId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Audit.AuditHead>(e =>
        {
            e.ToTable("AuditHeads");
            e.HasKey(x => x.Chain);
            e.Property(x => x.Chain).ValueGeneratedNever();
            e.Property(x => x.Hash).HasMaxLength(64);
        });

        builder.Entity<TokenKey>(e =>
        {
            e.ToTable("TokenKeys");
            e.Property(k => k.Id).HasMaxLength(64);
            e.Property(k => k.Use).HasMaxLength(8);
        });

        // OpenID Connect server (API clients, development identity provider): applications, authorisations, scopes
        // and tokens, keyed by Guid like the rest of the model.
        builder.UseOpenIddict<Guid>();

        builder.Entity<CalendarOverrideEntry>(e =>
        {
            e.ToTable("CalendarOverrides");
            e.HasKey(c => c.Date);
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.NameEn).HasMaxLength(200);
            e.Property(c => c.ChangedBy).HasMaxLength(256);
        });
    }

    private static ValueConverter<T, string> JsonConverter<T>() => new(
        v => JsonSerializer.Serialize(v, Json),
        s => JsonSerializer.Deserialize<T>(s, Json)!);

    private static ValueComparer<T> JsonComparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
        v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!);
}

public sealed class SqliteOneStopDbContext(DbContextOptions<SqliteOneStopDbContext> options, IOptions<OneStopOptions> settings)
    : OneStopDbContext(options, settings.Value)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-with-offset type. EF Core's binary form packs the clock ticks of the value's own
        // offset, so 10:00+07:00 and 03:00+00:00 (the same instant) would compare 7 hours apart in SQL; every value is
        // turned to UTC first, so ordering and comparison in SQL follow instants. (Rows written before this read back
        // correctly: the offset is still in the stored number.)
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcBinaryConverter>();
    }

    private sealed class UtcBinaryConverter() : ValueConverter<DateTimeOffset, long>(
        v => ((v.UtcTicks / 1000) << 11),
        v => new DateTimeOffset(new DateTime((v >> 11) * 1000), new TimeSpan(0, (int)((v << 53) >> 53), 0)));
}

public sealed class PostgresOneStopDbContext(DbContextOptions<PostgresOneStopDbContext> options, IOptions<OneStopOptions> settings)
    : OneStopDbContext(options, settings.Value)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz stores an instant; Npgsql accepts only UTC offsets, and times computed in Vietnam time carry +07:00.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
