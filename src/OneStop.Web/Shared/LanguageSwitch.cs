using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace OneStop.Web.Shared;

/// <summary>The portal's two languages (Vietnamese first) and the link that switches between them.</summary>
public static class LanguageSwitch
{
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>GET /ngon-ngu/{lang}?returnUrl=…: remembers the language in a cookie and goes back (local URLs only).</summary>
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/ngon-ngu/{lang}", (string lang, string? returnUrl, HttpContext http) =>
        {
            var culture = lang == "en" ? English : Vietnamese;
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(LocalUrl.Or(returnUrl, "/"));
        }).ExcludeFromDescription();
}
