using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>What the portal lets slip: the server's name, whether an account exists, a missing access-denied page.</summary>
public sealed partial class SmallLeakTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Kestrel_does_not_name_itself_in_a_server_header()
    {
        using var host = app.WithWebHostBuilder(_ => { });
        host.UseKestrel(0);
        host.StartServer();
        var response = await host.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), string.Join(", ", response.Headers.Server));
    }

    [Fact]
    public async Task Unknown_account_wrong_password_and_locked_account_get_the_same_answer()
    {
        var locked = await NewAccountAsync("bi.khoa");
        var other = await NewAccountAsync("sai.mat.khau");
        for (var i = 0; i < 5; i++)
        {
            await AttemptAsync(locked, "mat khau sai hoan toan");
        }

        var answers = new Dictionary<string, (HttpStatusCode Status, string Message)>
        {
            ["unknown account"] = await AttemptAsync("khong.ton.tai@onestop.test", Password),
            ["wrong password"] = await AttemptAsync(other, "mat khau sai hoan toan"),
            ["locked, right password"] = await AttemptAsync(locked, Password),
            ["locked, wrong password"] = await AttemptAsync(locked, "mat khau sai hoan toan"),
        };
        Assert.All(answers.Values, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.NotEmpty(answers["unknown account"].Message);
        Assert.True(answers.Values.Select(a => a.Message).Distinct().Count() == 1, string.Join("\n", answers.Select(a => $"{a.Key}: {a.Value.Message}")));
    }

    [Fact]
    public async Task A_citizen_opening_a_staff_page_lands_on_the_access_denied_page_with_403()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var refused = await citizen.GetAsync(new Uri("/can-bo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var location = refused.Headers.Location!.OriginalString;
        Assert.Contains("/khong-co-quyen", location, StringComparison.Ordinal);

        var page = await citizen.GetAsync(new Uri(location, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Bạn không có quyền mở trang này", html, StringComparison.Ordinal);
        // What the person can do: their own pages, another account (back to the refused page), ask for the role.
        Assert.Contains("href=\"/ho-so-cua-toi\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/dang-nhap?returnUrl=%2Fcan-bo\"", html, StringComparison.Ordinal);
    }

    private const string Password = "mot mat khau dai cho kiem thu 2026";

    private async Task<string> NewAccountAsync(string name)
    {
        var email = $"{name}.{Guid.NewGuid():N}@onestop.test";
        using var scope = app.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<Account>>()
            .CreateAsync(new Account { UserName = email, Email = email, EmailConfirmed = true, FullName = "Người kiểm thử", Kind = AccountKind.Applicant }, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>One sign-in attempt through the page: its status and the error it shows.</summary>
    private async Task<(HttpStatusCode, string)> AttemptAsync(string email, string password)
    {
        var response = await OneStopAppFactory.SignInAttemptAsync(app.Client(), email, password);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.Join(" | ", ErrorMessages().Matches(body).Select(m => m.Groups[1].Value.Trim())));
    }

    [GeneratedRegex("<span class=\"error-message\"[^>]*>(.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex ErrorMessages();
}
