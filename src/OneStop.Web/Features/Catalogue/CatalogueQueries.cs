using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Agencies;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Text;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

/// <summary>Search filters of the public catalogue; every one optional.</summary>
public sealed record CatalogueFilter(string? Q = null, string? Field = null, string? Agency = null, AgencyLevel? AgencyLevel = null, ServiceLevel? Level = null, int Page = 1, int PageSize = 20);

public sealed record ProcedureSummary(string Code, string Name, string Field, ServiceLevel ServiceLevel, OnlineScope OnlineScope, IReadOnlyList<AgencyLevel> AgencyLevels, bool CodeIsSample);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record FieldCount(string Field, int Count);

public sealed record VersionSummary(int Version, ProcedureStatus Status, DateOnly EffectiveFrom, DateOnly? EffectiveTo, DateTimeOffset? PublishedAt);

public sealed record ImplementingAgency(string Code, string Name, AgencyLevel Level);

public sealed record ProcedureDetail(
    Guid VersionId,
    int Version,
    ProcedureStatus Status,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    bool InForce,
    ProcedureContent Content,
    IReadOnlyList<VersionSummary> Versions,
    IReadOnlyList<ImplementingAgency> Agencies);

/// <summary>What a procedure page shows from the national catalogue.</summary>
public sealed record NationalDetails(ProcedureContent Content, DateTimeOffset? ImportedAt, ImplementingAgency? Department)
{
    public bool NationalOnly => Content.AgencyLevels.Count > 0 && Content.AgencyLevels.All(l => l == AgencyLevel.Ministry);
}

/// <summary>Reads of the public catalogue. Every query reads only published versions in force (or one named version).</summary>
public sealed class CatalogueQueries(OneStopDbContext db, TimeProvider clock, CatalogueSearchQuery search)
{
    public const int MaxPageSize = 100;

    public DateOnly Today => DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);

    private IQueryable<ProcedureVersion> InForce() => db.ProcedureVersions.AsNoTracking().InForce(Today);

    public async Task<PagedResult<ProcedureSummary>> SearchAsync(CatalogueFilter f, CancellationToken ct)
    {
        var page = Math.Max(1, f.Page);
        var size = Math.Clamp(f.PageSize, 1, MaxPageSize);
        if (f.Q is { Length: > CatalogueSearch.MaxQueryLength })
        {
            throw new RuleViolationException([new("q", $"Từ khoá tìm kiếm không quá {CatalogueSearch.MaxQueryLength} ký tự. / A search query has at most {CatalogueSearch.MaxQueryLength} characters.")]);
        }

        var query = InForce();
        if (!string.IsNullOrWhiteSpace(f.Field))
        {
            query = query.Where(v => v.Field == f.Field);
        }

        if (f.Level is { } level)
        {
            query = query.Where(v => v.ServiceLevel == level);
        }

        if (f.AgencyLevel is { } agencyLevel)
        {
            var mask = AgencyLevelMask.Of(agencyLevel);
            query = query.Where(v => (v.AgencyLevels & mask) != 0);
        }

        if (!string.IsNullOrWhiteSpace(f.Agency))
        {
            var agency = await db.Agencies.AsNoTracking().Where(a => a.Code == f.Agency)
                .Select(a => new { a.Code, a.Level, a.Model }).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException($"Không có cơ quan mã {f.Agency}. / No agency with code {f.Agency}.");
            var mask = AgencyLevelMask.Of(AgencyModelRules.LevelsServedBy(agency.Level, db.ActiveAgencyModel == AgencyModel.TwoLevel));
            var wrapped = "|" + agency.Code + "|";
            query = query.Where(v => (v.AgencyLevels & mask) != 0 && (v.AgencyCodes == "" || v.AgencyCodes.Contains(wrapped)));
        }

        var terms = CatalogueSearch.Plan(f.Q, await SynonymsAsync(ct));
        if (terms.Count > 0)
        {
            var hits = await search.HitsAsync(terms, ct);
            var ranked = from v in query
                         join h in hits on v.Id equals h.VersionId
                         select new { v, h.Score };
            var found = await ranked.CountAsync(ct);
            var page1 = await ranked
                .OrderByDescending(x => x.Score).ThenBy(x => x.v.Name.Length).ThenBy(x => x.v.Code)
                .Skip((page - 1) * size).Take(size)
                .Select(x => new { x.v.Code, x.v.Name, x.v.Field, x.v.ServiceLevel, x.v.OnlineScope, x.v.AgencyLevels, x.v.CodeIsSample })
                .ToListAsync(ct);
            return new PagedResult<ProcedureSummary>(
                page1.Select(r => new ProcedureSummary(r.Code, r.Name, r.Field, r.ServiceLevel, r.OnlineScope, AgencyLevelMask.Levels(r.AgencyLevels), r.CodeIsSample)).ToList(),
                found, page, size);
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(v => v.Field).ThenBy(v => v.Name).ThenBy(v => v.Code)
            .Skip((page - 1) * size).Take(size)
            .Select(v => new { v.Code, v.Name, v.Field, v.ServiceLevel, v.OnlineScope, v.AgencyLevels, v.CodeIsSample })
            .ToListAsync(ct);
        var items = rows.Select(r => new ProcedureSummary(r.Code, r.Name, r.Field, r.ServiceLevel, r.OnlineScope, AgencyLevelMask.Levels(r.AgencyLevels), r.CodeIsSample)).ToList();
        return new PagedResult<ProcedureSummary>(items, total, page, size);
    }

    /// <summary>The synonyms in force (a small table, read on every search: an administrator's change is seen at once everywhere).</summary>
    public async Task<IReadOnlyList<SearchSynonym>> SynonymsAsync(CancellationToken ct) =>
        await db.Set<SearchSynonymEntry>().AsNoTracking().OrderBy(s => s.Phrase).Select(s => new SearchSynonym(s.Phrase, s.Expansion)).ToListAsync(ct);

    public async Task<IReadOnlyList<FieldCount>> FieldsAsync(CancellationToken ct) =>
        (await InForce().GroupBy(v => v.Field)
            .Select(g => new { Field = g.Key, Count = g.Count() })
            .ToListAsync(ct))
        .OrderBy(x => x.Field, StringComparer.Ordinal)
        .Select(x => new FieldCount(x.Field, x.Count))
        .ToList();

    /// <summary>The version in force of a procedure, or a named version (any but drafts). Null when there is none.</summary>
    public async Task<ProcedureDetail?> DetailAsync(string code, int? version, CancellationToken ct)
    {
        var versions = await db.ProcedureVersions.AsNoTracking()
            .Where(v => v.Code == code && v.Status != ProcedureStatus.Draft)
            .OrderByDescending(v => v.Version)
            .ToListAsync(ct);
        if (versions.Count == 0)
        {
            return null;
        }

        var today = Today;
        var chosen = version is { } n
            ? versions.SingleOrDefault(v => v.Version == n)
            : versions.FirstOrDefault(v => ProcedureVersioning.InForce(v.Status, v.EffectiveFrom, v.EffectiveTo, today))
              ?? versions.FirstOrDefault(v => v.Status == ProcedureStatus.Suspended && v.EffectiveTo is null);
        if (chosen is null)
        {
            return null;
        }

        var agencies = await ImplementingAgenciesAsync(chosen.Content, ct);
        return new ProcedureDetail(
            chosen.Id, chosen.Version, chosen.Status, chosen.EffectiveFrom, chosen.EffectiveTo,
            ProcedureVersioning.InForce(chosen.Status, chosen.EffectiveFrom, chosen.EffectiveTo, today),
            chosen.Content,
            versions.Select(v => new VersionSummary(v.Version, v.Status, v.EffectiveFrom, v.EffectiveTo, v.PublishedAt)).ToList(),
            agencies);
    }

    /// <summary>A version by its id, whatever its status: what a dossier filed under it reads.</summary>
    public Task<ProcedureContent?> VersionContentAsync(Guid versionId, CancellationToken ct) =>
        db.ProcedureVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => (ProcedureContent?)v.Content).SingleOrDefaultAsync(ct);

    private async Task<IReadOnlyList<ImplementingAgency>> ImplementingAgenciesAsync(ProcedureContent content, CancellationToken ct)
    {
        if (content.AgencyCodes.Count == 0)
        {
            return [];
        }

        var codes = content.AgencyCodes.ToList();
        return await db.Agencies.AsNoTracking().Where(a => codes.Contains(a.Code))
            .OrderBy(a => a.SortOrder)
            .Select(a => new ImplementingAgency(a.Code, a.Name, a.Level))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The national catalogue's additions to a procedure page: when the version was imported (null when a person wrote
    /// it), the city department that handles its provincial-level part (the field-to-department table), and the content.
    /// </summary>
    public async Task<NationalDetails> NationalDetailsAsync(ProcedureDetail detail, CancellationToken ct)
    {
        var imported = await db.ProcedureVersions.AsNoTracking()
            .Where(v => v.Id == detail.VersionId && v.ChangedBy == NationalCatalogueMapping.ImportActor)
            .Select(v => (DateTimeOffset?)v.CreatedAt).SingleOrDefaultAsync(ct);
        ImplementingAgency? department = null;
        if (detail.Content.AgencyLevels.Contains(AgencyLevel.Department) && detail.Content.AgencyCodes.Count == 0)
        {
            department = await (from f in db.Set<FieldDepartment>().AsNoTracking()
                                join a in db.Agencies.AsNoTracking() on f.AgencyCode equals a.Code
                                where f.Field == detail.Content.Field
                                select new ImplementingAgency(a.Code, a.Name, a.Level)).FirstOrDefaultAsync(ct);
        }

        return new NationalDetails(detail.Content, imported, department);
    }

    public Task<CatalogueStatisticsReport> StatisticsAsync(CancellationToken ct) => StatisticsAsync(Today, ct);

    /// <summary>
    /// The catalogue as the seeds count it, on any date: the versions in force that day, each at the level its rollout
    /// batches in force had raised it to (<see cref="Rollout.LevelOn"/>), by agency level and field.
    /// </summary>
    public async Task<CatalogueStatisticsReport> StatisticsAsync(DateOnly date, CancellationToken ct)
    {
        var rows = await db.ProcedureVersions.AsNoTracking().InForce(date).Select(v => new { v.Code, v.ServiceLevel, v.AgencyLevels, v.Field }).ToListAsync(ct);
        var batches = (await db.RolloutBatches.AsNoTracking().Where(b => b.EffectiveOn <= date).ToListAsync(ct))
            .Select(b => new RolloutBatchRule(b.EffectiveOn, b.ServiceLevel, b.ProcedureCodes.ToHashSet(StringComparer.Ordinal)))
            .ToList();
        return CatalogueStatistics.Compute(rows.Select(r =>
            new CountedProcedure(Rollout.LevelOn(r.Code, r.ServiceLevel, batches, date), AgencyLevelMask.Levels(r.AgencyLevels), r.Field)));
    }

    /// <summary>The report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese right).</summary>
    public static byte[] StatisticsCsv(CatalogueStatisticsReport report, DateOnly date)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("date,group_kind,group,total,level1,level2,level3,level4,online,online_share_percent\n");
        void Row(string kind, LevelBreakdown b) => sb.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"{date:yyyy-MM-dd},{kind},{Csv(b.Group)},{b.Total},{b.Level1},{b.Level2},{b.Level3},{b.Level4},{b.Online},{b.OnlineShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n");
        Row("all", report.All);
        foreach (var b in report.ByAgencyLevel)
        {
            Row("agency_level", b);
        }

        foreach (var b in report.ByField)
        {
            Row("field", b);
        }

        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith('=') || value.StartsWith('+') || value.StartsWith('-') || value.StartsWith('@')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}

/// <summary>Query helpers on procedure versions shared by the catalogue and the dossiers.</summary>
public static class ProcedureVersionQueries
{
    /// <summary>Versions in force on a date (the SQL form of <see cref="ProcedureVersioning.InForce"/>).</summary>
    public static IQueryable<ProcedureVersion> InForce(this IQueryable<ProcedureVersion> versions, DateOnly today) =>
        versions.Where(v =>
            (v.Status == ProcedureStatus.Published || v.Status == ProcedureStatus.Superseded)
            && v.EffectiveFrom <= today && (v.EffectiveTo == null || today < v.EffectiveTo));
}
