using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Tests;

/// <summary>
/// A database with the national catalogue imported, made once per test run and provider (the template), then copied
/// for each app that needs it: PostgreSQL's CREATE DATABASE … TEMPLATE, a file copy for SQLite. No test class imports
/// the 2,642 procedures itself.
/// </summary>
public static class NationalCatalogueTemplate
{
    private static readonly Lazy<Task<string>> PostgresTemplate = new(() => Task.Run(() => Build(postgres: true)));
    private static readonly Lazy<Task<string>> SqliteTemplate = new(() => Task.Run(() => Build(postgres: false)));

    /// <summary>A fresh copy of the template, as a connection string.</summary>
    public static string Copy(bool postgres)
    {
        var template = (postgres ? PostgresTemplate : SqliteTemplate).Value.GetAwaiter().GetResult();
        if (!postgres)
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("onestop-national-").FullName, "copy.db");
            File.Copy(template, file);
            return $"Data Source={file}";
        }

        var server = Environment.GetEnvironmentVariable("ONESTOP_TEST_POSTGRES")!;
        var name = "onestop_" + Guid.NewGuid().ToString("N")[..12];
        using (var conn = new NpgsqlConnection(server))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}", conn);
            cmd.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static string Build(bool postgres)
    {
        var app = new Importing(postgres);
        _ = app.Server; // starts the host: migrate, seed, import the national catalogue once
        var cs = app.ConnectionString;
        string template;
        if (postgres)
        {
            template = new NpgsqlConnectionStringBuilder(cs).Database!;
        }
        else
        {
            // A consistent copy taken while the app still has its data folder (disposing the app deletes it).
            template = Path.Combine(Directory.CreateTempSubdirectory("onestop-national-template-").FullName, "template.db");
            using var conn = new SqliteConnection(cs);
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"VACUUM INTO '{template}'";
            cmd.ExecuteNonQuery();
        }

        app.Dispose();
        NpgsqlConnection.ClearAllPools();
        SqliteConnection.ClearAllPools();
        return template;
    }

    private sealed class Importing(bool postgres) : OneStopAppFactory(postgres, seed: true)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OneStop:SeedNationalCatalogue", "true");
        }
    }
}

public sealed class NationalSqliteApp() : OneStopAppFactory(false, seed: true, NationalCatalogueTemplate.Copy(false));

public sealed class NationalPostgresApp() : OneStopAppFactory(true, seed: true, NationalCatalogueTemplate.Copy(true));

/// <summary>The national catalogue imported into a database: import, idempotence, curated procedures winning, search ranking and synonyms.</summary>
public abstract class NationalCatalogueTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static readonly JsonSerializerOptions Json = OneStopDbContext.Json;

    private async Task<PagedResult<ProcedureSummary>> SearchAsync(string query, string extra = "&pageSize=10")
    {
        var r = await app.Client().GetFromJsonAsync<PagedResult<ProcedureSummary>>(new Uri("/api/v1/procedures?q=" + Uri.EscapeDataString(query) + extra, UriKind.Relative), Json);
        return r!;
    }

    [Fact]
    public async Task Every_national_procedure_is_in_the_catalogue_with_its_source_and_the_curated_ones_win()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        Assert.Equal(2642 + 22, await db.Procedures.CountAsync());
        var log = await db.Set<CatalogueImportLog>().SingleAsync();
        Assert.Equal((2635, 7), (log.Created, log.KeptCurated));

        var residence = await app.Client().GetFromJsonAsync<ProcedureDetail>(new Uri("/api/v1/procedures/1.004222", UriKind.Relative), Json);
        Assert.Equal("Đăng ký thường trú", residence!.Content.Name);
        Assert.Equal(["https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-7704-7449-9e95-fe7ebb959aa2"], residence.Content.Sources);
        Assert.Equal(new TimeLimit(TimeLimitUnit.WorkingDays, 7, false, "7 Ngày làm việc"), residence.Content.TimeLimit);
        Assert.Contains(residence.Content.Fees, f => f is { Channel: SubmissionChannel.Online, AmountVnd: 10_000 });
        Assert.Contains(residence.Content.Fees, f => f is { Channel: SubmissionChannel.InPerson, AmountVnd: 20_000 });

        // 1.007073 is one of the curated procedures: its seeded version stays the latest.
        Assert.Equal("seed", await db.ProcedureVersions.Where(v => v.Code == "1.007073").OrderByDescending(v => v.Version).Select(v => v.ChangedBy).FirstAsync());
        // What the parser did not understand is counted per version, and such versions are information only.
        Assert.True(await db.ProcedureVersions.CountAsync(v => v.ReviewIssueCount > 0) > 500);
        Assert.False(await db.ProcedureVersions.AnyAsync(v => v.ReviewIssueCount > 0 && v.ServiceLevel > ServiceLevel.Download));

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri("/api/v1/procedures/9.999999", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Importing_the_file_again_changes_nothing_and_a_bad_file_imports_nothing()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var import = scope.ServiceProvider.GetRequiredService<NationalCatalogueImport>();
        var versions = await db.ProcedureVersions.CountAsync();
        var postings = await db.Set<SearchPosting>().CountAsync();

        var again = await import.ImportShippedAsync("test", CancellationToken.None);
        Assert.Equal((0, 0, 2635, 7), (again.Created, again.VersionsAdded, again.Unchanged, again.KeptCurated));
        Assert.Equal(versions, await db.ProcedureVersions.CountAsync());
        Assert.Equal(postings, await db.Set<SearchPosting>().CountAsync());

        var bad = """[{"code":"9.000001","name":"Thủ tục A","field":"Thử"},{"code":"9.000001","name":"Thủ tục B","field":"Thử"},{"code":"","name":"","field":""}]"""u8.ToArray();
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => import.ImportAsync(bad, "test", CancellationToken.None));
        Assert.Equal(["[1].code", "[2]"], refused.Errors.Select(e => e.Path));
        Assert.False(await db.Procedures.AnyAsync(p => p.Code == "9.000001"));
        Assert.Equal(versions, await db.ProcedureVersions.CountAsync());
    }

    [Theory]
    [InlineData("dang kys thuong tru", "Đăng ký thường trú")]   // Telex leftover
    [InlineData("đăng ký thường trú", "Đăng ký thường trú")]
    [InlineData("dang ky thuongg tru", "Đăng ký thường trú")]  // doubled letter
    [InlineData("dang ky thuog tru", "Đăng ký thường trú")]    // missing letter
    [InlineData("GPLX doi", "Đổi giấy phép lái xe")]           // synonym
    [InlineData("thành lập hộ kinh doanh", "Đăng ký thành lập hộ kinh doanh")]
    [InlineData("dang ky thuong tr", "Đăng ký thường trú")]    // the word being typed, completed
    public async Task Search_ranks_the_procedure_people_mean_first(string query, string expected)
    {
        var result = await SearchAsync(query);
        Assert.Equal(expected, result.Items[0].Name);
    }

    [Fact]
    public async Task Names_rank_over_fields_and_fields_over_documents_and_synonyms_are_edited_by_administrators()
    {
        // "cư trú" is in the name of some procedures, in the field ("Đăng ký, quản lý cư trú") of others: the names come first.
        var result = await SearchAsync("cu tru", "&pageSize=100");
        var firstNotByName = result.Items.ToList().FindIndex(p => !NameHas(p.Name, "cu", "tru"));
        Assert.True(firstNotByName > 0);
        Assert.All(result.Items.Skip(firstNotByName), p => Assert.False(NameHas(p.Name, "cu", "tru")));
        Assert.Contains(result.Items.Skip(firstNotByName), p => p.Field == "Đăng ký, quản lý cư trú");

        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(new Uri("/api/v1/admin/catalogue/synonyms", UriKind.Relative), new { phrase = "KT3", expansion = "tạm trú" })).StatusCode);
        Assert.Contains((await SearchAsync("dang ky KT3")).Items, p => p.Name == "Đăng ký tạm trú");
        var loop = await admin.PostAsJsonAsync(new Uri("/api/v1/admin/catalogue/synonyms", UriKind.Relative), new { phrase = "tạm trú", expansion = "KT3" });
        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        Assert.Contains("loop", await loop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static bool NameHas(string name, params string[] words) =>
        words.All(w => CatalogueSearch.Words(name).Contains(w));

    [Fact]
    public async Task A_rollout_batch_raises_the_level_counted_from_its_date_and_the_statistics_export_as_csv()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var on = today.AddDays(10);
        using (var scope = app.Services.CreateScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<CatalogueWriter>();
            await writer.ImportAsync(new CatalogueDocument
            {
                RolloutBatches = [new RolloutBatchEntry { Code = "T-2026-RESIDENCE", Name = "Đợt thử: cư trú mức 3", ServiceLevel = ServiceLevel.OnlineSubmission, EffectiveOn = on, ProcedureCodes = ["1.004222", "1.000005"] }],
            }, "test", CancellationToken.None);
        }

        async Task<CatalogueStatisticsReport> On(DateOnly d) =>
            (await app.Client().GetFromJsonAsync<CatalogueStatisticsReport>(new Uri($"/api/v1/catalogue/statistics?date={d:yyyy-MM-dd}", UriKind.Relative), Json))!;
        var before = await On(on.AddDays(-1));
        var after = await On(on);
        Assert.Equal(before.All.Total, after.All.Total);
        Assert.Equal(before.All.Level3 + 2, after.All.Level3);
        Assert.Equal(before.All.Level1 - 2, after.All.Level1);
        Assert.True(before.All.Total >= 2642);

        var csv = await app.Client().GetAsync(new Uri($"/api/v1/catalogue/statistics.csv?date={on:yyyy-MM-dd}", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("date,group_kind,group,total,level1", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains($"{on:yyyy-MM-dd},all,All,{after.All.Total},{after.All.Level1},", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_narrow_a_search_and_a_long_query_is_a_400_problem()
    {
        var commune = await SearchAsync("dang ky", "&agencyLevel=Commune&pageSize=100");
        Assert.All(commune.Items, p => Assert.Contains(AgencyLevel.Commune, p.AgencyLevels));
        var field = await SearchAsync("dang ky", "&field=" + Uri.EscapeDataString("Hộ tịch"));
        Assert.NotEmpty(field.Items);
        Assert.All(field.Items, p => Assert.Equal("Hộ tịch", p.Field));

        var r = await app.Client().GetAsync(new Uri("/api/v1/procedures?q=" + new string('a', 201), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class NationalCatalogueTestsOnSqlite(NationalSqliteApp app) : NationalCatalogueTests<NationalSqliteApp>(app);

public sealed class NationalCatalogueTestsOnPostgres(NationalPostgresApp app) : NationalCatalogueTests<NationalPostgresApp>(app);
