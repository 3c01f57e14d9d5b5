namespace OneStop.Web.Features.Identity;

/// <summary>Staff roles and the authorisation policies built on them.</summary>
public static class StaffRoles
{
    public const string CatalogueAdministrator = "CatalogueAdministrator";

    public const string CataloguePolicy = "catalogue-admin";
}
