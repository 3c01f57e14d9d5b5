using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

/// <summary>One import of the national catalogue file: when, which file (its SHA-256), and what it changed.</summary>
public sealed class CatalogueImportLog
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
    public int Created { get; set; }
    public int VersionsAdded { get; set; }
    public int Unchanged { get; set; }
    /// <summary>Procedures left alone because a person's version (a curated procedure, a completed review) wins over the file.</summary>
    public int KeptCurated { get; set; }
}

/// <summary>
/// Which city department handles the provincial-level (Cấp tỉnh) procedures of a field. An administrator edits it; the
/// procedure page and the catalogue's agency filter read it on every request.
/// </summary>
public sealed class FieldDepartment
{
    public required string Field { get; set; }
    public required string AgencyCode { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public required string ChangedBy { get; set; }
}

public sealed record NationalImportSummary(int Records, int Created, int VersionsAdded, int Unchanged, int KeptCurated, int WithIssues);

/// <summary>
/// Imports the national procedure database's file through the catalogue's own import (<see cref="CatalogueWriter.ImportAsync"/>):
/// every record mapped by the domain (<see cref="NationalCatalogueMapping"/>), all or nothing, and idempotent (a record
/// whose content equals the latest version adds nothing). A procedure whose latest version was written by anyone but the
/// import (the curated procedures, a completed review) is left alone.
/// </summary>
public sealed class NationalCatalogueImport(OneStopDbContext db, CatalogueWriter writer, TimeProvider clock)
{
    public const string SourceName = "procedures-national-2026";
    public const string ResourceName = "OneStop.Web.Features.Catalogue.Seed.procedures-national-2026.json.gz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether the national file was ever imported into this database (one indexed look-up).</summary>
    public Task<bool> ImportedAsync(CancellationToken ct) => db.Set<CatalogueImportLog>().AnyAsync(l => l.Source == SourceName, ct);

    /// <summary>Imports the file shipped with OneStop.</summary>
    public async Task<NationalImportSummary> ImportShippedAsync(string actor, CancellationToken ct)
    {
        await using var stream = typeof(NationalCatalogueImport).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Resource {ResourceName} is missing.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return await ImportAsync(buffer.ToArray(), actor, ct);
    }

    /// <summary>Imports a gzip-compressed (or plain) JSON array of national records.</summary>
    public async Task<NationalImportSummary> ImportAsync(byte[] file, string actor, CancellationToken ct)
    {
        var records = Read(file);
        var problems = new List<RuleError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r is null || string.IsNullOrWhiteSpace(r.Code) || string.IsNullOrWhiteSpace(r.Name) || string.IsNullOrWhiteSpace(r.Field))
            {
                problems.Add(new($"[{i}]", "Bản ghi thiếu mã, tên hoặc lĩnh vực. / A record lacks its code, name or field."));
            }
            else if (!seen.Add(r.Code.Trim()))
            {
                problems.Add(new($"[{i}].code", $"Mã {r.Code} xuất hiện hai lần. / Code {r.Code} appears twice."));
            }
        }

        if (problems.Count > 0)
        {
            throw new RuleViolationException(problems, "Tệp không hợp lệ: không nhập gì. / The file is not valid: nothing was imported.");
        }

        var mapped = records.Select(r => NationalCatalogueMapping.Map(r!)).ToList();
        var codes = mapped.Select(m => m.Content.Code).ToList();
        // The latest version of each procedure that exists: a person's version wins over the file.
        var latestBy = await db.ProcedureVersions.AsNoTracking()
            .Where(v => codes.Contains(v.Code))
            .GroupBy(v => v.Code)
            .Select(g => g.OrderByDescending(v => v.Version).Select(v => new { v.Code, v.ChangedBy }).First())
            .ToListAsync(ct);
        var kept = latestBy.Where(x => x.ChangedBy != NationalCatalogueMapping.ImportActor).Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);
        var document = new CatalogueDocument
        {
            Procedures = mapped.Where(m => !kept.Contains(m.Content.Code))
                .Select(m => new CatalogueEntry { Status = ProcedureStatus.Published, EffectiveFrom = today, Content = m.Content })
                .ToList(),
        };
        // One transaction: the procedures, the log row and the starting field table exist together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var log = new CatalogueImportLog
        {
            Source = SourceName,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(file)),
            ImportedAt = clock.GetUtcNow(),
            ImportedBy = actor,
            KeptCurated = kept.Count,
        };
        db.Set<CatalogueImportLog>().Add(log);
        await SeedFieldDepartmentsAsync(ct);
        var summary = await writer.ImportAsync(document, NationalCatalogueMapping.ImportActor, ct);
        log.Created = summary.ProceduresCreated;
        log.VersionsAdded = summary.VersionsAdded;
        log.Unchanged = summary.Unchanged;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new NationalImportSummary(records.Count, summary.ProceduresCreated, summary.VersionsAdded, summary.Unchanged, kept.Count,
            mapped.Count(m => m.Content.ReviewIssues.Count > 0));
    }

    private static List<NationalProcedureRecord?> Read(byte[] file)
    {
        try
        {
            using var raw = new MemoryStream(file);
            using Stream stream = file.Length > 2 && file[0] == 0x1f && file[1] == 0x8b ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            return JsonSerializer.Deserialize<List<NationalProcedureRecord?>>(stream, Json)
                ?? throw new RuleViolationException([new("file", "Tệp rỗng. / The file is empty.")]);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new RuleViolationException([new("file", $"Tệp không phải một mảng JSON các thủ tục: {ex.Message} / Not a JSON array of procedures.")]);
        }
    }

    /// <summary>The starting field-to-department table (Features/Catalogue/Seed/field-departments.json), only while the table is empty.</summary>
    private async Task SeedFieldDepartmentsAsync(CancellationToken ct)
    {
        if (await db.Set<FieldDepartment>().AnyAsync(ct))
        {
            return;
        }

        await using var stream = typeof(NationalCatalogueImport).Assembly.GetManifestResourceStream("OneStop.Web.Features.Catalogue.Seed.field-departments.json")
            ?? throw new InvalidOperationException("field-departments.json is missing.");
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var departments = await db.Agencies.AsNoTracking().Where(a => a.Level == Domain.Catalogue.AgencyLevel.Department)
            .Select(a => new { a.Code, a.Name }).ToListAsync(ct);
        var byKey = DepartmentKeys(departments.Select(d => (d.Code, d.Name)));
        foreach (var f in doc.RootElement.GetProperty("fields").EnumerateObject())
        {
            if (byKey.TryGetValue(f.Value.GetString()!, out var code))
            {
                db.Set<FieldDepartment>().Add(new FieldDepartment { Field = f.Name, AgencyCode = code, ChangedAt = clock.GetUtcNow(), ChangedBy = "seed" });
            }
        }
    }

    /// <summary>The seed's department keys (STP, SXD…) by the department's name as seeded from Data/Seed/departments.json.</summary>
    private static Dictionary<string, string> DepartmentKeys(IEnumerable<(string Code, string Name)> departments)
    {
        using var doc = JsonDocument.Parse(DatabaseInitializer.ReadSeedText("departments.json"));
        var keyByName = doc.RootElement.GetProperty("departments").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("key").GetString()!, StringComparer.Ordinal);
        return departments.Where(d => keyByName.ContainsKey(d.Name)).ToDictionary(d => keyByName[d.Name], d => d.Code, StringComparer.Ordinal);
    }
}
