using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Shared;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// The app as a developer runs it (Development: no SMTP host, no SMS gateway, so the log-only senders deliver), with
/// a <see cref="LogCapture"/> that receives every line of every category at every level — more than any configured
/// sink would get.
/// </summary>
public class LogCaptureApp(bool postgres) : OneStopAppFactory(postgres, seed: true)
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("OneStop:Smtp:Host", "");
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            // A rule for this provider alone outranks the app's levels (Microsoft.AspNetCore: Warning…): it gets everything.
            logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        });
    }
}

public sealed class SqliteLogCaptureApp() : LogCaptureApp(postgres: false);

public sealed class PostgresLogCaptureApp() : LogCaptureApp(postgres: true);

/// <summary>No tracking key, personal ID number or message body in any log line, across filing, reception, delivery and tracking.</summary>
public abstract class LogRedactionTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : LogCaptureApp
{
    [Fact]
    public async Task A_dossier_filed_received_notified_and_tracked_leaves_no_key_personal_id_or_message_body_in_the_logs()
    {
        // The citizen signs in by single sign-on (the personal ID comes from the identity provider) and files online; the
        // desk receives (form 01 issued and signed); the citizen prints it.
        var browser = new SsoBrowser(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync(await browser.AuthorizeAsync(Features.Identity.Sso.DevIdentityProvider.People[1].Subject))).StatusCode);
        var citizen = browser.Http;
        var submitted = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var desk = await app.SignInAsync(Desk);
        var received = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{submitted.Id}/actions/Receive", UriKind.Relative),
            new ActionRequest(submitted.Version, null, null, null, null, null, null), Json);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(new Uri($"/api/v1/dossiers/{submitted.Id}/forms/01", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync(new Uri($"/can-bo/ho-so/{submitted.Id}", UriKind.Relative))).StatusCode);

        // The outbox is delivered through the development senders (e-mail and SMS noted in the log, not sent).
        using (var scope = app.Services.CreateScope())
        {
            var delivery = scope.ServiceProvider.GetRequiredService<NotificationDelivery>();
            while ((await delivery.RunOnceAsync(app.Clock.GetUtcNow().AddSeconds(1), CancellationToken.None)).Claimed > 0)
            {
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(new Uri("/thong-bao", UriKind.Relative))).StatusCode);

        string key, personalId, typedId;
        List<OutboxMessage> messages;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var dossier = await db.Dossiers.AsNoTracking().FirstAsync(d => d.Id == submitted.Id);
            key = dossier.TrackingKey;
            personalId = dossier.ApplicantPersonalId!;
            typedId = dossier.FormData["requesterPersonalId"];
            messages = await db.NotificationOutbox.AsNoTracking().Where(m => m.DossierId == submitted.Id).ToListAsync();
        }

        Assert.Equal(Features.Identity.Sso.DevIdentityProvider.People[1].PersonalId, personalId);
        Assert.Matches("^[0-9]{12}$", typedId);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Sent, m.Status));

        // Anyone tracks it with the QR link's key (page and API), and with a wrong key.
        var anonymous = app.Client();
        var page = await anonymous.GetAsync(new Uri($"/tra-cuu?ma={Uri.EscapeDataString(submitted.Code!)}&k={key}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri($"/api/v1/tracking/{Uri.EscapeDataString(submitted.Code!)}?key={key}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/api/v1/tracking/{Uri.EscapeDataString(submitted.Code!)}?key={key[..^1]}0", UriKind.Relative))).StatusCode);

        var lines = app.Logs.Lines;
        // The capture works and saw the development senders at work: one line each, by message id.
        var email = messages.Single(m => m.Channel == NotificationChannel.Email);
        var sms = messages.Single(m => m.Channel == NotificationChannel.Sms);
        Assert.Single(lines, l => l.Category == typeof(LogMailSender).FullName && l.Text.Contains(email.Id.ToString(), StringComparison.Ordinal));
        Assert.Single(lines, l => l.Category == typeof(LogSmsSender).FullName && l.Text.Contains(sms.Id.ToString(), StringComparison.Ordinal));

        var secrets = new List<(string What, string Value)> { ("tracking key", key), ("personal ID", personalId), ("personal ID in the form", typedId) };
        secrets.AddRange(messages.Select(m => ($"{m.Channel} body", m.Body)));
        // A body's lines too (a sink may cut a message at a line break), the short generic ones aside.
        secrets.AddRange(messages.SelectMany(m => m.Body.Split('\n').Where(l => l.Contains(submitted.Code!, StringComparison.Ordinal) && l.Length >= 40)
            .Select(l => ($"{m.Channel} body line", l))));
        var leaks = (from l in lines from s in secrets where l.Text.Contains(s.Value, StringComparison.Ordinal) select $"{s.What} in {l.Level} {l.Category}: {l.Text}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n\n", leaks.Take(20)));
    }
}

public sealed class SqliteLogRedactionTests(SqliteLogCaptureApp app) : LogRedactionTests<SqliteLogCaptureApp>(app);

public sealed class PostgresLogRedactionTests(PostgresLogCaptureApp app) : LogRedactionTests<PostgresLogCaptureApp>(app);

/// <summary>The held framework categories stay above their floors whatever the configuration asks, per provider and per sub-category.</summary>
public sealed class LogFloorsTests
{
    [Fact]
    public void No_configured_level_lets_a_held_category_write_below_its_floor_and_a_stricter_one_is_kept()
    {
        var provider = typeof(LogCapture).FullName;
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
            [$"Logging:{provider}:LogLevel:Microsoft"] = "Trace",
            [$"Logging:{provider}:LogLevel:OpenIddict.Server.OpenIddictServerDispatcher"] = "Trace",
            [$"Logging:{provider}:LogLevel:Microsoft.AspNetCore.Authentication.OpenIdConnect"] = "Error",
        };
        using var services = Logging(configuration);
        bool Writes(string category, LogLevel level) => services.GetRequiredService<ILoggerFactory>().CreateLogger(category).IsEnabled(level);

        Assert.False(Writes("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information));
        Assert.True(Writes("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        Assert.False(Writes("Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker", LogLevel.Trace));
        Assert.True(Writes("Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker", LogLevel.Debug));
        Assert.False(Writes("OpenIddict.Server.OpenIddictServerDispatcher", LogLevel.Trace));
        Assert.True(Writes("OpenIddict.Server.OpenIddictServerDispatcher", LogLevel.Debug));
        Assert.False(Writes("Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectHandler", LogLevel.Warning));
        // Everything else as configured.
        Assert.True(Writes("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Trace));
        Assert.True(Writes("OneStop.Web.Features.Notifications.NotificationDelivery", LogLevel.Trace));
    }

    [Fact]
    public void A_floor_never_lowers_the_shipped_levels()
    {
        // appsettings.json: framework categories at Warning in Production. Holding a category at its floor must not
        // open it to Debug (the rule for the exact category outranks the broader configured one): it stays at Warning,
        // so no page request writes framework lines.
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:OpenIddict"] = "Warning",
        };
        using var services = Logging(configuration);
        bool Writes(string category, LogLevel level) => services.GetRequiredService<ILoggerFactory>().CreateLogger(category).IsEnabled(level);

        Assert.False(Writes("Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker", LogLevel.Information));
        Assert.True(Writes("Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker", LogLevel.Warning));
        Assert.False(Writes("Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectHandler", LogLevel.Information));
        Assert.False(Writes("OpenIddict.Server.OpenIddictServerDispatcher", LogLevel.Information));
        Assert.False(Writes("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information));
        Assert.True(Writes("OneStop.Web.Features.Notifications.NotificationDelivery", LogLevel.Information));
    }

    /// <summary>Logging as the host sets it up: the configuration's levels, a provider, then the floors.</summary>
    private static ServiceProvider Logging(Dictionary<string, string?> levels) => new ServiceCollection().AddLogging(b =>
    {
        b.AddConfiguration(new ConfigurationBuilder().AddInMemoryCollection(levels).Build().GetSection("Logging"));
        b.AddProvider(new LogCapture());
        b.AddLogFloors();
    }).BuildServiceProvider();
}
