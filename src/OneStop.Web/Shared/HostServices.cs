using Microsoft.AspNetCore.Localization;
using OneStop.Web.Data;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OneStop.Web.Shared;

/// <summary>
/// What every feature relies on from the host: pages in feature folders in Vietnamese and English, the API's problem
/// details, JSON and OpenAPI document under /api/v1, background jobs, and logs, traces and metrics.
/// </summary>
public static class HostServices
{
    public const string ApiV1 = "/api/v1";

    /// <summary>Razor Pages beside the rest of their feature, Vietnamese first and English second, anti-forgery.</summary>
    public static IServiceCollection AddOneStopPages(this IServiceCollection services)
    {
        // Each page states its own Vietnamese route; a feature's folder conventions (policies) are its own.
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddRazorOptions(o => o.PageViewLocationFormats.Add("/Shared/{0}.cshtml"));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(LanguageSwitch.Vietnamese);
            o.SupportedCultures = [LanguageSwitch.Vietnamese, LanguageSwitch.English];
            o.SupportedUICultures = [LanguageSwitch.Vietnamese, LanguageSwitch.English];
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider()];
        });
        services.AddAntiforgery(o => o.Cookie.Name = "onestop.af");
        // Vietnamese text is written as UTF-8 characters, not as numeric entities (pages stay readable and smaller).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return services;
    }

    /// <summary>Problem details everywhere (domain exceptions mapped by <see cref="ProblemExceptionHandler"/>), enums as names, the OpenAPI document.</summary>
    public static IServiceCollection AddOneStopApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "OneStop API";
            doc.Info.Description = "API công khai của Cổng dịch vụ công Hà Nội (OneStop). / Public API of the Hanoi public-service portal.";
            doc.Info.Version = "v1";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>A feature's background job, registered only where this instance runs the jobs (<c>OneStop:RunBackgroundJobs</c>).</summary>
    public static IServiceCollection AddBackgroundJob<TJob>(this IServiceCollection services, OneStopOptions settings) where TJob : class, IHostedService
    {
        if (settings.RunBackgroundJobs)
        {
            services.AddHostedService<TJob>();
        }

        return services;
    }

    /// <summary>The group a feature maps its API routes in.</summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app) => app.MapGroup(ApiV1);

    /// <summary>Structured logs (JSON in production), OpenTelemetry traces and metrics; OTLP when configured.</summary>
    public static WebApplicationBuilder AddOneStopTelemetry(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        // Framework categories that would write query strings, handler arguments, codes or tokens stay quiet (LogFloors).
        builder.Logging.AddLogFloors();

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("OneStop.Web"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("Npgsql"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter("Microsoft.AspNetCore.Hosting", "Npgsql"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }
}
