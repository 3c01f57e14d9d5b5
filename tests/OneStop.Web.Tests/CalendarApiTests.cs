using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;

namespace OneStop.Web.Tests;

/// <summary>The public working-time calculator and days-off list, with the official overrides seeded.</summary>
public abstract class CalendarApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Theory]
    [InlineData("2026-02-12T10:00:00%2B07:00", "workingDays=5&cutoff=false", "2026-02-26T10:00:00+07:00")] // Tết 2026 skipped
    [InlineData("2026-02-12T03:00:00Z", "workingDays=5", "2026-02-26T10:00:00+07:00")] // the same instant in UTC
    [InlineData("2026-02-12T10:00:00 07:00", "workingDays=5", "2026-02-26T10:00:00+07:00")] // an unencoded '+' arrives as a space
    [InlineData("2025-04-25T16:00:00%2B07:00", "workingHours=8", "2025-04-26T16:00:00+07:00")] // the working Saturday 26/4/2025
    [InlineData("2026-03-10T16:00:00%2B07:00", "sameDay=true&cutoff=true", "2026-03-11T17:00:00+07:00")] // after 15:00 on a cut-off procedure
    [InlineData("2026-03-10T09:00:00%2B07:00", "sameDay=true", "2026-03-10T17:00:00+07:00")] // "trong ngày"
    public async Task Appointment_is_computed_in_working_time(string receivedAt, string limit, string expected)
    {
        var r = await app.Client().GetAsync(new Uri($"/api/v1/calendar/appointment?receivedAt={receivedAt}&{limit}", UriKind.Relative));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal($$"""{"dueAt":"{{expected}}"}""", body);
    }

    [Theory]
    [InlineData("workingDays=5")]
    [InlineData("receivedAt=2026-02-12T10:00:00&workingDays=5")]
    [InlineData("receivedAt=2026-02-12T10:00:00%2B07:00")]
    [InlineData("receivedAt=2026-02-12T10:00:00%2B07:00&workingDays=5&workingHours=3")]
    [InlineData("receivedAt=2026-02-12T10:00:00%2B07:00&workingDays=-1")]
    public async Task Bad_input_gets_a_problem_details_400(string query)
    {
        var r = await app.Client().GetAsync(new Uri($"/api/v1/calendar/appointment?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Days_off_of_2026_list_tet_and_the_compensatory_day_for_gio_to_on_a_sunday()
    {
        var days = await app.Client().GetFromJsonAsync<JsonElement>(new Uri("/api/v1/calendar/days-off?year=2026", UriKind.Relative));
        var list = days.GetProperty("daysOff").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!, d => d.GetProperty("name").GetString()!);
        Assert.Contains("2026-01-01", list.Keys);
        for (var day = 14; day <= 22; day++)
        {
            Assert.Contains($"2026-02-{day:00}", list.Keys);
        }

        Assert.Contains("2026-04-27", list.Keys); // Giỗ Tổ 10/3 lunar = Sunday 26/4/2026, compensated on Monday
        Assert.Contains("2026-09-02", list.Keys);
        var y2025 = await app.Client().GetFromJsonAsync<JsonElement>(new Uri("/api/v1/calendar/days-off?year=2025", UriKind.Relative));
        Assert.Contains(y2025.GetProperty("workingWeekendDays").EnumerateArray(), d => d.GetProperty("date").GetString() == "2025-04-26");
        Assert.Contains(y2025.GetProperty("daysOff").EnumerateArray(), d => d.GetProperty("date").GetString() == "2025-05-02");
    }

    [Fact]
    public async Task An_override_stored_by_the_administrator_changes_the_calculation_at_once()
    {
        // 2030 is far from the seeded overrides: add an extra day off and see the appointment move by one day.
        const string url = "/api/v1/calendar/appointment?receivedAt=2030-03-05T10:00:00%2B07:00&workingDays=1";
        var before = await app.Client().GetFromJsonAsync<JsonElement>(new Uri(url, UriKind.Relative));
        Assert.Equal("2030-03-06T10:00:00+07:00", before.GetProperty("dueAt").GetString());
        var admin = await app.SignInAsync("quantri.hethong@onestop.test");
        var page = await admin.GetStringAsync(new Uri("/quan-tri/lich-lam-viec?nam=2030", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = "2030-03-06",
            ["kind"] = "DayOff",
            ["name"] = "Nghỉ thử nghiệm",
            ["__RequestVerificationToken"] = OneStopAppFactory.Token(page),
        });
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(new Uri("/quan-tri/lich-lam-viec?handler=Add", UriKind.Relative), form)).StatusCode);
        var after = await app.Client().GetFromJsonAsync<JsonElement>(new Uri(url, UriKind.Relative));
        Assert.Equal("2030-03-07T10:00:00+07:00", after.GetProperty("dueAt").GetString());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        Assert.True(await db.Set<OneStop.Web.Features.Audit.AuditEntry>().AnyAsync(e => e.Event == "calendar.set" && e.Details!.StartsWith("2030-03-06")));
        await db.CalendarOverrides.Where(o => o.Date == new DateOnly(2030, 3, 6)).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task The_public_calendar_page_computes_an_appointment_and_lists_tet()
    {
        var html = await app.Client().GetStringAsync(new Uri("/lich-lam-viec?nam=2026&tiepNhan=2026-02-12T10:00&soNgay=5", UriKind.Relative));
        Assert.Contains("26/02/2026 10:00", html, StringComparison.Ordinal);
        Assert.Contains("17/02/2026", html, StringComparison.Ordinal);
        var bad = await app.Client().GetAsync(new Uri("/lich-lam-viec?soNgay=999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("error-summary", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_system_administrator_edits_the_calendar()
    {
        var desk = await app.SignInAsync("motcua.xa@onestop.test");
        Assert.Equal(HttpStatusCode.Redirect, (await desk.GetAsync(new Uri("/quan-tri/lich-lam-viec", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync(new Uri("/quan-tri/lich-lam-viec", UriKind.Relative))).StatusCode);
    }
}

public sealed class SqliteCalendarApiTests(SqliteApp app) : CalendarApiTests<SqliteApp>(app);

public sealed class PostgresCalendarApiTests(PostgresApp app) : CalendarApiTests<PostgresApp>(app);
