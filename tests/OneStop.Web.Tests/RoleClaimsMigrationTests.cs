using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Tests;

/// <summary>
/// The StaffGrants migration on a database that already has staff: role claims become grants (workflow roles at the
/// officer's agency, administrative roles city-wide) and no role claim is left behind.
/// </summary>
public abstract class RoleClaimsMigrationTests
{
    protected abstract OneStopDbContext NewContext();

    [Fact]
    public async Task Role_claims_become_grants_and_are_removed()
    {
        await using var db = NewContext();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var staffGrants = migrations.FindIndex(m => m.EndsWith("_StaffGrants", StringComparison.Ordinal));
        await migrator.MigrateAsync(migrations[staffGrants - 1]);

        var agency = new Agency { Id = Guid.NewGuid(), Code = "000.00.99.H26", Name = "UBND Phường Thử", DeskName = "Bộ phận Một cửa", Level = AgencyLevel.Commune };
        var officer = new Account { Id = Guid.NewGuid(), UserName = "a@onestop.test", Email = "a@onestop.test", Kind = AccountKind.Staff, AgencyId = agency.Id, SecurityStamp = "s" };
        var admin = new Account { Id = Guid.NewGuid(), UserName = "b@onestop.test", Email = "b@onestop.test", Kind = AccountKind.Staff, SecurityStamp = "s" };
        var homeless = new Account { Id = Guid.NewGuid(), UserName = "c@onestop.test", Email = "c@onestop.test", Kind = AccountKind.Staff, SecurityStamp = "s" };
        db.Agencies.Add(agency);
        db.Users.AddRange(officer, admin, homeless);
        foreach (var (user, role) in new[] { (officer, "DeskOfficer"), (officer, "Specialist"), (officer, "Specialist"), (admin, "SystemAdministrator"), (homeless, "Specialist") })
        {
            db.UserClaims.Add(new IdentityUserClaim<Guid> { UserId = user.Id, ClaimType = ClaimTypes.Role, ClaimValue = role });
        }

        db.UserClaims.Add(new IdentityUserClaim<Guid> { UserId = officer.Id, ClaimType = "other", ClaimValue = "kept" });
        await db.SaveChangesAsync();

        await migrator.MigrateAsync();
        var grants = (await db.StaffGrants.AsNoTracking().ToListAsync()).Select(g => (g.AccountId, g.Role, g.AgencyId, g.IncludeSubTree, g.GrantedBy)).OrderBy(g => g.Role).ToList();
        Assert.Equal(
            [(officer.Id, "DeskOfficer", (Guid?)agency.Id, false, "migration"), (officer.Id, "Specialist", agency.Id, false, "migration"), (admin.Id, "SystemAdministrator", null, false, "migration")],
            grants);
        Assert.Equal(["other"], await db.UserClaims.AsNoTracking().Select(c => c.ClaimType).ToListAsync());
        Assert.All(await db.StaffGrants.AsNoTracking().Select(g => g.GrantedAt).ToListAsync(), at => Assert.True(DateTimeOffset.UtcNow - at < TimeSpan.FromMinutes(5)));
    }
}

public sealed class SqliteRoleClaimsMigrationTests : RoleClaimsMigrationTests, IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("onestop-migration-").FullName;

    protected override OneStopDbContext NewContext() => new SqliteOneStopDbContext(
        new DbContextOptionsBuilder<SqliteOneStopDbContext>().UseSqlite($"Data Source={Path.Combine(dir, "m.db")};Pooling=false").Options, Options.Create(new OneStopOptions()));

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

public sealed class PostgresRoleClaimsMigrationTests : RoleClaimsMigrationTests
{
    protected override OneStopDbContext NewContext() => new PostgresOneStopDbContext(
        new DbContextOptionsBuilder<PostgresOneStopDbContext>().UseNpgsql(OneStopAppFactory.NewPostgresDatabase()).Options, Options.Create(new OneStopOptions()));
}
