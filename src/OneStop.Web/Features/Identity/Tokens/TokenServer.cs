using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.Sso;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OneStop.Web.Features.Identity.Tokens;

/// <summary>
/// OneStop's own OpenID Connect server (OpenIddict, Apache-2.0). In every environment it issues access tokens to
/// machine clients by client credentials (OAuth 2.0 section 4.4). With the development identity provider switched on
/// it also plays a national identity provider for demo citizens: authorisation code with PKCE, userinfo.
/// Applications, codes and tokens are stored in the database (a code is redeemed once, on any instance).
/// </summary>
public static class TokenServer
{
    public const string TokenPath = "/connect/token";
    public const string AuthorizePath = "/connect/authorize";
    public const string UserInfoPath = "/connect/userinfo";

    /// <summary>Scheme that validates bearer tokens on the machine API.</summary>
    public const string BearerScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    public static IServiceCollection AddOneStopTokenServer(this IServiceCollection services, OneStopOptions settings, IHostEnvironment env)
    {
        var devSso = DevIdentityProvider.IsEnabled(settings, env);
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<OneStopDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                o.RegisterScopes([.. ApiScopes.All]);
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(settings.Tokens.AccessTokenMinutes));
                var aspNet = o.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!env.IsProduction())
                {
                    // Development and tests run on plain HTTP; production sits behind TLS.
                    aspNet.DisableTransportSecurityRequirement();
                }

                if (devSso)
                {
                    o.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/')).SetUserInfoEndpointUris(UserInfoPath.TrimStart('/'));
                    o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                    // S256 only: a "plain" challenge would hand the verifier to whoever sees the request.
                    o.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                    o.SetAuthorizationCodeLifetime(TimeSpan.FromSeconds(settings.Tokens.AuthorizationCodeSeconds));
                    o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.Address);
                    o.RegisterClaims([.. DevIdentityProvider.ClaimNames]);
                    aspNet.EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, TokenKeyConfigurator>();
        services.AddScoped<ApiClientRegistry>();
        return services;
    }

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenPath, ExchangeAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// The token endpoint after OpenIddict has authenticated the client and validated the request: client credentials
    /// become an access token for the client itself; an authorisation code becomes tokens for the identity it carries.
    /// </summary>
    private static async Task<IResult> ExchangeAsync(HttpContext http, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted)
                ?? throw new InvalidOperationException("The client was authenticated but cannot be found.");
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, http.RequestAborted));
            var properties = await applications.GetPropertiesAsync(application, http.RequestAborted);
            if (properties.TryGetValue(ApiClientRegistry.AgenciesProperty, out var agencies) && agencies.ValueKind == JsonValueKind.Array)
            {
                identity.SetClaims(ApiScopes.AgencyClaim, [.. agencies.EnumerateArray().Select(a => a.GetString()!)]);
            }

            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType())
        {
            // The code was checked (signature, lifetime, PKCE verifier, single use); issue tokens for its identity.
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(result.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.UnsupportedGrantType,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
