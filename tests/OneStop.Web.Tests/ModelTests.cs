using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Tests;

/// <summary>
/// Each provider's EF Core model is exactly what its migrations built: an entity configuration changed without a
/// migration (or a mapping that moved and changed on the way) fails here.
/// </summary>
public abstract class ModelTests
{
    protected abstract OneStopDbContext NewContext();

    [Fact]
    public void The_model_has_no_changes_that_the_migrations_lack()
    {
        using var db = NewContext();
        Assert.False(db.Database.HasPendingModelChanges());
    }
}

public sealed class SqliteModelTests : ModelTests
{
    protected override OneStopDbContext NewContext() => new SqliteOneStopDbContext(
        new DbContextOptionsBuilder<SqliteOneStopDbContext>().UseSqlite("Data Source=:memory:").Options, Options.Create(new OneStopOptions()));
}

public sealed class PostgresModelTests : ModelTests
{
    protected override OneStopDbContext NewContext() => new PostgresOneStopDbContext(
        new DbContextOptionsBuilder<PostgresOneStopDbContext>().UseNpgsql(OneStopAppFactory.NewPostgresDatabase()).Options, Options.Create(new OneStopOptions()));
}
