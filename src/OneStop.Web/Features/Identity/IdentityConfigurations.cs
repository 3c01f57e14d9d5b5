using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity;

/// <summary>OneStop's columns on the ASP.NET Core Identity user (the Identity tables themselves come from IdentityDbContext).</summary>
public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(u => u.FullName).HasMaxLength(200);
        builder.Property(u => u.PersonalId).HasMaxLength(20);
        builder.Property(u => u.Address).HasMaxLength(300);
        builder.Property(u => u.TaxCode).HasMaxLength(20);
        builder.Property(u => u.AssuranceLevel).HasMaxLength(20);
        builder.HasIndex(u => u.AgencyId);
        // A walk-in dossier finds its applicant's account by the personal ID checked at the desk.
        builder.HasIndex(u => u.PersonalId);
    }
}

/// <summary>Roles granted for an agency (or city-wide), read into the sign-in cookie and managed on the staff page.</summary>
public sealed class StaffGrantConfiguration : IEntityTypeConfiguration<StaffGrant>
{
    public void Configure(EntityTypeBuilder<StaffGrant> builder)
    {
        builder.ToTable("StaffGrants");
        // An account's grants (sign-in claims, the staff page); one grant per role and agency.
        builder.HasIndex(g => new { g.AccountId, g.Role, g.AgencyId }).IsUnique();
        // NULLs are distinct in a unique index: the city-wide grants need their own.
        builder.HasIndex([nameof(StaffGrant.AccountId), nameof(StaffGrant.Role)], "IX_StaffGrants_AccountId_Role_CityWide").IsUnique().HasFilter("\"AgencyId\" IS NULL");
        // Who holds a role at an agency (assignment lists).
        builder.HasIndex(g => new { g.AgencyId, g.Role });
        builder.Property(g => g.Role).HasMaxLength(40);
        builder.Property(g => g.GrantedBy).HasMaxLength(256);
        builder.HasOne<Account>().WithMany().HasForeignKey(g => g.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Agency>().WithMany().HasForeignKey(g => g.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
