using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Calendar;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Feedback;
using OneStop.Web.Data;
using OneStop.Web.Features.Calendar;
using OneStop.Web.Features.Feedback;
using OneStop.Web.Features.Notifications;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// Questions and feedback (PAKN): intake with the answer due 15 working days later on the working calendar (a holiday
/// added by the administrator counts), tracking by code and phone, the commune's specialist answering with the leader's
/// approval, publication only with consent, the procedure's FAQ, votes once per browser and 429 on a flood, the
/// deadline job's overdue flag, and privacy (another agency and anyone without the phone see nothing).
/// </summary>
public abstract class FeedbackTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static readonly Uri FeedbackUri = new("/api/v1/feedback", UriKind.Relative);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"Expected {expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<string> CommuneCodeAsync()
    {
        var commune = await DemoCommuneIdAsync(app.Services);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Agencies.Where(a => a.Id == commune).Select(a => a.Code).SingleAsync();
    }

    private async Task<string> SendAsync(HttpClient client, bool consent, string title = "Hỏi về đăng ký khai sinh cho con", string? phone = "0909123456")
    {
        var r = await client.PostAsJsonAsync(FeedbackUri, new
        {
            kind = "question",
            title,
            content = title + ": xin hướng dẫn.",
            name = "Trần Thị Bình",
            phone,
            email = "binh@example.vn",
            procedureCode = Birth,
            agencyCode = await CommuneCodeAsync(),
            consentToPublish = consent,
        });
        return (await JsonAsync(r, HttpStatusCode.Created)).GetProperty("code").GetString()!;
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient staff, string code, string action, object body) =>
        staff.PostAsJsonAsync(new Uri($"/api/v1/staff/feedback/{code}/actions/{action}", UriKind.Relative), body);

    /// <summary>The commune's specialist takes it and drafts the answer; the leader approves.</summary>
    private async Task<HttpClient> AnsweredAsync(string code, string answer = "Ông/bà đăng ký khai sinh tại UBND cấp xã nơi cư trú.")
    {
        var specialist = await app.SignInAsync(Specialist);
        await JsonAsync(await ActAsync(specialist, code, "Claim", new { }), HttpStatusCode.OK);
        await JsonAsync(await ActAsync(specialist, code, "SubmitAnswer", new { answer }), HttpStatusCode.OK);
        // The specialist cannot approve their own answer: that is the leader's.
        await JsonAsync(await ActAsync(specialist, code, "Approve", new { }), HttpStatusCode.Forbidden);
        var leader = await app.SignInAsync(Leader);
        var approved = await JsonAsync(await ActAsync(leader, code, "Approve", new { }), HttpStatusCode.OK);
        Assert.Equal("Answered", approved.GetProperty("status").GetString());
        return specialist;
    }

    [Fact]
    public async Task Feedback_gets_a_code_and_an_answer_due_15_working_days_later_across_a_holiday()
    {
        // A day off the administrator adds three working days from now (a holiday the statutory calendar does not know).
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        var holiday = today.AddDays(3);
        while (!WorkingCalendar.Vietnam.IsWorkingDay(holiday))
        {
            holiday = holiday.AddDays(1);
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            db.CalendarOverrides.Add(new CalendarOverrideEntry { Date = holiday, Kind = CalendarOverrideKind.DayOff, Name = "Nghỉ bù (kiểm thử)" });
            await db.SaveChangesAsync();
        }

        var r = await JsonAsync(await app.Client().PostAsJsonAsync(FeedbackUri, new { kind = "feedback", title = "Thủ tục rườm rà", content = "Đề nghị bỏ bản sao giấy tờ", name = "An", phone = "0909 123 456", email = "an@example.vn" }), HttpStatusCode.Created);
        Assert.Matches(@"^PAKN-\d{6}-[0-9A-Z]{6}$", r.GetProperty("code").GetString());
        Assert.Equal("Received", r.GetProperty("status").GetString());
        var received = r.GetProperty("receivedAt").GetDateTimeOffset();
        var due = r.GetProperty("dueAt").GetDateTimeOffset();
        WorkingCalendar calendar;
        using (var scope = app.Services.CreateScope())
        {
            calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().CurrentAsync(CancellationToken.None);
        }

        Assert.True(Math.Abs((calendar.AddWorkingHours(received, 15 * 8) - due).TotalSeconds) < 1, $"{due} ≠ {calendar.AddWorkingHours(received, 15 * 8)}");
        // Exactly 15 working days by the calendar in force, 16 by the statutory one: the added holiday was skipped.
        Assert.Equal(15 * 8, calendar.WorkingHoursBetween(received, due), 3);
        Assert.Equal(16 * 8, WorkingCalendar.Vietnam.WorkingHoursBetween(received, due), 3);

        // Tracked by code and the phone given (spaces ignored); another phone sees nothing.
        var code = r.GetProperty("code").GetString()!;
        var track = await JsonAsync(await app.Client().GetAsync(new Uri($"/api/v1/feedback/{code}?phone=0909123456", UriKind.Relative)), HttpStatusCode.OK);
        Assert.True(Math.Abs((due - track.GetProperty("dueAt").GetDateTimeOffset()).TotalMilliseconds) < 1); // as stored (SQLite keeps milliseconds)
        Assert.False(track.TryGetProperty("senderName", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri($"/api/v1/feedback/{code}?phone=0912345678", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri($"/api/v1/feedback/{code}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Feedback_without_content_or_contact_is_refused_with_the_fields_named_and_nothing_stored()
    {
        int Count(IServiceScope s) => s.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<FeedbackItem>().Count();
        int before;
        using (var scope = app.Services.CreateScope())
        {
            before = Count(scope);
        }

        var problem = await JsonAsync(await app.Client().PostAsJsonAsync(FeedbackUri, new { kind = "question", title = "", content = " ", phone = "123" }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "title", "content", "name", "phone", "email" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        // The page answers with its error summary, and stores nothing either.
        var page = await OneStopAppFactory.PostFormAsync(app.Client(), "/hoi-dap/gui", "/hoi-dap/gui", [new("Kind", "question"), new("Title", ""), new("Content", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("error-summary", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(before, Count(scope));
        }
    }

    [Fact]
    public async Task Staff_answer_with_approval_and_publish_only_with_consent_and_the_answer_shows_on_the_procedures_faq()
    {
        var withoutConsent = await SendAsync(app.Client(), consent: false, title: "Câu hỏi riêng tư về hộ tịch");
        var specialist = await AnsweredAsync(withoutConsent);
        var refused = await JsonAsync(await ActAsync(specialist, withoutConsent, "Publish", new { }), HttpStatusCode.Conflict);
        Assert.Contains("không đồng ý", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var code = await SendAsync(app.Client(), consent: true, title: "Đăng ký khai sinh khi sinh ở nước ngoài");
        specialist = await AnsweredAsync(code, "Đăng ký khai sinh tại UBND cấp xã nơi cư trú của cha hoặc mẹ.");
        var published = await JsonAsync(await ActAsync(specialist, code, "Publish", new { }), HttpStatusCode.OK);
        Assert.Equal("Published", published.GetProperty("status").GetString());
        var history = published.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(["Submit", "Claim", "SubmitAnswer", "Approve", "Publish"], history);

        // The public list, searched without accents and by procedure; never the sender's name or contacts.
        var list = await JsonAsync(await app.Client().GetAsync(new Uri($"/api/v1/feedback?published=true&q=nuoc%20ngoai&procedure={Birth}", UriKind.Relative)), HttpStatusCode.OK);
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal(code, item.GetProperty("code").GetString());
        var raw = list.GetRawText();
        Assert.DoesNotContain("Trần Thị Bình", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("0909123456", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(withoutConsent, (await JsonAsync(await app.Client().GetAsync(new Uri("/api/v1/feedback?published=true", UriKind.Relative)), HttpStatusCode.OK)).GetRawText(), StringComparison.Ordinal);

        var faq = await app.Client().GetStringAsync(new Uri($"/thu-tuc/{Birth}", UriKind.Relative));
        Assert.Contains("Đăng ký khai sinh khi sinh ở nước ngoài", faq, StringComparison.Ordinal);
        Assert.DoesNotContain("Trần Thị Bình", faq, StringComparison.Ordinal);
        Assert.Contains("Đăng ký khai sinh khi sinh ở nước ngoài", await app.Client().GetStringAsync(new Uri("/hoi-dap?q=khai%20sinh%20nuoc%20ngoai", UriKind.Relative)), StringComparison.Ordinal);

        // The sender was told of the answer through the outbox.
        using var scope = app.Services.CreateScope();
        var messages = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking()
            .Where(m => m.DossierCode == code).Select(m => m.EventKey).ToListAsync();
        Assert.Contains("feedback-received", messages);
        Assert.Contains("feedback-answered", messages);
    }

    [Fact]
    public async Task Only_the_responsible_agency_and_its_supervisors_read_it_and_only_its_officers_act()
    {
        var code = await SendAsync(app.Client(), consent: false);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync(Desk)).GetAsync(new Uri($"/api/v1/staff/feedback/{code}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("baocao@onestop.test")).GetAsync(new Uri($"/api/v1/staff/feedback/{code}", UriKind.Relative))).StatusCode);
        var police = await app.SignInAsync(Police);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync(new Uri($"/api/v1/staff/feedback/{code}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(police, code, "Refuse", new { note = "x" })).StatusCode);
        Assert.DoesNotContain(code, await police.GetStringAsync(new Uri("/api/v1/staff/feedback", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(code, await (await app.SignInAsync(Desk)).GetStringAsync(new Uri("/api/v1/staff/feedback", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync(CitizenB)).GetAsync(new Uri($"/api/v1/staff/feedback/{code}", UriKind.Relative))).StatusCode);

        // Transferred to the city police: the police now hold it, with new deadlines; the commune no longer sees it.
        string policeCode;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var policeAgency = await db.Users.Where(u => u.Email == Police).Select(u => u.AgencyId).SingleAsync();
            policeCode = await db.Agencies.Where(a => a.Id == policeAgency).Select(a => a.Code).SingleAsync();
        }

        var desk = await app.SignInAsync(Desk);
        var view = await JsonAsync(await desk.GetAsync(new Uri($"/api/v1/staff/feedback/{code}", UriKind.Relative)), HttpStatusCode.OK);
        await JsonAsync(await ActAsync(desk, code, "Transfer", new { version = Guid.NewGuid(), targetAgencyCode = policeCode }), HttpStatusCode.Conflict); // stale version
        var transferred = await JsonAsync(await ActAsync(desk, code, "Transfer", new { version = view.GetProperty("version").GetGuid(), targetAgencyCode = policeCode }), HttpStatusCode.OK);
        Assert.Equal("Received", transferred.GetProperty("status").GetString());
        var moved = await JsonAsync(await police.GetAsync(new Uri($"/api/v1/staff/feedback/{code}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Contains(moved.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "Transfer");
        Assert.True(moved.GetProperty("clockStartAt").GetDateTimeOffset() > moved.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync(new Uri($"/api/v1/staff/feedback/{code}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_overdue_feedback_is_flagged_by_the_deadline_job()
    {
        var code = await SendAsync(app.Client(), consent: false);
        var answered = await SendAsync(app.Client(), consent: false);
        await AnsweredAsync(answered);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var calendars = scope.ServiceProvider.GetRequiredService<CalendarService>();
        await DeadlineJob.RunAsync(db, calendars, app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(DeadlineState.OnTime, await db.Set<FeedbackItem>().Where(f => f.Code == code).Select(f => f.DeadlineState).SingleAsync());

        // Thirty days on: the open one is overdue, the answered one is not.
        await DeadlineJob.RunAsync(db, calendars, app.Clock.GetUtcNow().AddDays(30), CancellationToken.None);
        Assert.Equal(DeadlineState.Overdue, await db.Set<FeedbackItem>().Where(f => f.Code == code).Select(f => f.DeadlineState).SingleAsync());
        Assert.Equal(DeadlineState.OnTime, await db.Set<FeedbackItem>().Where(f => f.Code == answered).Select(f => f.DeadlineState).SingleAsync());
        var commune = await DemoCommuneIdAsync(app.Services);
        using (app.Clock.Shift(TimeSpan.FromDays(30)))
        {
            var figures = await scope.ServiceProvider.GetRequiredService<OneStop.Web.Features.Ratings.SatisfactionFigures>()
                .FeedbackAsync(commune, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(31), CancellationToken.None);
            Assert.True(figures.Late >= 1 && figures.OnTime >= 1, $"{figures}");
        }
    }

    [Fact]
    public async Task A_reader_votes_once_per_browser_and_a_flood_from_one_address_gets_429()
    {
        var code = await SendAsync(app.Client(), consent: true, title: "Lệ phí đăng ký khai sinh");
        var specialist = await AnsweredAsync(code, "Miễn lệ phí khi đăng ký đúng hạn.");
        await JsonAsync(await ActAsync(specialist, code, "Publish", new { }), HttpStatusCode.OK);
        var reader = app.Client();
        var first = await JsonAsync(await reader.PostAsJsonAsync(new Uri($"/api/v1/feedback/{code}/votes", UriKind.Relative), new { helpful = true }), HttpStatusCode.OK);
        Assert.Equal((true, 1), (first.GetProperty("counted").GetBoolean(), first.GetProperty("helpful").GetInt32()));
        var again = await JsonAsync(await reader.PostAsJsonAsync(new Uri($"/api/v1/feedback/{code}/votes", UriKind.Relative), new { helpful = false }), HttpStatusCode.OK);
        Assert.Equal((false, 1, 0), (again.GetProperty("counted").GetBoolean(), again.GetProperty("helpful").GetInt32(), again.GetProperty("notHelpful").GetInt32()));
        // Another browser's vote counts.
        var other = await JsonAsync(await app.Client().PostAsJsonAsync(new Uri($"/api/v1/feedback/{code}/votes", UriKind.Relative), new { helpful = false }), HttpStatusCode.OK);
        Assert.Equal(1, other.GetProperty("notHelpful").GetInt32());

        // A flood of new "browsers" from one address: refused with 429 and Retry-After before the limit's end.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            var r = await app.Client().PostAsJsonAsync(new Uri($"/api/v1/feedback/{code}/votes", UriKind.Relative), new { helpful = true });
            statuses.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(r.Headers.RetryAfter is not null);
                break;
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var scope = app.Services.CreateScope();
        var votes = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<FeedbackItem>().Where(f => f.Code == code).Select(f => f.Helpful + f.NotHelpful).SingleAsync();
        Assert.True(votes <= 20, $"{votes} votes counted");
    }
}

public sealed class SqliteFeedbackTests(SqliteApp app) : FeedbackTests<SqliteApp>(app);

public sealed class PostgresFeedbackTests(PostgresApp app) : FeedbackTests<PostgresApp>(app);
