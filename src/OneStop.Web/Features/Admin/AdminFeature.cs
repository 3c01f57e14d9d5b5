using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Admin;

/// <summary>Catalogue administration pages (/quan-tri/…): every page of this folder needs the catalogue administrator.</summary>
public static class AdminFeature
{
    public static IServiceCollection AddCatalogueAdministration(this IServiceCollection services) =>
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Admin", StaffRoles.CataloguePolicy));
}
