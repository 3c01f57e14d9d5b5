using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.PasswordReset;
using OneStop.Web.Features.Notifications;

namespace OneStop.Web.Tests;

/// <summary>
/// "Quên mật khẩu": the link goes out through the outbox to a real SMTP server, works once, ends every session, and the
/// request never tells whether an address has an account.
/// </summary>
public abstract partial class PasswordResetTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MailApp
{
    private const string OldPassword = "tram ngua kep giay dung pin o ho tay";
    private const string NewPassword = "hoa-sen-no-muon-tren-ho-guom";

    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_emailed_link_once_and_every_old_session_ends()
    {
        var email = $"quen.mat.khau.{Guid.NewGuid():N}@onestop.test";
        var session = await RegisterAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(new Uri("/ho-so-cua-toi", UriKind.Relative))).StatusCode);

        var anonymous = app.Client();
        var asked = await ForgotAsync(anonymous, email);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Hãy kiểm tra hộp thư", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The link arrives by e-mail, and the stored copy no longer holds it once sent.
        var row = Assert.Single(await RowsAsync(email, NotificationTemplates.PasswordReset));
        Assert.Contains("/dat-lai-mat-khau?id=", row.Body, StringComparison.Ordinal);
        await DrainAsync();
        var mail = Assert.Single(app.Catcher.Messages, m => m.MessageId == $"{row.Id:D}@onestop");
        Assert.Equal(email, mail.To);
        Assert.StartsWith("Đặt lại mật khẩu tài khoản Cổng Dịch vụ công", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("trong vòng 30 phút", mail.Body, StringComparison.Ordinal);
        var link = ResetLink().Match(mail.Body);
        Assert.True(link.Success, mail.Body);
        var sent = Assert.Single(await RowsAsync(email, NotificationTemplates.PasswordReset));
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(NotificationDelivery.RedactedBody, sent.Body);

        var path = new Uri(link.Value, UriKind.Absolute).PathAndQuery;
        var page = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();

        // Bad input: a common password, then two that differ; nothing changes.
        var weak = await PostResetAsync(anonymous, path, html, "Matkhau123", "Matkhau123");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Contains("error-summary", weakHtml, StringComparison.Ordinal);
        Assert.Contains("Mật khẩu này quá phổ biến", weakHtml, StringComparison.Ordinal);
        var mismatch = await PostResetAsync(anonymous, path, html, NewPassword, NewPassword + "x");
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("không khớp", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await PasswordIsAsync(email, OldPassword));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(new Uri("/ho-so-cua-toi", UriKind.Relative))).StatusCode);

        var done = await PostResetAsync(anonymous, path, html, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Mật khẩu mới đã được lưu", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await PasswordIsAsync(email, NewPassword));
        Assert.False(await PasswordIsAsync(email, OldPassword));

        // The old session ends at its next request; the new password signs in.
        var after = await session.GetAsync(new Uri("/ho-so-cua-toi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/dang-nhap", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await OneStopAppFactory.SignInAsync(app.Client(), email, password: NewPassword);

        // The link works once.
        var again = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("đã được dùng", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var replay = await PostResetAsync(anonymous, path, html, "mot-mat-khau-khac-hoan-toan", "mot-mat-khau-khac-hoan-toan");
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.True(await PasswordIsAsync(email, NewPassword));

        // The owner is told, and both steps are in the audit log.
        await DrainAsync();
        var changed = Assert.Single(await RowsAsync(email, NotificationTemplates.PasswordChanged));
        Assert.Contains(app.Catcher.Messages, m => m.MessageId == $"{changed.Id:D}@onestop" && m.Body.Contains("mọi phiên đăng nhập khác đã kết thúc", StringComparison.Ordinal));
        var events = await AuditEventsAsync(email);
        Assert.Contains("password.reset.requested", events);
        Assert.Contains("password.reset", events);
        Assert.Contains("password.reset.refused", events);
    }

    [Fact]
    public async Task Unknown_single_sign_on_and_disabled_addresses_get_the_same_answer_and_no_mail_and_requests_are_throttled()
    {
        var email = $"gioi.han.{Guid.NewGuid():N}@onestop.test";
        await RegisterAsync(email);
        var client = app.Client();
        var known = await (await ForgotAsync(client, email)).Content.ReadAsStringAsync();
        var unknownEmail = $"khong.co.{Guid.NewGuid():N}@onestop.test";
        var unknown = await ForgotAsync(client, unknownEmail);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(Answer(known, email), Answer(await unknown.Content.ReadAsStringAsync(), unknownEmail));
        Assert.Empty(await RowsAsync(unknownEmail, NotificationTemplates.PasswordReset));

        // A second request within two minutes sends nothing more; later, one more.
        await ForgotAsync(client, email);
        Assert.Single(await RowsAsync(email, NotificationTemplates.PasswordReset));
        using (app.Clock.Shift(PasswordResets.Throttle + TimeSpan.FromSeconds(5)))
        {
            await ForgotAsync(client, email);
        }

        Assert.Equal(2, (await RowsAsync(email, NotificationTemplates.PasswordReset)).Count);

        // A disabled officer and an account without a password (single sign-on) get nothing.
        var disabled = $"bi.khoa.{Guid.NewGuid():N}@onestop.test";
        var noPassword = $"vneid.{Guid.NewGuid():N}@onestop.test";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var officer = new Account { Id = Guid.CreateVersion7(), Kind = AccountKind.Staff, UserName = disabled, Email = disabled, FullName = "Cán Bộ Bị Khoá" };
            Assert.True((await users.CreateAsync(officer, OldPassword)).Succeeded);
            await users.SetLockoutEndDateAsync(officer, DateTimeOffset.MaxValue);
            Assert.True((await users.CreateAsync(new Account { Id = Guid.CreateVersion7(), Kind = AccountKind.Applicant, UserName = noPassword, Email = noPassword, FullName = "Người Dùng VNeID" })).Succeeded);
        }

        foreach (var address in new[] { disabled, noPassword })
        {
            var answer = await ForgotAsync(client, address);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(Answer(known, email), Answer(await answer.Content.ReadAsStringAsync(), address));
            Assert.Empty(await RowsAsync(address, NotificationTemplates.PasswordReset));
        }

        // A malformed address is an error on the page, not a request.
        var bad = await ForgotAsync(client, "khong-phai-thu");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("error-summary", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_token_or_another_accounts_link_changes_nothing()
    {
        var email = $"gia.mao.{Guid.NewGuid():N}@onestop.test";
        var other = $"nguoi.khac.{Guid.NewGuid():N}@onestop.test";
        await RegisterAsync(email);
        await RegisterAsync(other);
        var client = app.Client();
        await ForgotAsync(client, other);
        var otherLink = ResetLink().Match(Assert.Single(await RowsAsync(other, NotificationTemplates.PasswordReset)).Body);
        var token = Uri.UnescapeDataString(Regex.Match(otherLink.Value, "token=([^&\\s]+)").Groups[1].Value);
        var id = await app.AccountIdAsync(email);

        // The other account's token on this account's id, and a made-up one.
        foreach (var path in new[] { $"/dat-lai-mat-khau?id={id}&token={Uri.EscapeDataString(token)}", $"/dat-lai-mat-khau?id={id}&token=CfDJ8gia-mao" })
        {
            var page = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Contains("không hợp lệ", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("name=\"Password\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var forged = await PostResetAsync(client, path, await (await client.GetAsync(new Uri("/quen-mat-khau", UriKind.Relative))).Content.ReadAsStringAsync(), NewPassword, NewPassword);
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.True(await PasswordIsAsync(email, OldPassword));
        Assert.True(await PasswordIsAsync(other, OldPassword));
    }

    [Fact]
    public async Task A_signed_in_person_changes_the_password_with_the_current_one_and_every_other_session_ends()
    {
        var email = $"doi.mat.khau.{Guid.NewGuid():N}@onestop.test";
        var here = await RegisterAsync(email);
        var elsewhere = app.Client();
        await OneStopAppFactory.SignInAsync(elsewhere, email, password: OldPassword);
        var page = await here.GetStringAsync(new Uri("/doi-mat-khau", UriKind.Relative));
        Assert.Contains("Mật khẩu hiện tại", page, StringComparison.Ordinal);

        // Bad input: a wrong current password, a common new one, two that differ; nothing changes.
        foreach (var (current, password, confirm, message) in new[]
        {
            ("sai-mat-khau-roi", NewPassword, NewPassword, "Mật khẩu hiện tại không đúng"),
            (OldPassword, "Matkhau123", "Matkhau123", "Mật khẩu này quá phổ biến"),
            (OldPassword, NewPassword, NewPassword + "x", "không khớp"),
            ("", NewPassword, NewPassword, "Nhập mật khẩu hiện tại"),
        })
        {
            var refused = await ChangeAsync(here, current, password, confirm);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("error-summary", html, StringComparison.Ordinal);
            Assert.Contains(message, html, StringComparison.Ordinal);
        }

        Assert.True(await PasswordIsAsync(email, OldPassword));
        Assert.Empty(await RowsAsync(email, NotificationTemplates.PasswordChanged));

        var done = await ChangeAsync(here, OldPassword, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Mật khẩu mới đã được lưu", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await PasswordIsAsync(email, NewPassword));
        Assert.False(await PasswordIsAsync(email, OldPassword));

        // This browser stays signed in; the other one is signed out at its next request.
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync(new Uri("/ho-so-cua-toi", UriKind.Relative))).StatusCode);
        var other = await elsewhere.GetAsync(new Uri("/ho-so-cua-toi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains("/dang-nhap", other.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Single(await RowsAsync(email, NotificationTemplates.PasswordChanged));
        Assert.Contains("password.change", await AuditEventsAsync(email));

        // Signed out, the page asks to sign in first.
        var anonymous = await app.Client().GetAsync(new Uri("/doi-mat-khau", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_new_officer_is_invited_by_email_sets_the_first_password_once_and_can_ask_for_a_new_invitation()
    {
        var admin = await app.SignInAsync("quantri.hethong@onestop.test");
        var email = $"can.bo.moi.{Guid.NewGuid():N}@onestop.test";
        Assert.Equal(HttpStatusCode.Redirect, (await CreateOfficerAsync(admin, email, "Đỗ Thị Được Mời")).StatusCode);

        // No password exists until the officer sets one; the invitation is e-mailed and blanked once sent.
        using (var scope = app.Services.CreateScope())
        {
            Assert.Null((await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(email))!.PasswordHash);
        }

        var invitation = Assert.Single(await RowsAsync(email, NotificationTemplates.StaffInvitation));
        await DrainAsync();
        var mail = Assert.Single(app.Catcher.Messages, m => m.MessageId == $"{invitation.Id:D}@onestop");
        Assert.Contains("trong vòng 7 ngày", mail.Body, StringComparison.Ordinal);
        Assert.Equal(NotificationDelivery.RedactedBody, Assert.Single(await RowsAsync(email, NotificationTemplates.StaffInvitation)).Body);
        var path = new Uri(ResetLink().Match(mail.Body).Value, UriKind.Absolute).PathAndQuery;
        Assert.Contains("loai=moi", path, StringComparison.Ordinal);

        // The invitation token is no reset token: without "loai=moi" it opens nothing.
        var client = app.Client();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri(path.Replace("&loai=moi", "", StringComparison.Ordinal), UriKind.Relative))).StatusCode);
        var page = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Đặt mật khẩu tài khoản cán bộ", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostResetAsync(client, path, html, NewPassword, NewPassword)).StatusCode);
        await OneStopAppFactory.SignInAsync(app.Client(), email, password: NewPassword);
        Assert.Contains("password.first", await AuditEventsAsync(email));

        // Once used, the invitation is dead; a second "first password" cannot replace the real one.
        Assert.Equal(HttpStatusCode.BadRequest, (await PostResetAsync(client, path, html, "mot-mat-khau-khac-hoan-toan", "mot-mat-khau-khac-hoan-toan")).StatusCode);
        Assert.True(await PasswordIsAsync(email, NewPassword));

        // An officer who lost the invitation before using it gets a new one from "Quên mật khẩu".
        var other = $"can.bo.quen.{Guid.NewGuid():N}@onestop.test";
        Assert.Equal(HttpStatusCode.Redirect, (await CreateOfficerAsync(admin, other, "Lý Văn Quên Thư")).StatusCode);
        using (app.Clock.Shift(PasswordResets.Throttle + TimeSpan.FromSeconds(5)))
        {
            await ForgotAsync(app.Client(), other);
        }

        Assert.Equal(2, (await RowsAsync(other, NotificationTemplates.StaffInvitation)).Count);
        Assert.Empty(await RowsAsync(other, NotificationTemplates.PasswordReset));
    }

    /// <summary>The system administrator creates a specialist of the Department of Justice without a first password.</summary>
    private static Task<HttpResponseMessage> CreateOfficerAsync(HttpClient admin, string email, string name) =>
        OneStopAppFactory.PostFormAsync(admin, "/quan-tri/can-bo", "/quan-tri/can-bo?handler=Create", new Dictionary<string, string>
        {
            ["email"] = email,
            ["fullName"] = name,
            ["agencyCode"] = "000.00.17.H26",
            ["roles"] = "Specialist",
            ["password"] = "",
        });

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string password, string confirm) =>
        OneStopAppFactory.PostFormAsync(client, "/doi-mat-khau", "/doi-mat-khau", new Dictionary<string, string>
        {
            ["current"] = current,
            ["password"] = password,
            ["confirm"] = confirm,
        });

    /// <summary>The confirmation text without the address typed (which the page repeats).</summary>
    private static string Answer(string html, string email) =>
        Regex.Match(html, "<div class=\"notice\" role=\"status\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value.Replace(email, "…", StringComparison.Ordinal);

    private async Task<HttpClient> RegisterAsync(string email)
    {
        var client = app.Client();
        var r = await OneStopAppFactory.PostFormAsync(client, "/dang-ky", "/dang-ky", new Dictionary<string, string>
        {
            ["FullName"] = "Trần Thị Quên",
            ["Email"] = email,
            ["Phone"] = "0912345678",
            ["Password"] = OldPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> ForgotAsync(HttpClient client, string email) =>
        OneStopAppFactory.PostFormAsync(client, "/quen-mat-khau", "/quen-mat-khau", new Dictionary<string, string> { ["Email"] = email });

    private static async Task<HttpResponseMessage> PostResetAsync(HttpClient client, string path, string pageWithToken, string password, string confirm)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + path).Query);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Id"] = query["id"].ToString(),
            ["Token"] = query["token"].ToString(),
            ["Loai"] = query.TryGetValue("loai", out var kind) ? kind.ToString() : "",
            ["Password"] = password,
            ["Confirm"] = confirm,
            ["__RequestVerificationToken"] = OneStopAppFactory.Token(pageWithToken),
        });
        return await client.PostAsync(new Uri("/dat-lai-mat-khau", UriKind.Relative), form);
    }

    private async Task<bool> PasswordIsAsync(string email, string password)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        return await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password);
    }

    private async Task<List<OutboxMessage>> RowsAsync(string email, string key)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        return await db.NotificationOutbox.AsNoTracking().Where(m => m.Recipient == email && m.EventKey == key).OrderBy(m => m.CreatedAt).ToListAsync();
    }

    private async Task<List<string>> AuditEventsAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        return await db.Set<Features.Audit.AuditEntry>().Where(e => e.ActorName == email).Select(e => e.Event).ToListAsync();
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            using var scope = app.Services.CreateScope();
            if ((await scope.ServiceProvider.GetRequiredService<NotificationDelivery>().RunOnceAsync(app.Clock.GetUtcNow(), CancellationToken.None)).Claimed == 0)
            {
                return;
            }
        }
    }

    [GeneratedRegex(@"https://\S+/dat-lai-mat-khau\?id=[0-9a-f-]+&token=\S+")]
    private static partial Regex ResetLink();
}

public sealed class SqlitePasswordResetTests(SqliteMailApp app) : PasswordResetTests<SqliteMailApp>(app);

public sealed class PostgresPasswordResetTests(PostgresMailApp app) : PasswordResetTests<PostgresMailApp>(app);
