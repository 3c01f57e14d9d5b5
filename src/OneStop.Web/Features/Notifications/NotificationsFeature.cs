using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Notifications;

/// <summary>Notifications: the transactional outbox, its delivery (e-mail, SMS) by a background job, and the in-app list.</summary>
public static class NotificationsFeature
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, OneStopOptions settings)
    {
        services.AddScoped<NotificationOutbox>();
        services.AddScoped<NotificationDelivery>();
        // No SMTP host: the log-only sender, which notes e-mails without their bodies in Development and refuses
        // elsewhere (they wait in the outbox); the choice is read when the sender is first needed.
        services.AddSingleton<IMailSender>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<OneStopOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<LogMailSender>(sp)
                : ActivatorUtilities.CreateInstance<SmtpMailSender>(sp));
        // No SMS gateway adapter yet: the log-only sender, likewise Development only (elsewhere SMS wait in the outbox).
        services.AddSingleton<ISmsSender, LogSmsSender>();
        services.AddBackgroundJob<NotificationDeliveryJob>(settings);
        return services;
    }
}
