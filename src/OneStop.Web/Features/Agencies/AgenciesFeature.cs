using OneStop.Web.Shared;

namespace OneStop.Web.Features.Agencies;

/// <summary>The agency tree of the local-government model in force: its page and /api/v1/agencies.</summary>
public static class AgenciesFeature
{
    public static IServiceCollection AddAgencies(this IServiceCollection services) => services.AddScoped<AgencyQueries>();

    public static IEndpointRouteBuilder MapAgencies(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapAgencyApi();
        return app;
    }
}
