using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>Sessions end when the account is disabled; what people type is shown as text, never run.</summary>
public sealed class SessionTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Disabling_an_account_ends_its_open_sessions_at_once()
    {
        var citizen = await app.SignInAsync(CitizenB);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByEmailAsync(CitizenB))!;
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(account);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await citizen.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode);
        var again = app.Client();
        var page = await again.GetStringAsync(new Uri("/dang-nhap", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = CitizenB,
            ["password"] = OneStopAppFactory.DemoPassword,
            ["__RequestVerificationToken"] = OneStopAppFactory.Token(page),
        });
        var refused = await again.PostAsync(new Uri("/dang-nhap", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("tạm khoá", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(CitizenB))!, null);
        }
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    [InlineData("Robert'); DROP TABLE \"Dossiers\";--")]
    public async Task Script_and_sql_in_a_field_are_stored_as_text_and_shown_escaped(string payload)
    {
        var citizen = await app.SignInAsync(CitizenA);
        var commune = await DemoCommuneIdAsync(app.Services);

        var form = BirthForm();
        form["childFullName"] = payload;
        var created = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, commune, form, null), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = (await created.Content.ReadFromJsonAsync<DossierView>(Json))!;
        Assert.Equal(payload, draft.Form["childFullName"]);
        var html = await citizen.GetStringAsync(new Uri($"/nop-ho-so/{Birth}?id={draft.Id}", UriKind.Relative));
        Assert.DoesNotContain(payload, html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(payload).Replace("&#39;", "&#x27;", StringComparison.Ordinal), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"procedureCode\": 42, \"agencyId\": \"not-a-guid\"}")]
    public async Task A_malformed_body_gets_a_400_problem_and_creates_nothing(string body)
    {
        var citizen = await app.SignInAsync(CitizenB);
        int before;
        using (var scope = app.Services.CreateScope())
        {
            before = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.CountAsync();
        }

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await citizen.PostAsync(new Uri("/api/v1/dossiers", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(before, await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.CountAsync());
        }
    }
}
