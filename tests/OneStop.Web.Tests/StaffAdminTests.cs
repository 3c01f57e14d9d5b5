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
        var id = await app.AccountIdAsync(email);

        var officer = app.Client();
        await OneStopAppFactory.SignInAsync(officer, email, password: password);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, "Revoke", new() { ["id"] = id.ToString(), ["grant"] = (await GrantIdAsync(id, "Specialist")).ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);
        var list = await admin.GetStringAsync(new Uri("/quan-tri/can-bo", UriKind.Relative));
        Assert.Contains("Ngô Văn Mới", list, StringComparison.Ordinal);

        var again = app.Client();
        await OneStopAppFactory.SignInAsync(again, email, password: password);
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

    [Fact]
    public async Task Bad_grants_are_refused_with_a_clear_error_and_change_nothing()
    {
        var admin = await app.SignInAsync(Admin);
        var desk = await app.AccountIdAsync(DossierFixtures.Desk);
        var before = await GrantsAsync(desk);
        var cases = new (string Role, string AgencyCode, bool SubTree, string Message)[]
        {
            ("Specialist", "000.00.17.H26", false, "chỉ được cấp tại cơ quan công tác"),
            ("Specialist", "", true, "Chỉ lãnh đạo cơ quan, lãnh đạo phòng và người xem báo cáo"),
            ("SystemAdministrator", "000.00.17.H26", false, "toàn thành phố"),
            ("ReportViewer", "KHONG-CO", true, "Không tìm thấy cơ quan có mã KHONG-CO"),
            ("Chief", "", false, "Chọn một vai trò trong danh sách"),
        };
        foreach (var (role, code, subTree, message) in cases)
        {
            var fields = new Dictionary<string, string> { ["id"] = desk.ToString(), ["role"] = role, ["agencyCode"] = code };
            if (subTree)
            {
                fields["includeSubTree"] = "true";
            }

            var response = await PostAsync(admin, "Grant", fields);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await GrantsAsync(desk));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(admin, "Revoke", new() { ["id"] = desk.ToString(), ["grant"] = "999999" })).StatusCode);
        Assert.Equal(before, await GrantsAsync(desk));
    }

    [Fact]
    public async Task A_role_claim_left_in_the_user_claims_table_grants_nothing()
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var citizen = await db.Users.Where(u => u.Email == DossierFixtures.CitizenB).Select(u => u.Id).SingleAsync();
            db.UserClaims.Add(new Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid> { UserId = citizen, ClaimType = System.Security.Claims.ClaimTypes.Role, ClaimValue = "SystemAdministrator" });
            await db.SaveChangesAsync();
        }

        var client = await app.SignInAsync(DossierFixtures.CitizenB);
        var page = await client.GetAsync(new Uri("/quan-tri/can-bo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/khong-co-quyen", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<List<string>> GrantsAsync(Guid account)
    {
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().StaffGrants.AsNoTracking().Where(g => g.AccountId == account)
            .OrderBy(g => g.Id).Select(g => new { g.Id, g.Role, g.AgencyId, g.IncludeSubTree, g.GrantedAt }).ToListAsync();
        return rows.Select(r => $"{r}").ToList();
    }

    private async Task<string> AdminIdAsync() => (await app.AccountIdAsync(Admin)).ToString();

    private async Task<long> GrantIdAsync(Guid account, string role)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().StaffGrants.Where(g => g.AccountId == account && g.Role == role).Select(g => g.Id).SingleAsync();
    }
}
