using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

public sealed record SynonymRow(long Id, string Phrase, string Expansion, DateTimeOffset ChangedAt, string ChangedBy);

public sealed record SynonymRequest(string? Phrase, string? Expansion);

public sealed record FieldDepartmentRow(string Field, string AgencyCode, string? AgencyName);

public sealed record FieldDepartmentRequest(string? Field, string? AgencyCode);

public sealed record NationalImportRequest(bool Confirm);

public sealed record ReviewRow(string Code, string Name, string Field, IReadOnlyList<string> Issues);

/// <summary>What the catalogue administrator edits around the national catalogue: synonyms, the field-to-department table, the review list.</summary>
public sealed class CatalogueCuration(OneStopDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SynonymRow>> SynonymsAsync(CancellationToken ct) =>
        await db.Set<SearchSynonymEntry>().AsNoTracking().OrderBy(s => s.Phrase)
            .Select(s => new SynonymRow(s.Id, s.Phrase, s.Expansion, s.ChangedAt, s.ChangedBy)).ToListAsync(ct);

    /// <summary>Adds or replaces a synonym (by its folded phrase); refused when it would loop.</summary>
    public async Task<SynonymRow> SaveSynonymAsync(SynonymRequest request, string actor, CancellationToken ct)
    {
        var phrase = string.Join(' ', CatalogueSearch.Words(request.Phrase));
        var expansion = string.Join(' ', CatalogueSearch.Words(request.Expansion));
        var existing = await db.Set<SearchSynonymEntry>().ToListAsync(ct);
        var refusal = CatalogueSearch.Refusal(existing.Select(s => new SearchSynonym(s.Phrase, s.Expansion)).ToList(), new SearchSynonym(phrase, expansion));
        if (refusal is not null)
        {
            throw new RuleViolationException([new(phrase.Length == 0 ? "phrase" : "expansion", refusal)]);
        }

        if (phrase.Length > 100 || expansion.Length > 200)
        {
            throw new RuleViolationException([new("expansion", "Cụm từ tối đa 100, nghĩa tối đa 200 ký tự. / At most 100 and 200 characters.")]);
        }

        var row = existing.SingleOrDefault(s => s.Phrase == phrase);
        if (row is null)
        {
            row = new SearchSynonymEntry { Phrase = phrase, Expansion = expansion, ChangedBy = actor };
            db.Set<SearchSynonymEntry>().Add(row);
        }

        row.Expansion = expansion;
        row.ChangedAt = clock.GetUtcNow();
        row.ChangedBy = actor;
        await db.SaveChangesAsync(ct);
        return new SynonymRow(row.Id, row.Phrase, row.Expansion, row.ChangedAt, row.ChangedBy);
    }

    public async Task DeleteSynonymAsync(long id, CancellationToken ct)
    {
        if (await db.Set<SearchSynonymEntry>().Where(s => s.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            throw new NotFoundException($"Không có từ đồng nghĩa {id}. / No synonym {id}.");
        }
    }

    public async Task<IReadOnlyList<FieldDepartmentRow>> FieldDepartmentsAsync(CancellationToken ct) =>
        await (from f in db.Set<FieldDepartment>().AsNoTracking()
               join a in db.Agencies.AsNoTracking() on f.AgencyCode equals a.Code into agencies
               from a in agencies.DefaultIfEmpty()
               orderby f.Field
               select new FieldDepartmentRow(f.Field, f.AgencyCode, a == null ? null : a.Name)).ToListAsync(ct);

    /// <summary>Sets the department of a field (a department's code), or removes the field's row when no code is given.</summary>
    public async Task SetFieldDepartmentAsync(FieldDepartmentRequest request, string actor, CancellationToken ct)
    {
        var field = request.Field?.Trim() ?? string.Empty;
        if (field.Length is 0 or > 200)
        {
            throw new RuleViolationException([new("field", "Lĩnh vực là bắt buộc (tối đa 200 ký tự). / The field is required.")]);
        }

        var row = await db.Set<FieldDepartment>().SingleOrDefaultAsync(f => f.Field == field, ct);
        if (string.IsNullOrWhiteSpace(request.AgencyCode))
        {
            if (row is not null)
            {
                db.Remove(row);
            }
        }
        else
        {
            if (!await db.Agencies.AnyAsync(a => a.Code == request.AgencyCode && a.Level == AgencyLevel.Department, ct))
            {
                throw new RuleViolationException([new("agencyCode", $"Không có sở, ngành mã {request.AgencyCode}. / No department with that code.")]);
            }

            if (row is null)
            {
                row = new FieldDepartment { Field = field, AgencyCode = request.AgencyCode, ChangedBy = actor };
                db.Add(row);
            }

            row.AgencyCode = request.AgencyCode;
            row.ChangedAt = clock.GetUtcNow();
            row.ChangedBy = actor;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Versions in force with something an import could not understand, with the list of what.</summary>
    public async Task<PagedResult<ReviewRow>> ReviewAsync(int page, CancellationToken ct)
    {
        const int size = 50;
        page = Math.Max(1, page);
        var today = DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);
        var query = db.ProcedureVersions.AsNoTracking().InForce(today).Where(v => v.ReviewIssueCount > 0);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(v => v.Code).Skip((page - 1) * size).Take(size).Select(v => v.Content).ToListAsync(ct);
        return new PagedResult<ReviewRow>(rows.Select(c => new ReviewRow(c.Code, c.Name, c.Field, c.ReviewIssues)).ToList(), total, page, size);
    }
}

/// <summary>/api/v1/admin/catalogue/synonyms, /field-departments, /review, /national-import (catalogue administrators).</summary>
public static class CatalogueCurationApi
{
    public static RouteGroupBuilder MapCatalogueCurationApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/synonyms", async (CatalogueCuration c, CancellationToken ct) => TypedResults.Ok(await c.SynonymsAsync(ct)))
            .WithSummary("Từ đồng nghĩa khi tìm kiếm / Search synonyms");
        admin.MapPost("/synonyms", SaveSynonym).WithSummary("Thêm hoặc sửa từ đồng nghĩa (từ chối nếu lặp) / Add or change a synonym (refused if it loops)").DisableAntiforgery();
        admin.MapDelete("/synonyms/{id:long}", async (long id, CatalogueCuration c, CancellationToken ct) =>
        {
            await c.DeleteSynonymAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Xoá từ đồng nghĩa / Delete a synonym").DisableAntiforgery();
        admin.MapGet("/field-departments", async (CatalogueCuration c, CancellationToken ct) => TypedResults.Ok(await c.FieldDepartmentsAsync(ct)))
            .WithSummary("Lĩnh vực → sở phụ trách / Field to department");
        admin.MapPut("/field-departments", async (FieldDepartmentRequest body, CatalogueCuration c, HttpContext http, CancellationToken ct) =>
        {
            await c.SetFieldDepartmentAsync(body, CatalogueApi.Actor(http), ct);
            return TypedResults.NoContent();
        }).WithSummary("Đặt sở phụ trách một lĩnh vực / Set a field's department").DisableAntiforgery();
        admin.MapGet("/review", async (CatalogueCuration c, CancellationToken ct, int page = 1) => TypedResults.Ok(await c.ReviewAsync(page, ct)))
            .WithSummary("Thủ tục nhập cần rà soát / Imported procedures to review");
        admin.MapPost("/national-import", async (NationalImportRequest body, NationalCatalogueImport import, HttpContext http, CancellationToken ct) =>
            body.Confirm
                ? TypedResults.Ok(await import.ImportShippedAsync(CatalogueApi.Actor(http), ct))
                : throw new RuleViolationException([new("confirm", "Gửi {\"confirm\": true} để nhập lại danh mục quốc gia. / Send {\"confirm\": true} to re-import.")]))
            .WithSummary("Nhập lại danh mục quốc gia (không đổi gì nếu đã có) / Re-import the national catalogue (idempotent)").DisableAntiforgery();
        return admin;
    }

    private static async Task<Created<SynonymRow>> SaveSynonym(SynonymRequest body, CatalogueCuration c, HttpContext http, CancellationToken ct)
    {
        var row = await c.SaveSynonymAsync(body, CatalogueApi.Actor(http), ct);
        return TypedResults.Created($"/api/v1/admin/catalogue/synonyms/{row.Id}", row);
    }
}
