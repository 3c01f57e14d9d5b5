using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;

namespace OneStop.Web.Tests;

/// <summary>The system administrator creates officers, grants and revokes roles and disables accounts; sessions follow at once.</summary>
public sealed class StaffAdminTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Admin = "quantri.hethong@onestop.test";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, Dictionary<string, string> fields, params (string Key, string Value)[] repeated) =>
        OneStopAppFactory.PostFormAsync(client, "/quan-tri/can-bo", $"/quan-tri/can-bo?handler={handler}",
            fields.Concat(repeated.Select(r => new KeyValuePair<string, string>(r.Key, r.Value))));

    [Fact]
    public async Task An_officer_is_created_loses_a_role_and_is_disabled_and_each_change_ends_their_sessions()
    {
        var admin = await app.SignInAsync(Admin);
        const string email = "chuyenvien.moi@onestop.test";
        const string password = "Mat-khau-ban-dau-2026";
        var bad = await PostAsync(admin, "Create", new() { ["email"] = "khong-hop-le", ["fullName"] = "", ["password"] = "ngan" }, ("roles", "Specialist"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("error-summary", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await PostAsync(admin, "Create", new() { ["email"] = email, ["fullName"] = "Ngô Văn Mới", ["agencyCode"] = "000.00.17.H26", ["password"] = password }, ("roles", "Specialist"), ("roles", "DeskOfficer"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Guid id;
        using (var scope = app.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        }

        var officer = app.Client();
        await SignInWithAsync(officer, email, password);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, "Revoke", new() { ["id"] = id.ToString(), ["role"] = "Specialist" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);
        var list = await admin.GetStringAsync(new Uri("/quan-tri/can-bo", UriKind.Relative));
        Assert.Contains("Ngô Văn Mới", list, StringComparison.Ordinal);

        var again = app.Client();
        await SignInWithAsync(again, email, password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, "Disable", new() { ["id"] = id.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var events = await db.Set<AuditEntry>().Where(e => e.Subject == email).Select(e => e.Event).ToListAsync();
            Assert.Equal(["staff.create", "staff.revoke", "staff.disable"], events.Where(e => e.StartsWith("staff.", StringComparison.Ordinal)).ToArray());
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(CancellationToken.None)).Intact);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(admin, "Disable", new() { ["id"] = await AdminIdAsync() })).StatusCode);
    }

    [Fact]
    public async Task Nobody_else_can_change_staff_accounts()
    {
        var catalogueAdmin = await app.SignInAsync(OneStopAppFactory.AdminEmail);
        var page = await catalogueAdmin.GetAsync(new Uri("/quan-tri/can-bo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var signInPage = await catalogueAdmin.GetStringAsync(new Uri("/dang-nhap", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = await AdminIdAsync(),
            ["__RequestVerificationToken"] = OneStopAppFactory.Token(signInPage),
        });
        var post = await catalogueAdmin.PostAsync(new Uri("/quan-tri/can-bo?handler=Disable", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/khong-co-quyen", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<string> AdminIdAsync()
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Users.Where(u => u.Email == Admin).Select(u => u.Id).SingleAsync()).ToString();
    }

    private static async Task SignInWithAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(new Uri("/dang-nhap", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["__RequestVerificationToken"] = OneStopAppFactory.Token(page),
        });
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(new Uri("/dang-nhap", UriKind.Relative), form)).StatusCode);
    }
}
