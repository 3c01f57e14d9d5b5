using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>Fails the next command whose SQL contains a fragment, as a crash between two statements would.</summary>
public sealed class CrashingCommands : DbCommandInterceptor
{
    public string? Fragment { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CrashIfMatching(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>Statements that return nothing (an insert without generated values on SQLite) crash too.</summary>
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        CrashIfMatching(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void CrashIfMatching(DbCommand command)
    {
        if (Fragment is { } f && command.CommandText.Contains(f, StringComparison.Ordinal))
        {
            Fragment = null;
            throw new InvalidOperationException("Simulated crash in the middle of an action.");
        }
    }
}

/// <summary>A crash in the middle of an action leaves the dossier as it was: every action is one transaction.</summary>
public abstract class CrashTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Fact]
    public async Task A_submission_that_fails_after_taking_a_code_leaves_the_draft_and_the_counter_as_they_were()
    {
        var crash = new CrashingCommands();
        using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IInterceptor>(crash)));
        var citizen = await SignInAsync(host, CitizenA);
        var commune = await DemoCommuneIdAsync(host.Services);

        List<Guid> drafts = [await CreateDraftAsync(citizen, commune), await CreateDraftAsync(citizen, commune)];

        // The history insert comes after the counter upsert and the dossier update in the submitting transaction.
        crash.Fragment = "INSERT INTO \"DossierEvents\"";
        var failed = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{drafts[0]}/submit", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var d = await db.Dossiers.AsNoTracking().FirstAsync(x => x.Id == drafts[0]);
            Assert.Equal(DossierStatus.Draft, d.Status);
            Assert.Null(d.Code);
            Assert.False(await db.DossierEvents.AnyAsync(e => e.DossierId == d.Id && e.Action == DossierAction.Submit));
        }

        var first = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{drafts[0]}/submit", UriKind.Relative), null);
        var second = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{drafts[1]}/submit", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var codes = await db.Dossiers.AsNoTracking().Where(x => drafts.Contains(x.Id)).Select(x => x.Code!).ToListAsync();
            var numbers = codes.Select(c => int.Parse(c[^4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            // The failed attempt took no number: the two submissions are consecutive.
            Assert.Equal(numbers[0] + 1, numbers[1]);
        }
    }

    [Fact]
    public async Task A_reception_that_fails_half_way_leaves_the_dossier_unreceived()
    {
        var crash = new CrashingCommands();
        using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IInterceptor>(crash)));
        var citizen = await SignInAsync(host, CitizenA);
        var commune = await DemoCommuneIdAsync(host.Services);

        var id = await CreateDraftAsync(citizen, commune);
        Assert.Equal(HttpStatusCode.OK, (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{id}/submit", UriKind.Relative), null)).StatusCode);
        var desk = await SignInAsync(host, Desk);
        crash.Fragment = "INSERT INTO \"DossierEvents\"";
        var r = await desk.PostAsync(new Uri($"/api/v1/dossiers/{id}/actions/Receive", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        using var scope2 = host.Services.CreateScope();
        var d = await scope2.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.AsNoTracking().FirstAsync(x => x.Id == id);
        Assert.Equal(DossierStatus.Registered, d.Status);
        Assert.Null(d.ReceivedAt);
        Assert.Null(d.DueAt);
    }

    internal static async Task<Guid> CreateDraftAsync(HttpClient citizen, Guid commune)
    {
        var created = await citizen.PostAsync(new Uri("/api/v1/dossiers", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new DraftRequest(Birth, commune, BirthForm(), null), options: Json));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<DossierView>(created.Content, Json))!.Id;
        foreach (var doc in new[] { 1, 4 })
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "a.pdf" } };
            Assert.Equal(HttpStatusCode.OK, (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{id}/files?document={doc}", UriKind.Relative), form)).StatusCode);
        }

        return id;
    }

    internal static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> host, string email)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(client, email);
        return client;
    }
}

public sealed class SqliteCrashTests(SqliteApp app) : CrashTests<SqliteApp>(app);

public sealed class PostgresCrashTests(PostgresApp app) : CrashTests<PostgresApp>(app);
