using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Shared;

/// <summary>Limits per client address on the doors people try to force: sign-in, registration, public tracking, document verification, kiosk rating codes, questions and feedback, votes.</summary>
public sealed class RateLimitOptions
{
    public int SignInPerMinute { get; set; } = 10;
    public int RegisterPerHour { get; set; } = 10;
    public int TrackingPerMinute { get; set; } = 60;
    public int VerificationPerMinute { get; set; } = 20;
    /// <summary>Kiosk rating codes tried (a page opened or posted with a code).</summary>
    public int RatingCodePerMinute { get; set; } = 30;
    /// <summary>Questions and feedback sent.</summary>
    public int FeedbackPerHour { get; set; } = 10;
    /// <summary>Helpful / not helpful votes on published answers.</summary>
    public int VotesPerMinute { get; set; } = 20;
}

/// <summary>
/// Fixed windows per client address, answered with 429 and Retry-After (problem details under /api, the status page
/// elsewhere). Only the requests that try something count: a sign-in or registration POST, a tracking look-up with a
/// code, a verification POST (the page's and the API's share one budget). The counters are per instance, so N instances allow up to N times the limit; per account, Identity's lockout
/// (5 failures, 15 minutes, stored in the database) applies across instances.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Register = "register";
    public const string Tracking = "tracking";
    public const string Verification = "verification";
    public const string RatingCode = "rating-code";
    public const string Feedback = "feedback";
    public const string Votes = "votes";

    public static IServiceCollection AddOneStopRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, _) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(SignIn, http => Window(http, http.Request.Method == HttpMethods.Post, l => l.SignInPerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(Register, http => Window(http, http.Request.Method == HttpMethods.Post, l => l.RegisterPerHour, TimeSpan.FromHours(1)));
            o.AddPolicy(Tracking, http => Window(http,
                http.Request.Path.StartsWithSegments("/api") || !string.IsNullOrEmpty(http.Request.Query["ma"]), l => l.TrackingPerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(Verification, http => Window(http, http.Request.Method == HttpMethods.Post, l => l.VerificationPerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(RatingCode, http => Window(http,
                http.Request.RouteValues["code"] is not null || !string.IsNullOrEmpty(http.Request.Query["ma"]), l => l.RatingCodePerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(Feedback, http => Window(http, http.Request.Method == HttpMethods.Post, l => l.FeedbackPerHour, TimeSpan.FromHours(1)));
            o.AddPolicy(Votes, http => Window(http, http.Request.Method == HttpMethods.Post, l => l.VotesPerMinute, TimeSpan.FromMinutes(1)));
        });
        return services;
    }

    private static RateLimitPartition<string> Window(HttpContext http, bool counts, Func<RateLimitOptions, int> limit, TimeSpan window)
    {
        if (!counts)
        {
            return RateLimitPartition.GetNoLimiter("free");
        }

        var settings = http.RequestServices.GetRequiredService<IOptions<OneStopOptions>>().Value.RateLimits;
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit(settings)),
            Window = window,
            QueueLimit = 0,
        });
    }
}
