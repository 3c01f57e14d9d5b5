using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// The procedure catalogue: public pages and API, statistics, the writer behind the administration pages (drafts,
/// publishing, suspension, import), the Excel workbook and template downloads.
/// </summary>
public static class CatalogueFeature
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddScoped<CatalogueQueries>();
        services.AddScoped<CatalogueWriter>();
        services.AddScoped<CatalogueExport>();
        services.AddScoped<NationalCatalogueImport>();
        services.AddScoped<CatalogueSearchIndex>();
        services.AddScoped<CatalogueSearchQuery>();
        services.AddScoped<CatalogueCuration>();
        return services;
    }

    /// <summary>/api/v1/procedures…, and the form templates at /thu-tuc/{code}/mau/{index}.</summary>
    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapCatalogueApi();
        app.MapTemplateDownloads();
        return app;
    }
}
