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
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options)
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
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<ProcedureVersion> ProcedureVersions => Set<ProcedureVersion>();
    public DbSet<RolloutBatch> RolloutBatches => Set<RolloutBatch>();

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

        builder.Entity<StaffUser>(e => e.Property(u => u.FullName).HasMaxLength(200));
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
        // SQLite has no date-time-with-offset type: store UTC ticks so that ordering and comparison happen in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresOneStopDbContext(DbContextOptions<PostgresOneStopDbContext> options, IOptions<OneStopOptions> settings)
    : OneStopDbContext(options, settings.Value);
