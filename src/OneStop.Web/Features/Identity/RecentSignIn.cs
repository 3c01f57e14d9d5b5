using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// When the person last proved they know the password: a claim in the sign-in cookie, written at sign-in and at
/// re-confirmation (<c>/xac-thuc-lai</c>), and carried over when the security-stamp check rebuilds the principal on
/// every request. Sensitive changes (<see cref="RequireRecentSignInAttribute"/>) need it to be recent.
/// </summary>
public static class RecentSignIn
{
    /// <summary>Unix seconds (UTC) of the last password confirmation.</summary>
    public const string AuthTimeClaim = "onestop:auth_time";

    public const string PagePath = "/xac-thuc-lai";

    /// <summary>How the person signed in (OpenID Connect's "amr"): <see cref="Password"/> or the single sign-on used.</summary>
    public const string MethodClaim = "amr";

    public const string Password = "pwd";

    /// <summary>True when this session began with the account's password (so the account has one to change).</summary>
    public static bool SignedInWithPassword(ClaimsPrincipal user) => user.FindFirstValue(MethodClaim) == Password;

    /// <summary>
    /// Signs the account in after it proved who it is (its password, or a single sign-on named in
    /// <paramref name="method"/>), with the time of that proof in the cookie.
    /// </summary>
    /// <remarks>
    /// Each sign-in is a new server-side session (<see cref="SignInSessions"/>); the session the browser held before
    /// (re-confirmation, a password change) ends, so a copy of the older cookie is refused.
    /// </remarks>
    public static async Task SignInAsync(SignInManager<Account> signIn, Account user, TimeProvider clock, string method = Password)
    {
        var now = clock.GetUtcNow();
        await SignInSessions.EndAsync(signIn.Context, signIn.Context.User);
        var session = await SignInSessions.BeginAsync(signIn.Context, user.Id, now);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false,
        [
            new Claim(AuthTimeClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new Claim(MethodClaim, method),
            session,
        ]);
    }

    /// <summary>
    /// Checks a password, counting a failure towards the account's lockout, and audits the attempt as
    /// <c>{kind}.success</c>, <c>{kind}.locked</c> or <c>{kind}.failure</c> (sign-in and re-confirmation alike).
    /// </summary>
    public static async Task<Microsoft.AspNetCore.Identity.SignInResult> CheckPasswordAsync(SignInManager<Account> signIn, Audit.AuditLog audit, Account user, string password, string kind, string? details, CancellationToken ct)
    {
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        await audit.AppendAsync(result.Succeeded ? $"{kind}.success" : result.IsLockedOut ? $"{kind}.locked" : $"{kind}.failure",
            user.Id, user.Email ?? user.UserName ?? "", null, details, ct);
        return result;
    }

    /// <summary>
    /// Checks the password of a person who is already signed in (<see cref="CheckPasswordAsync"/>); when the failures
    /// lock the account, whoever holds the open session is guessing, so the session ends too. Returns the message to
    /// show, or null when the password is right.
    /// </summary>
    public static async Task<string?> ConfirmPasswordAsync(SignInManager<Account> signIn, Audit.AuditLog audit, Account user, string password, string kind, string? details, string wrong, CancellationToken ct)
    {
        var result = await CheckPasswordAsync(signIn, audit, user, password, kind, details, ct);
        if (result.IsLockedOut)
        {
            await signIn.SignOutAsync();
            return Shared.Ui.T("Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần và đã được đăng xuất; thử lại sau 15 phút.", "The account is locked after repeated failures and has been signed out; try again in 15 minutes.");
        }

        return result.Succeeded ? null : wrong;
    }

    public static DateTimeOffset? AuthTime(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(AuthTimeClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>True when the password was confirmed within <paramref name="window"/> (never for a cookie without the claim).</summary>
    public static bool IsRecent(ClaimsPrincipal user, DateTimeOffset now, TimeSpan window) =>
        AuthTime(user) is { } at && now - at <= window && at <= now + TimeSpan.FromMinutes(1);

    /// <summary>
    /// The security-stamp check rebuilds the principal from the database on every request; the claims that record how
    /// and when the person signed in, and the session, are not in the database, so they are carried from the old principal.
    /// </summary>
    public static Task KeepSignInClaims(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var claim in current.Claims.Where(c => c.Type is AuthTimeClaim or MethodClaim or SignInSessions.Claim))
            {
                if (!identity.HasClaim(claim.Type, claim.Value))
                {
                    identity.AddClaim(new Claim(claim.Type, claim.Value));
                }
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// On a page model: its POST handlers need a password confirmed within <c>OneStop:ReauthenticateAfterMinutes</c>.
/// A stale POST changes nothing and is answered 303 to <c>/xac-thuc-lai</c>, which returns to the page afterwards.
/// Reading the page (GET) needs only the page's own authorisation.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequireRecentSignInAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return next();
        }

        var window = TimeSpan.FromMinutes(http.RequestServices.GetRequiredService<IOptions<OneStopOptions>>().Value.ReauthenticateAfterMinutes);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (RecentSignIn.IsRecent(http.User, now, window))
        {
            return next();
        }

        var back = (http.Request.PathBase + http.Request.Path).ToString();
        context.Result = new SeeOther($"{RecentSignIn.PagePath}?returnUrl={Uri.EscapeDataString(back)}");
        return Task.CompletedTask;
    }

    /// <summary>303: the browser follows with a GET, so the refused form is not posted again by itself.</summary>
    private sealed class SeeOther(string location) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.HttpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
