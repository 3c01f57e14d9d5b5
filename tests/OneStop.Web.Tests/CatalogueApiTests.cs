using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;

namespace OneStop.Web.Tests;

/// <summary>The catalogue end to end through HTTP, run once on SQLite and once on PostgreSQL.</summary>
public abstract class CatalogueApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static readonly JsonSerializerOptions Json = OneStopDbContext.Json;

    protected TApp App => app;

    private async Task<PagedResult<ProcedureSummary>> SearchAsync(string query)
    {
        var r = await app.Client().GetFromJsonAsync<PagedResult<ProcedureSummary>>(new Uri("/api/v1/procedures?pageSize=100&q=" + Uri.EscapeDataString(query), UriKind.Relative), Json);
        return r!;
    }

    [Theory]
    [InlineData("đăng ký khai sinh")]
    [InlineData("dang ky khai sinh")]
    [InlineData("DANG KY KHAI SINH")]
    public async Task Search_finds_birth_registration_with_or_without_accents(string query)
    {
        var result = await SearchAsync(query);
        Assert.Contains(result.Items, p => p.Code == "1.001193");
    }

    [Fact]
    public async Task Khai_tu_without_accents_finds_death_registration_and_not_birth()
    {
        // Names rank over fields and documents (issue 18): the death registrations come first; a procedure whose
        // documents hold "tờ khai" and whose name holds "tư" follows them, and "tu" never stands for "tục".
        var result = await SearchAsync("khai tu");
        Assert.NotEmpty(result.Items);
        var byName = result.Items.TakeWhile(p => p.Name.Contains("khai tử", StringComparison.OrdinalIgnoreCase)).Count();
        Assert.True(byName >= 2);
        Assert.DoesNotContain(result.Items.Skip(byName), p => p.Name.Contains("khai tử", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(result.Items, p => p.Code == "1.001193");
    }

    [Fact]
    public async Task The_seeded_catalogue_holds_the_real_procedures_at_three_agency_levels()
    {
        var all = await app.Client().GetFromJsonAsync<PagedResult<ProcedureSummary>>(new Uri("/api/v1/procedures?pageSize=100", UriKind.Relative), Json);
        Assert.True(all!.Total >= 29);
        foreach (var level in new[] { AgencyLevel.Department, AgencyLevel.District, AgencyLevel.Commune })
        {
            Assert.Contains(all.Items, p => p.AgencyLevels.Contains(level));
        }

        var lltp = await SearchAsync("ly lich tu phap");
        var summary = Assert.Single(lltp.Items, p => p.AgencyLevels.Contains(AgencyLevel.Department));
        var byAgency = await app.Client().GetFromJsonAsync<PagedResult<ProcedureSummary>>(new Uri("/api/v1/procedures?pageSize=100&agency=000.00.01.H26", UriKind.Relative), Json);
        Assert.Contains(byAgency!.Items, p => p.Code == summary.Code);
        Assert.DoesNotContain(byAgency.Items, p => p.AgencyLevels.SequenceEqual([AgencyLevel.Commune]));
    }

    [Fact]
    public async Task Filters_by_field_and_level_narrow_the_results()
    {
        var client = app.Client();
        var level4 = await client.GetFromJsonAsync<PagedResult<ProcedureSummary>>(new Uri("/api/v1/procedures?level=4&pageSize=100", UriKind.Relative), Json);
        Assert.NotEmpty(level4!.Items);
        Assert.All(level4.Items, p => Assert.Equal(ServiceLevel.OnlinePayment, p.ServiceLevel));
        var field = await client.GetFromJsonAsync<PagedResult<ProcedureSummary>>(new Uri("/api/v1/procedures?pageSize=100&field=" + Uri.EscapeDataString("Hộ tịch"), UriKind.Relative), Json);
        Assert.NotEmpty(field!.Items);
        Assert.All(field.Items, p => Assert.Equal("Hộ tịch", p.Field));
    }

    [Fact]
    public async Task Unknown_code_is_a_404_problem()
    {
        var response = await app.Client().GetAsync(new Uri("/api/v1/procedures/9.999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("9.999999", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/procedures?level=7")]
    [InlineData("/api/v1/procedures?pageSize=1000")]
    [InlineData("/api/v1/procedures?page=0")]
    public async Task Bad_query_is_a_400_problem(string url)
    {
        var response = await app.Client().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_api_route_is_a_problem_and_unknown_page_is_a_friendly_404()
    {
        var api = await app.Client().GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var page = await app.Client().GetAsync(new Uri("/khong-co-trang-nay", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Không tìm thấy trang", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_a_new_version_never_changes_what_an_old_dossier_references()
    {
        var code = Fixtures.UniqueCode("VER");
        Guid v1Id;
        using (var scope = app.Services.CreateScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<CatalogueWriter>();
            await writer.SaveDraftAsync(Fixtures.Procedure(code, name: "Cấp giấy phép phiên bản một"), "test", null, default);
            v1Id = (await writer.PublishAsync(code, null, "test", default)).Id;
        }

        // A stand-in for a dossier filed under version 1: it holds the version id.
        var dossierVersionRef = v1Id;
        using (var scope = app.Services.CreateScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<CatalogueWriter>();
            var changed = Fixtures.Procedure(code, name: "Cấp giấy phép phiên bản hai") with { Fees = [new Fee("Lệ phí", 80_000)] };
            await writer.SaveDraftAsync(changed, "test", null, default);
            await writer.PublishAsync(code, null, "test", default);
        }

        using (var scope = app.Services.CreateScope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<CatalogueQueries>();
            var old = await queries.VersionContentAsync(dossierVersionRef, default);
            Assert.Equal("Cấp giấy phép phiên bản một", old!.Name);
            Assert.Equal(50_000, old.Fees[0].AmountVnd);
        }

        var current = await app.Client().GetFromJsonAsync<ProcedureDetail>(new Uri($"/api/v1/procedures/{code}", UriKind.Relative), Json);
        Assert.Equal(2, current!.Version);
        Assert.Equal("Cấp giấy phép phiên bản hai", current.Content.Name);
        var v1 = await app.Client().GetFromJsonAsync<ProcedureDetail>(new Uri($"/api/v1/procedures/{code}/versions/1", UriKind.Relative), Json);
        Assert.Equal(ProcedureStatus.Superseded, v1!.Status);
        Assert.Equal("Cấp giấy phép phiên bản một", v1.Content.Name);
        Assert.Equal(current.EffectiveFrom, v1.EffectiveTo);
    }

    [Fact]
    public async Task Import_is_all_or_nothing_with_errors_per_entry()
    {
        var admin = await app.AdminClientAsync();
        var good = Fixtures.Procedure(Fixtures.UniqueCode("IMP"));
        var bad = Fixtures.Procedure(Fixtures.UniqueCode("IMP")) with { Name = "", Documents = [] };
        var response = await admin.PostAsJsonAsync(new Uri("/api/v1/admin/catalogue/import", UriKind.Relative), Fixtures.Document(good, bad), Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = doc.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("procedures[1].content.name", out _));
        Assert.True(errors.TryGetProperty("procedures[1].content.documents", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri($"/api/v1/procedures/{good.Code}", UriKind.Relative))).StatusCode);

        var ok = await admin.PostAsJsonAsync(new Uri("/api/v1/admin/catalogue/import", UriKind.Relative), Fixtures.Document(good), Json);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync(new Uri($"/api/v1/procedures/{good.Code}", UriKind.Relative))).StatusCode);
        var again = await admin.PostAsJsonAsync(new Uri("/api/v1/admin/catalogue/import", UriKind.Relative), Fixtures.Document(good), Json);
        var summary = await again.Content.ReadFromJsonAsync<ImportSummary>(Json);
        Assert.Equal(new ImportSummary(0, 0, 1, 0), summary);
    }

    [Fact]
    public async Task Administration_needs_a_signed_in_catalogue_administrator()
    {
        var anonymous = app.Client();
        var import = await anonymous.PostAsJsonAsync(new Uri("/api/v1/admin/catalogue/import", UriKind.Relative), Fixtures.Document(), Json);
        Assert.Equal(HttpStatusCode.Unauthorized, import.StatusCode);
        var export = await anonymous.GetAsync(new Uri("/api/v1/admin/catalogue/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        var page = await anonymous.GetAsync(new Uri("/quan-tri/thu-tuc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/dang-nhap", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_that_promises_level_3_without_a_form_cannot_be_published()
    {
        var admin = await app.AdminClientAsync();
        var code = Fixtures.UniqueCode("PUB");
        var draft = Fixtures.Procedure(code) with { Documents = [new RequiredDocument("Đơn", Template: new FormTemplate("Đơn", "don.docx"))] };
        var put = await admin.PutAsJsonAsync(new Uri($"/api/v1/admin/catalogue/procedures/{code}/draft", UriKind.Relative), draft, Json);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var publish = await admin.PostAsync(new Uri($"/api/v1/admin/catalogue/procedures/{code}/publish", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("biểu mẫu điền trực tuyến", await publish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri($"/api/v1/procedures/{code}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_bad_form_definition_in_a_draft_is_refused_with_the_reason_and_nothing_is_stored()
    {
        var admin = await app.AdminClientAsync();
        var code = Fixtures.UniqueCode("FRM");
        var form = new FormDefinition("Tờ khai", [new FormField("kind", "Loại", FormFieldType.Select, Choices: ["Một"])]);
        var draft = Fixtures.Procedure(code) with { Documents = [new RequiredDocument("Tờ khai", Template: new FormTemplate("Tờ khai", null, form))] };
        var put = await admin.PutAsJsonAsync(new Uri($"/api/v1/admin/catalogue/procedures/{code}/draft", UriKind.Relative), draft, Json);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("documents[0].template.form.fields[0].choices", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        Assert.False(await db.Procedures.AnyAsync(p => p.Code == code));
    }

    [Fact]
    public async Task Suspending_hides_a_procedure_and_suspending_twice_is_a_conflict()
    {
        var admin = await app.AdminClientAsync();
        var code = Fixtures.UniqueCode("SUS");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync(new Uri("/api/v1/admin/catalogue/import", UriKind.Relative), Fixtures.Document(Fixtures.Procedure(code)), Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(new Uri($"/api/v1/admin/catalogue/procedures/{code}/suspend", UriKind.Relative), null)).StatusCode);
        var again = await admin.PostAsync(new Uri($"/api/v1/admin/catalogue/procedures/{code}/suspend", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Suspended", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var search = await SearchAsync(code);
        Assert.Empty(search.Items);
        var detail = await app.Client().GetFromJsonAsync<ProcedureDetail>(new Uri($"/api/v1/procedures/{code}", UriKind.Relative), Json);
        Assert.Equal(ProcedureStatus.Suspended, detail!.Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(new Uri($"/api/v1/admin/catalogue/procedures/{code}/resume", UriKind.Relative), null)).StatusCode);
        Assert.Single((await SearchAsync(code)).Items);
    }

    [Fact]
    public async Task Excel_export_reads_back_to_the_same_catalogue()
    {
        var admin = await app.AdminClientAsync();
        var json = await admin.GetFromJsonAsync<CatalogueDocument>(new Uri("/api/v1/admin/catalogue/export", UriKind.Relative), Json);
        var xlsx = await admin.GetAsync(new Uri("/api/v1/admin/catalogue/export.xlsx", UriKind.Relative));
        Assert.Equal(CatalogueWorkbook.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        await using var stream = await xlsx.Content.ReadAsStreamAsync();
        var (read, errors) = CatalogueWorkbook.Read(stream);
        Assert.Empty(errors);
        Assert.Equal(json!.Procedures.Count, read!.Procedures.Count);
        foreach (var (a, b) in json.Procedures.Zip(read.Procedures))
        {
            Assert.Equal(JsonSerializer.Serialize(a.Content, Json), JsonSerializer.Serialize(b.Content, Json));
        }

        Assert.Equal(json.RolloutBatches.Count, read.RolloutBatches.Count);
    }

    [Fact]
    public async Task Template_download_is_a_word_document()
    {
        var response = await app.Client().GetAsync(new Uri("/thu-tuc/1.001193/mau/0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri("/thu-tuc/1.001193/mau/99", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Health_and_openapi_answer()
    {
        var client = app.Client();
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        var openapi = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("/api/v1/procedures/{code}", openapi, StringComparison.Ordinal);
        var reference = await client.GetStringAsync(new Uri("/tai-lieu-api", UriKind.Relative));
        Assert.Contains("/api/v1/catalogue/statistics", reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agency_tree_has_the_city_departments_30_districts_and_their_communes()
    {
        var client = app.Client();
        using var roots = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/agencies", UriKind.Relative)));
        var city = Assert.Single(roots.RootElement.EnumerateArray());
        Assert.Equal("000.00.00.H26", city.GetProperty("code").GetString());
        using var children = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/agencies?parent=000.00.00.H26", UriKind.Relative)));
        var list = children.RootElement.EnumerateArray().ToList();
        Assert.Equal(30, list.Count(a => a.GetProperty("level").GetString() == "District"));
        Assert.True(list.Count(a => a.GetProperty("level").GetString() == "Department") >= 11);
        Assert.Contains(list, a => a.GetProperty("name").GetString() == "Sở Quy hoạch – Kiến trúc");
        var baDinh = list.Single(a => a.GetProperty("name").GetString() == "UBND Quận Ba Đình");
        Assert.Equal(13, baDinh.GetProperty("children").GetInt32()); // 13 wards of Ba Đình in the 2025-01 unit data
        using var detail = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/agencies/" + baDinh.GetProperty("code").GetString(), UriKind.Relative)));
        Assert.StartsWith("Bộ phận Một cửa", detail.RootElement.GetProperty("deskName").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/agencies/nope", UriKind.Relative))).StatusCode);
    }
}

public sealed class CatalogueApiTestsOnSqlite(SqliteApp app) : CatalogueApiTests<SqliteApp>(app);

public sealed class CatalogueApiTestsOnPostgres(PostgresApp app) : CatalogueApiTests<PostgresApp>(app);
