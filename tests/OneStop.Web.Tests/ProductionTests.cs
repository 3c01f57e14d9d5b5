using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;

namespace OneStop.Web.Tests;

/// <summary>Production refuses unsafe settings at start-up; behind the load balancer the client's address and scheme are seen.</summary>
public sealed class ProductionTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string TrustedProxy = "10.20.3.4";
    private const string Untrusted = "198.51.100.9";
    private static readonly string[] GuardedSettings = ["OneStop:DemoAccounts", "OneStop:DemoPassword", "OneStop:Database", "OneStop:TrustedProxies", "OneStop:Sso:DevelopmentProvider", "OneStop:Tokens:SigningCertificate", "OneStop:Payments", "OneStop:PublicUrl"];

    /// <summary>A self-signed PKCS#12 standing in for the token server's production certificate.</summary>
    private static readonly Lazy<string> TokenCertificate = new(() =>
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=OneStop test token server", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Directory.CreateTempSubdirectory("onestop-cert-").FullName, "tokens.pfx");
        File.WriteAllBytes(path, cert.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "test-pass"));
        return path;
    });

    /// <summary>What a production host needs besides the test's own settings: no demo accounts, no development provider, certificates.</summary>
    internal static void ProductionBaseline(IWebHostBuilder b)
    {
        b.UseEnvironment("Production");
        b.UseSetting("OneStop:DemoAccounts", "false");
        b.UseSetting("OneStop:Sso:DevelopmentProvider", "false");
        b.UseSetting("OneStop:Payments:Sandbox", "false");
        b.UseSetting("OneStop:Payments:DefaultGateway", "");
        // The test server's own name: Production answers only for the host of its public address.
        b.UseSetting("OneStop:PublicUrl", "http://localhost");
        foreach (var use in new[] { "Signing", "Encryption" })
        {
            b.UseSetting($"OneStop:Tokens:{use}Certificate", TokenCertificate.Value);
            b.UseSetting($"OneStop:Tokens:{use}CertificatePassword", "test-pass");
        }
    }

    [Theory]
    [InlineData("OneStop:Sso:DevelopmentProvider", "true", "OneStop:Sso:DevelopmentProvider")]
    [InlineData("OneStop:Tokens:SigningCertificate", "", "OneStop:Tokens:SigningCertificate")]
    [InlineData("OneStop:DemoAccounts", "true", "OneStop:DemoAccounts")]
    [InlineData("OneStop:DemoPassword", OneStopOptionsValidator.DevelopmentDemoPassword, "OneStop:DemoPassword")]
    [InlineData("OneStop:Database", "", "OneStop:Database")]
    [InlineData("OneStop:TrustedProxies:0", "may-chu-can-bang-tai", "OneStop:TrustedProxies")]
    [InlineData("OneStop:Payments:Sandbox", "true", "OneStop:Payments")]
    [InlineData("OneStop:Payments:DefaultGateway", "vnpay-khong-co", "OneStop:Payments")]
    [InlineData("OneStop:PublicUrl", "", "OneStop:PublicUrl")]
    [InlineData("OneStop:PublicUrl", "dichvucong.hanoi.gov.vn", "OneStop:PublicUrl")]
    public void Production_refuses_to_start_with_an_unsafe_setting_and_names_it(string key, string value, string named)
    {
        using var host = app.WithWebHostBuilder(b =>
        {
            ProductionBaseline(b);
            b.UseSetting(key, value);
        });
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(named, messages, StringComparison.Ordinal);
        // Only the bad setting is named.
        foreach (var other in GuardedSettings.Where(o => o != named))
        {
            Assert.DoesNotContain(other, messages, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Production", "false")]
    [InlineData("Demo", "true")]
    [InlineData("Testing", "true")]
    public async Task Safe_settings_start_in_production_and_demo_accounts_start_in_other_environments(string environment, string demoAccounts)
    {
        using var host = app.WithWebHostBuilder(b =>
        {
            if (environment == "Production")
            {
                ProductionBaseline(b);
            }

            b.UseEnvironment(environment);
            b.UseSetting("OneStop:DemoAccounts", demoAccounts);
        });
        var response = await host.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Production_answers_400_to_a_host_other_than_its_public_address()
    {
        using var host = app.WithWebHostBuilder(b =>
        {
            ProductionBaseline(b);
            b.UseSetting("OneStop:PublicUrl", "https://dichvucong.hanoi.test");
        });
        foreach (var path in new[] { "/", "/api/v1/procedures", "/health" })
        {
            using var evil = new HttpRequestMessage(HttpMethod.Get, path);
            evil.Headers.Host = "dichvucong-hanoi.evil.example";
            Assert.Equal(HttpStatusCode.BadRequest, (await host.CreateClient().SendAsync(evil)).StatusCode);
        }

        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/v1/procedures");
        own.Headers.Host = "dichvucong.hanoi.test";
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().SendAsync(own)).StatusCode);
    }

    [Fact]
    public void The_refused_demo_password_is_the_one_in_the_development_settings()
    {
        var root = app.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "appsettings.Development.json")));
        Assert.Equal(OneStopOptionsValidator.DevelopmentDemoPassword, settings.RootElement.GetProperty("OneStop").GetProperty("DemoPassword").GetString());
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_trusted_proxies_for_audit_and_rate_limits()
    {
        using var host = BehindLoadBalancer();
        var viaProxy = Client(host);

        // The audit log records the client behind a trusted proxy, and the peer itself when it is not trusted.
        var since = await app.LastAuditIdAsync();
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(viaProxy, TrustedProxy, "203.0.113.7")).StatusCode);
        var direct = Client(host);
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(direct, Untrusted, "203.0.113.8")).StatusCode);
        using (var scope = host.Services.CreateScope())
        {
            var addresses = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<AuditEntry>()
                .Where(e => e.Id > since && e.Event == "signin.failure").OrderBy(e => e.Id).Select(e => e.Address).ToListAsync();
            Assert.Equal(["203.0.113.7", Untrusted], addresses);
        }

        // Rate limits (2 a minute here) count per client behind the proxy: one client's limit leaves another free.
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(viaProxy, TrustedProxy, "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAttemptAsync(viaProxy, TrustedProxy, "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(Client(host), TrustedProxy, "203.0.113.50")).StatusCode);

        // An untrusted peer cannot escape its limit by claiming other addresses.
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(direct, Untrusted, "203.0.113.60")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAttemptAsync(direct, Untrusted, "203.0.113.61")).StatusCode);
    }

    [Fact]
    public async Task Without_trusted_proxies_nobody_can_claim_another_address()
    {
        using var host = BehindLoadBalancer(trustedProxies: false);
        var since = await app.LastAuditIdAsync();
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(Client(host), TrustedProxy, "203.0.113.7")).StatusCode);
        using (var page = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            page.Headers.Add("X-Forwarded-For", "203.0.113.9");
            page.Headers.Add("X-Forwarded-Proto", "https");
            Assert.False((await Client(host).SendAsync(page)).Headers.Contains("Strict-Transport-Security"));
        }

        using var scope = host.Services.CreateScope();
        var addresses = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<AuditEntry>()
            .Where(e => e.Id > since && e.Event == "signin.failure").Select(e => e.Address).ToListAsync();
        Assert.Equal([TrustedProxy], addresses);
    }

    [Fact]
    public async Task Https_at_the_load_balancer_gets_hsts_for_a_year_with_subdomains()
    {
        using var host = BehindLoadBalancer();
        var client = Client(host);
        using (var trusted = Request(HttpMethod.Get, "/", TrustedProxy, "203.0.113.7", "https"))
        {
            var response = await client.SendAsync(trusted);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        }

        using var spoofed = Request(HttpMethod.Get, "/", Untrusted, "203.0.113.7", "https");
        Assert.False((await client.SendAsync(spoofed)).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Development_sends_no_hsts()
    {
        using var host = BehindLoadBalancer("Development");
        using var request = Request(HttpMethod.Get, "/", TrustedProxy, "203.0.113.7", "https");
        var response = await Client(host).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>The app behind load balancers at 10.20.0.0/16 and 192.0.2.10; the test names each request's peer address in X-Test-Peer.</summary>
    private WebApplicationFactory<Program> BehindLoadBalancer(string environment = "Testing", bool trustedProxies = true) => app.WithWebHostBuilder(b =>
    {
        b.UseEnvironment(environment);
        if (trustedProxies)
        {
            b.UseSetting("OneStop:TrustedProxies:0", "10.20.0.0/16");
            b.UseSetting("OneStop:TrustedProxies:1", "192.0.2.10");
        }

        b.UseSetting("OneStop:RateLimits:SignInPerMinute", "2");
        b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, PeerAddress>());
    });

    private static HttpClient Client(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://dichvucong.hanoi.test/") });

    private static HttpRequestMessage Request(HttpMethod method, string path, string peer, string forwardedFor, string? proto = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(PeerAddress.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", proto);
        }

        return request;
    }

    /// <summary>A failed sign-in (unknown account) from <paramref name="peer"/> for the client <paramref name="forwardedFor"/>.</summary>
    private static async Task<HttpResponseMessage> SignInAttemptAsync(HttpClient client, string peer, string forwardedFor)
    {
        using var page = Request(HttpMethod.Get, "/dang-nhap", peer, forwardedFor);
        var html = await (await client.SendAsync(page)).Content.ReadAsStringAsync();
        using var post = Request(HttpMethod.Post, "/dang-nhap", peer, forwardedFor);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "khong-co-ai@onestop.test",
            ["password"] = "sai-mat-khau",
            ["__RequestVerificationToken"] = OneStopAppFactory.Token(html),
        });
        return await client.SendAsync(post);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Gives each test request the peer address it names, as the network would (the test server has none).</summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((http, following) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[Header], out var peer))
                {
                    http.Connection.RemoteIpAddress = peer;
                }

                return following(http);
            });
            next(builder);
        };
    }
}

/// <summary>
/// A database once seeded in Development (demo accounts with the public demo password), then started in Production: the
/// demo accounts are disabled at start, each audited and named in a warning with the remedy; a second start changes
/// nothing. On SQLite and PostgreSQL.
/// </summary>
public sealed class DemoAccountsInProductionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Demo_accounts_of_a_development_database_are_disabled_when_it_starts_in_production(bool postgres)
    {
        using OneStopAppFactory seeded = postgres ? new PostgresApp() : new SqliteApp();
        string[] demo = [DossierFixtures.CitizenA, DossierFixtures.Desk, "quantri.hethong@onestop.test"];
        using (var development = seeded.WithWebHostBuilder(b => b.UseEnvironment("Development")))
        {
            foreach (var email in demo)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await SignInAttemptAsync(development, email, OneStopAppFactory.DemoPassword)).StatusCode);
            }
        }

        // Later starts on that same database (each start of a PostgreSQL fixture would otherwise make a new one).
        using var sameDatabase = new SecondInstance(seeded);
        var log = new LogCapture();
        using (var production = sameDatabase.WithWebHostBuilder(b =>
        {
            ProductionTests.ProductionBaseline(b);
            b.ConfigureTestServices(s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log));
        }))
        {
            foreach (var email in demo)
            {
                var refused = await SignInAttemptAsync(production, email, OneStopAppFactory.DemoPassword);
                Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
                Assert.Contains("tạm khoá", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var scope = production.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var emails = OneStop.Web.Data.DatabaseInitializer.DemoAccounts.Select(d => d.Email).ToList();
            var present = await db.Users.Where(u => emails.Contains(u.Email!)).Select(u => u.Email!).ToListAsync();
            var audited = await db.Set<AuditEntry>().Where(e => e.Event == OneStop.Web.Features.Identity.DemoAccountGuard.AuditEvent).Select(e => e.Subject!).ToListAsync();
            Assert.Equal(present.Order(), audited.Order());
            Assert.Contains(DossierFixtures.CitizenA, audited);
            var warning = Assert.Single(log.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Text.Contains("demo accounts", StringComparison.Ordinal));
            Assert.Contains("quantri.hethong@onestop.test", warning.Text, StringComparison.Ordinal);
            Assert.Contains("Remedy", warning.Text, StringComparison.Ordinal);
        }

        // A second start (or a second instance) finds them disabled and changes nothing.
        using var again = sameDatabase.WithWebHostBuilder(ProductionTests.ProductionBaseline);
        using (var scope = again.Services.CreateScope())
        {
            Assert.Equal(
                await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Users.CountAsync(u => u.Email!.EndsWith("@onestop.test")),
                await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<AuditEntry>().CountAsync(e => e.Event == OneStop.Web.Features.Identity.DemoAccountGuard.AuditEvent));
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_is_secure_in_production_even_over_http()
    {
        using var seeded = new SqliteApp();
        using var production = seeded.WithWebHostBuilder(ProductionTests.ProductionBaseline);
        const string email = "can.bo.that@hanoi.gov.vn";
        const string password = "mot mat khau rat dai cua can bo 2026";
        using (var scope = production.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Account>>();
            var created = await users.CreateAsync(new Account { UserName = email, Email = email, EmailConfirmed = true, FullName = "Cán bộ thật", Kind = AccountKind.Applicant }, password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        var response = await SignInAttemptAsync(production, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("onestop.staff=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>One sign-in through the page over plain HTTP; the response as the server gave it.</summary>
    private static Task<HttpResponseMessage> SignInAttemptAsync(WebApplicationFactory<Program> host, string email, string password) =>
        OneStopAppFactory.SignInAttemptAsync(host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), email, password);
}
