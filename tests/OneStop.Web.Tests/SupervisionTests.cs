using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;
using OneStop.Domain.Roles;

namespace OneStop.Web.Tests;

/// <summary>
/// Roles granted over an agency sub-tree: a district leader and a city-wide report viewer read and list the dossiers of
/// the communes under them, never act on them, see nothing outside their sub-tree, and lose access when the grant goes.
/// </summary>
public abstract class SupervisionTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private const string DistrictLeader = "lanhdao.quan@onestop.test";
    private const string ReportViewer = "baocao@onestop.test";
    private const string SystemAdmin = "quantri.hethong@onestop.test";

    [Fact]
    public async Task A_sub_tree_grant_reads_and_lists_a_communes_dossier_but_cannot_act_on_it()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var (communeCode, districtCode) = await CodesAsync(d.AgencyId);

        foreach (var who in new[] { DistrictLeader, ReportViewer })
        {
            var supervisor = await app.SignInAsync(who);
            var view = await supervisor.GetFromJsonAsync<DossierView>(new Uri($"/api/v1/dossiers/{d.Id}", UriKind.Relative), Json);
            Assert.Equal(d.Code, view!.Code);
            Assert.Empty(view.Actions);
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}/history", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}/files/{d.Files[0].Id}", UriKind.Relative))).StatusCode);
            Assert.Contains(await ListAsync(supervisor, ""), i => i.Id == d.Id);
            Assert.Contains(d.Code!, await supervisor.GetStringAsync(new Uri("/can-bo/giam-sat", UriKind.Relative)), StringComparison.Ordinal);

            // The staff page opens it read-only: no action forms.
            var page = await supervisor.GetStringAsync(new Uri($"/can-bo/ho-so/{d.Id}", UriKind.Relative));
            Assert.Contains(d.Code!, page, StringComparison.Ordinal);
            Assert.Contains("Chế độ giám sát, chỉ xem", page, StringComparison.Ordinal);
            Assert.DoesNotContain("name=\"act\"", page, StringComparison.Ordinal);

            // Acting with the dossier's current version (which the desk officer could use) is refused as if it did not exist.
            Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative),
                new ActionRequest(d.Version, null, null, null, null, null, null), Json)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Stop", UriKind.Relative),
                new ActionRequest(d.Version, "Dừng thử", null, null, null, null, null), Json)).StatusCode);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["act"] = nameof(DossierAction.Receive),
                ["version"] = d.Version.ToString(),
                // The read-only page has no action form: take a valid token from another page.
                ["__RequestVerificationToken"] = OneStopAppFactory.Token(await supervisor.GetStringAsync(new Uri("/dang-nhap", UriKind.Relative))),
            });
            Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync(new Uri($"/can-bo/ho-so/{d.Id}", UriKind.Relative), form)).StatusCode);
        }

        // Filters: an agency in scope with or without its sub-units, a status, overdue only; outside the scope is refused.
        var leader = await app.SignInAsync(DistrictLeader);
        Assert.Contains(await ListAsync(leader, $"?agency={communeCode}&subUnits=false&status=Registered"), i => i.Id == d.Id);
        Assert.Contains(await ListAsync(leader, $"?agency={districtCode}"), i => i.Id == d.Id);
        Assert.DoesNotContain(await ListAsync(leader, $"?agency={districtCode}&subUnits=false"), i => i.Id == d.Id);
        Assert.DoesNotContain(await ListAsync(leader, "?status=Returned"), i => i.Id == d.Id);
        Assert.DoesNotContain(await ListAsync(leader, "?overdue=true"), i => i.Id == d.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync(new Uri("/api/v1/staff/supervision?agency=000.00.17.H26", UriKind.Relative))).StatusCode);
        var refused = await leader.GetAsync(new Uri("/can-bo/giam-sat?coQuan=000.00.17.H26", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("không thuộc phạm vi giám sát", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var stored = await db.Dossiers.AsNoTracking().SingleAsync(x => x.Id == d.Id);
            Assert.Equal(d.Version, stored.Version);
            Assert.Equal(DossierStatus.Registered, stored.Status);
            var readers = await db.Set<AuditEntry>().Where(e => e.Subject == d.Code && e.Event == "dossier.read" && e.Details!.Contains("(supervision)"))
                .Select(e => e.ActorName).Distinct().ToListAsync();
            Assert.Contains("Ngô Văn Quận", readers);
            Assert.Contains("Đinh Thị Báo Cáo", readers);
        }

        // A report viewer without workflow roles has no inbox and no desk pages.
        var viewer = await app.SignInAsync(ReportViewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);
        var inbox = await viewer.GetAsync(new Uri("/can-bo", UriKind.Relative));
        Assert.Contains("/khong-co-quyen", inbox.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_sub_tree_or_without_the_flag_a_dossier_is_hidden_and_revoking_the_grant_ends_access()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var child = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var (_, districtCode) = await CodesAsync(child.AgencyId);
        var unrelated = await SubmitAsync(citizen, await CommuneOfAnotherDistrictAsync(child.AgencyId));

        // The district leader's sub-tree ends at the district: another district's commune stays hidden.
        var leader = await app.SignInAsync(DistrictLeader);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(new Uri($"/api/v1/dossiers/{unrelated.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(new Uri($"/can-bo/ho-so/{unrelated.Id}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain(await ListAsync(leader, ""), i => i.Id == unrelated.Id);

        // A new leader of the same district, granted without the sub-tree flag.
        var admin = await app.SignInAsync(SystemAdmin);
        var email = $"giamsat.{Guid.NewGuid():N}@onestop.test";
        const string password = "Mat-khau-giam-sat-2026";
        Assert.Equal(HttpStatusCode.Redirect, (await PostAdminAsync(admin, "Create", ("email", email), ("fullName", "Lý Văn Giám Sát"),
            ("agencyCode", districtCode), ("password", password), ("roles", nameof(StaffRole.AgencyLeader)))).StatusCode);
        var officer = app.Client();
        await OneStopAppFactory.SignInAsync(officer, email, password: password);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(new Uri($"/api/v1/dossiers/{child.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(new Uri($"/can-bo/ho-so/{child.Id}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain(await ListAsync(officer, ""), i => i.Id == child.Id);

        // The same grant with the sub-tree flag: the change ends the session; signed in again, the commune's dossier opens.
        var id = await app.AccountIdAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAdminAsync(admin, "Grant", ("id", id.ToString()), ("role", nameof(StaffRole.AgencyLeader)),
            ("agencyCode", ""), ("includeSubTree", "true"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync(new Uri($"/api/v1/dossiers/{child.Id}", UriKind.Relative))).StatusCode);
        await OneStopAppFactory.SignInAsync(officer, email, password: password);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(new Uri($"/api/v1/dossiers/{child.Id}", UriKind.Relative))).StatusCode);
        Assert.Contains(await ListAsync(officer, ""), i => i.Id == child.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(new Uri($"/api/v1/dossiers/{unrelated.Id}", UriKind.Relative))).StatusCode);
        var staffPage = await admin.GetStringAsync(new Uri("/quan-tri/can-bo", UriKind.Relative));
        Assert.Contains("kể cả đơn vị trực thuộc", staffPage, StringComparison.Ordinal);

        // Revoking the grant ends the access on the very next request, and signing in again does not bring it back.
        long grant;
        using (var scope = app.Services.CreateScope())
        {
            var grants = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().StaffGrants.Where(g => g.AccountId == id).ToListAsync();
            grant = Assert.Single(grants).Id;
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostAdminAsync(admin, "Revoke", ("id", id.ToString()), ("grant", grant.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync(new Uri($"/api/v1/dossiers/{child.Id}", UriKind.Relative))).StatusCode);
        await OneStopAppFactory.SignInAsync(officer, email, password: password);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(new Uri($"/api/v1/dossiers/{child.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync(new Uri("/api/v1/staff/supervision", UriKind.Relative))).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var events = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<AuditEntry>()
                .Where(e => e.Subject == email).OrderBy(e => e.Id).Select(e => e.Event).ToListAsync();
            Assert.Equal(["staff.create", "staff.grant", "staff.revoke"], events.Where(e => e.StartsWith("staff.", StringComparison.Ordinal)).ToArray());
        }
    }

    private static async Task<IReadOnlyList<SupervisedDossier>> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync(new Uri("/api/v1/staff/supervision" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SupervisionPage>(Json))!.Items;
    }

    private async Task<HttpResponseMessage> PostAdminAsync(HttpClient admin, string handler, params (string Key, string Value)[] fields)
    {
        var page = await admin.GetStringAsync(new Uri("/quan-tri/can-bo", UriKind.Relative));
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", OneStopAppFactory.Token(page)));
        using var form = new FormUrlEncodedContent(pairs);
        return await admin.PostAsync(new Uri($"/quan-tri/can-bo?handler={handler}", UriKind.Relative), form);
    }

    /// <summary>The codes of a commune and of the district above it.</summary>
    private async Task<(string Commune, string District)> CodesAsync(Guid communeId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var commune = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == communeId);
        var district = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == commune.ParentId);
        Assert.Equal(AgencyLevel.District, district.Level);
        return (commune.Code, district.Code);
    }

    private async Task<Guid> CommuneOfAnotherDistrictAsync(Guid communeId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var parent = await db.Agencies.Where(a => a.Id == communeId).Select(a => a.ParentId).SingleAsync();
        return await db.Agencies.Where(a => a.Level == AgencyLevel.Commune && a.ParentId != parent).OrderBy(a => a.SortOrder).Select(a => a.Id).FirstAsync();
    }

}

public sealed class SqliteSupervisionTests(SqliteApp app) : SupervisionTests<SqliteApp>(app);

public sealed class PostgresSupervisionTests(PostgresApp app) : SupervisionTests<PostgresApp>(app);
