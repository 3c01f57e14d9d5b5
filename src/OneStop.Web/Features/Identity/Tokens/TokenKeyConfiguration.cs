using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity.Tokens;

/// <summary>The keys the token server signs and encrypts with, in the database so that every instance uses the same ones.</summary>
public sealed class TokenKeyConfiguration : IEntityTypeConfiguration<TokenKey>
{
    public void Configure(EntityTypeBuilder<TokenKey> builder)
    {
        builder.ToTable("TokenKeys");
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.Use).HasMaxLength(8);
    }
}
