using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Tests;

/// <summary>Local passwords: long enough, not too long, not on the common-password lists, no composition rules.</summary>
public sealed class PasswordPolicyTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Passphrase = "tram ngua kep giay dung pin o ho tay";

    /// <summary>Runs every password validator Identity has (its own and OneStop's) on a new applicant account.</summary>
    private async Task<IdentityResult> ValidateAsync(string password)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account { Id = Guid.NewGuid(), Kind = AccountKind.Applicant, UserName = "nguoi.dung@onestop.test", Email = "nguoi.dung@onestop.test", FullName = "Người Dùng" };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, account, password)).Errors);
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    [Fact]
    public void The_lists_are_embedded_and_large()
    {
        var common = app.Services.GetRequiredService<CommonPasswords>();
        Assert.True(common.Count > 49_000, $"only {common.Count} common passwords loaded");
        Assert.Same(common, app.Services.GetRequiredService<CommonPasswords>());
    }

    [Theory]
    [InlineData("password1")]
    [InlineData("12345678")]
    [InlineData("matkhau123")]
    [InlineData("PassWord1")]
    [InlineData("MatKhau123")]
    [InlineData("AnhYeuEm")]
    [InlineData("123456789a")]
    [InlineData("qwerty123456")]
    public async Task Common_and_breached_passwords_are_refused_whatever_their_case(string password)
    {
        var result = await ValidateAsync(password);
        var error = Assert.Single(result.Errors);
        Assert.Equal(CommonPasswordValidator.Common, error.Code);
        Assert.StartsWith("Mật khẩu này quá phổ biến", error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Passphrase)]
    [InlineData("hoa-sen-no-muon-tren-ho-guom")]
    [InlineData("xQ7#vLp2mR9!wT4z")]
    [InlineData("chimcanhcutbay")]
    public async Task Long_uncommon_passwords_are_accepted_without_composition_rules(string password)
    {
        var result = await ValidateAsync(password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Code)));
    }

    [Fact]
    public async Task Length_runs_from_8_to_128_and_the_email_is_not_a_password()
    {
        Assert.Equal("PasswordTooShort", Assert.Single((await ValidateAsync("ngan-7c")).Errors).Code);
        Assert.True((await ValidateAsync(new string('x', 63) + "y")).Succeeded);
        Assert.True((await ValidateAsync(string.Concat(Enumerable.Repeat("abcdefgh", 16)))).Succeeded);
        var tooLong = Assert.Single((await ValidateAsync(string.Concat(Enumerable.Repeat("abcdefgh", 16)) + "i")).Errors);
        Assert.Equal(CommonPasswordValidator.TooLong, tooLong.Code);
        Assert.Contains("128", tooLong.Description, StringComparison.Ordinal);
        Assert.Equal(CommonPasswordValidator.SameAsAccount, Assert.Single((await ValidateAsync("Nguoi.Dung@onestop.test")).Errors).Code);
        Assert.Equal(CommonPasswordValidator.SameAsAccount, Assert.Single((await ValidateAsync("nguoi.dung")).Errors).Code);
    }

    [Fact]
    public async Task Registering_with_a_common_password_shows_the_error_and_creates_no_account()
    {
        var client = app.Client();
        var email = $"dang.ky.{Guid.NewGuid():N}@onestop.test";
        var refused = await RegisterAsync(client, email, "Matkhau123");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("error-summary", html, StringComparison.Ordinal);
        Assert.Contains("Mật khẩu này quá phổ biến hoặc đã bị lộ", html, StringComparison.Ordinal);
        Assert.Contains("id=\"password-error\"", html, StringComparison.Ordinal);
        Assert.False(await AccountExistsAsync(email));

        var accepted = await RegisterAsync(client, email, Passphrase);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.True(await AccountExistsAsync(email));
    }

    [Fact]
    public async Task An_administrator_cannot_give_an_officer_a_common_first_password()
    {
        var admin = await app.SignInAsync("quantri.hethong@onestop.test");
        var email = $"can.bo.{Guid.NewGuid():N}@onestop.test";
        var refused = await OneStopAppFactory.PostFormAsync(admin, "/quan-tri/can-bo", "/quan-tri/can-bo?handler=Create", new Dictionary<string, string>
        {
            ["email"] = email,
            ["fullName"] = "Cán Bộ Mới",
            ["agencyCode"] = "000.00.17.H26",
            ["roles"] = "Specialist",
            ["password"] = "dichvucong2026",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Mật khẩu này quá phổ biến hoặc đã bị lộ", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await AccountExistsAsync(email));
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password) =>
        OneStopAppFactory.PostFormAsync(client, "/dang-ky", "/dang-ky", new Dictionary<string, string>
        {
            ["FullName"] = "Nguyễn Thị Đăng Ký",
            ["Email"] = email,
            ["Phone"] = "0911222333",
            ["Password"] = password,
        });

    private async Task<bool> AccountExistsAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Users.AnyAsync(u => u.Email == email);
    }
}
