using OneStop.Domain.Catalogue;

namespace OneStop.Web.Features.Identity;

/// <summary>Staff roles and the authorisation policies built on them.</summary>
public static class StaffRoles
{
    public const string CatalogueAdministrator = "CatalogueAdministrator";
    public const string SystemAdministrator = "SystemAdministrator";

    public const string CataloguePolicy = "catalogue-admin";
    public const string SystemPolicy = "system-admin";
    /// <summary>Any officer of an agency (one of the workflow roles).</summary>
    public const string StaffPolicy = "staff";
    /// <summary>A citizen or business account.</summary>
    public const string ApplicantPolicy = "applicant";

    public static (string Vietnamese, string English) Name(StaffRole role) => role switch
    {
        StaffRole.DeskOfficer => ("Cán bộ Một cửa", "Desk officer"),
        StaffRole.Specialist => ("Chuyên viên", "Specialist"),
        StaffRole.DivisionHead => ("Lãnh đạo phòng", "Division head"),
        StaffRole.AgencyLeader => ("Lãnh đạo cơ quan", "Agency leader"),
        _ => (role.ToString(), role.ToString()),
    };
}
