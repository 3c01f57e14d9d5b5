namespace OneStop.Web.Features.Staff;

/// <summary>Staff administration (/quan-tri/can-bo): accounts, grants of a role for an agency, revocation.</summary>
public static class StaffFeature
{
    public static IServiceCollection AddStaff(this IServiceCollection services) => services.AddScoped<StaffAdmin>();
}
