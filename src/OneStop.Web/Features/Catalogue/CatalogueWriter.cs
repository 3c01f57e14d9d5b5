using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Text;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// Every change to the catalogue goes through here: drafts, publishing, suspension, import. Each public method is one
/// transaction; a published version is never modified.
/// </summary>
public sealed class CatalogueWriter(OneStopDbContext db, TimeProvider clock, CatalogueSearchIndex searchIndex)
{
    public DateOnly Today => DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);

    /// <summary>Creates a procedure with a first draft, or a new draft version of an existing procedure.</summary>
    public async Task<ProcedureVersion> SaveDraftAsync(ProcedureContent content, string actor, Guid? expectedStamp, CancellationToken ct)
    {
        var errors = CatalogueRules.Validate(content);
        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        var procedure = await db.Procedures.Include(p => p.Versions).SingleOrDefaultAsync(p => p.Code == content.Code, ct);
        var now = clock.GetUtcNow();
        if (procedure is null)
        {
            procedure = new Procedure { Id = Guid.CreateVersion7(), Code = content.Code, CreatedAt = now };
            db.Procedures.Add(procedure);
        }

        var draft = procedure.Versions.SingleOrDefault(v => v.Status == ProcedureStatus.Draft);
        if (draft is null)
        {
            draft = NewVersion(procedure, content, ProcedureStatus.Draft, Today, actor, now);
            db.ProcedureVersions.Add(draft);
        }
        else
        {
            if (expectedStamp is { } stamp && stamp != draft.ConcurrencyStamp)
            {
                throw new ConflictException("Bản nháp đã được người khác sửa; hãy tải lại trang. / The draft was changed by someone else; reload the page.");
            }

            Apply(draft, content);
            draft.UpdatedAt = now;
            draft.ChangedBy = actor;
            draft.ConcurrencyStamp = Guid.NewGuid();
        }

        await SaveAsync(ct);
        return draft;
    }

    /// <summary>Publishes the draft: it becomes the version in force from <paramref name="effectiveFrom"/>; the previous one is superseded then.</summary>
    public async Task<ProcedureVersion> PublishAsync(string code, DateOnly? effectiveFrom, string actor, CancellationToken ct)
    {
        var procedure = await db.Procedures.Include(p => p.Versions).SingleOrDefaultAsync(p => p.Code == code, ct)
            ?? throw new NotFoundException($"Không có thủ tục mã {code}. / No procedure with code {code}.");
        var draft = procedure.Versions.SingleOrDefault(v => v.Status == ProcedureStatus.Draft)
            ?? throw new ConflictException($"Thủ tục {code} không có bản nháp để công bố. / Procedure {code} has no draft to publish.");
        var errors = CatalogueRules.ValidateForPublishing(draft.Content);
        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors, "Bản nháp chưa đủ điều kiện công bố. / The draft cannot be published yet.");
        }

        PublishInto(procedure, draft, effectiveFrom ?? Today, actor, clock.GetUtcNow());
        await using var tx = await BeginAsync(ct);
        await SaveAsync(ct);
        await searchIndex.WriteAsync([draft], ct);
        await CommitAsync(tx, ct);
        return draft;
    }

    public Task SuspendAsync(string code, string actor, CancellationToken ct) =>
        ChangeCurrentAsync(code, ProcedureVersioning.CanSuspend, ProcedureStatus.Suspended, actor,
            "Chỉ tạm dừng được thủ tục đang công bố. / Only a published procedure can be suspended.", ct);

    public Task ResumeAsync(string code, string actor, CancellationToken ct) =>
        ChangeCurrentAsync(code, ProcedureVersioning.CanResume, ProcedureStatus.Published, actor,
            "Chỉ khôi phục được thủ tục đang tạm dừng. / Only a suspended procedure can be resumed.", ct);

    /// <summary>
    /// Imports a catalogue document all or nothing: every entry is checked first and any error refuses the whole file.
    /// An entry whose content equals the procedure's latest version is skipped, so re-importing an export changes nothing.
    /// </summary>
    public async Task<ImportSummary> ImportAsync(CatalogueDocument document, string actor, CancellationToken ct)
    {
        var errors = new List<RuleError>();
        if (document.Format != CatalogueDocument.CurrentFormat)
        {
            errors.Add(new("format", $"Định dạng phải là \"{CatalogueDocument.CurrentFormat}\". / Format must be \"{CatalogueDocument.CurrentFormat}\"."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Procedures.Count; i++)
        {
            var entry = document.Procedures[i];
            var at = $"procedures[{i}]";
            if (entry.Content is null)
            {
                errors.Add(new(at, "Thiếu nội dung thủ tục. / Content missing."));
                continue;
            }

            if (!seen.Add(entry.Content.Code ?? string.Empty))
            {
                errors.Add(new($"{at}.content.code", $"Mã {entry.Content.Code} xuất hiện hai lần trong tệp. / Code appears twice in the file."));
            }

            if (entry.Status is not (ProcedureStatus.Draft or ProcedureStatus.Published))
            {
                errors.Add(new($"{at}.status", "Chỉ nhập được trạng thái Draft hoặc Published. / Only Draft or Published can be imported."));
            }

            var rules = entry.Status == ProcedureStatus.Published
                ? CatalogueRules.ValidateForPublishing(entry.Content)
                : CatalogueRules.Validate(entry.Content);
            errors.AddRange(rules.Select(e => e with { Path = $"{at}.content.{e.Path}" }));
        }

        for (var i = 0; i < document.RolloutBatches.Count; i++)
        {
            var b = document.RolloutBatches[i];
            if (string.IsNullOrWhiteSpace(b.Code) || string.IsNullOrWhiteSpace(b.Name) || !Enum.IsDefined(b.ServiceLevel))
            {
                errors.Add(new($"rolloutBatches[{i}]", "Đợt triển khai cần mã, tên và mức độ 1–4. / A batch needs a code, a name and a level 1–4."));
            }
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors, "Tệp không hợp lệ: không nhập gì. / The file is not valid: nothing was imported.");
        }

        var codes = document.Procedures.Select(p => p.Content.Code).ToList();
        var existing = await db.Procedures.Include(p => p.Versions)
            .Where(p => codes.Contains(p.Code))
            .ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        int created = 0, versions = 0, unchanged = 0;
        var published = new List<ProcedureVersion>();
        foreach (var entry in document.Procedures)
        {
            if (!existing.TryGetValue(entry.Content.Code, out var procedure))
            {
                procedure = new Procedure { Id = Guid.CreateVersion7(), Code = entry.Content.Code, CreatedAt = now };
                db.Procedures.Add(procedure);
                created++;
            }
            else
            {
                var latest = procedure.Versions.OrderByDescending(v => v.Version).First();
                if (Same(latest.Content, entry.Content) && latest.Status != ProcedureStatus.Draft)
                {
                    unchanged++;
                    continue;
                }

                var oldDraft = procedure.Versions.SingleOrDefault(v => v.Status == ProcedureStatus.Draft);
                if (oldDraft is not null)
                {
                    // An imported version replaces the pending draft rather than sitting beside it.
                    Apply(oldDraft, entry.Content);
                    oldDraft.UpdatedAt = now;
                    oldDraft.ChangedBy = actor;
                    oldDraft.ConcurrencyStamp = Guid.NewGuid();
                    if (entry.Status == ProcedureStatus.Published)
                    {
                        PublishInto(procedure, oldDraft, EffectiveOrToday(entry), actor, now);
                        published.Add(oldDraft);
                    }

                    versions++;
                    continue;
                }

                versions++;
            }

            var version = NewVersion(procedure, entry.Content, ProcedureStatus.Draft, EffectiveOrToday(entry), actor, now);
            db.ProcedureVersions.Add(version);
            procedure.Versions.Add(version);
            if (entry.Status == ProcedureStatus.Published)
            {
                PublishInto(procedure, version, EffectiveOrToday(entry), actor, now);
                published.Add(version);
            }
        }


        var batchCodes = document.RolloutBatches.Select(b => b.Code).ToList();
        var knownBatches = await db.RolloutBatches.Where(b => batchCodes.Contains(b.Code)).ToDictionaryAsync(b => b.Code, StringComparer.Ordinal, ct);
        foreach (var b in document.RolloutBatches)
        {
            if (!knownBatches.TryGetValue(b.Code, out var batch))
            {
                batch = new RolloutBatch { Id = Guid.CreateVersion7(), Code = b.Code, Name = b.Name };
                db.RolloutBatches.Add(batch);
            }

            batch.Name = b.Name;
            batch.ServiceLevel = b.ServiceLevel;
            batch.EffectiveOn = b.EffectiveOn;
            batch.Decision = b.Decision;
            batch.ProcedureCodes = [.. b.ProcedureCodes];
        }

        await using var tx = await BeginAsync(ct);
        await SaveAsync(ct);
        await searchIndex.WriteAsync(published, ct);
        await CommitAsync(tx, ct);
        return new ImportSummary(created, versions, unchanged, document.RolloutBatches.Count);
    }

    private DateOnly EffectiveOrToday(CatalogueEntry entry) => entry.EffectiveFrom == default ? Today : entry.EffectiveFrom;

    private static bool Same(ProcedureContent a, ProcedureContent b) =>
        System.Text.Json.JsonSerializer.Serialize(a, OneStopDbContext.Json) == System.Text.Json.JsonSerializer.Serialize(b, OneStopDbContext.Json);

    private static void PublishInto(Procedure procedure, ProcedureVersion draft, DateOnly requestedFrom, string actor, DateTimeOffset now)
    {
        var current = procedure.Versions
            .Where(v => v.Status is ProcedureStatus.Published or ProcedureStatus.Suspended && v.EffectiveTo is null)
            .OrderByDescending(v => v.Version)
            .FirstOrDefault();
        var from = ProcedureVersioning.EffectiveFrom(requestedFrom, current?.EffectiveFrom);
        if (current is not null)
        {
            current.Status = ProcedureStatus.Superseded;
            current.EffectiveTo = from;
            current.UpdatedAt = now;
            current.ConcurrencyStamp = Guid.NewGuid();
        }

        draft.Status = ProcedureStatus.Published;
        draft.EffectiveFrom = from;
        draft.EffectiveTo = null;
        draft.PublishedAt = now;
        draft.UpdatedAt = now;
        draft.ChangedBy = actor;
        draft.ConcurrencyStamp = Guid.NewGuid();
    }

    private async Task ChangeCurrentAsync(string code, Func<ProcedureStatus, bool> allowed, ProcedureStatus to, string actor, string refusal, CancellationToken ct)
    {
        var procedure = await db.Procedures.Include(p => p.Versions).SingleOrDefaultAsync(p => p.Code == code, ct)
            ?? throw new NotFoundException($"Không có thủ tục mã {code}. / No procedure with code {code}.");
        var current = procedure.Versions.Where(v => v.Status != ProcedureStatus.Draft && v.EffectiveTo is null)
            .OrderByDescending(v => v.Version).FirstOrDefault();
        if (current is null || !allowed(current.Status))
        {
            throw new ConflictException($"{refusal} (hiện tại / current: {current?.Status.ToString() ?? "Draft"})");
        }

        current.Status = to;
        current.UpdatedAt = clock.GetUtcNow();
        current.ChangedBy = actor;
        current.ConcurrencyStamp = Guid.NewGuid();
        await SaveAsync(ct);
    }

    private static ProcedureVersion NewVersion(Procedure procedure, ProcedureContent content, ProcedureStatus status, DateOnly from, string actor, DateTimeOffset now)
    {
        var version = new ProcedureVersion
        {
            Id = Guid.CreateVersion7(),
            ProcedureId = procedure.Id,
            Version = procedure.Versions.Count == 0 ? 1 : procedure.Versions.Max(v => v.Version) + 1,
            Status = status,
            EffectiveFrom = from,
            Content = content,
            Code = content.Code,
            Name = content.Name,
            Field = content.Field,
            SearchText = string.Empty,
            CreatedAt = now,
            UpdatedAt = now,
            ChangedBy = actor,
            ConcurrencyStamp = Guid.NewGuid(),
        };
        Apply(version, content);
        return version;
    }

    /// <summary>Copies the content and the columns derived from it for querying.</summary>
    private static void Apply(ProcedureVersion version, ProcedureContent content)
    {
        if (version.Code != content.Code)
        {
            throw new RuleViolationException([new("code", "Không đổi được mã của thủ tục đã có. / The code of an existing procedure cannot change.")]);
        }

        version.Content = content;
        version.Name = content.Name;
        version.Field = content.Field;
        version.ServiceLevel = content.ServiceLevel;
        version.OnlineScope = content.OnlineScope;
        version.AgencyLevels = AgencyLevelMask.Of(content.AgencyLevels);
        version.AgencyCodes = content.AgencyCodes.Count == 0 ? string.Empty : "|" + string.Join("|", content.AgencyCodes) + "|";
        version.CodeIsSample = content.CodeIsSample;
        version.ReviewIssueCount = content.ReviewIssues.Count;
        version.SearchText = VietnameseText.SearchKey($"{content.Code} {content.Name} {content.Field}");
    }

    /// <summary>A transaction for a save and the search postings written after it, unless the caller already holds one.</summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginAsync(CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

    private static async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx, CancellationToken ct)
    {
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Dữ liệu vừa được người khác thay đổi; hãy tải lại. / Someone else changed this first; reload.");
        }
        catch (DbUpdateException ex) when (ex.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
                                            || ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new ConflictException("Mã đã tồn tại hoặc vừa được tạo đồng thời. / The code already exists or was created at the same time.");
        }
    }
}

public sealed record ImportSummary(int ProceduresCreated, int VersionsAdded, int Unchanged, int RolloutBatches);

public static class AgencyLevelMask
{
    public static int Of(IEnumerable<AgencyLevel> levels) => levels.Aggregate(0, (m, l) => m | (1 << (int)l));

    public static int Of(AgencyLevel level) => 1 << (int)level;

    public static IReadOnlyList<AgencyLevel> Levels(int mask) =>
        Enum.GetValues<AgencyLevel>().Where(l => (mask & (1 << (int)l)) != 0).ToArray();
}
