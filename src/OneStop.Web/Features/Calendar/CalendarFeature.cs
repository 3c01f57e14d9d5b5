using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Calendar;

/// <summary>The working calendar: overrides from the database, its pages, the public calculator API and the deadline job.</summary>
public static class CalendarFeature
{
    public static IServiceCollection AddCalendar(this IServiceCollection services, OneStopOptions settings)
    {
        services.AddScoped<CalendarService>();
        services.AddBackgroundJob<DeadlineJob>(settings);
        return services;
    }

    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapCalendarApi();
        return app;
    }
}
