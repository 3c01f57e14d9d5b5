using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OneStop.Web.Tests;

/// <summary>Sign-in, registration, public tracking and document verification answer 429 with Retry-After once an address tries too often.</summary>
public sealed class RateLimitTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private WebApplicationFactory<Program> Limited() => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("OneStop:RateLimits:SignInPerMinute", "3");
        b.UseSetting("OneStop:RateLimits:TrackingPerMinute", "5");
        b.UseSetting("OneStop:RateLimits:RegisterPerHour", "2");
        b.UseSetting("OneStop:RateLimits:VerificationPerMinute", "3");
    });

    [Fact]
    public async Task Public_tracking_is_limited_per_address_with_retry_after_and_reading_the_form_is_not()
    {
        using var host = Limited();
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/tra-cuu", UriKind.Relative))).StatusCode);
        }

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 7; i++)
        {
            var r = await client.GetAsync(new Uri($"/api/v1/tracking/000.00.00.H26-260101-{i:0000}?phone=0900000000", UriKind.Relative));
            statuses.Add(r.StatusCode);
            refused = r.StatusCode == HttpStatusCode.TooManyRequests ? r : refused;
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var page = await client.GetAsync(new Uri("/tra-cuu?ma=000.00.00.H26-260101-0001&dienThoai=0900000000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("quá nhiều lần", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_address()
    {
        using var host = Limited();
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var html = await client.GetStringAsync(new Uri("/dang-nhap", UriKind.Relative));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "ai-do@onestop.test",
                ["password"] = "sai-mat-khau",
                ["__RequestVerificationToken"] = OneStopAppFactory.Token(html),
            });
            statuses.Add((await client.PostAsync(new Uri("/dang-nhap", UriKind.Relative), form)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/dang-nhap", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Document_verification_is_limited_per_address_on_the_api_and_the_page()
    {
        using var host = Limited();
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "van-ban.pdf" } };
            var r = await client.PostAsync(new Uri("/api/v1/documents/verify", UriKind.Relative), form);
            statuses.Add(r.StatusCode);
            refused = r.StatusCode == HttpStatusCode.TooManyRequests ? r : refused;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(refused!.Headers.Contains("Retry-After"));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // The page shares the address's budget; reading it is free.
        var html = await client.GetStringAsync(new Uri("/xac-minh-van-ban", UriKind.Relative));
        using var page = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "van-ban.pdf" }, { new StringContent(OneStopAppFactory.Token(html)), "__RequestVerificationToken" } };
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync(new Uri("/xac-minh-van-ban", UriKind.Relative), page)).StatusCode);
    }
}
