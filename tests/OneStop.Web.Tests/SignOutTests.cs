using System.Net;
using System.Text.RegularExpressions;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// Sign-out through the header's real "Đăng xuất" button ends the session on the server: a copy of the cookie taken
/// before is refused afterwards (pages redirect to sign-in, the API answers 401), while the account's other sessions stay.
/// </summary>
public abstract partial class SignOutTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Fact]
    public async Task The_header_sign_out_button_signs_out_and_a_replayed_cookie_reads_nothing()
    {
        var (browser, cookie) = await SignInKeepingCookieAsync(CitizenA);
        var elsewhere = await app.SignInAsync(CitizenA);
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie, "/api/v1/dossiers")).StatusCode);

        // The header's form exactly as the page gives it: its action and every field in it (the anti-forgery token).
        var page = await browser.GetStringAsync(new Uri("/ho-so-cua-toi", UriKind.Relative));
        var (action, fields) = SignOutForm(page);
        using (var form = new FormUrlEncodedContent(fields))
        {
            var signedOut = await browser.PostAsync(new Uri(action, UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            Assert.Equal("/", signedOut.Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode);

        // The cookie copied before sign-out: no page, no data.
        var pageAgain = await Replay(cookie, "/ho-so-cua-toi");
        Assert.Equal(HttpStatusCode.Redirect, pageAgain.StatusCode);
        Assert.Contains("/dang-nhap", pageAgain.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie, "/api/v1/dossiers")).StatusCode);

        // Only that session ended: the same account signed in elsewhere still works.
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Signing_in_again_ends_the_session_the_browser_held_before()
    {
        var (browser, before) = await SignInKeepingCookieAsync(CitizenB);
        Assert.Equal(HttpStatusCode.OK, (await Replay(before, "/api/v1/dossiers")).StatusCode);
        await OneStopAppFactory.SignInAsync(browser, CitizenB);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(before, "/api/v1/dossiers")).StatusCode);
    }

    /// <summary>A browser signed in through the real page, and the sign-in cookie it was given (to replay elsewhere).</summary>
    private async Task<(HttpClient Browser, string Cookie)> SignInKeepingCookieAsync(string email)
    {
        var browser = app.Client();
        var response = await OneStopAppFactory.SignInAttemptAsync(browser, email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("onestop.staff", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        Assert.NotEmpty(cookie);
        return (browser, cookie);
    }

    /// <summary>A GET from another machine that has only a copy of the cookie.</summary>
    private async Task<HttpResponseMessage> Replay(string cookie, string path)
    {
        var thief = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await thief.SendAsync(request);
    }

    /// <summary>The form in the page whose button says "Đăng xuất": its action and its fields, as a browser would post them.</summary>
    private static (string Action, List<KeyValuePair<string, string>> Fields) SignOutForm(string html)
    {
        var form = Forms().Matches(html).Single(m => m.Groups["body"].Value.Contains("Đăng xuất", StringComparison.Ordinal));
        var action = System.Net.WebUtility.HtmlDecode(form.Groups["action"].Value);
        var fields = Inputs().Matches(form.Groups["body"].Value)
            .Select(i => new KeyValuePair<string, string>(System.Net.WebUtility.HtmlDecode(i.Groups["name"].Value), System.Net.WebUtility.HtmlDecode(i.Groups["value"].Value)))
            .ToList();
        return (action, fields);
    }

    [GeneratedRegex("<form[^>]*\\baction=\"(?<action>[^\"]*)\"[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex Forms();

    [GeneratedRegex("<input[^>]*\\bname=\"(?<name>[^\"]*)\"[^>]*\\bvalue=\"(?<value>[^\"]*)\"[^>]*>")]
    private static partial Regex Inputs();
}

public sealed class SqliteSignOutTests(SqliteApp app) : SignOutTests<SqliteApp>(app);

public sealed class PostgresSignOutTests(PostgresApp app) : SignOutTests<PostgresApp>(app);
