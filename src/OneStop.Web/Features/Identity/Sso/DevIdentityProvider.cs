using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OneStop.Web.Data;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OneStop.Web.Features.Identity.Sso;

/// <summary>A person the development identity provider can sign in as (made-up data, never a real citizen).</summary>
public sealed record DemoIdentity(
    string Subject, string FullName, string? PersonalId, DateOnly? BirthDate, string? Phone, string Email, string Address,
    string? TaxCode, string AccountType, string AssuranceLevel);

/// <summary>
/// The development identity provider: OneStop's token server playing the national SSO / VNeID for demo citizens, so
/// that single sign-on works end to end on a fresh machine. It issues the national portal's claim names. Switched on
/// by OneStop:Sso:DevelopmentProvider; Production refuses to start with it.
/// </summary>
public static class DevIdentityProvider
{
    /// <summary>Provider key: the portal's callback is /signin-dev.</summary>
    public const string Key = "dev";
    public const string CookieScheme = "devsso";
    public const string LoginPath = "/dev-sso/dang-nhap";
    /// <summary>The portal as a public client of this provider (PKCE, no secret).</summary>
    public const string PortalClientId = "onestop-portal";

    public static readonly IReadOnlyList<DemoIdentity> People =
    [
        new("vneid-demo-0001", "Nguyễn Văn An", "001085012345", new DateOnly(1985, 3, 12), "0901234567", "an.nguyen@vneid.test",
            "Số 12 phố Hàng Bạc, phường Hàng Bạc, quận Hoàn Kiếm, Hà Nội", null, "CONG_DAN", "LoA2"),
        new("vneid-demo-0002", "Trần Thị Bình", "001192034567", new DateOnly(1992, 7, 30), "0977654321", "binh.tran@vneid.test",
            "Số 5 ngõ 10 phố Láng Hạ, phường Thành Công, quận Ba Đình, Hà Nội", null, "CONG_DAN", "LoA2"),
        new("vneid-demo-0003", "Công ty TNHH Thương mại Demo Hà Nội", null, null, "02439876543", "lienhe@demo-doanhnghiep.test",
            "Tầng 3, số 1 phố Tràng Tiền, phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội", "0109876543", "DOANH_NGHIEP", "LoA1"),
    ];

    /// <summary>Claims the provider issues (the national portal's userinfo names).</summary>
    public static readonly IReadOnlyList<string> ClaimNames = new SsoClaimMap().All().ToList();

    public static bool IsEnabled(OneStopOptions settings, IHostEnvironment env) => settings.Sso.DevelopmentProvider && !env.IsProduction();

    /// <summary>The provider as the portal's sign-in page and handler see it.</summary>
    public static SsoProvider AsProvider() => new()
    {
        Enabled = true,
        DisplayName = "VNeID thử nghiệm (nhà cung cấp định danh phát triển)",
        DisplayNameEn = "Test VNeID (development identity provider)",
        ClientId = PortalClientId,
        Scopes = ["openid", "profile", "email", "phone", "address"],
        AcrValues = "LoA1",
        UserInfo = true,
    };

    public static IEndpointRouteBuilder MapDevIdentityProvider(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Tokens.TokenServer.AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapMethods(Tokens.TokenServer.UserInfoPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfoAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// Authorisation endpoint, after OpenIddict validated the request (client, redirect address, PKCE challenge):
    /// the person signs in at the provider's own page first, then the code is issued for them.
    /// </summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var login = await http.AuthenticateAsync(CookieScheme);
        var person = login.Succeeded ? People.FirstOrDefault(p => p.Subject == login.Principal!.FindFirstValue(Claims.Subject)) : null;
        if (person is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            var back = http.Request.PathBase + http.Request.Path + QueryString.Create(
                http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList());
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [CookieScheme]);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        var names = new SsoClaimMap();
        identity.SetClaim(Claims.Subject, person.Subject)
            .SetClaim(Claims.Name, person.FullName)
            .SetClaim(names.FullName, person.FullName)
            .SetClaim(names.PersonalId, person.PersonalId)
            .SetClaim(names.BirthDate, person.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .SetClaim(names.Phone, person.Phone)
            .SetClaim(names.Email, person.Email)
            .SetClaim(names.Address, person.Address)
            .SetClaim(names.TaxCode, person.TaxCode)
            .SetClaim(names.AccountType, person.AccountType)
            .SetClaim(names.AssuranceLevel, person.AssuranceLevel);
        identity.SetScopes(request.GetScopes());
        // The ID token says who and how surely; the profile travels in the access token and is read from userinfo.
        identity.SetDestinations(c => c.Type is Claims.Subject or Claims.Name or "acr"
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Userinfo: the profile claims of a valid access token.</summary>
    private static async Task<IResult> UserInfoAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, string>(StringComparer.Ordinal) { [Claims.Subject] = result.Principal.GetClaim(Claims.Subject)! };
        foreach (var name in ClaimNames.Append(Claims.Name))
        {
            if (result.Principal.GetClaim(name) is { } value)
            {
                claims[name] = value;
            }
        }

        return Results.Json(claims);
    }
}
