using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Options;

namespace OneStop.Web.Data;

// Used only by `dotnet ef migrations add`: each provider's migrations are generated from its own context type.
// Regenerate with:
//   dotnet ef migrations add NAME -p src/OneStop.Web -c SqliteOneStopDbContext -o Data/Migrations/Sqlite
//   dotnet ef migrations add NAME -p src/OneStop.Web -c PostgresOneStopDbContext -o Data/Migrations/Postgres

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOneStopDbContext>
{
    public SqliteOneStopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOneStopDbContext>().UseSqlite("Data Source=design.db").Options, Options.Create(new OneStopOptions()));
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOneStopDbContext>
{
    public PostgresOneStopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOneStopDbContext>().UseNpgsql("Host=localhost;Database=onestop_design").Options, Options.Create(new OneStopOptions()));
}
