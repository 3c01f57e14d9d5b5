using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Operations;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// The indicators API answers from counters that the roll-up keeps as dossiers change: filing, receiving, resolving and
/// withdrawing dossiers moves each indicator of the commune, its district and the city by exactly what happened; report
/// II.06a equals the indicators row by row; bad input is refused with the parameter named.
/// </summary>
public abstract class OperationsApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private async Task RollUpAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IndicatorRollup>().RollUpAllAsync(CancellationToken.None);
    }

    private (string From, string To) Window()
    {
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        return (today.AddDays(-30).ToString("yyyy-MM-dd", Inv), today.ToString("yyyy-MM-dd", Inv));
    }

    private async Task<IndicatorsView> IndicatorsAsync(string agency, string? extra = null)
    {
        await RollUpAsync();
        var (from, to) = Window();
        var r = await app.Client().GetAsync(new Uri($"/api/v1/indicators?agency={agency}&from={from}&to={to}{extra}", UriKind.Relative));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<IndicatorsView>(body, Json)!;
    }

    private async Task<(string Commune, string District, string City)> CodesAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var communeId = await DemoCommuneIdAsync(app.Services);
        var commune = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == communeId);
        var district = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == commune.ParentId);
        var city = await db.Agencies.AsNoTracking().SingleAsync(a => a.ParentId == null);
        return (commune.Code, district.Code, city.Code);
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, string action, ActionRequest body) =>
        client.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{id}/actions/{action}", UriKind.Relative), body, Json);

    private static async Task<DossierView> OkAsync(Task<HttpResponseMessage> call)
    {
        var r = await call;
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<DossierView>(body, Json)!;
    }

    private static ActionRequest Act(Guid version, string? note = null) => new(version, note, null, null, null, null, null);

    [Fact]
    public async Task Filing_receiving_resolving_and_withdrawing_move_each_indicator_by_exactly_what_happened_at_every_level()
    {
        var (commune, district, city) = await CodesAsync();
        var levels = new[] { commune, district, city };
        var start = new Dictionary<string, IndicatorsView>();
        foreach (var code in levels)
        {
            start[code] = await IndicatorsAsync(code);
        }

        var birth = await IndicatorsAsync(commune, $"&procedure={Birth}");

        // Filed online, not yet received: nothing counts.
        var citizen = await app.SignInAsync(CitizenA);
        var communeId = await DemoCommuneIdAsync(app.Services);
        var d = await SubmitAsync(citizen, communeId);
        var e = await SubmitAsync(citizen, communeId);
        foreach (var code in levels)
        {
            Assert.Equal(start[code], await IndicatorsAsync(code));
        }

        // Received: two more received online and in progress within time.
        var desk = await app.SignInAsync(Desk);
        var v = await OkAsync(ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        var w = await OkAsync(ActAsync(desk, e.Id, "Receive", Act(e.Version)));
        // Dossiers in progress are judged at the end of the period's last day (today): overdue if due by then.
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        var overdue = new[] { v, w }.Count(x => DateOnly.FromDateTime(x.DueAt!.Value.ToOffset(TimeSpan.FromHours(7)).DateTime) <= today);
        foreach (var code in levels)
        {
            var s = start[code];
            var now = await IndicatorsAsync(code);
            Assert.Equal(s.Received with { Total = s.Received.Total + 2, Online = s.Received.Online + 2 }, now.Received);
            Assert.Equal(s.Resolved, now.Resolved);
            Assert.Equal(s.InProgress with { Total = s.InProgress.Total + 2, WithinTime = s.InProgress.WithinTime + 2 - overdue, Overdue = s.InProgress.Overdue + overdue }, now.InProgress);
        }

        var byProcedure = await IndicatorsAsync(commune, $"&procedure={Birth}");
        Assert.Equal(birth.Received.Total + 2, byProcedure.Received.Total);

        // One is resolved (approved: Đã xử lý xong), the other withdrawn by its applicant.
        var specialist = await app.SignInAsync(Specialist);
        var leader = await app.SignInAsync(Leader);
        v = await OkAsync(ActAsync(specialist, d.Id, "Claim", Act(v.Version)));
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(Pdf), "file", "giay-khai-sinh.pdf");
            v = await OkAsync(specialist.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/result", UriKind.Relative), form));
        }

        v = await OkAsync(ActAsync(specialist, d.Id, "Forward", Act(v.Version)));
        v = await OkAsync(ActAsync(leader, d.Id, "Forward", Act(v.Version, "Đồng ý")));
        Assert.Equal(DossierStatus.Resolved, v.Status);
        await OkAsync(ActAsync(citizen, e.Id, "Withdraw", Act(w.Version, "Không cần nữa")));

        var early = today < DateOnly.FromDateTime(v.DueAt!.Value.ToOffset(TimeSpan.FromHours(7)).DateTime);
        foreach (var code in levels)
        {
            var s = start[code];
            var now = await IndicatorsAsync(code);
            Assert.Equal(s.Received with { Total = s.Received.Total + 2, Online = s.Received.Online + 2 }, now.Received);
            Assert.Equal(s.Resolved with
            {
                Total = s.Resolved.Total + 1,
                Early = s.Resolved.Early + (early ? 1 : 0),
                OnTime = s.Resolved.OnTime + (early ? 0 : 1),
            }, now.Resolved);
            Assert.Equal(s.InProgress, now.InProgress);
            Assert.NotNull(now.Rates.OnTime);
            Assert.Null(now.Rates.Satisfied);
        }
    }

    [Fact]
    public async Task Report_06a_equals_the_indicators_of_each_unit_and_of_the_whole()
    {
        var (_, district, city) = await CodesAsync();
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        await OkAsync(ActAsync(await app.SignInAsync(Desk), d.Id, "Receive", Act(d.Version)));
        await RollUpAsync();
        var (from, to) = Window();
        foreach (var agency in new[] { district, city })
        {
            var report = await app.Client().GetFromJsonAsync<Report06a>(new Uri($"/api/v1/reports/06a?agency={agency}&from={from}&to={to}", UriKind.Relative), Json);
            Assert.NotEmpty(report!.Rows);
            Assert.Equal(Row(await IndicatorsAsync(agency)), Row(report.Total));
            foreach (var row in report.Rows)
            {
                Assert.Equal(Row(await IndicatorsAsync(row.AgencyCode)), Row(row));
            }

            Assert.Equal(report.Total.ReceivedTotal, report.Rows.Sum(r => r.ReceivedTotal));
            Assert.Equal(report.Total.InProgressOverdue, report.Rows.Sum(r => r.InProgressOverdue));
        }

        Assert.True((await app.Client().GetFromJsonAsync<Report06a>(new Uri($"/api/v1/reports/06a?agency={district}&from={from}&to={to}", UriKind.Relative), Json))!.Total.ReceivedTotal >= 1);
        var xlsx = await app.Client().GetAsync(new Uri($"/api/v1/reports/06a.xlsx?agency={district}&from={from}&to={to}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var book = new ClosedXML.Excel.XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        Assert.Equal("Tiếp nhận: tổng số", book.Worksheet(1).Cell(4, 3).GetString());
    }

    /// <summary>The 11 figures of a 06a row, whichever way they were obtained.</summary>
    private static long[] Row(IndicatorsView s) =>
    [
        s.Received.Total, s.Received.Online, s.Received.InPerson + s.Received.Post, s.Received.CarriedOver, s.Resolved.Total, s.Resolved.Early,
        s.Resolved.OnTime, s.Resolved.Late, s.InProgress.Total, s.InProgress.WithinTime, s.InProgress.Overdue,
    ];

    private static long[] Row(Report06aRow r) =>
    [
        r.ReceivedTotal, r.ReceivedOnline, r.ReceivedInPersonOrPost, r.CarriedOver, r.ResolvedTotal, r.ResolvedEarly, r.ResolvedOnTime, r.ResolvedLate,
        r.InProgressTotal, r.InProgressWithinTime, r.InProgressOverdue,
    ];

    [Fact]
    public async Task The_service_index_scores_six_groups_out_of_100_and_shows_no_data_where_onestop_has_none()
    {
        var (commune, _, city) = await CodesAsync();
        await RollUpAsync();
        var period = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", Inv);
        using var doc = JsonDocument.Parse(await app.Client().GetStringAsync(new Uri($"/api/v1/service-index?agency={city}&period={period}", UriKind.Relative)));
        var root = doc.RootElement;
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(6, groups.Count);
        Assert.Equal(100m, groups.Sum(g => g.GetProperty("maxPoints").GetDecimal()));
        Assert.Equal(root.GetProperty("total").GetDecimal(), groups.Sum(g => g.GetProperty("points").GetDecimal()));
        var indicators = groups.SelectMany(g => g.GetProperty("indicators").EnumerateArray()).ToDictionary(i => i.GetProperty("id").GetString()!);
        Assert.Equal(JsonValueKind.Null, indicators["1.1"].GetProperty("ratio").ValueKind);
        Assert.Equal(0m, indicators["1.1"].GetProperty("points").GetDecimal());
        Assert.Equal(0.8m, indicators["3.1"].GetProperty("threshold").GetDecimal());
        Assert.Equal(JsonValueKind.Number, indicators["3.1"].GetProperty("ratio").ValueKind);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("band").GetString()));
        foreach (var q in new[] { "2026-Q1", "2026" })
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync(new Uri($"/api/v1/service-index?agency={commune}&period={q}", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task The_dashboards_drill_down_from_the_city_to_a_commune_and_to_a_procedure_and_export_their_tables()
    {
        var (commune, district, _) = await CodesAsync();
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        await OkAsync(ActAsync(await app.SignInAsync(Desk), d.Id, "Receive", Act(d.Version)));
        await RollUpAsync();

        var city = await app.Client().GetStringAsync(new Uri("/danh-gia-chat-luong", UriKind.Relative));
        Assert.Contains("<svg", city, StringComparison.Ordinal);
        Assert.Contains("Chỉ số phục vụ (QĐ 766/QĐ-TTg)", city, StringComparison.Ordinal);
        Assert.Contains($"coQuan={district}", city, StringComparison.Ordinal);
        Assert.DoesNotContain("/can-bo/giam-sat", city, StringComparison.Ordinal);
        var districtPage = await app.Client().GetStringAsync(new Uri($"/danh-gia-chat-luong?coQuan={district}", UriKind.Relative));
        Assert.Contains($"coQuan={commune}", districtPage, StringComparison.Ordinal);
        var communePage = await app.Client().GetStringAsync(new Uri($"/danh-gia-chat-luong?coQuan={commune}", UriKind.Relative));
        Assert.Contains($"thuTuc={Birth}", communePage, StringComparison.Ordinal);
        var procedurePage = await app.Client().GetAsync(new Uri($"/danh-gia-chat-luong?coQuan={commune}&thuTuc={Birth}&kenh=Online", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, procedurePage.StatusCode);

        var xlsx = await app.Client().GetAsync(new Uri($"/danh-gia-chat-luong?coQuan={district}&xuat=don-vi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var book = new ClosedXML.Excel.XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        Assert.Equal("Tiếp nhận", book.Worksheet(1).Cell(3, 2).GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client().GetAsync(new Uri("/danh-gia-chat-luong?ky=2026-14", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri("/danh-gia-chat-luong?coQuan=KHONG-CO", UriKind.Relative))).StatusCode);

        // The staff page adds where the points go and the way to the dossiers behind them.
        var staff = await (await app.SignInAsync(Desk)).GetStringAsync(new Uri($"/trung-tam-dieu-hanh?coQuan={commune}", UriKind.Relative));
        Assert.Contains("Điều gì làm mất điểm", staff, StringComparison.Ordinal);
        Assert.Contains("06a.xlsx", staff, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/indicators?agency=KHONG-CO&from=2026-01-01&to=2026-01-31", HttpStatusCode.NotFound, null)]
    [InlineData("/api/v1/indicators?agency={city}&from=2026-01-01&to=2026-01-31&procedure=KHONG-CO", HttpStatusCode.NotFound, null)]
    [InlineData("/api/v1/indicators?agency={city}&from=2026-13-01&to=2026-01-31", HttpStatusCode.BadRequest, "from")]
    [InlineData("/api/v1/indicators?agency={city}&from=2026-02-01&to=2026-01-31", HttpStatusCode.BadRequest, "to")]
    [InlineData("/api/v1/indicators?agency={city}&from=2015-01-01&to=2026-01-31", HttpStatusCode.BadRequest, "to")]
    [InlineData("/api/v1/service-index?agency={city}&period=2026-13", HttpStatusCode.BadRequest, "period")]
    [InlineData("/api/v1/reports/06a?agency={city}&from=2026-01-01", HttpStatusCode.BadRequest, "to")]
    public async Task Bad_input_is_a_problem_naming_the_parameter(string path, HttpStatusCode status, string? parameter)
    {
        var (_, _, city) = await CodesAsync();
        var r = await app.Client().GetAsync(new Uri(path.Replace("{city}", city, StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(status, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        if (parameter is not null)
        {
            using var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), await r.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_index_table_whose_points_do_not_sum_to_100_is_refused_with_the_reason_and_nothing_is_saved()
    {
        var admin = await app.SignInAsync("quantri.hethong@onestop.test");
        var broken = ServiceIndex.Default with { EffectiveFrom = "2026-01", Indicators = [.. ServiceIndex.Default.Indicators.Skip(1)] };
        var refused = await admin.PutAsJsonAsync(new Uri("/api/v1/service-index/table", UriKind.Relative), broken, Json);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("100", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<ServiceIndexVersion>().CountAsync());
        }

        // A valid edit: 2.1 worth 19 and 3.3 worth 7 from January 2026 on; earlier periods keep the shipped table.
        var edited = ServiceIndex.Default with
        {
            EffectiveFrom = "2026-01",
            Indicators = [.. ServiceIndex.Default.Indicators.Select(i => i.Id switch { "2.1" => i with { MaxPoints = 19 }, "3.3" => i with { MaxPoints = 7 }, _ => i })],
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync(Desk)).PutAsJsonAsync(new Uri("/api/v1/service-index/table", UriKind.Relative), edited, Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync(new Uri("/api/v1/service-index/table", UriKind.Relative), edited, Json)).StatusCode);
        var now = await app.Client().GetFromJsonAsync<IndexTable>(new Uri("/api/v1/service-index/table?period=2026-03", UriKind.Relative), Json);
        Assert.Equal(19m, now!.Indicators.Single(i => i.Id == "2.1").MaxPoints);
        var before = await app.Client().GetFromJsonAsync<IndexTable>(new Uri("/api/v1/service-index/table?period=2025-12", UriKind.Relative), Json);
        Assert.Equal(20m, before!.Indicators.Single(i => i.Id == "2.1").MaxPoints);
    }
}

public sealed class SqliteOperationsApiTests(SqliteApp app) : OperationsApiTests<SqliteApp>(app);

public sealed class PostgresOperationsApiTests(PostgresApp app) : OperationsApiTests<PostgresApp>(app);
