using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Payments;

/// <summary>
/// Fees and online payment: the payment ledger, gateways behind <see cref="IPaymentProtocol"/>, the notification (IPN)
/// handler, receipts, reconciliation and refunds, and the sandbox bank with its job.
/// </summary>
public static class PaymentsFeature
{
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration config, OneStopOptions settings)
    {
        services.AddSingleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidator>();
        services.AddOptions<PaymentOptions>().Bind(config.GetSection("OneStop:Payments")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPaymentProtocol, VnPayProtocol>();
        services.AddSingleton<IPaymentProtocol, NationalPlatformProtocol>();
        services.AddScoped<PaymentService>();
        // Money taken at the desk, recorded for the Dossiers feature through its narrow interface (Payments → Dossiers, never back).
        services.AddScoped<Dossiers.IDeskPayments, DeskPayments>();
        services.AddScoped<Dossiers.IDossierPayments, DossierPayments>();
        services.AddScoped<PaymentReceipts>();
        services.AddScoped<PaymentReconciliation>();
        services.AddScoped<SandboxBank>();
        services.AddHttpClient(SandboxBank.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddBackgroundJob<PaymentJobs>(settings);
        return services;
    }

    /// <summary>/api/v1/dossiers/{id}/payments… (start, receipts) and /api/v1/payments/{gateway}/ipn (the gateways' notifications).</summary>
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapPaymentApi();
        return app;
    }
}
