using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Ratings;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Features.Ratings;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// Satisfaction ratings of finished dossiers through the API, the applicant's page and the desk's kiosk: once per
/// dossier, only by its applicant, changeable for 7 days (the test clock moves past them), readable by the agency.
/// </summary>
public abstract class RatingTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static readonly object VerySatisfied = new { answer = "very-satisfied", criteria = new Dictionary<string, int> { ["time"] = 2, ["attitude"] = 1 }, comment = "Cán bộ hướng dẫn tận tình" };

    private static Uri RatingUri(Guid id) => new($"/api/v1/dossiers/{id}/rating", UriKind.Relative);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"Expected {expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Citizen A's dossier, submitted and refused at the desk (a finished dossier).</summary>
    private async Task<(HttpClient Citizen, DossierView Dossier)> FinishedAsync()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var desk = await app.SignInAsync(Desk);
        var refused = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Refuse", UriKind.Relative),
            new ActionRequest(d.Version, "Không thuộc thẩm quyền giải quyết của UBND cấp xã", null, null, null, null, null), Json);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        return (citizen, d);
    }

    private async Task<int> RatingsOfAsync(Guid dossier)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<DossierRating>().CountAsync(r => r.DossierId == dossier);
    }

    [Fact]
    public async Task The_applicant_rates_a_finished_dossier_once_and_a_second_rating_is_a_conflict()
    {
        var (citizen, d) = await FinishedAsync();
        var before = await JsonAsync(await citizen.GetAsync(RatingUri(d.Id)), HttpStatusCode.OK);
        Assert.False(before.GetProperty("rated").GetBoolean());
        Assert.True(before.GetProperty("mayRate").GetBoolean());

        var created = await citizen.PostAsJsonAsync(RatingUri(d.Id), VerySatisfied);
        var rating = await JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/dossiers/{d.Id}/rating", created.Headers.Location?.OriginalString);
        Assert.Equal("very-satisfied", rating.GetProperty("answer").GetString());
        Assert.Equal(2, rating.GetProperty("criteria").GetProperty("time").GetInt32());
        Assert.Equal("online", rating.GetProperty("channel").GetString());
        Assert.True(rating.GetProperty("mayChange").GetBoolean());

        await JsonAsync(await citizen.PostAsJsonAsync(RatingUri(d.Id), new { answer = "dissatisfied" }), HttpStatusCode.Conflict);
        var after = await JsonAsync(await citizen.GetAsync(RatingUri(d.Id)), HttpStatusCode.OK);
        Assert.Equal("very-satisfied", after.GetProperty("answer").GetString());
        Assert.Equal(1, await RatingsOfAsync(d.Id));

        // The agency's officer reads it; another agency's officer and another citizen are told it does not exist.
        Assert.Equal("very-satisfied", (await JsonAsync(await (await app.SignInAsync(Desk)).GetAsync(RatingUri(d.Id)), HttpStatusCode.OK)).GetProperty("answer").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync(Police)).GetAsync(RatingUri(d.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync(CitizenB)).GetAsync(RatingUri(d.Id))).StatusCode);
    }

    [Fact]
    public async Task A_dossier_in_progress_cannot_be_rated()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        await JsonAsync(await citizen.PostAsJsonAsync(RatingUri(d.Id), VerySatisfied), HttpStatusCode.Conflict);
        Assert.Equal(0, await RatingsOfAsync(d.Id));
    }

    [Fact]
    public async Task Another_citizen_or_an_officer_rating_the_dossier_gets_404_with_nothing_stored()
    {
        var (_, d) = await FinishedAsync();
        foreach (var who in new[] { CitizenB, Desk })
        {
            var other = await app.SignInAsync(who);
            await JsonAsync(await other.PostAsJsonAsync(RatingUri(d.Id), VerySatisfied), HttpStatusCode.NotFound);
            using var put = JsonContent.Create(VerySatisfied);
            Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsync(RatingUri(d.Id), put)).StatusCode);
        }

        Assert.NotEqual(HttpStatusCode.Created, (await app.Client().PostAsJsonAsync(RatingUri(d.Id), VerySatisfied)).StatusCode);
        Assert.Equal(0, await RatingsOfAsync(d.Id));
    }

    [Fact]
    public async Task An_unknown_answer_or_criterion_is_a_400_naming_the_field()
    {
        var (citizen, d) = await FinishedAsync();
        var problem = await JsonAsync(await citizen.PostAsJsonAsync(RatingUri(d.Id), new { answer = "so-so", criteria = new Dictionary<string, int> { ["speed"] = 2, ["time"] = 5 } }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("answer", out _));
        Assert.True(errors.TryGetProperty("criteria.speed", out _));
        Assert.True(errors.TryGetProperty("criteria.time", out _));
        Assert.Equal(0, await RatingsOfAsync(d.Id));
    }

    [Fact]
    public async Task The_rating_changes_within_seven_days_and_never_after()
    {
        var (citizen, d) = await FinishedAsync();
        using (var put = JsonContent.Create(new { answer = "satisfied" }))
        {
            await JsonAsync(await citizen.PutAsync(RatingUri(d.Id), put), HttpStatusCode.Conflict); // nothing to change yet
        }

        await JsonAsync(await citizen.PostAsJsonAsync(RatingUri(d.Id), new { answer = "dissatisfied", comment = "Chờ lâu" }), HttpStatusCode.Created);
        using (app.Clock.Shift(TimeSpan.FromDays(6)))
        {
            // Six days later (the sign-in of then: the first one's session has ended).
            var later = await app.SignInAsync(CitizenA);
            using var put = JsonContent.Create(new { answer = "satisfied", comment = "Đã được giải thích rõ" });
            var changed = await JsonAsync(await later.PutAsync(RatingUri(d.Id), put), HttpStatusCode.OK);
            Assert.Equal("satisfied", changed.GetProperty("answer").GetString());
            Assert.True(changed.TryGetProperty("changedAt", out var at) && at.ValueKind == JsonValueKind.String);
        }

        using (app.Clock.Shift(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1)))
        {
            var later = await app.SignInAsync(CitizenA);
            using var put = JsonContent.Create(new { answer = "dissatisfied" });
            await JsonAsync(await later.PutAsync(RatingUri(d.Id), put), HttpStatusCode.Conflict);
            var kept = await JsonAsync(await later.GetAsync(RatingUri(d.Id)), HttpStatusCode.OK);
            Assert.Equal("satisfied", kept.GetProperty("answer").GetString());
            Assert.False(kept.GetProperty("mayChange").GetBoolean());
        }
    }

    [Fact]
    public async Task The_kiosk_code_of_form_01_opens_the_rating_of_that_dossier_once_without_sign_in()
    {
        var (_, d) = await FinishedAsync();
        string key;
        using (var scope = app.Services.CreateScope())
        {
            key = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.Where(x => x.Id == d.Id).Select(x => x.TrackingKey).SingleAsync();
        }

        var code = RatingRules.KioskCode(key)!;
        var kiosk = app.Client();
        // The QR code of form 01 opens public tracking with the key: a finished dossier offers its rating slip there.
        Assert.Contains($"/danh-gia/{code}", await kiosk.GetStringAsync(new Uri($"/tra-cuu?ma={Uri.EscapeDataString(d.Code!)}&k={key}", UriKind.Relative)), StringComparison.Ordinal);
        // Typed with a dash and in lower case, the code leads to the dossier's own kiosk page.
        var typed = await kiosk.GetAsync(new Uri($"/danh-gia?ma={RatingRules.FormatKioskCode(code).ToLowerInvariant()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal($"/danh-gia/{code}", typed.Headers.Location?.OriginalString);
        var page = await kiosk.GetStringAsync(new Uri($"/danh-gia/{code}", UriKind.Relative));
        Assert.Contains(d.Code!, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", page, StringComparison.Ordinal); // no personal data on the desk's tablet

        var sent = await OneStopAppFactory.PostFormAsync(kiosk, $"/danh-gia/{code}", $"/danh-gia/{code}", [new("answer", "satisfied"), new("c.attitude", "2"), new("comment", "")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<DossierRating>().AsNoTracking().SingleAsync(r => r.DossierId == d.Id);
            Assert.Equal((RatingAnswer.Satisfied, RatingChannel.Kiosk, (int?)2), (stored.Answer, stored.Channel, stored.AttitudeScore));
        }

        // Once: the page now only thanks, and a second post (a stale form) is refused with nothing changed.
        var again = await kiosk.GetStringAsync(new Uri($"/danh-gia/{code}", UriKind.Relative));
        Assert.DoesNotContain("name=\"answer\"", again, StringComparison.Ordinal);
        using var stale = new FormUrlEncodedContent([new("answer", "dissatisfied"), new("__RequestVerificationToken", OneStopAppFactory.Token(page))]);
        Assert.Equal(HttpStatusCode.Conflict, (await kiosk.PostAsync(new Uri($"/danh-gia/{code}", UriKind.Relative), stale)).StatusCode);
        Assert.Equal(1, await RatingsOfAsync(d.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await kiosk.GetAsync(new Uri("/danh-gia/0000000000", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_result_notification_carries_the_rating_link_which_opens_the_slip()
    {
        var (citizen, d) = await FinishedAsync();
        List<OutboxMessage> messages;
        using (var scope = app.Services.CreateScope())
        {
            messages = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking()
                .Where(m => m.DossierId == d.Id && m.EventKey == NotificationTemplates.Refused).ToListAsync();
        }

        Assert.NotEmpty(messages);
        var link = $"/ho-so-cua-toi/{d.Id}/danh-gia";
        Assert.All(messages, m => Assert.Contains(link, m.Body, StringComparison.Ordinal));
        var slip = await citizen.GetStringAsync(new Uri(link, UriKind.Relative));
        Assert.Contains("name=\"answer\"", slip, StringComparison.Ordinal);
        var sent = await OneStopAppFactory.PostFormAsync(citizen, link, link, [new("answer", "very-satisfied"), new("c.time", "2"), new("comment", "Nhanh")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var rating = await JsonAsync(await citizen.GetAsync(RatingUri(d.Id)), HttpStatusCode.OK);
        Assert.Equal(("very-satisfied", "online"), (rating.GetProperty("answer").GetString(), rating.GetProperty("channel").GetString()));
        // The dossier page links to the slip too.
        Assert.Contains(link, await citizen.GetStringAsync(new Uri($"/ho-so-cua-toi/{d.Id}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Satisfaction_figures_count_ratings_of_the_agency_and_its_sub_units()
    {
        var commune = await DemoCommuneIdAsync(app.Services);
        var from = app.Clock.GetUtcNow();
        var (citizen, d1) = await FinishedAsync();
        var (_, d2) = await FinishedAsync();
        await JsonAsync(await citizen.PostAsJsonAsync(RatingUri(d1.Id), new { answer = "satisfied" }), HttpStatusCode.Created);
        await JsonAsync(await citizen.PostAsJsonAsync(RatingUri(d2.Id), new { answer = "dissatisfied" }), HttpStatusCode.Created);
        var to = app.Clock.GetUtcNow().AddMinutes(1);
        using var scope = app.Services.CreateScope();
        var figures = scope.ServiceProvider.GetRequiredService<SatisfactionFigures>();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var here = await figures.RatingsAsync(commune, from, to, CancellationToken.None);
        Assert.Equal((1, 2, 50.00m), (here.SatisfiedTotal, here.Total, here.SatisfiedPercent));
        var parent = await db.Agencies.Where(a => a.Id == commune).Select(a => a.ParentId).SingleAsync();
        var above = await figures.RatingsAsync(parent!.Value, from, to, CancellationToken.None);
        Assert.Equal((1, 2), (above.SatisfiedTotal, above.Total));
        var police = await db.Users.Where(u => u.Email == Police).Select(u => u.AgencyId).SingleAsync();
        Assert.Equal(0, (await figures.RatingsAsync(police!.Value, from, to, CancellationToken.None)).Total);

        // The indicator API's satisfaction rate of the day is the same count (issue 13's rates.satisfied).
        var code = await db.Agencies.Where(a => a.Id == commune).Select(a => a.Code).SingleAsync();
        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        var whole = await figures.RatingsAsync(commune, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7)),
            new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7)), CancellationToken.None);
        var indicators = await JsonAsync(await app.Client().GetAsync(new Uri($"/api/v1/indicators?agency={code}&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(Math.Round((double)whole.SatisfiedTotal / whole.Total, 4), indicators.GetProperty("rates").GetProperty("satisfied").GetDouble(), 4);
    }
}

/// <summary>The satisfaction report: the leader sees the dissatisfied comments, the desk officer the figures only; Excel export.</summary>
public abstract class SatisfactionReportTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Fact]
    public async Task The_report_shows_the_share_against_85_percent_the_leaders_see_comments_and_Excel_exports_it()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var desk = await app.SignInAsync(Desk);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Refuse", UriKind.Relative),
            new ActionRequest(d.Version, "Không thuộc thẩm quyền", null, null, null, null, null), Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await citizen.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/rating", UriKind.Relative),
            new { answer = "dissatisfied", criteria = new Dictionary<string, int> { ["time"] = 0 }, comment = "Phải đi lại ba lần" })).StatusCode);

        var leaderPage = await (await app.SignInAsync(Leader)).GetStringAsync(new Uri("/can-bo/hai-long", UriKind.Relative));
        Assert.Contains("Phải đi lại ba lần", leaderPage, StringComparison.Ordinal);
        Assert.Contains("85", leaderPage, StringComparison.Ordinal);
        var deskPage = await desk.GetStringAsync(new Uri("/can-bo/hai-long", UriKind.Relative));
        Assert.DoesNotContain("Phải đi lại ba lần", deskPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync(Police)).GetAsync(new Uri($"/can-bo/hai-long?coQuan={await CodeAsync()}", UriKind.Relative))).StatusCode);

        var xlsx = await (await app.SignInAsync(Leader)).GetAsync(new Uri("/can-bo/hai-long?xuat=xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var rows = book.Worksheet("HaiLong").RowsUsed().ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2).GetString());
        Assert.Equal("0", rows["Tỷ lệ hài lòng % (Satisfied %)"]);
        Assert.Equal("1", rows["Không hài lòng (Dissatisfied)"]);
        Assert.Contains(book.Worksheet("KhongHaiLong").RowsUsed(), r => r.Cell(4).GetString() == "Phải đi lại ba lần");
    }

    private async Task<string> CodeAsync()
    {
        var commune = await DemoCommuneIdAsync(app.Services);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Agencies.Where(a => a.Id == commune).Select(a => a.Code).SingleAsync();
    }
}

public sealed class SqliteSatisfactionReportTests(SqliteApp app) : SatisfactionReportTests<SqliteApp>(app);

public sealed class PostgresSatisfactionReportTests(PostgresApp app) : SatisfactionReportTests<PostgresApp>(app);

public sealed class SqliteRatingTests(SqliteApp app) : RatingTests<SqliteApp>(app);

public sealed class PostgresRatingTests(PostgresApp app) : RatingTests<PostgresApp>(app);
