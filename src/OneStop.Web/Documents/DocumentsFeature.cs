using OneStop.Web.Documents.Signing;

namespace OneStop.Web.Documents;

/// <summary>Administrative documents as PDF (desk forms, receipts) and their signatures with the agencies' certificates.</summary>
public static class DocumentsFeature
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<PdfFormRenderer>();
        services.Configure<SigningOptions>(config.GetSection(SigningOptions.Section));
        services.AddSingleton<ISigningCertificateSource, SigningCertificateSource>();
        services.AddScoped<DocumentSigning>();
        return services;
    }
}
