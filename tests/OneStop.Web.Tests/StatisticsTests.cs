using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;

namespace OneStop.Web.Tests;

/// <summary>Statistics over a hand-computed fixture catalogue, on an empty database of each provider.</summary>
public abstract class StatisticsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Fact]
    public async Task Statistics_match_the_hand_computed_fixture()
    {
        // Fixture: 7 procedures. Levels: 1 → 1, 2 → 2, 3 → 2, 4 → 2. Online (3+4) = 4 of 7 = 57.1%.
        // Commune: A(1), B(3), C(4), G(2) → 4, online 2 = 50.0%. District: D(2), B(3) → 2, online 1.
        // Department: E(4), F(3) → 2, online 2 = 100.0%.
        using (var scope = app.Services.CreateScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<CatalogueWriter>();
            await writer.ImportAsync(Fixtures.Document(
                Fixtures.Procedure("T-STAT-A", ServiceLevel.Information, field: "Hộ tịch"),
                Fixtures.Procedure("T-STAT-B", ServiceLevel.OnlineSubmission, field: "Hộ tịch", levels: [AgencyLevel.Commune, AgencyLevel.District]),
                Fixtures.Procedure("T-STAT-C", ServiceLevel.OnlinePayment, field: "Hộ tịch"),
                Fixtures.Procedure("T-STAT-D", ServiceLevel.Download, field: "Xây dựng", levels: [AgencyLevel.District]),
                Fixtures.Procedure("T-STAT-E", ServiceLevel.OnlinePayment, field: "Lý lịch tư pháp", levels: [AgencyLevel.Department]),
                Fixtures.Procedure("T-STAT-F", ServiceLevel.OnlineSubmission, field: "Lao động", levels: [AgencyLevel.Department]),
                Fixtures.Procedure("T-STAT-G", ServiceLevel.Download, field: "Chứng thực")), "test", default);
        }

        var r = await app.Client().GetFromJsonAsync<CatalogueStatisticsReport>(new Uri("/api/v1/catalogue/statistics", UriKind.Relative), OneStopDbContext.Json);
        Assert.Equal(new LevelBreakdown("All", 7, 1, 2, 2, 2), r!.All);
        Assert.Equal(57.1m, r.All.OnlineShare);
        Assert.Equal(new LevelBreakdown("Commune", 4, 1, 1, 1, 1), r.ByAgencyLevel.Single(b => b.Group == "Commune"));
        Assert.Equal(new LevelBreakdown("District", 2, 0, 1, 1, 0), r.ByAgencyLevel.Single(b => b.Group == "District"));
        Assert.Equal(new LevelBreakdown("Department", 2, 0, 0, 1, 1), r.ByAgencyLevel.Single(b => b.Group == "Department"));
        Assert.Equal(new LevelBreakdown("Hộ tịch", 3, 1, 0, 1, 1), r.ByField.Single(b => b.Group == "Hộ tịch"));

        var page = await app.Client().GetStringAsync(new Uri("/thong-ke", UriKind.Relative));
        Assert.Contains("4 trên 7 thủ tục", page, StringComparison.Ordinal);
        Assert.Contains("57,1%", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_database_starts_with_no_procedures()
    {
        var response = await app.Client().GetAsync(new Uri("/api/v1/procedures/1.001193", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class StatisticsTestsOnSqlite(SqliteEmptyApp app) : StatisticsTests<SqliteEmptyApp>(app);

public sealed class StatisticsTestsOnPostgres(PostgresEmptyApp app) : StatisticsTests<PostgresEmptyApp>(app);
