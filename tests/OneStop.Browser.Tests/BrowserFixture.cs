using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace OneStop.Browser.Tests;

/// <summary>
/// The real application on a real Kestrel port with a fresh SQLite database, and Debian's Chromium driven by
/// Playwright (no browser download: the executable comes from ONESTOP_CHROMIUM or /usr/bin/chromium).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string AdminEmail = "quantri.thutuc@onestop.test";
    public const string Password = "Browser-Test-2026";

    private readonly string dataDir = Directory.CreateTempSubdirectory("onestop-browser-").FullName;
    private App? app;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Empty when the page does not scroll sideways; otherwise the elements that stick out, to fix them.</summary>
    public const string OverflowScript = """
        () => {
          if (document.documentElement.scrollWidth <= window.innerWidth + 1) return "";
          const out = [];
          for (const e of document.querySelectorAll("body *")) {
            const r = e.getBoundingClientRect();
            if (r.right > window.innerWidth + 1 && !e.closest(".table-wrap")) out.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " right=" + Math.round(r.right));
          }
          return (out.slice(0, 5).join("; ") || "unknown") + " (scrollWidth " + document.documentElement.scrollWidth + ")";
        }
        """;

    /// <summary>The running application's services (for facts a test needs, such as the demo commune's name).</summary>
    public IServiceProvider Services => app!.Services;
    public string ScreenshotDir { get; } = Path.Combine(FindRoot(), "artifacts", "test", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDir);
        // The port is chosen before the host starts so that OneStop:PublicUrl (payment return addresses, QR codes, links in
        // e-mails) names the address the browser really uses.
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        app = new App(dataDir, BaseUrl);
        app.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        app.StartServer();
        playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("ONESTOP_CHROMIUM");
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = string.IsNullOrEmpty(chromium) ? "/usr/bin/chromium" : chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = BaseUrl });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OneStop.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Path.GetTempPath();
    }

    private sealed class App(string dataDir, string publicUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("OneStop:DataDirectory", dataDir);
            builder.UseSetting("OneStop:PublicUrl", publicUrl);
            builder.UseSetting("OneStop:Database", $"Data Source={Path.Combine(dataDir, "browser.db")}");
            builder.UseSetting("OneStop:DemoAccounts", "true");
            builder.UseSetting("OneStop:SeedNationalCatalogue", "false");
            builder.UseSetting("OneStop:DemoPassword", Password);
            builder.UseSetting("OneStop:RateLimits:SignInPerMinute", "100000");
            builder.UseSetting("OneStop:RateLimits:TrackingPerMinute", "100000");
            builder.UseSetting("OneStop:RateLimits:VerificationPerMinute", "100000");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
