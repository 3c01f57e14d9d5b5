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
        // No SMTP host: e-mails go to the log (development); the choice is read when the sender is first needed.
        services.AddSingleton<IMailSender>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<OneStopOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<LogMailSender>(sp)
                : ActivatorUtilities.CreateInstance<SmtpMailSender>(sp));
        services.AddSingleton<ISmsSender, LogSmsSender>();
        services.AddBackgroundJob<NotificationDeliveryJob>(settings);
        return services;
    }
}
