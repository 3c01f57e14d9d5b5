using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Audit;

/// <summary>The tamper-evident audit log that every state-changing action writes to, its sealer and its page.</summary>
public static class AuditFeature
{
    public static IServiceCollection AddAudit(this IServiceCollection services, OneStopOptions settings)
    {
        // An entry records the caller's address, read from the request in progress.
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditSealing>();
        services.AddBackgroundJob<AuditSealer>(settings);
        return services;
    }
}
