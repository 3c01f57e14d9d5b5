using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using OneStop.Domain.Agencies;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Domain.Roles;

namespace OneStop.Web.Data;

/// <summary>
/// Idempotent start-up work: migrate, then seed only what is missing (agencies of both local-government models,
/// the demo catalogue, demo staff). Safe to run on every start and from several instances (unique codes make a
/// concurrent second seed fail on insert, which is logged and ignored).
/// </summary>
public sealed class DatabaseInitializer(
    OneStopDbContext db,
    CatalogueWriter catalogue,
    NationalCatalogueImport nationalCatalogue,
    CatalogueSearchIndex searchIndex,
    UserManager<Account> users,
    DemoDossiers demoDossiers,
    IOptions<OneStopOptions> options,
    ILogger<DatabaseInitializer> log)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var cs = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.SqliteConnectionString());
            var dir = Path.GetDirectoryName(Path.GetFullPath(cs.DataSource));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
        }

        // Cold start: most starts find the database up to date. Asking for pending migrations reads the history table
        // only, while MigrateAsync also builds the migrations' snapshot model, compares it with the current model and
        // takes the migration lock (about 0.4 s). When a migration is pending (a new release, a fresh database) or the
        // database does not exist yet, MigrateAsync runs as before; it takes the lock and checks again, so several
        // instances starting at once on one PostgreSQL still apply each migration exactly once.
        if (await db.Database.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct)
            && !(await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            return;
        }

        await db.Database.MigrateAsync(ct);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        // The official calendar changes (Tết, swapped days) are data every deployment needs, demo or not.
        if (!await db.CalendarOverrides.AnyAsync(ct))
        {
            foreach (var o in OneStop.Domain.Calendar.OfficialCalendarOverrides.Vietnam.DistinctBy(o => o.Date))
            {
                db.CalendarOverrides.Add(new CalendarOverrideEntry { Date = o.Date, Kind = o.Kind, Name = o.Name, NameEn = o.NameEn, ChangedBy = "seed", ChangedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync(ct);
        }

        if (!options.Value.SeedDemoData)
        {
            return;
        }

        if (!await db.Agencies.IgnoreQueryFilters().AnyAsync(ct))
        {
            await SeedAgenciesAsync(ct);
        }

        if (!await db.Procedures.AnyAsync(ct))
        {
            var document = ReadSeed<CatalogueDocument>("catalogue.json");
            var summary = await catalogue.ImportAsync(document, "seed", ct);
            log.LogInformation("Seeded catalogue: {Created} procedures, {Batches} rollout batches", summary.ProceduresCreated, summary.RolloutBatches);
        }

        // The national catalogue, imported once (after the curated procedures, which win): later starts pay one look-up.
        if (options.Value.SeedNationalCatalogue && !await nationalCatalogue.ImportedAsync(ct))
        {
            var national = await nationalCatalogue.ImportShippedAsync("seed", ct);
            log.LogInformation("Imported the national catalogue: {Created} procedures, {Kept} curated kept, {Issues} to review", national.Created, national.KeptCurated, national.WithIssues);
            // Statistics for the planner at once, not when autovacuum gets round to it: without them PostgreSQL planned
            // the search's joins over the fresh postings as if they were empty (30 s queries in a copied test database).
            await db.Database.ExecuteSqlRawAsync(db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL"
                ? "ANALYZE \"CatalogueSearchPostings\", \"CatalogueSearchVocabulary\", \"ProcedureVersions\", \"Procedures\""
                : "ANALYZE", ct);
        }

        // A database published before the search index existed: the index is built once from its versions.
        if (!await db.Set<SearchPosting>().AnyAsync(ct) && await db.ProcedureVersions.AnyAsync(v => v.Status != ProcedureStatus.Draft, ct))
        {
            await searchIndex.RebuildAsync(ct);
        }

        // Demo accounts are refused in Production before start-up gets here (OneStopOptionsValidator).
        if (options.Value.DemoAccounts)
        {
            await SeedDemoStaffAsync(ct);
            if (await DemoCommuneAsync(ct) is { } commune)
            {
                await demoDossiers.SeedAsync(commune.Id, ct);
            }
        }
    }

    private async Task SeedAgenciesAsync(CancellationToken ct)
    {
        using var departmentsDoc = JsonDocument.Parse(ReadSeedText("departments.json"));
        var root = departmentsDoc.RootElement;
        var order = 0;
        var city = root.GetProperty("city");
        var cityAgency = NewAgency(AgencyIdentifier.City(), city.GetProperty("name").GetString()!, city.GetProperty("nameEn").GetString(), AgencyLevel.City, null, null, null, order++);
        db.Agencies.Add(cityAgency);
        foreach (var d in root.GetProperty("departments").EnumerateArray())
        {
            db.Agencies.Add(NewAgency(AgencyIdentifier.Level1(d.GetProperty("unit").GetInt32()), d.GetProperty("name").GetString()!, d.GetProperty("nameEn").GetString(), AgencyLevel.Department, null, cityAgency.Id, null, order++));
        }

        var offset = root.GetProperty("districtUnitOffset").GetInt32();
        using var three = JsonDocument.Parse(ReadSeedText("hanoi-units-2025-01-three-level.json"));
        var districtNo = 0;
        foreach (var district in three.RootElement.GetProperty("districts").EnumerateArray())
        {
            districtNo++;
            var unit = offset + districtNo;
            var d = NewAgency(AgencyIdentifier.Level1(unit), "UBND " + district.GetProperty("fullName").GetString(), district.GetProperty("fullNameEn").GetString(), AgencyLevel.District, AgencyModel.ThreeLevel, cityAgency.Id, district.GetProperty("code").GetString(), order++);
            db.Agencies.Add(d);
            var communeNo = 0;
            foreach (var commune in district.GetProperty("communes").EnumerateArray())
            {
                communeNo++;
                db.Agencies.Add(NewAgency(AgencyIdentifier.Level2(unit, communeNo), "UBND " + commune.GetProperty("fullName").GetString(), commune.GetProperty("fullNameEn").GetString(), AgencyLevel.Commune, AgencyModel.ThreeLevel, d.Id, commune.GetProperty("code").GetString(), order++));
            }
        }

        using var two = JsonDocument.Parse(ReadSeedText("hanoi-units-2025-07-two-level.json"));
        var no = 0;
        foreach (var commune in two.RootElement.GetProperty("communes").EnumerateArray())
        {
            no++;
            db.Agencies.Add(NewAgency(AgencyIdentifier.Commune(no), "UBND " + commune.GetProperty("fullName").GetString(), commune.GetProperty("fullNameEn").GetString(), AgencyLevel.Commune, AgencyModel.TwoLevel, cityAgency.Id, commune.GetProperty("code").GetString(), order++));
        }

        await db.SaveChangesAsync(ct);
        log.LogInformation("Seeded {Count} agencies", order);
    }

    private static Agency NewAgency(string code, string name, string? nameEn, AgencyLevel level, AgencyModel? model, Guid? parent, string? unitCode, int order) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = code,
        Name = name,
        NameEn = nameEn,
        Level = level,
        Model = model,
        ParentId = parent,
        UnitCode = unitCode,
        SortOrder = order,
        DeskName = "Bộ phận Một cửa – " + name,
        CodeIsSample = true,
    };

    private async Task SeedDemoStaffAsync(CancellationToken ct)
    {
        var password = options.Value.DemoPassword;
        if (string.IsNullOrWhiteSpace(password))
        {
            throw new InvalidOperationException("OneStop:DemoPassword must be set when OneStop:DemoAccounts is true.");
        }

        // Cold start: after the first start every demo account exists, and one query says so (instead of a look-up per
        // account through UserManager). Existing demo accounts are never changed here, as before.
        var emails = DemoAccounts.Select(d => users.NormalizeEmail(d.Email)).ToList();
        var existing = await db.Users.AsNoTracking().Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => u.NormalizedEmail!).ToListAsync(ct);
        if (existing.Count == emails.Count)
        {
            return;
        }

        var commune = await DemoCommuneAsync(ct);
        // The demo commune's district (three-level model); under the two-level model the commune's parent is the city.
        var district = commune?.ParentId is { } parentId
            ? await db.Agencies.AsNoTracking().Where(a => a.Id == parentId && a.Level == AgencyLevel.District).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct)
            : null;
        foreach (var demo in DemoAccounts)
        {
            if (existing.Contains(users.NormalizeEmail(demo.Email)))
            {
                continue;
            }

            Guid? agencyId = demo.AgencyCode switch
            {
                null => null,
                DemoCommune => commune?.Id,
                DemoDistrict => district,
                var code => await db.Agencies.Where(a => a.Code == code).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct),
            };
            if (demo.AgencyCode is not null && agencyId is null)
            {
                continue; // e.g. the district leader when the model in force has no districts
            }

            var user = new Account
            {
                Id = Guid.CreateVersion7(),
                UserName = demo.Email,
                Email = demo.Email,
                EmailConfirmed = true,
                FullName = demo.Name,
                Kind = demo.Kind,
                AgencyId = agencyId,
                PhoneNumber = demo.Phone,
                PersonalId = demo.PersonalId,
                Address = demo.Kind == AccountKind.Applicant ? "Số 1 phố Tràng Tiền, Hà Nội" : null,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Demo account not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            // Roles are granted at the account's own agency (administrative roles city-wide).
            foreach (var role in demo.Roles)
            {
                db.StaffGrants.Add(new StaffGrant
                {
                    AccountId = user.Id,
                    Role = role,
                    AgencyId = StaffRoles.IsCityWide(role) ? null : agencyId,
                    IncludeSubTree = demo.SubTree && StaffRoles.Supervises(role),
                    GrantedAt = DateTimeOffset.UtcNow,
                    GrantedBy = "seed",
                });
            }

            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The commune whose desk the demo officers staff: the first commune of the model in force.</summary>
    public async Task<Agency?> DemoCommuneAsync(CancellationToken ct) =>
        await db.Agencies.AsNoTracking().Where(a => a.Level == AgencyLevel.Commune).OrderBy(a => a.SortOrder).ThenBy(a => a.Code).FirstOrDefaultAsync(ct);

    private const string DemoCommune = "commune";
    private const string DemoDistrict = "district";

    /// <summary>A demo account; its roles are granted at its agency, with the sub-tree when <paramref name="SubTree"/> is set.</summary>
    public sealed record DemoAccount(string Email, string Name, AccountKind Kind, string? AgencyCode, string[] Roles, string? Phone = null, string? PersonalId = null, bool SubTree = false);

    public static readonly DemoAccount[] DemoAccounts =
    [
        new("quantri.thutuc@onestop.test", "Nguyễn Thị Quản Trị", AccountKind.Staff, null, [StaffRoles.CatalogueAdministrator]),
        new("quantri.hethong@onestop.test", "Hoàng Văn Hệ Thống", AccountKind.Staff, null, [StaffRoles.SystemAdministrator]),
        new("motcua.xa@onestop.test", "Trần Văn Một Cửa", AccountKind.Staff, DemoCommune, [nameof(StaffRole.DeskOfficer)]),
        new("chuyenvien.xa@onestop.test", "Lê Thị Chuyên Viên", AccountKind.Staff, DemoCommune, [nameof(StaffRole.Specialist)]),
        new("lanhdao.xa@onestop.test", "Phạm Văn Lãnh Đạo", AccountKind.Staff, DemoCommune, [nameof(StaffRole.DivisionHead), nameof(StaffRole.AgencyLeader)]),
        new("congan@onestop.test", "Đỗ Văn Công An", AccountKind.Staff, "000.00.17.H26", [nameof(StaffRole.DeskOfficer), nameof(StaffRole.Specialist), nameof(StaffRole.AgencyLeader)]),
        new("bhxh@onestop.test", "Vũ Thị Bảo Hiểm", AccountKind.Staff, "000.00.18.H26", [nameof(StaffRole.DeskOfficer), nameof(StaffRole.Specialist), nameof(StaffRole.AgencyLeader)]),
        new("lanhdao.quan@onestop.test", "Ngô Văn Quận", AccountKind.Staff, DemoDistrict, [nameof(StaffRole.AgencyLeader)], SubTree: true),
        new("baocao@onestop.test", "Đinh Thị Báo Cáo", AccountKind.Staff, AgencyIdentifier.City(), [StaffRoles.ReportViewer], SubTree: true),
        new("congdan.a@onestop.test", "Nguyễn Văn An", AccountKind.Applicant, null, [], "0912345678", "001090000001"),
        new("congdan.b@onestop.test", "Trần Thị Bình", AccountKind.Applicant, null, [], "0987654321", "001190000002"),
    ];

    internal static T ReadSeed<T>(string name) =>
        JsonSerializer.Deserialize<T>(ReadSeedText(name), OneStopDbContext.Json)
        ?? throw new InvalidOperationException($"Seed file {name} is empty.");

    internal static string ReadSeedText(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream($"OneStop.Web.Data.Seed.{name}")
            ?? throw new InvalidOperationException($"Seed resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
