namespace OneStop.Web.Features.Audit;

/// <summary>The hash-chained audit log that every state-changing action writes to, and its page.</summary>
public static class AuditFeature
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        // An entry records the caller's address, read from the request in progress.
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        return services;
    }
}
