using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>Questions and feedback (PAKN): intake, the agency's handling, tracking, published answers and their votes; pages /hoi-dap and /can-bo/hoi-dap.</summary>
public static class FeedbackFeature
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddScoped<FeedbackService>();
        services.AddScoped<FeedbackQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapFeedbackApi();
        return app;
    }
}
