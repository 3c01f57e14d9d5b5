using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

/// <summary>The catalogue's JSON API: public reads under /api/v1/procedures, administration under /api/v1/admin/catalogue.</summary>
public static class CatalogueApi
{
    public static RouteGroupBuilder MapCatalogueApi(this RouteGroupBuilder api)
    {
        var pub = api.MapGroup("/").WithTags("Catalogue");
        pub.MapGet("/procedures", Search)
            .WithSummary("Tìm thủ tục hành chính / Search procedures")
            .WithDescription("Tìm không dấu: \"dang ky khai sinh\" tìm thấy \"Đăng ký khai sinh\". / Accent-insensitive search.");
        pub.MapGet("/procedures/{code}", Detail).WithSummary("Thủ tục đang có hiệu lực / The procedure version in force");
        pub.MapGet("/procedures/{code}/versions/{version:int}", Version).WithSummary("Một phiên bản của thủ tục / One version of a procedure");
        pub.MapGet("/fields", Fields).WithSummary("Lĩnh vực và số thủ tục / Fields with procedure counts");
        pub.MapGet("/catalogue/statistics", Statistics).WithSummary("Thống kê mức độ dịch vụ công, tại một ngày / Service-level statistics, on a date");
        pub.MapGet("/catalogue/statistics.csv", StatisticsCsv).WithSummary("Thống kê (CSV) / Statistics as CSV");

        var admin = api.MapGroup("/admin/catalogue").WithTags("Catalogue administration").RequireAuthorization(StaffRoles.CataloguePolicy);
        admin.MapGet("/export", ExportJson).WithSummary("Xuất danh mục (JSON) / Export the catalogue as JSON");
        admin.MapGet("/export.xlsx", ExportExcel).WithSummary("Xuất danh mục (Excel) / Export the catalogue as Excel");
        admin.MapPost("/import", ImportJson).WithSummary("Nhập danh mục JSON, tất cả hoặc không / Import a JSON catalogue, all or nothing")
            .DisableAntiforgery(); // cookie-authenticated JSON POST: SameSite=Lax cookie and JSON content type; bearer tokens come with the identity issue.
        admin.MapPost("/procedures/{code}/publish", Publish).DisableAntiforgery();
        admin.MapPost("/procedures/{code}/suspend", Suspend).DisableAntiforgery();
        admin.MapPost("/procedures/{code}/resume", Resume).DisableAntiforgery();
        admin.MapPut("/procedures/{code}/draft", SaveDraft).DisableAntiforgery();
        admin.MapCatalogueCurationApi();
        return api;
    }

    private static async Task<Ok<PagedResult<ProcedureSummary>>> Search(
        CatalogueQueries queries, CancellationToken ct,
        [FromQuery] string? q = null, [FromQuery] string? field = null, [FromQuery] string? agency = null,
        [FromQuery] AgencyLevel? agencyLevel = null, [FromQuery] int? level = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 20)
    {
        if (level is { } l && !Enum.IsDefined((ServiceLevel)l))
        {
            throw new RuleViolationException([new("level", "Mức độ phải từ 1 đến 4. / Level must be 1–4.")]);
        }

        if (pageSize is < 1 or > CatalogueQueries.MaxPageSize || page < 1)
        {
            throw new RuleViolationException([new("pageSize", $"Trang từ 1, cỡ trang từ 1 đến {CatalogueQueries.MaxPageSize}. / page ≥ 1, pageSize 1–{CatalogueQueries.MaxPageSize}.")]);
        }

        var result = await queries.SearchAsync(new CatalogueFilter(q, field, agency, agencyLevel, (ServiceLevel?)level, page, pageSize), ct);
        return TypedResults.Ok(result);
    }

    private static async Task<Ok<ProcedureDetail>> Detail(string code, CatalogueQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.DetailAsync(code, null, ct) ?? throw NotFound(code));

    private static async Task<Ok<ProcedureDetail>> Version(string code, int version, CatalogueQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.DetailAsync(code, version, ct) ?? throw NotFound($"{code} v{version}"));

    private static async Task<Ok<IReadOnlyList<FieldCount>>> Fields(CatalogueQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.FieldsAsync(ct));

    private static async Task<Ok<CatalogueStatisticsReport>> Statistics(CatalogueQueries queries, CancellationToken ct, [FromQuery] DateOnly? date = null) =>
        TypedResults.Ok(await queries.StatisticsAsync(date ?? queries.Today, ct));

    private static async Task<FileContentHttpResult> StatisticsCsv(CatalogueQueries queries, CancellationToken ct, [FromQuery] DateOnly? date = null)
    {
        var day = date ?? queries.Today;
        return TypedResults.File(CatalogueQueries.StatisticsCsv(await queries.StatisticsAsync(day, ct), day), "text/csv; charset=utf-8", $"thong-ke-thu-tuc-{day:yyyy-MM-dd}.csv");
    }

    private static async Task<Ok<CatalogueDocument>> ExportJson(CatalogueExport export, CancellationToken ct) =>
        TypedResults.Ok(await export.DocumentAsync(ct));

    private static async Task<FileContentHttpResult> ExportExcel(CatalogueExport export, CancellationToken ct) =>
        TypedResults.File(CatalogueWorkbook.Write(await export.DocumentAsync(ct)), CatalogueWorkbook.ContentType, "danh-muc-thu-tuc.xlsx");

    private static async Task<Ok<ImportSummary>> ImportJson(CatalogueDocument document, CatalogueWriter writer, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await writer.ImportAsync(document, Actor(http), ct));

    public sealed record PublishRequest(DateOnly? EffectiveFrom);

    private static async Task<Ok<VersionSummary>> Publish(string code, PublishRequest? body, CatalogueWriter writer, HttpContext http, CancellationToken ct)
    {
        var v = await writer.PublishAsync(code, body?.EffectiveFrom, Actor(http), ct);
        return TypedResults.Ok(new VersionSummary(v.Version, v.Status, v.EffectiveFrom, v.EffectiveTo, v.PublishedAt));
    }

    private static async Task<NoContent> Suspend(string code, CatalogueWriter writer, HttpContext http, CancellationToken ct)
    {
        await writer.SuspendAsync(code, Actor(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Resume(string code, CatalogueWriter writer, HttpContext http, CancellationToken ct)
    {
        await writer.ResumeAsync(code, Actor(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<VersionSummary>> SaveDraft(string code, ProcedureContent content, CatalogueWriter writer, HttpContext http, CancellationToken ct)
    {
        if (content.Code != code)
        {
            throw new RuleViolationException([new("code", "Mã trong nội dung phải trùng mã trên đường dẫn. / The code in the body must match the path.")]);
        }

        var v = await writer.SaveDraftAsync(content, Actor(http), null, ct);
        return TypedResults.Ok(new VersionSummary(v.Version, v.Status, v.EffectiveFrom, v.EffectiveTo, v.PublishedAt));
    }

    internal static string Actor(HttpContext http) => http.User.Identity?.Name ?? "anonymous";

    private static NotFoundException NotFound(string code) =>
        new($"Không có thủ tục mã {code}. / No procedure with code {code}.");
}
