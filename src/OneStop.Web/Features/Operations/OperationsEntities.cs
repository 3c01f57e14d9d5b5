using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Operations;

/// <summary>
/// The counts of one day for one agency, procedure and channel (<see cref="DayCounts"/>): what every indicator, the index
/// and report II.06a are summed from. Written only by the roll-up (<see cref="IndicatorRollup"/>), one at a time.
/// </summary>
public sealed class IndicatorDay
{
    public Guid AgencyId { get; set; }
    public DateOnly Day { get; set; }
    public required string ProcedureCode { get; set; }
    public Channel Channel { get; set; }
    public long Received { get; set; }
    public long Online { get; set; }
    public long InPerson { get; set; }
    public long Post { get; set; }
    public long Ended { get; set; }
    public long Early { get; set; }
    public long OnTime { get; set; }
    public long Late { get; set; }
    public long Withdrawn { get; set; }
    public long ProcessingMinutes { get; set; }
    public long DueMarks { get; set; }
    public long DueEndMarks { get; set; }
    public long FeeBearing { get; set; }
    public long PaidOnline { get; set; }
    public long FullyOnline { get; set; }
    public long Digitised { get; set; }
    public long Reused { get; set; }
    public long Results { get; set; }
    public long ElectronicResults { get; set; }

    public DayCounts Counts => DayCounts.FromArray([Received, Online, InPerson, Post, Ended, Early, OnTime, Late, Withdrawn, ProcessingMinutes,
        DueMarks, DueEndMarks, FeeBearing, PaidOnline, FullyOnline, Digitised, Reused, Results, ElectronicResults]);

    public void Set(DayCounts c)
    {
        var v = c.ToArray();
        (Received, Online, InPerson, Post, Ended, Early, OnTime, Late, Withdrawn, ProcessingMinutes) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        (DueMarks, DueEndMarks, FeeBearing, PaidOnline, FullyOnline, Digitised, Reused, Results, ElectronicResults) = (v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18]);
    }
}

/// <summary>What one dossier last added to the counters, so that a change subtracts exactly that before adding anew.</summary>
public sealed class IndicatorDossier
{
    public Guid DossierId { get; set; }
    public Guid AgencyId { get; set; }
    public required string ProcedureCode { get; set; }
    public Channel Channel { get; set; }
    public List<StoredLine> Lines { get; set; } = [];
}

/// <summary>One day's counts of a dossier as stored (the counts in <see cref="DayCounts.Names"/> order).</summary>
public sealed record StoredLine(DateOnly Day, long[] Counts);

/// <summary>Where the roll-up stopped in the audit log (the (transaction, entry) key of the last entry it read).</summary>
public sealed class IndicatorWatermark
{
    public int Id { get; set; }
    public long LastTxId { get; set; }
    public long LastEntryId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A version of the QĐ 766 index table, in force from a month on; the latest version not after a period applies.</summary>
public sealed class ServiceIndexVersion
{
    public Guid Id { get; set; }
    /// <summary>yyyy-MM.</summary>
    public required string EffectiveFrom { get; set; }
    public required IndexTable Table { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

public sealed class IndicatorDayConfiguration : IEntityTypeConfiguration<IndicatorDay>
{
    public void Configure(EntityTypeBuilder<IndicatorDay> builder)
    {
        builder.ToTable("IndicatorDays");
        // A sub-tree and a range of days is one range of this key per agency.
        builder.HasKey(x => new { x.AgencyId, x.Day, x.ProcedureCode, x.Channel });
        builder.Property(x => x.ProcedureCode).HasMaxLength(64);
        builder.Ignore(x => x.Counts);
    }
}

public sealed class IndicatorDossierConfiguration : IEntityTypeConfiguration<IndicatorDossier>
{
    public void Configure(EntityTypeBuilder<IndicatorDossier> builder)
    {
        builder.ToTable("IndicatorDossiers");
        builder.HasKey(x => x.DossierId);
        builder.Property(x => x.ProcedureCode).HasMaxLength(64);
        builder.Property(x => x.Lines).HasJsonConversion();
    }
}

public sealed class IndicatorWatermarkConfiguration : IEntityTypeConfiguration<IndicatorWatermark>
{
    public void Configure(EntityTypeBuilder<IndicatorWatermark> builder)
    {
        builder.ToTable("IndicatorWatermarks");
        builder.Property(x => x.Id).ValueGeneratedNever();
    }
}

public sealed class ServiceIndexVersionConfiguration : IEntityTypeConfiguration<ServiceIndexVersion>
{
    public void Configure(EntityTypeBuilder<ServiceIndexVersion> builder)
    {
        builder.ToTable("ServiceIndexVersions");
        builder.Property(x => x.EffectiveFrom).HasMaxLength(7);
        builder.HasIndex(x => x.EffectiveFrom);
        builder.Property(x => x.ChangedBy).HasMaxLength(256);
        builder.Property(x => x.Table).HasJsonConversion();
    }
}
