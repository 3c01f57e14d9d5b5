using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Operations;

/// <summary>
/// The public-service management centre of the city's operations centre: indicators from counters kept by a roll-up of
/// dossier changes, the QĐ 766 service index, report II.06a, the dashboards and open data.
/// </summary>
public static class OperationsFeature
{
    public static IServiceCollection AddOperations(this IServiceCollection services, OneStopOptions settings)
    {
        services.AddScoped<IndicatorRollup>();
        services.AddScoped<IndicatorQueries>();
        services.AddScoped<OperationsReports>();
        services.AddScoped<Dashboards>();
        services.AddScoped<HistoryGenerator>();
        services.AddBackgroundJob<IndicatorRollupJob>(settings);
        return services;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapOperationsApi();
        return app;
    }
}
