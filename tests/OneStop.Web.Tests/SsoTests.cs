using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.Sso;
using OneStop.Web.Features.Identity.Tokens;

namespace OneStop.Web.Tests;

/// <summary>
/// A browser-like client of the portal that keeps its own cookie jar (so that a test can take a cookie away) and
/// walks the single sign-on with the development provider up to the callback.
/// </summary>
public sealed partial class SsoBrowser
{
    private readonly OneStopAppFactory app;

    public SsoBrowser(OneStopAppFactory app)
    {
        this.app = app;
        Http = app.CreateDefaultClient(new Uri("http://localhost/"), new CookieContainerHandler(Cookies));
    }

    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    /// <summary>Starts sign-in at the portal, signs in at the provider as the person, and returns the callback address (code and state).</summary>
    public async Task<Uri> AuthorizeAsync(string subject, string returnUrl = "/ho-so-cua-toi")
    {
        var start = await Http.GetAsync(new Uri("/dang-nhap/sso/dev?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        return await SignInAtProviderAsync(authorize, subject);
    }

    /// <summary>From an authorisation request: the provider's sign-in page, the person chosen, the redirect back.</summary>
    public async Task<Uri> SignInAtProviderAsync(Uri authorize, string subject)
    {
        var toLogin = await Http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        var login = toLogin.Headers.Location!;
        Assert.Equal(DevIdentityProvider.LoginPath, login.IsAbsoluteUri ? login.AbsolutePath : login.OriginalString.Split('?')[0]);
        var page = await Http.GetStringAsync(login);
        var returnUrl = WebUtility.HtmlDecode(ReturnUrlField().Match(page).Groups[1].Value);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["subject"] = subject,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = OneStopAppFactory.Token(page),
        });
        var chosen = await Http.PostAsync(login, form);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var issued = await Http.GetAsync(chosen.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        return issued.Headers.Location!;
    }

    /// <summary>Cookies whose name starts with the prefix, on the portal's address.</summary>
    public IReadOnlyList<Cookie> CookiesNamed(string prefix) =>
        Cookies.GetAllCookies().Where(c => !c.Expired && c.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    public async Task<HttpStatusCode> MyDossiersStatusAsync() =>
        (await Http.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode;

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}

/// <summary>
/// Citizen single sign-on with OpenID Connect (authorisation code + PKCE) against the development provider, through
/// the portal's real handler, and the provider's protocol checked by a second, hand-written client.
/// </summary>
public abstract class SsoTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static readonly DemoIdentity An = DevIdentityProvider.People[0];
    private static readonly DemoIdentity Business = DevIdentityProvider.People[2];

    [Fact]
    public async Task First_sign_in_creates_the_applicant_profile_from_the_claims_and_later_ones_refresh_it()
    {
        var browser = new SsoBrowser(app);
        var callback = await browser.AuthorizeAsync(An.Subject, "/ho-so-cua-toi");
        Assert.Equal("/signin-dev", callback.AbsolutePath);
        var done = await browser.Http.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/ho-so-cua-toi", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, await browser.MyDossiersStatusAsync());

        var account = await AccountOfAsync(An.Subject);
        Assert.Equal(AccountKind.Applicant, account.Kind);
        Assert.Equal(An.FullName, account.FullName);
        Assert.Equal(An.PersonalId, account.PersonalId);
        Assert.Equal(An.BirthDate, account.BirthDate);
        Assert.Equal(An.Phone, account.PhoneNumber);
        Assert.Equal(An.Email, account.Email);
        Assert.Equal(An.Address, account.Address);
        Assert.Equal("LoA2", account.AssuranceLevel);

        // Someone edits the profile by hand; the next sign-in brings back what the identity provider says.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            await db.Users.Where(u => u.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.FullName, "Tên cũ").SetProperty(u => u.Address, "Địa chỉ cũ"));
        }

        var again = new SsoBrowser(app);
        Assert.Equal(HttpStatusCode.Redirect, (await again.Http.GetAsync(await again.AuthorizeAsync(An.Subject))).StatusCode);
        var refreshed = await AccountOfAsync(An.Subject);
        Assert.Equal(account.Id, refreshed.Id);
        Assert.Equal(An.FullName, refreshed.FullName);
        Assert.Equal(An.Address, refreshed.Address);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            Assert.Equal(1, await db.UserLogins.CountAsync(l => l.LoginProvider == DevIdentityProvider.Key && l.ProviderKey == An.Subject));
            var events = await db.Set<Features.Audit.AuditEntry>().Where(e => e.ActorId == account.Id && e.Event.StartsWith("signin.sso")).Select(e => new { e.Event, e.Details }).ToListAsync();
            Assert.Contains(events, e => e.Event == "signin.sso.first");
            Assert.Contains(events, e => e.Event == "signin.sso");
            // No full personal ID in the audit log.
            Assert.DoesNotContain(events, e => e.Details!.Contains(An.PersonalId!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_business_signs_in_with_its_tax_code()
    {
        var browser = new SsoBrowser(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync(await browser.AuthorizeAsync(Business.Subject))).StatusCode);
        var account = await AccountOfAsync(Business.Subject);
        Assert.Equal(Business.TaxCode, account.TaxCode);
        Assert.Null(account.PersonalId);
        Assert.Equal("LoA1", account.AssuranceLevel);
    }

    [Fact]
    public async Task A_tampered_state_is_refused_and_no_session_starts()
    {
        var browser = new SsoBrowser(app);
        var callback = await browser.AuthorizeAsync(An.Subject);
        var tampered = new Uri(Regex.Replace(callback.AbsoluteUri, "state=([^&]{10})", "state=AAAAAAAAAA"));
        await AssertRefusedAsync(browser, await browser.Http.GetAsync(tampered));
    }

    [Fact]
    public async Task A_nonce_from_another_sign_in_is_refused()
    {
        // Two sign-ins; the first one's nonce cookie is swapped for the second one's.
        var victim = new SsoBrowser(app);
        var callback = await victim.AuthorizeAsync(An.Subject);
        var other = new SsoBrowser(app);
        await other.AuthorizeAsync(An.Subject);
        var own = victim.CookiesNamed(".AspNetCore.OpenIdConnect.Nonce.");
        Assert.NotEmpty(own);
        foreach (var cookie in own)
        {
            victim.Cookies.Add(new Uri("http://localhost/"), new Cookie(cookie.Name, "", cookie.Path) { Expires = DateTime.UtcNow.AddDays(-1) });
        }

        Assert.Empty(victim.CookiesNamed(".AspNetCore.OpenIdConnect.Nonce."));

        foreach (var cookie in other.CookiesNamed(".AspNetCore.OpenIdConnect.Nonce."))
        {
            victim.Cookies.Add(new Uri("http://localhost/"), new Cookie(cookie.Name, cookie.Value, cookie.Path));
        }

        await AssertRefusedAsync(victim, await victim.Http.GetAsync(callback));
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var browser = new SsoBrowser(app);
        var callback = await browser.AuthorizeAsync(An.Subject);
        using (app.Clock.Shift(TimeSpan.FromMinutes(3)))
        {
            await AssertRefusedAsync(browser, await browser.Http.GetAsync(callback));
        }
    }

    [Fact]
    public async Task A_callback_without_the_correlation_cookie_is_refused()
    {
        var browser = new SsoBrowser(app);
        var callback = await browser.AuthorizeAsync(An.Subject);
        var stranger = new SsoBrowser(app);
        await AssertRefusedAsync(stranger, await stranger.Http.GetAsync(callback));
    }

    [Fact]
    public async Task A_disabled_applicant_cannot_sign_in_by_sso()
    {
        var person = DevIdentityProvider.People[1];
        var first = new SsoBrowser(app);
        Assert.Equal(HttpStatusCode.Redirect, (await first.Http.GetAsync(await first.AuthorizeAsync(person.Subject))).StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByLoginAsync(DevIdentityProvider.Key, person.Subject))!;
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
        }

        var browser = new SsoBrowser(app);
        var refused = await browser.Http.GetAsync(await browser.AuthorizeAsync(person.Subject));
        Assert.Equal("/dang-nhap?loi=sso-khoa", refused.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MyDossiersStatusAsync());
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            await users.SetLockoutEndDateAsync((await users.FindByLoginAsync(DevIdentityProvider.Key, person.Subject))!, null);
        }
    }

    [Fact]
    public async Task Signing_out_also_ends_the_session_at_the_development_provider()
    {
        var browser = new SsoBrowser(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync(await browser.AuthorizeAsync(An.Subject))).StatusCode);
        var page = await browser.Http.GetStringAsync(new Uri("/dang-xuat", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = OneStopAppFactory.Token(page) });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.PostAsync(new Uri("/dang-xuat", UriKind.Relative), form)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MyDossiersStatusAsync());

        // The next single sign-on asks at the provider again instead of signing the last person straight back in.
        var start = await browser.Http.GetAsync(new Uri("/dang-nhap/sso/dev", UriKind.Relative));
        var atProvider = await browser.Http.GetAsync(start.Headers.Location!);
        Assert.Equal(DevIdentityProvider.LoginPath, atProvider.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task An_unknown_provider_is_not_found()
    {
        var browser = new SsoBrowser(app);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync(new Uri("/dang-nhap/sso/khong-co", UriKind.Relative))).StatusCode);
    }

    /// <summary>
    /// The provider's side of the protocol with a hand-written client: PKCE S256 is required and checked, a code is
    /// redeemed once, it expires, and the ID token carries the nonce; userinfo gives the profile claims.
    /// </summary>
    [Fact]
    public async Task The_provider_checks_pkce_single_use_and_expiry_of_codes()
    {
        var redirect = new Uri("http://localhost/test-client/callback");
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApiClientRegistry>().EnsureRedirectUriAsync(redirect, CancellationToken.None);
        }

        var browser = new SsoBrowser(app);

        // A plain challenge is refused: only S256.
        var plain = await browser.Http.GetAsync(AuthorizeRequest(redirect, "verifier-plain-verifier-plain-verifier-plain", "plain", "s0", "n0"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("code_challenge_method", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var code = await CodeAsync(browser, redirect, verifier, "s1", "n1");
        Assert.Equal("invalid_grant", (await RedeemAsync(browser, redirect, code, "wrong-" + verifier)).GetProperty("error").GetString());

        var code2 = await CodeAsync(browser, redirect, verifier, "s2", "n2");
        var tokens = await RedeemAsync(browser, redirect, code2, verifier);
        var idToken = tokens.GetProperty("id_token").GetString()!;
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.Split('.')[1])).RootElement;
        Assert.Equal("n2", payload.GetProperty("nonce").GetString());
        Assert.Equal(An.Subject, payload.GetProperty("sub").GetString());
        Assert.False(payload.TryGetProperty("SoDinhDanh", out _), "the profile is not in the ID token");

        using (var userinfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo"))
        {
            userinfo.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
            var info = await (await browser.Http.SendAsync(userinfo)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(An.PersonalId, info.GetProperty("SoDinhDanh").GetString());
            Assert.Equal(An.FullName, info.GetProperty("HoVaTen").GetString());
        }

        Assert.Equal("invalid_grant", (await RedeemAsync(browser, redirect, code2, verifier)).GetProperty("error").GetString());

        var code3 = await CodeAsync(browser, redirect, verifier, "s3", "n3");
        using (app.Clock.Shift(TimeSpan.FromMinutes(3)))
        {
            Assert.Equal("invalid_grant", (await RedeemAsync(browser, redirect, code3, verifier)).GetProperty("error").GetString());
        }
    }

    private static Uri AuthorizeRequest(Uri redirect, string challenge, string method, string state, string nonce) => new(
        "/connect/authorize?client_id=" + DevIdentityProvider.PortalClientId + "&response_type=code&scope=openid%20profile&redirect_uri=" + Uri.EscapeDataString(redirect.AbsoluteUri)
        + "&code_challenge=" + challenge + "&code_challenge_method=" + method + "&state=" + state + "&nonce=" + nonce, UriKind.Relative);

    private static async Task<string> CodeAsync(SsoBrowser browser, Uri redirect, string verifier, string state, string nonce)
    {
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var request = AuthorizeRequest(redirect, challenge, "S256", state, nonce);
        // Signed in at the provider already: the code comes straight back; otherwise through its sign-in page.
        var first = await browser.Http.GetAsync(request);
        var back = first.Headers.Location!.AbsolutePath == DevIdentityProvider.LoginPath
            ? await browser.SignInAtProviderAsync(new Uri("http://localhost" + request.OriginalString), An.Subject)
            : first.Headers.Location!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(back.Query);
        Assert.Equal(state, query["state"].ToString());
        return query["code"].ToString();
    }

    private static async Task<JsonElement> RedeemAsync(SsoBrowser browser, Uri redirect, string code, string verifier)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = DevIdentityProvider.PortalClientId,
            ["code"] = code,
            ["redirect_uri"] = redirect.AbsoluteUri,
            ["code_verifier"] = verifier,
        });
        return await (await browser.Http.PostAsync(new Uri("/connect/token", UriKind.Relative), form)).Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task AssertRefusedAsync(SsoBrowser browser, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dang-nhap?loi=sso", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MyDossiersStatusAsync());
        var page = await browser.Http.GetStringAsync(response.Headers.Location);
        Assert.Contains("Đăng nhập một lần không thành công", page, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        Assert.True(await db.Set<Features.Audit.AuditEntry>().AnyAsync(e => e.Event == "signin.sso.failure"));
    }

    private async Task<Account> AccountOfAsync(string subject)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByLoginAsync(DevIdentityProvider.Key, subject))!;
    }
}

public sealed class SqliteSsoTests(SqliteApp app) : SsoTests<SqliteApp>(app);

public sealed class PostgresSsoTests(PostgresApp app) : SsoTests<PostgresApp>(app);
