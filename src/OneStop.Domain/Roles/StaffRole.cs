using System.Text.Json.Serialization;

namespace OneStop.Domain.Roles;

/// <summary>
/// The roles of an agency's officers that work a dossier: the one-stop desk officer (cán bộ Bộ phận Một cửa), the
/// specialist (chuyên viên), the head of division (lãnh đạo phòng) and the agency's leader (lãnh đạo cơ quan). A procedure's
/// workflow names one per step; stored by name in the procedure content.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<StaffRole>))]
public enum StaffRole
{
    DeskOfficer = 0,
    Specialist = 1,
    DivisionHead = 2,
    AgencyLeader = 3,
}

/// <summary>The names of the workflow roles as officers know them.</summary>
public static class StaffRoleNames
{
    public static (string Vietnamese, string English) Of(StaffRole role) => role switch
    {
        StaffRole.DeskOfficer => ("Cán bộ Một cửa", "Desk officer"),
        StaffRole.Specialist => ("Chuyên viên", "Specialist"),
        StaffRole.DivisionHead => ("Lãnh đạo phòng", "Division head"),
        StaffRole.AgencyLeader => ("Lãnh đạo cơ quan", "Agency leader"),
        _ => (role.ToString(), role.ToString()),
    };
}
