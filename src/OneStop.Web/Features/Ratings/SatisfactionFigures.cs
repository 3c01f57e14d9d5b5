using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Feedback;
using OneStop.Domain.Ratings;
using OneStop.Web.Data;
using OneStop.Web.Features.Feedback;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Ratings;

/// <summary>Ratings of an agency (and its sub-units) in a period: satisfied = very satisfied + satisfied.</summary>
public sealed record RatingCounts(int VerySatisfied, int Satisfied, int Dissatisfied, int Online, int Kiosk)
{
    public int Total => VerySatisfied + Satisfied + Dissatisfied;

    public int SatisfiedTotal => VerySatisfied + Satisfied;

    /// <summary>Per cent satisfied (2 decimals); null when nobody rated.</summary>
    public decimal? SatisfiedPercent => RatingRules.SatisfiedPercent(SatisfiedTotal, Total);
}

/// <summary>Questions and feedback received in a period: handled on time or late (indicator 5.2), judged at <c>now</c> for open ones.</summary>
public sealed record FeedbackTimeliness(int OnTime, int Late)
{
    public int Total => OnTime + Late;
}

/// <summary>
/// The small query the indicators (QĐ 766: 5.2 feedback on time, 5.4 dissatisfied ratings) and the satisfaction report
/// read: counts per agency including its sub-units, for a period [from, to). Ratings count by when they were first
/// given; feedback by when it was received, on time when answered or refused by its deadline (or not yet due).
/// </summary>
public sealed class SatisfactionFigures(OneStopDbContext db, TimeProvider clock)
{
    public async Task<RatingCounts> RatingsAsync(Guid agencyId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var agencies = db.SubTreeOf(agencyId);
        var rows = await db.Set<DossierRating>().AsNoTracking()
            .Where(r => agencies.Contains(r.AgencyId) && r.RatedAt >= from && r.RatedAt < to)
            .GroupBy(r => new { r.Answer, r.Channel })
            .Select(g => new { g.Key.Answer, g.Key.Channel, Count = g.Count() })
            .ToListAsync(ct);
        int Of(RatingAnswer a) => rows.Where(r => r.Answer == a).Sum(r => r.Count);
        int Via(RatingChannel c) => rows.Where(r => r.Channel == c).Sum(r => r.Count);
        return new RatingCounts(Of(RatingAnswer.VerySatisfied), Of(RatingAnswer.Satisfied), Of(RatingAnswer.Dissatisfied), Via(RatingChannel.Online), Via(RatingChannel.Kiosk));
    }

    public async Task<FeedbackTimeliness> FeedbackAsync(Guid agencyId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var agencies = db.SubTreeOf(agencyId);
        var now = clock.GetUtcNow();
        var received = db.Set<FeedbackItem>().AsNoTracking().Where(f => agencies.Contains(f.AgencyId) && f.ReceivedAt >= from && f.ReceivedAt < to);
        // FeedbackRules.OnTime as SQL: (EndedAt ?? now) <= DueAt.
        var onTime = await received.CountAsync(f => f.EndedAt != null ? f.EndedAt <= f.DueAt : f.DueAt >= now, ct);
        var total = await received.CountAsync(ct);
        return new FeedbackTimeliness(onTime, total - onTime);
    }
}
