using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace OneStop.Web.Tests;

/// <summary>
/// The database out of reach while the app runs, as during a PostgreSQL restart: PostgreSQL connections go to a closed
/// port (a real "connection refused" from Npgsql); SQLite answers "database is locked" (SQLITE_BUSY), which is what a
/// busy file gives.
/// </summary>
public sealed class DatabaseOutage : DbConnectionInterceptor
{
    public bool On { get; set; }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return base.ConnectionOpeningAsync(connection, eventData, result, cancellationToken);
    }

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Apply(connection);
        return base.ConnectionOpening(connection, eventData, result);
    }

    private void Apply(DbConnection connection)
    {
        if (!On)
        {
            return;
        }

        if (connection is Npgsql.NpgsqlConnection)
        {
            // Port 1 on loopback: nothing listens, the server is "restarting".
            connection.ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(connection.ConnectionString) { Port = 1, Pooling = false }.ConnectionString;
            return;
        }

        throw new Microsoft.Data.Sqlite.SqliteException("SQLite Error 5: 'database is locked'.", 5);
    }
}

/// <summary>
/// A database briefly out of reach is a 503 with Retry-After (issue 20, point 10a): problem details on the API, the
/// friendly "try again" page on pages, never a 500; once it is back the same requests succeed.
/// </summary>
public abstract class TransientDatabaseTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Fact]
    public async Task A_database_out_of_reach_answers_503_with_retry_after_on_pages_and_in_the_api()
    {
        var outage = new DatabaseOutage();
        using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IInterceptor>(outage)));
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/thu-tuc", UriKind.Relative))).StatusCode);

        outage.On = true;
        var page = await client.GetAsync(new Uri("/thu-tuc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Dịch vụ tạm thời gián đoạn", html, StringComparison.Ordinal);
        Assert.Contains("Vui lòng thử lại", html, StringComparison.Ordinal);

        var api = await client.GetAsync(new Uri("/api/v1/procedures", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), api.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("thử lại", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A signed-in citizen's write (a new draft) is refused the same way, and nothing is half-done when the database is back.
        outage.On = false;
        var citizen = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(citizen, DossierFixtures.CitizenA);
        outage.On = true;
        var write = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new { }, DossierFixtures.Json);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.NotNull(write.Headers.RetryAfter);

        outage.On = false;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/thu-tuc", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/procedures", UriKind.Relative))).StatusCode);
    }
}

[Collection(nameof(DatabaseOutageGroup))]
public sealed class SqliteTransientDatabaseTests(SqliteApp app) : TransientDatabaseTests<SqliteApp>(app);

[Collection(nameof(DatabaseOutageGroup))]
public sealed class PostgresTransientDatabaseTests(PostgresApp app) : TransientDatabaseTests<PostgresApp>(app);

/// <summary>
/// The outage tests run alone, after the parallel ones: the simulated outage points connections at a dead port, and no
/// other test class may be mid-request on the same PostgreSQL server while it does (a full run once saw the national
/// catalogue's search tests answered 503 at that moment).
/// </summary>
[CollectionDefinition(nameof(DatabaseOutageGroup), DisableParallelization = true)]
public sealed class DatabaseOutageGroup;
