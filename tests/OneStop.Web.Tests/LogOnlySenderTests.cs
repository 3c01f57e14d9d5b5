using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Notifications;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// The log-only senders stand in for SMTP and an SMS gateway in Development only: there they note a message without its
/// body; anywhere else they refuse, so the outbox keeps the message and retries instead of reporting it sent.
/// </summary>
public sealed class LogOnlySenderTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Body = "Hồ sơ 000.01.21.H26-261204-0001 đã được tiếp nhận. Tra cứu: https://dichvucong.hanoi.gov.vn/tra-cuu?ma=000.01.21.H26-261204-0001&k=0123456789abcdef0123";

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "OneStop.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    private static (ILoggerFactory Factory, LogCapture Logs) Logging()
    {
        var logs = new LogCapture();
        return (LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)), logs);
    }

    [Fact]
    public async Task In_development_they_note_the_message_without_its_body()
    {
        var (factory, logs) = Logging();
        using (factory)
        {
            var id = Guid.NewGuid();
            var env = new Environment(Environments.Development);
            await new LogMailSender(factory.CreateLogger<LogMailSender>(), env).SendAsync(id, "congdan.a@onestop.test", "Hồ sơ đã được tiếp nhận", Body, CancellationToken.None);
            await new LogSmsSender(factory.CreateLogger<LogSmsSender>(), env).SendAsync(id, "0912345678", Body, CancellationToken.None);
        }

        Assert.Equal(2, logs.Lines.Count);
        var mail = Assert.Single(logs.Lines, l => l.Category == typeof(LogMailSender).FullName);
        Assert.Contains("c***@onestop.test", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"{Body.Length} characters", mail.Text, StringComparison.Ordinal);
        var sms = Assert.Single(logs.Lines, l => l.Category == typeof(LogSmsSender).FullName);
        Assert.Contains("***678", sms.Text, StringComparison.Ordinal);
        Assert.All(logs.Lines, l =>
        {
            Assert.DoesNotContain("0123456789abcdef0123", l.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Tra cứu", l.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("0912345678", l.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("congdan.a@", l.Text, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public async Task Outside_development_they_refuse_and_log_nothing(string environment)
    {
        var (factory, logs) = Logging();
        using (factory)
        {
            var env = new Environment(environment);
            var mail = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                new LogMailSender(factory.CreateLogger<LogMailSender>(), env).SendAsync(Guid.NewGuid(), "congdan.a@onestop.test", "Hồ sơ", Body, CancellationToken.None));
            Assert.Contains("OneStop:Smtp:Host", mail.Message, StringComparison.Ordinal);
            var sms = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                new LogSmsSender(factory.CreateLogger<LogSmsSender>(), env).SendAsync(Guid.NewGuid(), "0912345678", Body, CancellationToken.None));
            Assert.Contains("SMS", sms.Message, StringComparison.Ordinal);
        }

        Assert.Empty(logs.Lines);
    }

    /// <summary>The test host is not Development and has neither SMTP nor a gateway: nothing is reported sent, nothing is lost.</summary>
    [Fact]
    public async Task Outside_development_the_messages_wait_in_the_outbox_with_the_reason()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var desk = await app.SignInAsync(Desk);
        var r = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative), new ActionRequest(d.Version, null, null, null, null, null, null), Json);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        var soon = app.Clock.GetUtcNow().AddSeconds(1);
        var now = new DateTimeOffset(soon.UtcTicks - soon.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero); // what both databases keep
        using var scope = app.Services.CreateScope();
        Assert.IsType<LogSmsSender>(scope.ServiceProvider.GetRequiredService<ISmsSender>());
        while ((await scope.ServiceProvider.GetRequiredService<NotificationDelivery>().RunOnceAsync(now, CancellationToken.None)).Claimed > 0)
        {
        }

        var rows = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking().Where(m => m.DossierId == d.Id).ToListAsync();
        var sms = rows.Single(m => m.Channel == NotificationChannel.Sms);
        Assert.Equal(OutboxStatus.Pending, sms.Status);
        Assert.Equal(1, sms.Attempts);
        Assert.Null(sms.SentAt);
        Assert.Equal(now + NotificationDelivery.Backoff(1), sms.NextAttemptAt);
        Assert.StartsWith("InvalidOperationException: No SMS gateway", sms.LastError, StringComparison.Ordinal);
        Assert.Contains(d.Code!, sms.Body, StringComparison.Ordinal); // kept for when a gateway is configured
        var email = rows.Single(m => m.Channel == NotificationChannel.Email);
        Assert.Equal(OutboxStatus.Pending, email.Status);
        Assert.StartsWith("InvalidOperationException: OneStop:Smtp:Host is empty", email.LastError, StringComparison.Ordinal);
    }
}
