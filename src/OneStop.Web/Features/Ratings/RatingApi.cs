using Microsoft.AspNetCore.Mvc;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Ratings;

/// <summary>/api/v1/dossiers/{id}/rating: the applicant rates a finished dossier once and may change it for 7 days.</summary>
public static class RatingApi
{
    public static void MapRatingApi(this RouteGroupBuilder api)
    {
        const string path = "/dossiers/{id:guid}/rating";
        var tag = "Đánh giá / Ratings";

        api.MapGet(path, (Guid id, HttpContext http, RatingService ratings, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Ok(await ratings.GetAsync(http.RequireActor(), id, ct))))
            .RequireAuthorization().WithTags(tag)
            .WithSummary("Đánh giá của hồ sơ (người nộp, cán bộ cơ quan giải quyết và cấp trên) / The dossier's rating (its applicant, its agency's staff and supervisors)");

        api.MapPost(path, (Guid id, HttpContext http, [FromBody] RatingRequest body, RatingService ratings, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Created($"/api/v1/dossiers/{id}/rating", await ratings.RateAsync(http.RequireActor(), id, body, ct))))
            .RequireAuthorization().WithTags(tag)
            .WithSummary("Đánh giá hồ sơ đã kết thúc, một lần (answer: very-satisfied | satisfied | dissatisfied) / Rate a finished dossier, once");

        api.MapPut(path, (Guid id, HttpContext http, [FromBody] RatingRequest body, RatingService ratings, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Ok(await ratings.ChangeAsync(http.RequireActor(), id, body, ct))))
            .RequireAuthorization().WithTags(tag)
            .WithSummary("Sửa đánh giá trong 7 ngày kể từ khi đánh giá / Change the rating within 7 days of giving it");
    }
}
