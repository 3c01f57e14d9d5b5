using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OneStop.Web.Data;

/// <summary>
/// Data step of the StaffGrants migration (both providers): role claims of the user-claims table become grants, workflow
/// roles at the account's own agency and administrative roles city-wide, and the claims are removed so that roles come
/// from grants only. A workflow role claim of an account without an agency gave nothing before and is dropped.
/// Kept here, out of the generated migration files, so the migrations can be regenerated and call it again.
/// </summary>
public static class RoleClaimsToGrants
{
    private const string Workflow = "'DeskOfficer', 'Specialist', 'DivisionHead', 'AgencyLeader'";
    private const string CityWide = "'CatalogueAdministrator', 'SystemAdministrator'";

    public static void Up(MigrationBuilder migration, bool sqlite)
    {
        // SQLite keeps instants as the binary form of DateTimeOffset (see SqliteOneStopDbContext).
        var now = sqlite
            ? ((long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!).ToString(CultureInfo.InvariantCulture)
            : "now()";
        var no = sqlite ? "0" : "FALSE";
        migration.Sql($"""
            INSERT INTO "StaffGrants" ("AccountId", "Role", "AgencyId", "IncludeSubTree", "GrantedAt", "GrantedBy")
            SELECT DISTINCT c."UserId", c."ClaimValue",
                   CASE WHEN c."ClaimValue" IN ({CityWide}) THEN NULL ELSE u."AgencyId" END, {no}, {now}, 'migration'
            FROM "AspNetUserClaims" AS c INNER JOIN "AspNetUsers" AS u ON u."Id" = c."UserId"
            WHERE c."ClaimType" = '{ClaimTypes.Role}'
              AND (c."ClaimValue" IN ({CityWide}) OR (c."ClaimValue" IN ({Workflow}) AND u."AgencyId" IS NOT NULL));
            """);
        migration.Sql($"""DELETE FROM "AspNetUserClaims" WHERE "ClaimType" = '{ClaimTypes.Role}';""");
    }

    /// <summary>Back to role claims (report viewers and sub-tree flags have no claim form and are lost).</summary>
    public static void Down(MigrationBuilder migration) => migration.Sql($"""
        INSERT INTO "AspNetUserClaims" ("UserId", "ClaimType", "ClaimValue")
        SELECT DISTINCT "AccountId", '{ClaimTypes.Role}', "Role" FROM "StaffGrants" WHERE "Role" IN ({Workflow}, {CityWide});
        """);
}
