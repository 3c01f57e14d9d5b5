using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// Dossiers: filing and every action on them (<see cref="DossierService"/>), the queries behind inboxes and lists, desk
/// forms 01–07, the dossier API and the status synchronisation API for machine clients.
/// </summary>
public static class DossiersFeature
{
    public static IServiceCollection AddDossiers(this IServiceCollection services)
    {
        // Taking an action (load, ask the domain, persist) and its use cases, one a file.
        services.AddScoped<DossierService>();
        services.AddScoped<DossierAccess>();
        services.AddScoped<DossierLedger>();
        services.AddScoped<DossierFiles>();
        services.AddScoped<Filing>();
        services.AddScoped<DeskRegistration>();
        services.AddScoped<SupplementStep>();
        services.AddScoped<ProcessingSteps>();
        services.AddScoped<TransferSteps>();
        services.AddScoped<PaymentSteps>();
        services.AddScoped<DossierQueries>();
        services.AddScoped<DeskForms>();
        return services;
    }

    /// <summary>/api/v1/dossiers…, /api/v1/staff…, /api/v1/tracking/{code}, and /api/v1/sync/dossiers for machine clients.</summary>
    public static IEndpointRouteBuilder MapDossiers(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1();
        api.MapDossierApi();
        api.MapDossierSyncApi();
        return app;
    }
}
