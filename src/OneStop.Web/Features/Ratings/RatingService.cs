using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Ratings;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Ratings;

/// <summary>Body of POST and PUT /api/v1/dossiers/{id}/rating.</summary>
public sealed record RatingRequest(string? Answer, Dictionary<string, int>? Criteria, string? Comment);

/// <summary>A dossier's rating as its applicant or its agency sees it; <see cref="Rated"/> false until one is given.</summary>
public sealed record RatingView(
    Guid DossierId, string? DossierCode, string ProcedureName, bool Rated, bool MayRate, string? Answer, Dictionary<string, int> Criteria, string? Comment,
    RatingChannel? Channel, DateTimeOffset? RatedAt, DateTimeOffset? ChangedAt, DateTimeOffset? ChangeUntil, bool MayChange);

/// <summary>
/// Rating a dossier: loads the dossier the way its applicant may open it (anyone else: 404), asks
/// <see cref="RatingRules"/>, stores the rating in one SaveChanges. The kiosk finds the dossier by the code printed on
/// form 01 instead of a sign-in; holding the form stands for being the applicant, for one first rating only.
/// </summary>
public sealed class RatingService(OneStopDbContext db, DossierAccess access, TimeProvider clock)
{
    /// <summary>The rating of a dossier for its applicant or the staff who may read the dossier (404 for anyone else).</summary>
    public async Task<RatingView> GetAsync(Actor actor, Guid dossierId, CancellationToken ct)
    {
        var dossier = await access.ReadAsync(actor, dossierId, "rating", ct);
        return await ViewAsync(dossier, actor.IsApplicant, ct);
    }

    /// <summary>The applicant's first rating (201); 404 not the applicant, 400 bad input, 409 unfinished or already rated.</summary>
    public async Task<RatingView> RateAsync(Actor actor, Guid dossierId, RatingRequest body, CancellationToken ct)
    {
        var dossier = await access.ForApplicant(actor, dossierId, ct);
        await AddAsync(dossier, body, RatingChannel.Online, ct);
        return await ViewAsync(dossier, true, ct);
    }

    /// <summary>A change within the window (200); 404 not the applicant, 400 bad input, 409 not rated or too late.</summary>
    public async Task<RatingView> ChangeAsync(Actor actor, Guid dossierId, RatingRequest body, CancellationToken ct)
    {
        var dossier = await access.ForApplicant(actor, dossierId, ct);
        var rating = await db.Set<DossierRating>().FirstOrDefaultAsync(r => r.DossierId == dossier.Id, ct);
        var now = clock.GetUtcNow();
        Refuse(RatingRules.MayChange(true, rating?.RatedAt, now));
        Validate(body);
        rating!.Answer = RatingRules.ParseAnswer(body.Answer)!.Value;
        rating.SetCriteria(body.Criteria);
        rating.Comment = Comment(body.Comment);
        rating.ChangedAt = now;
        rating.Changes++;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(dossier, true, ct);
    }

    /// <summary>The original dossier whose form 01 carries this kiosk code; null when no single one does.</summary>
    public async Task<Dossier?> ByKioskCodeAsync(string? typed, CancellationToken ct)
    {
        if (RatingRules.TrackingKeyPrefix(typed) is not { } prefix)
        {
            return null;
        }

        var found = await db.Dossiers.AsNoTracking()
            .Where(d => d.TrackingKey.StartsWith(prefix) && d.ParentId == null && d.Code != null)
            .Take(2).ToListAsync(ct);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The rating given at the kiosk (once: a dossier already rated is refused with 409, changes are made signed in).</summary>
    public async Task RateAtKioskAsync(Dossier dossier, RatingRequest body, RatingChannel channel, CancellationToken ct) =>
        await AddAsync(dossier, body, channel, ct);

    /// <summary>Is there a rating already (the kiosk shows its thanks instead of the form)?</summary>
    public Task<bool> IsRatedAsync(Guid dossierId, CancellationToken ct) => db.Set<DossierRating>().AnyAsync(r => r.DossierId == dossierId, ct);

    public async Task<RatingView> ViewAsync(Dossier dossier, bool applicant, CancellationToken ct)
    {
        var r = await db.Set<DossierRating>().AsNoTracking().FirstOrDefaultAsync(x => x.DossierId == dossier.Id, ct);
        var now = clock.GetUtcNow();
        return new RatingView(dossier.Id, dossier.Code, dossier.ProcedureName, r is not null,
            applicant && RatingRules.MayRate(true, dossier.Status, r is not null) is null,
            r is null ? null : RatingRules.AnswerKey(r.Answer), r?.Criteria() ?? [], r?.Comment, r?.Channel, r?.RatedAt, r?.ChangedAt,
            r is null ? null : RatingRules.ChangeUntil(r.RatedAt),
            applicant && r is not null && RatingRules.MayChange(true, r.RatedAt, now) is null);
    }

    private async Task AddAsync(Dossier dossier, RatingRequest body, RatingChannel channel, CancellationToken ct)
    {
        Validate(body);
        Refuse(RatingRules.MayRate(true, dossier.Status, await IsRatedAsync(dossier.Id, ct)));
        var rating = new DossierRating
        {
            Id = Guid.CreateVersion7(),
            DossierId = dossier.Id,
            DossierCode = dossier.Code ?? "",
            AgencyId = dossier.AgencyId,
            ProcedureCode = dossier.ProcedureCode,
            ApplicantId = dossier.ApplicantId,
            Answer = RatingRules.ParseAnswer(body.Answer)!.Value,
            Channel = channel,
            Comment = Comment(body.Comment),
            RatedAt = clock.GetUtcNow(),
        };
        rating.SetCriteria(body.Criteria);
        db.Set<DossierRating>().Add(rating);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Two first ratings at once: the other one won.
            db.ChangeTracker.Clear();
            Refuse(RatingRefusal.AlreadyRated);
        }
    }

    private static string? Comment(string? comment) => string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();

    private static void Validate(RatingRequest body)
    {
        if (RatingRules.Validate(body.Answer, body.Criteria, body.Comment) is { Count: > 0 } errors)
        {
            throw new RuleViolationException(errors);
        }
    }

    private static void Refuse(RatingRefusal? refusal)
    {
        switch (refusal)
        {
            case null:
                return;
            case RatingRefusal.NotTheApplicant:
                throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ.", "Dossier not found."));
            case RatingRefusal.NotFinished:
                throw new ConflictException(Ui.T("Hồ sơ chưa kết thúc: chỉ đánh giá được khi đã trả kết quả, bị từ chối, dừng xử lý hoặc đã rút.",
                    "The dossier is not finished: it can be rated once returned, refused, stopped or withdrawn."));
            case RatingRefusal.AlreadyRated:
                throw new ConflictException(Ui.T("Hồ sơ đã được đánh giá. Có thể sửa đánh giá trong 7 ngày (PUT).",
                    "The dossier has already been rated. The rating can be changed within 7 days (PUT)."));
            case RatingRefusal.NotRated:
                throw new ConflictException(Ui.T("Hồ sơ chưa được đánh giá.", "The dossier has not been rated yet."));
            case RatingRefusal.WindowClosed:
                throw new ConflictException(Ui.T("Đã quá 7 ngày kể từ khi đánh giá: không sửa được nữa.", "More than 7 days have passed since the rating: it can no longer be changed."));
            default:
                throw new ConflictException(Ui.T("Mã đánh giá đã được dùng.", "The rating code has been used."));
        }
    }
}
