using Microsoft.AspNetCore.Authorization;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Web.Features.Identity;

/// <summary>Staff roles and the authorisation policies built on them.</summary>
public static class StaffRoles
{
    public const string CatalogueAdministrator = "CatalogueAdministrator";
    public const string SystemAdministrator = "SystemAdministrator";
    /// <summary>Reads the dossiers (and later the reports) of an agency or its sub-tree; takes no action.</summary>
    public const string ReportViewer = "ReportViewer";

    public const string CataloguePolicy = "catalogue-admin";
    public const string SystemPolicy = "system-admin";
    /// <summary>An officer with a workflow role at their own agency (the inboxes and the desk's work).</summary>
    public const string StaffPolicy = "staff";
    /// <summary>A supervisor: an agency leader, division head or report viewer (the supervision list).</summary>
    public const string SupervisionPolicy = "supervision";
    /// <summary>An officer or a supervisor (the staff dossier page: actions for officers, read-only for supervisors).</summary>
    public const string StaffReaderPolicy = "staff-reader";
    /// <summary>A citizen or business account.</summary>
    public const string ApplicantPolicy = "applicant";

    /// <summary>Every role a grant can carry, in the order the staff page lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        nameof(StaffRole.DeskOfficer), nameof(StaffRole.Specialist), nameof(StaffRole.DivisionHead), nameof(StaffRole.AgencyLeader),
        ReportViewer, CatalogueAdministrator, SystemAdministrator,
    ];

    /// <summary>Workflow roles act on dossiers, always at the officer's own agency.</summary>
    public static bool IsWorkflow(string role) => role is nameof(StaffRole.DeskOfficer) or nameof(StaffRole.Specialist) or nameof(StaffRole.DivisionHead) or nameof(StaffRole.AgencyLeader);

    /// <summary>Roles whose grant can reach a sub-tree: they read (never act on) the dossiers there.</summary>
    public static bool Supervises(string role) => role is nameof(StaffRole.AgencyLeader) or nameof(StaffRole.DivisionHead) or ReportViewer;

    /// <summary>City-wide administrative roles: granted without an agency.</summary>
    public static bool IsCityWide(string role) => role is CatalogueAdministrator or SystemAdministrator;

    public static void Officer(AuthorizationPolicyBuilder p) => p.RequireAssertion(ctx => Actor.From(ctx.User) is { IsOfficer: true });

    public static void Supervisor(AuthorizationPolicyBuilder p) => p.RequireAssertion(ctx => Actor.From(ctx.User) is { IsSupervisor: true });

    public static void Reader(AuthorizationPolicyBuilder p) => p.RequireAssertion(ctx => Actor.From(ctx.User) is { IsOfficer: true } or { IsSupervisor: true });

    public static (string Vietnamese, string English) Name(StaffRole role) => StaffRoleNames.Of(role);

    public static (string Vietnamese, string English) Name(string role) => role switch
    {
        _ when IsWorkflow(role) => StaffRoleNames.Of(Enum.Parse<StaffRole>(role)),
        ReportViewer => ("Người xem báo cáo", "Report viewer"),
        CatalogueAdministrator => ("Quản trị danh mục", "Catalogue administrator"),
        SystemAdministrator => ("Quản trị hệ thống", "System administrator"),
        _ => (role, role),
    };
}
