using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Calendar;

/// <summary>The government's per-date changes to the working calendar, one row per date.</summary>
public sealed class CalendarOverrideConfiguration : IEntityTypeConfiguration<CalendarOverrideEntry>
{
    public void Configure(EntityTypeBuilder<CalendarOverrideEntry> builder)
    {
        builder.ToTable("CalendarOverrides");
        builder.HasKey(c => c.Date);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.NameEn).HasMaxLength(200);
        builder.Property(c => c.ChangedBy).HasMaxLength(256);
    }
}
