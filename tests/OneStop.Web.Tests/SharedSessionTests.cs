using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace OneStop.Web.Tests;

/// <summary>Two instances behind a load balancer: a sign-in made on one is honoured by the other.</summary>
public sealed class SharedSessionTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_another_on_the_same_database()
    {
        _ = app.Services;
        using var second = new SecondInstance(app);
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false };
        var first = app.CreateClient(options);
        var login = await first.GetAsync(new Uri("/dang-nhap", UriKind.Relative));
        var antiforgeryCookie = Cookies(login);
        var token = OneStopAppFactory.Token(await login.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dang-nhap")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = DossierFixtures.CitizenA,
                ["password"] = OneStopAppFactory.DemoPassword,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie);
        var signedIn = await first.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Cookies(signedIn);
        Assert.Contains("onestop.staff=", session, StringComparison.Ordinal);

        var other = second.CreateClient(options);
        using var mine = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dossiers");
        mine.Headers.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(mine)).StatusCode);
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dossiers");
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.SendAsync(anonymous)).StatusCode);

        // The key ring is in the database, not in a folder of one machine (in this test both hosts share a machine).
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStop.Web.Data.OneStopDbContext>();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }

    private static string Cookies(HttpResponseMessage r) =>
        string.Join("; ", r.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);
}
