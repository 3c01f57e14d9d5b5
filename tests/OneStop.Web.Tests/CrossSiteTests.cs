using System.Net;
using System.Net.Http.Json;
using OneStop.Domain.Dossiers;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Shared;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// A state-changing API call made with the sign-in cookie needs the X-Requested-With header (or the anti-forgery token
/// header) and, when the browser names one, this site's Origin; otherwise 403 problem details and nothing changes.
/// Calls without the cookie (anonymous, bearer tokens) are not concerned. The cookie is Secure over HTTPS.
/// </summary>
public sealed class CrossSiteTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Uploads_submit_and_drafts_from_another_site_or_without_the_header_are_refused_and_change_nothing()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var commune = await DemoCommuneIdAsync(app.Services);
        var created = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, commune, BirthForm(), null), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = (await created.Content.ReadFromJsonAsync<DossierView>(Json))!;

        var dossiers = (await citizen.GetFromJsonAsync<List<System.Text.Json.JsonElement>>(new Uri("/api/v1/dossiers", UriKind.Relative), Json))!.Count;

        // A form or a simple request posted by another site: no custom header, its own Origin.
        citizen.DefaultRequestHeaders.Remove(CrossSiteGuard.Header);
        await RefusedAsync(citizen, Upload(draft.Id), "https://evil.example", "evil.example");
        await RefusedAsync(citizen, Upload(draft.Id), origin: null, CrossSiteGuard.Header);
        await RefusedAsync(citizen, Post($"/api/v1/dossiers/{draft.Id}/submit", null), "https://evil.example", "evil.example");
        await RefusedAsync(citizen, Post($"/api/v1/dossiers/{draft.Id}/submit", null), origin: null, CrossSiteGuard.Header);
        await RefusedAsync(citizen, Post("/api/v1/dossiers", JsonContent.Create(new DraftRequest(Birth, commune, BirthForm(), null), options: Json)), "null", "null");
        // The header does not excuse another site's Origin, nor a Referer from another site.
        using (var withHeader = Upload(draft.Id))
        {
            withHeader.Headers.Add(CrossSiteGuard.Header, "x");
            withHeader.Headers.Referrer = new Uri("https://evil.example/trang.html");
            await RefusedAsync(citizen, withHeader, origin: null, "evil.example");
        }

        var unchanged = (await citizen.GetFromJsonAsync<DossierView>(new Uri($"/api/v1/dossiers/{draft.Id}", UriKind.Relative), Json))!;
        Assert.Equal(DossierStatus.Draft, unchanged.Status);
        Assert.Empty(unchanged.Files);
        Assert.Equal(dossiers, (await citizen.GetFromJsonAsync<List<System.Text.Json.JsonElement>>(new Uri("/api/v1/dossiers", UriKind.Relative), Json))!.Count);

        // The portal's own callers: the header with this site's Origin, or the page's anti-forgery token instead of the header.
        using (var own = Upload(draft.Id))
        {
            own.Headers.Add(CrossSiteGuard.Header, "x");
            own.Headers.Add("Origin", "http://localhost");
            Assert.Equal(HttpStatusCode.OK, (await citizen.SendAsync(own)).StatusCode);
        }

        var page = await citizen.GetStringAsync(new Uri("/ho-so-cua-toi", UriKind.Relative));
        using (var withToken = Upload(draft.Id, document: 4))
        {
            withToken.Headers.Add(CrossSiteGuard.TokenHeader, OneStopAppFactory.Token(page));
            Assert.Equal(HttpStatusCode.OK, (await citizen.SendAsync(withToken)).StatusCode);
        }

        using (var badToken = Post($"/api/v1/dossiers/{draft.Id}/submit", null))
        {
            badToken.Headers.Add(CrossSiteGuard.TokenHeader, "not-a-token");
            await RefusedAsync(citizen, badToken, origin: null, CrossSiteGuard.Header);
        }
    }

    [Fact]
    public async Task Calls_without_the_sign_in_cookie_need_no_header()
    {
        var anonymous = app.Client();
        anonymous.DefaultRequestHeaders.Remove(CrossSiteGuard.Header);
        using var request = Post("/api/v1/documents/verify", new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "a.pdf" } });
        request.Headers.Add("Origin", "https://evil.example");
        var response = await anonymous.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("https://localhost/", true)]
    [InlineData("http://localhost/", false)]
    public async Task The_sign_in_cookie_is_secure_when_the_request_is_https(string site, bool secure)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(site) });
        var response = await OneStopAppFactory.SignInAttemptAsync(client, CitizenB);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("onestop.staff=", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    private static HttpRequestMessage Upload(Guid id, int document = 1) =>
        Post($"/api/v1/dossiers/{id}/files?document={document}", new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", $"giay-to-{document}.pdf" } });

    private static HttpRequestMessage Post(string path, HttpContent? content) => new(HttpMethod.Post, path) { Content = content };

    /// <summary>Sends the request (from <paramref name="origin"/> when given) and expects a 403 problem naming <paramref name="named"/>.</summary>
    private static async Task RefusedAsync(HttpClient client, HttpRequestMessage request, string? origin, string named)
    {
        using (request)
        {
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
