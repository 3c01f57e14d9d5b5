using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity.Tokens;
using OpenIddict.Abstractions;

namespace OneStop.Web.Tests;

/// <summary>The demo app with three more machine clients: city-wide, bound to the city police, and one without a scope.</summary>
public abstract class ClientsApp(bool postgres) : OneStopAppFactory(postgres, seed: true)
{
    public const string Police = "000.00.17.H26";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var clients = new[]
        {
            ("national-sync", "National-Sync-Secret-2026", ApiScopes.DossiersRead, ""),
            ("police-sync", "Police-Sync-Secret-2026", ApiScopes.DossiersRead, Police),
            ("no-scope", "No-Scope-Secret-2026", "", ""),
        };
        for (var i = 0; i < clients.Length; i++)
        {
            var (id, secret, scope, agency) = clients[i];
            builder.UseSetting($"OneStop:ApiClients:{i}:ClientId", id);
            builder.UseSetting($"OneStop:ApiClients:{i}:Secret", secret);
            if (scope.Length > 0)
            {
                builder.UseSetting($"OneStop:ApiClients:{i}:Scopes:0", scope);
            }

            if (agency.Length > 0)
            {
                builder.UseSetting($"OneStop:ApiClients:{i}:Agencies:0", agency);
            }
        }
    }
}

public sealed class SqliteClientsApp() : ClientsApp(postgres: false);

public sealed class PostgresClientsApp() : ClientsApp(postgres: true);

/// <summary>Machine clients: client credentials at /connect/token, scoped bearer tokens on the synchronisation API.</summary>
public abstract class ApiClientTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : ClientsApp
{
    private static readonly JsonSerializerOptions Json = DossierFixtures.Json;
    private static readonly string[] ScopeErrors = ["invalid_scope", "invalid_request"];

    [Fact]
    public async Task A_client_reads_every_filed_dossier_status_page_by_page_without_personal_data()
    {
        var client = await BearerClientAsync(ApiClientRegistry.DemoClientId, OneStopAppFactory.DemoPassword, ApiScopes.DossiersRead);
        var seen = new List<DossierStatusView>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await client.GetAsync(new Uri("/api/v1/sync/dossiers?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("applicant", text, StringComparison.OrdinalIgnoreCase);
            var page = JsonSerializer.Deserialize<DossierChangesPage>(text, Json)!;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null && pages < 100);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var filed = await db.Dossiers.Where(d => d.Status != DossierStatus.Draft && d.Code != null).Select(d => d.Code!).ToListAsync();
        Assert.NotEmpty(filed);
        Assert.Equal(filed.Order(), seen.Select(s => s.Code).Order());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.UpdatedAt <= p.Second.UpdatedAt), "oldest change first");

        // Only what changed after a moment.
        var last = seen[^1].UpdatedAt;
        var after = await client.GetFromJsonAsync<DossierChangesPage>(new Uri("/api/v1/sync/dossiers?since=" + Uri.EscapeDataString(last.ToString("O")), UriKind.Relative), Json);
        Assert.Empty(after!.Items);

        var one = await client.GetFromJsonAsync<DossierStatusView>(new Uri("/api/v1/sync/dossiers/" + filed[0], UriKind.Relative), Json);
        Assert.Equal(filed[0], one!.Code);
        Assert.False(string.IsNullOrEmpty(one.NationalStatus));
    }

    [Fact]
    public async Task A_client_bound_to_an_agency_sees_only_its_dossiers_and_others_are_not_found()
    {
        string communeCode;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            communeCode = await db.Dossiers.Where(d => d.Code != null && d.Agency!.Code != ClientsApp.Police).Select(d => d.Code!).FirstAsync();
        }

        var police = await BearerClientAsync("police-sync", "Police-Sync-Secret-2026", ApiScopes.DossiersRead);
        var hidden = await police.GetAsync(new Uri("/api/v1/sync/dossiers/" + communeCode, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType?.MediaType);
        var list = await police.GetFromJsonAsync<DossierChangesPage>(new Uri("/api/v1/sync/dossiers?limit=500", UriKind.Relative), Json);
        Assert.All(list!.Items, i => Assert.Equal(ClientsApp.Police, i.AgencyCode));

        var national = await BearerClientAsync("national-sync", "National-Sync-Secret-2026", ApiScopes.DossiersRead);
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync(new Uri("/api/v1/sync/dossiers/" + communeCode, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Wrong_secrets_and_scopes_get_no_token()
    {
        var wrongSecret = await TokenResponseAsync(ApiClientRegistry.DemoClientId, "not-the-secret", ApiScopes.DossiersRead);
        Assert.Equal("invalid_client", wrongSecret.GetProperty("error").GetString());
        Assert.False(wrongSecret.TryGetProperty("access_token", out _));

        var unknownClient = await TokenResponseAsync("nobody", "whatever", ApiScopes.DossiersRead);
        Assert.Equal("invalid_client", unknownClient.GetProperty("error").GetString());

        var notGranted = await TokenResponseAsync("no-scope", "No-Scope-Secret-2026", ApiScopes.DossiersRead);
        // OpenIddict answers a scope the client is not permitted with invalid_request naming the scope.
        Assert.Contains(notGranted.GetProperty("error").GetString(), ScopeErrors);
        Assert.Contains("scope", notGranted.GetProperty("error_description").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(notGranted.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Tampered_expired_missing_or_unscoped_tokens_are_refused()
    {
        var token = (await TokenResponseAsync(ApiClientRegistry.DemoClientId, OneStopAppFactory.DemoPassword, ApiScopes.DossiersRead)).GetProperty("access_token").GetString()!;
        var path = new Uri("/api/v1/sync/dossiers", UriKind.Relative);

        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync(path)).StatusCode);
        var tampered = token[..^6] + (token[^6] == 'A' ? "B" : "A") + token[^5..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(tampered).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync(path)).StatusCode);

        // A person's sign-in cookie is not a machine token.
        var officer = await app.SignInAsync(DossierFixtures.Desk);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync(path)).StatusCode);

        var unscoped = (await TokenResponseAsync("no-scope", "No-Scope-Secret-2026", null)).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await WithToken(unscoped).GetAsync(path)).StatusCode);

        var bad = await WithToken(token).GetAsync(new Uri("/api/v1/sync/dossiers?cursor=%%%", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using (app.Clock.Shift(TimeSpan.FromMinutes(61)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(token).GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task A_restart_rewrites_nothing_unchanged_and_a_changed_secret_replaces_the_old_one()
    {
        // Another start with the same configuration: the stored secret hash (salted afresh on every write) stays.
        var before = await StoredAsync("national-sync");
        await ApiClientRegistry.SyncAsync(app.Services, CancellationToken.None);
        Assert.Equal(before.ClientSecret, (await StoredAsync("national-sync")).ClientSecret);

        // A client registered, started again unchanged, then given a new secret: only the new secret gets a token.
        var client = new ApiClientOptions { ClientId = "rotating-sync", Secret = "Rotating-Secret-One-2026", Scopes = [ApiScopes.DossiersRead] };
        await SyncWithAsync(client);
        var first = await StoredAsync("rotating-sync");
        await SyncWithAsync(client);
        Assert.Equal(first.ClientSecret, (await StoredAsync("rotating-sync")).ClientSecret);
        client.Secret = "Rotating-Secret-Two-2026";
        await SyncWithAsync(client);
        Assert.NotEqual(first.ClientSecret, (await StoredAsync("rotating-sync")).ClientSecret);
        Assert.Equal("invalid_client", (await TokenResponseAsync("rotating-sync", "Rotating-Secret-One-2026", ApiScopes.DossiersRead)).GetProperty("error").GetString());
        await BearerClientAsync("rotating-sync", "Rotating-Secret-Two-2026", ApiScopes.DossiersRead);

        // A changed scope is written too.
        client.Scopes = [];
        await SyncWithAsync(client);
        Assert.DoesNotContain((await StoredAsync("rotating-sync")).Permissions, p => p.EndsWith(ApiScopes.DossiersRead, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_instances_starting_at_once_both_start_and_leave_the_configured_client()
    {
        // The stored client differs from the configuration (as after a configuration change): both instances update it
        // at the same moment; the one that loses the race reads again and finds it as configured.
        using (var scope = app.Services.CreateScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var stored = await applications.FindByClientIdAsync("police-sync") ?? throw new InvalidOperationException("no police-sync");
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, stored);
            descriptor.DisplayName = "changed elsewhere";
            await applications.UpdateAsync(stored, descriptor);
        }

        await Task.WhenAll(
            Task.Run(() => ApiClientRegistry.SyncAsync(app.Services, CancellationToken.None)),
            Task.Run(() => ApiClientRegistry.SyncAsync(app.Services, CancellationToken.None)));
        Assert.Equal("police-sync", (await StoredAsync("police-sync")).DisplayName);
        await BearerClientAsync("police-sync", "Police-Sync-Secret-2026", ApiScopes.DossiersRead);
    }

    /// <summary>Runs the registry as a start with only <paramref name="client"/> configured would.</summary>
    private async Task SyncWithAsync(ApiClientOptions client)
    {
        using var scope = app.Services.CreateScope();
        var registry = new ApiClientRegistry(
            scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(),
            Options.Create(new OneStopOptions { ApiClients = [client] }),
            scope.ServiceProvider.GetRequiredService<IHostEnvironment>(),
            NullLogger<ApiClientRegistry>.Instance);
        await registry.SyncAsync(CancellationToken.None);
    }

    private async Task<OpenIddictApplicationDescriptor> StoredAsync(string clientId)
    {
        using var scope = app.Services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, await applications.FindByClientIdAsync(clientId) ?? throw new InvalidOperationException("no " + clientId));
        return descriptor;
    }

    private HttpClient WithToken(string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpClient> BearerClientAsync(string id, string secret, string scope)
    {
        var response = await TokenResponseAsync(id, secret, scope);
        Assert.Equal("Bearer", response.GetProperty("token_type").GetString());
        return WithToken(response.GetProperty("access_token").GetString()!);
    }

    private async Task<JsonElement> TokenResponseAsync(string id, string secret, string? scope)
    {
        var fields = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }

        using var form = new FormUrlEncodedContent(fields);
        return await (await app.Client().PostAsync(new Uri("/connect/token", UriKind.Relative), form)).Content.ReadFromJsonAsync<JsonElement>();
    }
}

public sealed class SqliteApiClientTests(SqliteClientsApp app) : ApiClientTests<SqliteClientsApp>(app);

public sealed class PostgresApiClientTests(PostgresClientsApp app) : ApiClientTests<PostgresClientsApp>(app);
