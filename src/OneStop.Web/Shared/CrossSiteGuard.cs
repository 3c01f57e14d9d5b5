using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Shared;

/// <summary>
/// Cross-site request forgery on the API: a state-changing call (not GET, HEAD, OPTIONS or TRACE) under <c>/api</c> made
/// with the sign-in cookie must prove it is not a form or a simple request from another site — a
/// <see cref="Header"/> header (any value; another site cannot send a custom header without a CORS preflight, which
/// OneStop never grants) or the anti-forgery token in <see cref="TokenHeader"/> — and, when the browser names where the
/// request comes from (<c>Origin</c>, else <c>Referer</c>), that must be this site. Refused calls get a 403 problem naming
/// what is missing and run nothing. Bearer-token clients (no cookie) are not concerned; SameSite=Lax stays as a second layer.
/// </summary>
public sealed class CrossSiteGuard(RequestDelegate next, IAntiforgery antiforgery, IOptions<OneStopOptions> settings)
{
    /// <summary>The custom header a same-site script or API client sends with the cookie.</summary>
    public const string Header = "X-Requested-With";

    /// <summary>The anti-forgery token's header (ASP.NET Core's default), the alternative to <see cref="Header"/>.</summary>
    public const string TokenHeader = "RequestVerificationToken";

    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api") || IsSafe(http.Request.Method) || !SignedInByCookie(http))
        {
            await next(http);
            return;
        }

        if (await RefusalAsync(http) is { } detail)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = Ui.StatusTitle(403), Detail = detail },
            });
            return;
        }

        await next(http);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static bool SignedInByCookie(HttpContext http) =>
        http.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme);

    /// <summary>Why the call is refused, or null when it may run.</summary>
    private async Task<string?> RefusalAsync(HttpContext http)
    {
        var headers = http.Request.Headers;
        var from = headers.Origin.ToString() is { Length: > 0 } origin ? origin : headers.Referer.ToString();
        if (from.Length > 0 && !IsThisSite(http, from))
        {
            return Ui.T($"Yêu cầu gửi từ trang khác ({Shown(from)}) bị từ chối: chỉ chính cổng dịch vụ công được thay đổi dữ liệu bằng phiên đăng nhập.",
                $"A request sent from another site ({Shown(from)}) is refused: only the portal itself may change data with the sign-in cookie.");
        }

        if (!string.IsNullOrWhiteSpace(headers[Header]))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(headers[TokenHeader]) && await antiforgery.IsRequestValidAsync(http))
        {
            return null;
        }

        return Ui.T($"Thiếu tiêu đề {Header} (hoặc mã chống giả mạo {TokenHeader} hợp lệ): yêu cầu thay đổi dữ liệu bằng phiên đăng nhập phải có một trong hai.",
            $"The {Header} header (or a valid anti-forgery token in {TokenHeader}) is missing: a request that changes data with the sign-in cookie needs one of them.");
    }

    /// <summary>True when the address's scheme, host and port are this request's, or the configured public address's.</summary>
    private bool IsThisSite(HttpContext http, string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return false; // "null" (a sandboxed or privacy-hiding page) and anything unreadable
        }

        var own = new Uri($"{http.Request.Scheme}://{http.Request.Host}");
        return SameOrigin(uri, own) || (Uri.TryCreate(settings.Value.PublicUrl, UriKind.Absolute, out var publicUrl) && SameOrigin(uri, publicUrl));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>The origin named in the message, bounded (it comes from the request).</summary>
    private static string Shown(string from) => from.Length <= 100 ? from : from[..100] + "…";
}
