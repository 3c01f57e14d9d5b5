using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Domain.Agencies;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Data;

/// <summary>
/// Idempotent start-up work: migrate, then seed only what is missing (agencies of both local-government models,
/// the demo catalogue, demo staff). Safe to run on every start and from several instances (unique codes make a
/// concurrent second seed fail on insert, which is logged and ignored).
/// </summary>
public sealed class DatabaseInitializer(
    OneStopDbContext db,
    CatalogueWriter catalogue,
    UserManager<StaffUser> users,
    IOptions<OneStopOptions> options,
    IHostEnvironment env,
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

        await db.Database.MigrateAsync(ct);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
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

        if (options.Value.DemoAccounts)
        {
            if (env.IsProduction())
            {
                throw new InvalidOperationException("Demo accounts are refused in Production: set OneStop:DemoAccounts=false.");
            }

            await SeedDemoStaffAsync();
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

    private async Task SeedDemoStaffAsync()
    {
        var password = options.Value.DemoPassword;
        if (string.IsNullOrWhiteSpace(password))
        {
            throw new InvalidOperationException("OneStop:DemoPassword must be set when OneStop:DemoAccounts is true.");
        }

        foreach (var (email, name, role) in DemoStaff)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new StaffUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, FullName = name };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Demo staff not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            await users.AddClaimAsync(user, new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role));
        }
    }

    public static readonly (string Email, string Name, string Role)[] DemoStaff =
    [
        ("quantri.thutuc@onestop.test", "Nguyễn Thị Quản Trị", StaffRoles.CatalogueAdministrator),
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
