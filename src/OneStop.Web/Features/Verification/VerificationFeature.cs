using OneStop.Web.Shared;

namespace OneStop.Web.Features.Verification;

/// <summary>Public verification of signed documents: the page /xac-minh-van-ban and POST /api/v1/documents/verify.</summary>
public static class VerificationFeature
{
    public static IServiceCollection AddVerification(this IServiceCollection services) => services.AddScoped<DocumentVerifier>();

    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapDocumentVerificationApi();
        return app;
    }
}
