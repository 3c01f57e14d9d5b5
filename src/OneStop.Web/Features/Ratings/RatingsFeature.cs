using OneStop.Web.Shared;

namespace OneStop.Web.Features.Ratings;

/// <summary>Satisfaction ratings of finished dossiers: the API, the applicant's page, the desk's kiosk, reports and the figures the indicators read.</summary>
public static class RatingsFeature
{
    public static IServiceCollection AddRatings(this IServiceCollection services)
    {
        services.AddScoped<RatingService>();
        services.AddScoped<SatisfactionFigures>();
        services.AddScoped<SatisfactionReport>();
        return services;
    }

    public static IEndpointRouteBuilder MapRatings(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapRatingApi();
        return app;
    }
}
