using OneStop.Web.Data;
using OneStop.Web.Shared.Files;
using OneStop.Web.Documents;
using OneStop.Web.Features.Admin;
using OneStop.Web.Features.Agencies;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Calendar;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Feedback;
using OneStop.Web.Features.Identity;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Features.Operations;
using OneStop.Web.Features.Payments;
using OneStop.Web.Features.Ratings;
using OneStop.Web.Features.Staff;
using OneStop.Web.Features.Verification;
using OneStop.Web.Features.Wallet;
using OneStop.Web.Shared;

namespace OneStop.Web;

/// <summary>The host: the features, each registering its own services and endpoints, then the request pipeline.</summary>
public static class Composition
{
    public static WebApplicationBuilder AddOneStop(this WebApplicationBuilder builder)
    {
        // The host: settings, time, the database, sign-in, pages, transport and the API's conventions.
        var settings = builder.AddOneStopSettings();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddDatabase(settings);
        services.AddIdentityFeature(settings, builder.Environment);
        services.AddOneStopPages();
        services.AddOneStopRateLimits();
        services.AddOneStopTransport(builder.Environment);
        services.AddOneStopApi();
        services.AddFileStore(settings);

        // The features, each with its own services (and its background job when this instance runs the jobs).
        services.AddCatalogue();
        services.AddCatalogueAdministration();
        services.AddAgencies();
        services.AddAudit(settings);
        services.AddStaff();
        services.AddCalendar(settings);
        services.AddDossiers();
        services.AddWallet();
        services.AddDocuments(builder.Configuration);
        services.AddVerification();
        services.AddNotifications(settings);
        services.AddPayments(builder.Configuration, settings);
        services.AddOperations(settings);
        services.AddRatings();
        services.AddFeedback();

        builder.AddOneStopTelemetry();
        return builder;
    }

    public static WebApplication UseOneStop(this WebApplication app)
    {
        // Behind the city's load balancer: the client's address and scheme first, for everything after (Transport).
        app.UseForwardedHeaders();
        app.UseOneStopExceptionHandler();
        app.UseUncommittedFileCleanup();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // API paths answer status codes with problem details; pages re-execute the friendly status page.
        app.UseWhen(ctx => ErrorPages.IsApi(ctx.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(ctx => !ErrorPages.IsApi(ctx.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/trang-thai/{0}"));
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CrossSiteGuard>();
        app.UseRateLimiter();
        app.UseAntiforgery();

        // Endpoints: health, the OpenAPI document, every page, then each feature's routes.
        app.MapHealthChecks("/health");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapRazorPages();
        app.MapIdentityFeature();
        app.MapCatalogue();
        app.MapAgencies();
        app.MapCalendar();
        app.MapDossiers();
        app.MapPayments();
        app.MapVerification();
        app.MapWallet();
        app.MapOperations();
        app.MapRatings();
        app.MapFeedback();
        app.MapLanguageSwitch();
        return app;
    }
}
