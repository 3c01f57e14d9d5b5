using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Agencies;

// The agency tree: the city, its departments, districts and communes (three-level model) or communes (two-level model).

public sealed record AgencySummary(string Code, string Name, string? NameEn, AgencyLevel Level, int Children, bool CodeIsSample);

public sealed record AgencyDetail(
    string Code, string Name, string? NameEn, AgencyLevel Level, string? UnitCode, string DeskName, string? DeskAddress, string? DeskPhone,
    bool CodeIsSample, AgencySummary? Parent, IReadOnlyList<AgencySummary> Children);

public sealed class AgencyQueries(OneStopDbContext db)
{
    public AgencyModel Model => db.ActiveAgencyModel;

    /// <summary>Children of an agency (or the roots when <paramref name="parentCode"/> is null), with their child counts, in one query.</summary>
    public async Task<IReadOnlyList<AgencySummary>> ChildrenAsync(string? parentCode, CancellationToken ct)
    {
        var query = db.Agencies.AsNoTracking();
        query = parentCode is null
            ? query.Where(a => a.ParentId == null)
            : query.Where(a => a.Parent!.Code == parentCode);
        return await query.OrderBy(a => a.SortOrder)
            .Select(a => new AgencySummary(a.Code, a.Name, a.NameEn, a.Level, db.Agencies.Count(c => c.ParentId == a.Id), a.CodeIsSample))
            .ToListAsync(ct);
    }

    public async Task<AgencyDetail?> DetailAsync(string code, CancellationToken ct)
    {
        var a = await db.Agencies.AsNoTracking().Where(x => x.Code == code)
            .Select(x => new { x.Id, x.Code, x.Name, x.NameEn, x.Level, x.UnitCode, x.DeskName, x.DeskAddress, x.DeskPhone, x.CodeIsSample, Parent = x.Parent == null ? null : new AgencySummary(x.Parent.Code, x.Parent.Name, x.Parent.NameEn, x.Parent.Level, 0, x.Parent.CodeIsSample) })
            .SingleOrDefaultAsync(ct);
        if (a is null)
        {
            return null;
        }

        var children = await ChildrenAsync(a.Code, ct);
        return new AgencyDetail(a.Code, a.Name, a.NameEn, a.Level, a.UnitCode, a.DeskName, a.DeskAddress, a.DeskPhone, a.CodeIsSample, a.Parent, children);
    }

    /// <summary>Agencies that implement procedures directly and are few enough for a filter list: departments and districts.</summary>
    public async Task<IReadOnlyList<AgencySummary>> FilterChoicesAsync(CancellationToken ct) =>
        await db.Agencies.AsNoTracking()
            .Where(a => a.Level == AgencyLevel.Department || a.Level == AgencyLevel.District)
            .OrderBy(a => a.SortOrder)
            .Select(a => new AgencySummary(a.Code, a.Name, a.NameEn, a.Level, 0, a.CodeIsSample))
            .ToListAsync(ct);
}

public static class AgencyApi
{
    public static RouteGroupBuilder MapAgencyApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/agencies").WithTags("Agencies");
        g.MapGet("/", async (AgencyQueries q, string? parent, CancellationToken ct) => TypedResults.Ok(await q.ChildrenAsync(parent, ct)))
            .WithSummary("Cơ quan gốc hoặc cơ quan con / Root agencies, or the children of ?parent=");
        g.MapGet("/{code}", Detail).WithSummary("Một cơ quan và Bộ phận Một cửa / One agency and its one-stop desk");
        return api;
    }

    private static async Task<Ok<AgencyDetail>> Detail(string code, AgencyQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.DetailAsync(code, ct) ?? throw new NotFoundException($"Không có cơ quan mã {code}. / No agency with code {code}."));
}
