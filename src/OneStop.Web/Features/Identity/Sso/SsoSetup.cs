using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.Tokens;

namespace OneStop.Web.Features.Identity.Sso;

/// <summary>
/// Citizen single sign-on: one OpenID Connect handler (authorisation code + PKCE, state, nonce) per configured
/// provider, plus the development provider when it is on. A successful sign-in becomes an ordinary OneStop session
/// for the applicant profile the claims map to; a failed one returns to the sign-in page with a message.
/// </summary>
public static class SsoSetup
{
    public static string Scheme(string key) => "sso-" + key.ToLowerInvariant();

    /// <summary>The providers offered on the sign-in page, by key.</summary>
    public static IReadOnlyDictionary<string, SsoProvider> Providers(OneStopOptions settings, IHostEnvironment env)
    {
        var providers = settings.Sso.Providers.Where(p => p.Value.Enabled).ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);
        if (DevIdentityProvider.IsEnabled(settings, env))
        {
            providers[DevIdentityProvider.Key] = DevIdentityProvider.AsProvider();
        }

        return providers;
    }

    public static IServiceCollection AddOneStopSso(this IServiceCollection services, AuthenticationBuilder auth, OneStopOptions settings, IHostEnvironment env)
    {
        // Production refuses to start with the development provider on (OneStopOptionsValidator); IsEnabled is false there.
        services.AddScoped<ApplicantProfiles>();
        foreach (var (key, provider) in Providers(settings, env))
        {
            var dev = key == DevIdentityProvider.Key;
            if (!dev && (string.IsNullOrWhiteSpace(provider.Authority) || string.IsNullOrWhiteSpace(provider.ClientId)))
            {
                throw new InvalidOperationException($"OneStop:Sso:Providers:{key} is enabled but has no Authority or ClientId.");
            }

            auth.AddOpenIdConnect(Scheme(key), provider.DisplayName, o => Configure(o, key, provider, env));
            if (dev)
            {
                // The development provider is this portal itself, at whatever address it listens on.
                services.AddOptions<OpenIdConnectOptions>(Scheme(key)).Configure<IServer>((o, server) =>
                    o.Authority = !string.IsNullOrWhiteSpace(settings.Sso.DevelopmentAuthority)
                        ? settings.Sso.DevelopmentAuthority
                        : OwnAddress(server));
            }
        }

        if (DevIdentityProvider.IsEnabled(settings, env))
        {
            auth.AddCookie(DevIdentityProvider.CookieScheme, o =>
            {
                o.LoginPath = DevIdentityProvider.LoginPath;
                o.Cookie.Name = "onestop.devsso";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            });
        }

        return services;
    }

    private static void Configure(OpenIdConnectOptions o, string key, SsoProvider provider, IHostEnvironment env)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = provider.Authority;
        o.ClientId = provider.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;
        o.ResponseType = "code";
        // The code comes back in the query: a top-level GET carries the SameSite=Lax correlation cookies across sites.
        o.ResponseMode = "query";
        o.UsePkce = true;
        o.CallbackPath = "/signin-" + key;
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = provider.UserInfo;
        o.RequireHttpsMetadata = env.IsProduction();
        o.Scope.Clear();
        foreach (var scope in provider.Scopes.Append("openid").Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        foreach (var claim in provider.Claims.All())
        {
            o.ClaimActions.MapUniqueJsonKey(claim, claim);
        }

        foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = env.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        }

        o.Events.OnRedirectToIdentityProvider = async ctx =>
        {
            if (!string.IsNullOrEmpty(provider.AcrValues))
            {
                ctx.ProtocolMessage.AcrValues = provider.AcrValues;
            }

            if (key == DevIdentityProvider.Key)
            {
                await ctx.HttpContext.RequestServices.GetRequiredService<ApiClientRegistry>()
                    .EnsureRedirectUriAsync(new Uri(ctx.ProtocolMessage.RedirectUri), ctx.HttpContext.RequestAborted);
            }
        };
        o.Events.OnTicketReceived = async ctx =>
        {
            var profiles = ctx.HttpContext.RequestServices.GetRequiredService<ApplicantProfiles>();
            var target = await profiles.SignInAsync(key, provider, ctx.Principal!, ctx.ReturnUri, ctx.HttpContext.RequestAborted);
            ctx.HandleResponse();
            ctx.Response.Redirect(target);
        };
        o.Events.OnRemoteFailure = async ctx =>
        {
            var profiles = ctx.HttpContext.RequestServices.GetRequiredService<ApplicantProfiles>();
            await profiles.RecordFailureAsync(key, ctx.Failure?.Message, ctx.HttpContext.RequestAborted);
            ctx.HandleResponse();
            ctx.Response.Redirect("/dang-nhap?loi=sso");
        };
    }

    private static string OwnAddress(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal));
        return uri.GetLeftPart(UriPartial.Authority) + "/";
    }

    /// <summary>GET /dang-nhap/sso/{provider}: starts single sign-on (a link, so that no form redirects off-site).</summary>
    public static IEndpointRouteBuilder MapSsoStart(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dang-nhap/sso/{provider}", (string provider, string? returnUrl, HttpContext http, Microsoft.Extensions.Options.IOptions<OneStopOptions> options, IHostEnvironment env) =>
        {
            if (!Providers(options.Value, env).ContainsKey(provider.ToLowerInvariant()))
            {
                return Results.NotFound();
            }

            return Results.Challenge(new AuthenticationProperties { RedirectUri = Shared.LocalUrl.Or(returnUrl, "/ho-so-cua-toi") }, [Scheme(provider)]);
        }).ExcludeFromDescription();
        return app;
    }
}
