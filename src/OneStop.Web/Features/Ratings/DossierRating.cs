using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Domain.Ratings;

namespace OneStop.Web.Features.Ratings;

/// <summary>
/// Đánh giá mức độ hài lòng: one per dossier (a unique index), given by its applicant once the dossier is finished,
/// changeable for <see cref="RatingRules.ChangeWindow"/>. The agency and procedure are copied from the dossier so that
/// reports and indicators read ratings without joining dossiers.
/// </summary>
public sealed class DossierRating
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public required string DossierCode { get; set; }
    /// <summary>The agency that handled the dossier (its desk).</summary>
    public Guid AgencyId { get; set; }
    public required string ProcedureCode { get; set; }
    /// <summary>The applicant's account; null for a walk-in applicant without one (rated at the kiosk).</summary>
    public Guid? ApplicantId { get; set; }
    public RatingAnswer Answer { get; set; }
    public RatingChannel Channel { get; set; }
    /// <summary>Thông tư 01/2018 slip criteria, each 0–2; null when not answered.</summary>
    public int? TimeScore { get; set; }
    public int? ContactsScore { get; set; }
    public int? AttitudeScore { get; set; }
    public int? InformationScore { get; set; }
    public string? Comment { get; set; }
    /// <summary>The first rating: the change window runs from here.</summary>
    public DateTimeOffset RatedAt { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
    public int Changes { get; set; }

    public Dictionary<string, int> Criteria()
    {
        var c = new Dictionary<string, int>();
        void Add(string key, int? v)
        {
            if (v is { } score)
            {
                c[key] = score;
            }
        }

        Add("time", TimeScore);
        Add("contacts", ContactsScore);
        Add("attitude", AttitudeScore);
        Add("information", InformationScore);
        return c;
    }

    public void SetCriteria(IReadOnlyDictionary<string, int>? criteria)
    {
        int? Get(string key) => criteria is not null && criteria.TryGetValue(key, out var v) ? v : null;
        TimeScore = Get("time");
        ContactsScore = Get("contacts");
        AttitudeScore = Get("attitude");
        InformationScore = Get("information");
    }
}

public sealed class DossierRatingConfiguration : IEntityTypeConfiguration<DossierRating>
{
    public void Configure(EntityTypeBuilder<DossierRating> builder)
    {
        builder.ToTable("DossierRatings");
        builder.HasKey(r => r.Id);
        // Once per dossier, whatever two requests do at the same moment.
        builder.HasIndex(r => r.DossierId).IsUnique();
        // Reports and indicators: per agency and period.
        builder.HasIndex(r => new { r.AgencyId, r.RatedAt });
        builder.Property(r => r.DossierCode).HasMaxLength(64);
        builder.Property(r => r.ProcedureCode).HasMaxLength(64);
        builder.Property(r => r.Comment).HasMaxLength(RatingRules.CommentMaxLength);
    }
}
