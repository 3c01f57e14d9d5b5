using OneStop.Web.Shared;

namespace OneStop.Web.Features.Wallet;

/// <summary>The applicant's document wallet: results, desk scans and saved files, reusable when filing; its page and /api/v1/wallet.</summary>
public static class WalletFeature
{
    public static IServiceCollection AddWallet(this IServiceCollection services) => services.AddScoped<DocumentWallet>();

    public static IEndpointRouteBuilder MapWallet(this IEndpointRouteBuilder app)
    {
        app.MapApiV1().MapWalletApi();
        return app;
    }
}
