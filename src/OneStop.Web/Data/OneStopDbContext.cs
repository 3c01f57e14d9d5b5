using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;

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

        // Each feature maps its own entities (IEntityTypeConfiguration classes in its folder, e.g.
        // Features/Dossiers/DossierConfigurations.cs); JSON columns share Data/JsonColumn.cs.
        builder.ApplyConfigurationsFromAssembly(typeof(OneStopDbContext).Assembly);

        // The agency model in force is this context's setting, so the filter that hides the other model's agencies from
        // every query is declared here, where EF Core reads it from the context that runs the query.
        builder.Entity<Agency>().HasQueryFilter(a => a.Model == null || a.Model == ActiveAgencyModel);

        // OpenID Connect server (API clients, development identity provider): applications, authorisations, scopes
        // and tokens, keyed by Guid like the rest of the model.
        builder.UseOpenIddict<Guid>();
    }
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

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The writing transaction's id (xid8 as a number), so the audit sealer can tell entries of ended transactions.
        builder.Entity<Features.Audit.AuditEntry>().Property(e => e.TxId).HasDefaultValue(null).HasDefaultValueSql("(pg_current_xact_id()::text)::bigint");
    }
}
