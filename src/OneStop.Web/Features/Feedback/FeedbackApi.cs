using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using OneStop.Domain.Feedback;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>Body of POST /api/v1/feedback/{code}/votes.</summary>
public sealed record VoteRequest(bool Helpful);

/// <summary>The vote counts after a vote; <see cref="Counted"/> false when this reader had voted already.</summary>
public sealed record VoteAnswer(bool Counted, int Helpful, int NotHelpful);

/// <summary>/api/v1/feedback (send, track, the public list, votes) and /api/v1/staff/feedback (the agency's inbox and actions).</summary>
public static class FeedbackApi
{
    public const string VoterCookie = "onestop.voter";

    public static void MapFeedbackApi(this RouteGroupBuilder api)
    {
        var tag = "Hỏi đáp, phản ánh kiến nghị / Questions and feedback";
        var feedback = api.MapGroup("/feedback").WithTags(tag);

        feedback.MapPost("/", (HttpContext http, [FromBody] FeedbackRequest body, FeedbackService service, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var receipt = await service.SubmitAsync(Actor.From(http.User), body, ct);
                return TypedResults.Created($"/api/v1/feedback/{receipt.Code}", receipt);
            }))
            .RequireRateLimiting(RateLimits.Feedback)
            .WithSummary("Gửi câu hỏi hoặc phản ánh, kiến nghị (kind: question | feedback); dueAt: 15 ngày làm việc / Send a question or feedback; dueAt is 15 working days later");

        feedback.MapGet("/{code}", (string code, string? phone, HttpContext http, FeedbackQueries queries, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Ok(await queries.TrackAsync(code, phone, Actor.From(http.User), ct)
                ?? throw new NotFoundException(Ui.T("Không tìm thấy: kiểm tra mã và số điện thoại.", "Not found: check the code and the phone number.")))))
            .RequireRateLimiting(RateLimits.Tracking)
            .WithSummary("Tra cứu bằng mã và số điện thoại người gửi / Track by code and the sender's phone");

        feedback.MapGet("/", (bool? published, string? q, string? procedure, HttpContext http, FeedbackQueries queries, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => published == false
                ? throw new RuleViolationException([new("published", Ui.T("Danh sách công khai chỉ gồm câu trả lời đã công khai (published=true).", "The public list holds published answers only (published=true)."))])
                : TypedResults.Ok(await queries.PublishedAsync(q, procedure, 50, ct))))
            .WithSummary("Câu hỏi và trả lời đã công khai; tìm không dấu (q), theo thủ tục (procedure) / Published questions and answers; accent-free search");

        feedback.MapPost("/{code}/votes", (string code, [FromBody] VoteRequest body, HttpContext http, FeedbackService service, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Ok(await service.VoteAsync(code, VoterKey(http), body.Helpful, ct))))
            .RequireRateLimiting(RateLimits.Votes)
            .WithSummary("Đánh dấu câu trả lời hữu ích hay không; một lần mỗi người hoặc trình duyệt / Mark an answer helpful or not, once per person or browser");

        var staff = api.MapGroup("/staff/feedback").WithTags(tag).RequireAuthorization(StaffRoles.StaffReaderPolicy);

        staff.MapGet("/", (bool? all, HttpContext http, FeedbackQueries queries, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Ok(await queries.InboxAsync(http.RequireActor(), all != true, ct))))
            .WithSummary("Hộp thư hỏi đáp, phản ánh của cơ quan / The agency's questions and feedback");

        staff.MapGet("/{code}", (string code, HttpContext http, FeedbackQueries queries, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Ok(await queries.StaffViewAsync(http.RequireActor(), code, ct))))
            .WithSummary("Chi tiết, lịch sử và thao tác được phép / Detail, history and the actions offered");

        staff.MapPost("/{code}/actions/{action}", (string code, FeedbackAction action, [FromBody] FeedbackActionRequest body, HttpContext http,
            FeedbackService service, FeedbackQueries queries, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                var item = await service.ActAsync(actor, code, action, body, ct);
                return TypedResults.Ok(await queries.StaffViewAsync(actor, item.Code, ct, justActed: true));
            }))
            .WithSummary("Claim, Refuse, RequestInfo, Resume, Transfer, SubmitAnswer, Approve, SendBack, Publish");
    }

    /// <summary>The reader a vote counts for: the account when signed in, else a random cookie of this browser (set on first use).</summary>
    public static string VoterKey(HttpContext http)
    {
        if (Actor.From(http.User) is { } actor)
        {
            return "account:" + actor.Id.ToString("N");
        }

        if (http.Request.Cookies.TryGetValue(VoterCookie, out var known) && known.Length is >= 16 and <= 64 && known.All(char.IsAsciiLetterOrDigit))
        {
            return "browser:" + known;
        }

        var fresh = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(VoterCookie, fresh, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Secure = http.Request.IsHttps });
        return "browser:" + fresh;
    }
}
