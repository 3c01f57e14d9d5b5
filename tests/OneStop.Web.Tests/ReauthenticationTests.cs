using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;

namespace OneStop.Web.Tests;

/// <summary>
/// Staff and calendar administration need a password confirmed in the last ten minutes; the clock is moved by the
/// test, and every request in between rebuilds the session's principal from the database (the security-stamp check).
/// </summary>
public sealed class ReauthenticationTests(SqliteClockApp app) : IClassFixture<SqliteClockApp>
{
    private const string Admin = "quantri.hethong@onestop.test";
    private const string Officer = "chuyenvien.xa@onestop.test";
    private const string StaffPage = "/quan-tri/can-bo";
    private const string CalendarPage = "/quan-tri/lich-lam-viec";
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(11);

    [Fact]
    public async Task A_stale_sign_in_changes_nothing_until_the_password_is_confirmed_again()
    {
        var since = await app.LastAuditIdAsync();
        var admin = await app.SignInAsync(Admin);
        var officer = await IdAsync(Officer);

        // Fresh, a few requests after signing in: the change goes through.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri(StaffPage, UriKind.Relative))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeRoleAsync(admin, "Grant", officer)).StatusCode);
        Assert.Contains("DivisionHead", await RolesAsync(officer));

        // Eleven minutes after signing in: the same kind of change is sent to /xac-thuc-lai and changes nothing.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var refused = await ChangeRoleAsync(admin, "Revoke", officer);
        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
        Assert.Equal("/xac-thuc-lai?returnUrl=%2Fquan-tri%2Fcan-bo", refused.Headers.Location!.OriginalString);
        Assert.Contains("DivisionHead", await RolesAsync(officer));
        var day = new DateOnly(2031, 3, 4);
        var calendar = await AddDayOffAsync(admin, day);
        Assert.Equal(HttpStatusCode.SeeOther, calendar.StatusCode);
        Assert.Equal("/xac-thuc-lai?returnUrl=%2Fquan-tri%2Flich-lam-viec", calendar.Headers.Location!.OriginalString);
        Assert.False(await DayOffExistsAsync(day));
        // Reading the pages still works.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri(StaffPage, UriKind.Relative))).StatusCode);

        // A wrong password is refused and audited; changes are still refused.
        var page = await admin.GetStringAsync(new Uri("/xac-thuc-lai?returnUrl=%2Fquan-tri%2Fcan-bo", UriKind.Relative));
        Assert.Contains("value=\"/quan-tri/can-bo\"", page, StringComparison.Ordinal);
        var wrong = await ConfirmAsync(admin, "khong-phai-mat-khau", StaffPage);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("error-summary", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("Mật khẩu không đúng.", wrongHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await ChangeRoleAsync(admin, "Revoke", officer)).StatusCode);
        Assert.Contains("DivisionHead", await RolesAsync(officer));

        // The right password renews the confirmation and returns to the page; the change now goes through.
        var confirmed = await ConfirmAsync(admin, OneStopAppFactory.DemoPassword, StaffPage);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(StaffPage, confirmed.Headers.Location!.OriginalString);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeRoleAsync(admin, "Revoke", officer)).StatusCode);
        Assert.DoesNotContain("DivisionHead", await RolesAsync(officer));
        Assert.Equal(HttpStatusCode.Redirect, (await AddDayOffAsync(admin, day)).StatusCode);
        Assert.True(await DayOffExistsAsync(day));

        using (var scope = app.Services.CreateScope())
        {
            var events = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<AuditEntry>()
                .Where(e => e.Id > since && e.ActorName == Admin && e.Event.StartsWith("reauth.")).OrderBy(e => e.Id).Select(e => new { e.Event, e.Details }).ToListAsync();
            Assert.Equal(["reauth.failure", "reauth.success"], events.Select(e => e.Event).ToArray());
            Assert.All(events, e => Assert.Equal(StaffPage, e.Details));
        }

        // The confirmation ages like a sign-in.
        app.Clock.Advance(Stale);
        Assert.Equal(HttpStatusCode.SeeOther, (await ChangeRoleAsync(admin, "Grant", officer)).StatusCode);
        Assert.DoesNotContain("DivisionHead", await RolesAsync(officer));
    }

    [Fact]
    public async Task The_window_comes_from_configuration()
    {
        using var host = app.WithWebHostBuilder(b => b.UseSetting("OneStop:ReauthenticateAfterMinutes", "20"));
        var admin = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(admin, Admin);
        var officer = await IdAsync(Officer);
        app.Clock.Advance(Stale);
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeRoleAsync(admin, "Grant", officer)).StatusCode);
        app.Clock.Advance(Stale);
        Assert.Equal(HttpStatusCode.SeeOther, (await ChangeRoleAsync(admin, "Revoke", officer)).StatusCode);
    }

    [Fact]
    public async Task The_confirmation_returns_only_to_local_addresses()
    {
        var admin = await app.SignInAsync(Admin);
        var page = await admin.GetStringAsync(new Uri("/xac-thuc-lai?returnUrl=" + Uri.EscapeDataString("https://ke-gian.example/quan-tri"), UriKind.Relative));
        Assert.Contains("name=\"returnUrl\" value=\"/\"", page, StringComparison.Ordinal);
        var confirmed = await ConfirmAsync(admin, OneStopAppFactory.DemoPassword, "//ke-gian.example/");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("/", confirmed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync(new Uri("/xac-thuc-lai", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_confirmations_lock_the_account_and_end_the_session()
    {
        const string account = "quantri.thutuc@onestop.test";
        var client = await app.SignInAsync(account);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await ConfirmAsync(client, $"sai-mat-khau-{i}", "/quan-tri/thu-tuc");
        }

        Assert.Contains("tạm khoá", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await client.GetAsync(new Uri("/quan-tri/thu-tuc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/dang-nhap", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var events = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<AuditEntry>()
            .Where(e => e.ActorName == account && e.Event.StartsWith("reauth.")).OrderBy(e => e.Id).Select(e => e.Event).ToListAsync();
        Assert.Equal(["reauth.failure", "reauth.failure", "reauth.failure", "reauth.failure", "reauth.locked"], events.ToArray());
    }

    [Fact]
    public async Task A_session_ends_twelve_hours_after_the_password_was_given_however_active_it_is()
    {
        var citizen = await app.SignInAsync(DossierFixtures.CitizenB);
        for (var elapsed = TimeSpan.FromMinutes(25); elapsed < TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(25))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.Unauthorized, (await citizen.GetAsync(new Uri("/api/v1/dossiers", UriKind.Relative))).StatusCode);
    }

    /// <summary>Grants DivisionHead at the officer's own agency, or revokes that grant.</summary>
    private async Task<HttpResponseMessage> ChangeRoleAsync(HttpClient admin, string handler, Guid officer)
    {
        var fields = new Dictionary<string, string> { ["id"] = officer.ToString() };
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            if (handler == "Grant")
            {
                fields["role"] = "DivisionHead";
                fields["agencyCode"] = await db.Users.Where(u => u.Id == officer)
                    .Select(u => db.Agencies.Where(a => a.Id == u.AgencyId).Select(a => a.Code).First()).FirstAsync();
            }
            else
            {
                fields["grant"] = (await db.StaffGrants.Where(g => g.AccountId == officer && g.Role == "DivisionHead").Select(g => g.Id).FirstOrDefaultAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return await OneStopAppFactory.PostFormAsync(admin, StaffPage, $"{StaffPage}?handler={handler}", fields);
    }

    private static Task<HttpResponseMessage> AddDayOffAsync(HttpClient admin, DateOnly day) =>
        OneStopAppFactory.PostFormAsync(admin, CalendarPage, $"{CalendarPage}?handler=Add", new Dictionary<string, string>
        {
            ["date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["kind"] = "DayOff",
            ["name"] = "Nghỉ thử nghiệm",
        });

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string password, string returnUrl) =>
        OneStopAppFactory.PostFormAsync(client, "/xac-thuc-lai", "/xac-thuc-lai", new Dictionary<string, string>
        {
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        });

    private async Task<Guid> IdAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task<List<string?>> RolesAsync(Guid account)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().StaffGrants
            .Where(g => g.AccountId == account).Select(g => (string?)g.Role).ToListAsync();
    }

    private async Task<bool> DayOffExistsAsync(DateOnly day)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().CalendarOverrides.AnyAsync(o => o.Date == day);
    }
}
