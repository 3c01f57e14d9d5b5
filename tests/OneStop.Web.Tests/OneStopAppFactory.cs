using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace OneStop.Web.Tests;

/// <summary>
/// The real application over a real database: a fresh SQLite file, or a fresh database on the PostgreSQL server
/// that ./test.sh starts (ONESTOP_TEST_POSTGRES). Migrations and seeding run exactly as in production.
/// </summary>
public abstract partial class OneStopAppFactory(bool postgres, bool seed, string? sharedDatabase = null) : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Test-Password-2026";
    public const string AdminEmail = "quantri.thutuc@onestop.test";

    private readonly string dataDir = Directory.CreateTempSubdirectory("onestop-test-").FullName;

    public bool Postgres => postgres;

    /// <summary>The connection string this instance uses (a second instance can share it).</summary>
    public string ConnectionString { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("OneStop:DataDirectory", dataDir);
        builder.UseSetting("OneStop:SeedDemoData", seed ? "true" : "false");
        builder.UseSetting("OneStop:DemoAccounts", "true");
        // The national catalogue (2,642 procedures) is imported once into a template database (NationalCatalogueTemplate),
        // never per test class.
        builder.UseSetting("OneStop:SeedNationalCatalogue", "false");
        builder.UseSetting("OneStop:DemoPassword", DemoPassword);
        ConnectionString = sharedDatabase ?? (postgres ? CreatePostgresDatabase() : $"Data Source={Path.Combine(dataDir, "test.db")}");
        builder.UseSetting("OneStop:Database", ConnectionString);
        // Many sign-ins from one test address: the limits are tested on their own (RateLimitTests).
        builder.UseSetting("OneStop:RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("OneStop:RateLimits:TrackingPerMinute", "100000");
        builder.UseSetting("OneStop:RateLimits:RegisterPerHour", "100000");
        builder.UseSetting("OneStop:RateLimits:VerificationPerMinute", "100000");
        builder.UseSetting("OneStop:RateLimits:FeedbackPerHour", "100000");
        builder.UseSetting("OneStop:RateLimits:RatingCodePerMinute", "100000");
        // Tests drive the deadline job themselves.
        builder.UseSetting("OneStop:RunBackgroundJobs", "false");
        // Single sign-on against the development provider, which is this test server itself.
        builder.UseSetting("OneStop:Sso:DevelopmentProvider", "true");
        builder.UseSetting("OneStop:Sso:DevelopmentAuthority", "http://localhost/");
        // Online payment through the built-in sandbox bank, which reaches the IPN endpoint of this in-memory server.
        builder.UseSetting("OneStop:Payments:Sandbox", "true");
        builder.UseSetting("OneStop:Payments:DefaultGateway", "sandbox");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // The portal reaches its own provider (discovery, keys, token, userinfo) through the in-memory server.
            services.Configure<OpenIdConnectOptions>("sso-dev", o => o.BackchannelHttpHandler = new InMemoryServerHandler(this));
            services.AddHttpClient(OneStop.Web.Features.Payments.SandboxBank.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new InMemoryServerHandler(this));
        });
    }

    /// <summary>The application's clock: real time plus a shift that a test can move forward.</summary>
    public ShiftableClock Clock { get; } = new();

    private static string CreatePostgresDatabase() => NewPostgresDatabase();

    /// <summary>A new empty database on the test PostgreSQL server (ONESTOP_TEST_POSTGRES), as a connection string.</summary>
    public static string NewPostgresDatabase()
    {
        var server = Environment.GetEnvironmentVariable("ONESTOP_TEST_POSTGRES")
            ?? throw new InvalidOperationException("ONESTOP_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a PostgreSQL server.");
        var databaseName = "onestop_" + Guid.NewGuid().ToString("N")[..12];
        using (var conn = new NpgsqlConnection(server))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {databaseName}", conn);
            cmd.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;
    }

    /// <summary>The id of an account, by email.</summary>
    public async Task<Guid> AccountIdAsync(string email)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStop.Web.Data.OneStopDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>
    /// Every client of the factory sends the header that marks a same-site API call (CrossSiteGuard), as the portal's own
    /// callers do: a state-changing API call with the sign-in cookie is refused without it. Cross-site tests remove it.
    /// </summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(OneStop.Web.Shared.CrossSiteGuard.Header, "OneStop.Tests");
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see exactly what the server said.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real sign-in page (anti-forgery token and all).</summary>
    public Task<HttpClient> AdminClientAsync() => SignInAsync(AdminEmail, "/quan-tri/thu-tuc");

    /// <summary>A client signed in as one of the demo accounts through the real sign-in page.</summary>
    public async Task<HttpClient> SignInAsync(string email, string returnUrl = "")
    {
        var client = Client();
        await SignInAsync(client, email, returnUrl);
        return client;
    }

    /// <summary>Signs a cookie-keeping client in through the real sign-in page (a demo account unless a password is given).</summary>
    public static async Task SignInAsync(HttpClient client, string email, string returnUrl = "", string password = DemoPassword) =>
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAttemptAsync(client, email, password, returnUrl)).StatusCode);

    /// <summary>One sign-in through the real page (anti-forgery token and all); the response as the server gave it.</summary>
    public static async Task<HttpResponseMessage> SignInAttemptAsync(HttpClient client, string email, string password = DemoPassword, string returnUrl = "")
    {
        var page = await client.GetStringAsync(new Uri("/dang-nhap", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = Token(page),
        });
        return await client.PostAsync(new Uri("/dang-nhap", UriKind.Relative), form);
    }

    /// <summary>The id of the newest audit entry, so that a test reads only the entries it caused.</summary>
    public async Task<long> LastAuditIdAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStop.Web.Data.OneStopDbContext>().Set<OneStop.Web.Features.Audit.AuditEntry>()
            .MaxAsync(e => (long?)e.Id) ?? 0;
    }

    public static string Token(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    /// <summary>Posts a form as a browser would: reads <paramref name="page"/> for its anti-forgery token, then posts to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        using var form = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", Token(html))));
        return await client.PostAsync(new Uri(action, UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by SQLite's pool: the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>Real time, moved forward by what a test asks (token and code expiry).</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long shiftTicks;

    /// <summary>Moves the clock forward for good.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref shiftTicks, by.Ticks);

    /// <summary>Moves the clock forward until the result is disposed (later tests of the class see real time again).</summary>
    public IDisposable Shift(TimeSpan by)
    {
        Interlocked.Add(ref shiftTicks, by.Ticks);
        return new Undo(() => Interlocked.Add(ref shiftTicks, -by.Ticks));
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref shiftTicks));
}

/// <summary>Sends requests to the factory's in-memory server (created on first use, after the host has started).</summary>
public sealed class InMemoryServerHandler(WebApplicationFactory<Program> factory) : HttpMessageHandler
{
    private HttpMessageInvoker? invoker;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        invoker ??= new HttpMessageInvoker(factory.Server.CreateHandler());
        return invoker.SendAsync(request, cancellationToken);
    }
}

public sealed class SqliteApp() : OneStopAppFactory(postgres: false, seed: true);

public sealed class PostgresApp() : OneStopAppFactory(postgres: true, seed: true);

public sealed class SqliteEmptyApp() : OneStopAppFactory(postgres: false, seed: false);

public sealed class PostgresEmptyApp() : OneStopAppFactory(postgres: true, seed: false);

/// <summary>The app for tests that move its clock for good (sign-in age, session limits): a fixture of their own.</summary>
public sealed class SqliteClockApp() : OneStopAppFactory(postgres: false, seed: true);

/// <summary>A second server on the database of another: what a load-balanced deployment looks like.</summary>
public sealed class SecondInstance(OneStopAppFactory first) : OneStopAppFactory(first.Postgres, seed: true, sharedDatabase: first.ConnectionString);
