using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Shared;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// An app whose e-mail goes to a <see cref="SmtpCatcher"/> and whose SMS go to an <see cref="SmsGateway"/> (the log-only
/// sender refuses outside Development); optionally on the database of another (a second instance).
/// </summary>
public class MailApp(bool postgres, SmtpCatcher? catcher = null, string? sharedDatabase = null) : OneStopAppFactory(postgres, seed: true, sharedDatabase)
{
    public const string PortalUrl = "https://dichvucong.hanoi.gov.vn";

    private readonly bool ownsCatcher = catcher is null;

    public SmtpCatcher Catcher { get; } = catcher ?? new SmtpCatcher();

    public SmsGateway Sms { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<ISmsSender>(Sms));
        builder.UseSetting("OneStop:Smtp:Host", "127.0.0.1");
        builder.UseSetting("OneStop:Smtp:Port", Catcher.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("OneStop:Smtp:UseStartTls", "false");
        builder.UseSetting("OneStop:Smtp:TimeoutSeconds", "5");
        builder.UseSetting("OneStop:PublicUrl", PortalUrl);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsCatcher)
        {
            Catcher.Dispose();
        }
    }
}

/// <summary>A stand-in SMS gateway that accepts every message and keeps it.</summary>
public sealed class SmsGateway : ISmsSender
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(Guid Id, string Phone, string Text)> messages = new();

    public IReadOnlyList<(Guid Id, string Phone, string Text)> Messages => [.. messages];

    public Task SendAsync(Guid messageId, string phone, string text, CancellationToken ct)
    {
        messages.Enqueue((messageId, phone, text));
        return Task.CompletedTask;
    }
}

public sealed class SqliteMailApp() : MailApp(postgres: false);

public sealed class PostgresMailApp() : MailApp(postgres: true);

/// <summary>Notifications through the outbox: written with the action, delivered by the worker to a real SMTP server.</summary>
public abstract class NotificationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MailApp
{
    private static string MessageId(Guid id) => $"{id:D}@onestop";

    /// <summary>Whole milliseconds: what both databases store exactly.</summary>
    private static DateTimeOffset Ms(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static async Task<DossierView> ReceivedAsync(WebApplicationFactory<Program> host, HttpClient citizen, HttpClient desk)
    {
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(host.Services));
        var r = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative), new { }, Json);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<DossierView>(Json))!;
    }

    private static async Task<List<OutboxMessage>> RowsAsync(IServiceProvider services, Guid dossier)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking().Where(m => m.DossierId == dossier).ToListAsync();
    }

    private static async Task<DeliveryPass> PassAsync(IServiceProvider services, DateTimeOffset now, int batchSize = NotificationDelivery.BatchSize)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDelivery>().RunOnceAsync(now, CancellationToken.None, batchSize);
    }

    /// <summary>Passes until nothing due is left (a failed row waits for its backoff, so it ends too).</summary>
    private static async Task DrainAsync(IServiceProvider services, DateTimeOffset now)
    {
        while ((await PassAsync(services, now)).Claimed > 0)
        {
        }
    }

    private void AssertNoMessageTwice()
    {
        var repeated = app.Catcher.Messages.GroupBy(m => m.MessageId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(repeated);
    }

    [Fact]
    public async Task Receiving_a_dossier_writes_one_row_per_channel_with_the_appointment_in_Vietnam_time()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var desk = await app.SignInAsync(Desk);
        var submitted = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        Assert.Empty(await RowsAsync(app.Services, submitted.Id));

        var r = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{submitted.Id}/actions/Receive", UriKind.Relative), new { }, Json);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var d = (await r.Content.ReadFromJsonAsync<DossierView>(Json))!;
        var rows = await RowsAsync(app.Services, d.Id);
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Sms, NotificationChannel.InApp], rows.Select(m => m.Channel).Order());
        Assert.All(rows, m => Assert.Equal(NotificationTemplates.Received, m.EventKey));
        var email = rows.Single(m => m.Channel == NotificationChannel.Email);
        Assert.Equal(CitizenA, email.Recipient);
        Assert.Equal(OutboxStatus.Pending, email.Status);
        Assert.Equal($"Hồ sơ {d.Code} đã được tiếp nhận / Dossier {d.Code} has been received", email.Subject);
        Assert.Contains($"Ngày hẹn trả kết quả: {VietnamTime.Format(d.DueAt!.Value)}.", email.Body, StringComparison.Ordinal);
        Assert.Contains("Kính gửi Nguyễn Văn An", email.Body, StringComparison.Ordinal);
        Assert.Contains($"{MailApp.PortalUrl}/tra-cuu?ma={d.Code}&k=", email.Body, StringComparison.Ordinal);
        // Vietnamese first, English second.
        Assert.True(email.Body.IndexOf("Kính gửi", StringComparison.Ordinal) < email.Body.IndexOf("Dear", StringComparison.Ordinal));
        var sms = rows.Single(m => m.Channel == NotificationChannel.Sms);
        Assert.Equal("0912345678", sms.Recipient);
        Assert.Contains(d.Code!, sms.Body, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, rows.Single(m => m.Channel == NotificationChannel.InApp).Status);

        // Asking for a supplement (the specialist, at the first processing step) says what is missing.
        var specialist = await app.SignInAsync(Specialist);
        var asked = await specialist.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/RequestSupplement", UriKind.Relative),
            new ActionRequest(null, null, ["Bản sao giấy chứng sinh"], null, null, null, null), Json);
        Assert.True(asked.StatusCode == HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        var supplement = (await RowsAsync(app.Services, d.Id)).Single(m => m.EventKey == NotificationTemplates.SupplementRequested && m.Channel == NotificationChannel.Email);
        Assert.Contains("- Bản sao giấy chứng sinh", supplement.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_in_the_receiving_transaction_leaves_neither_the_action_nor_its_messages()
    {
        var crash = new CrashingCommands();
        using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IInterceptor>(crash)));
        var citizen = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(citizen, CitizenA);
        var desk = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(desk, Desk);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(host.Services));
        var receive = new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative);

        // The outbox insert fails: the reception is undone with it.
        foreach (var fragment in new[] { "INSERT INTO \"NotificationOutbox\"", "INSERT INTO \"DossierEvents\"" })
        {
            crash.Fragment = fragment;
            Assert.Equal(HttpStatusCode.InternalServerError, (await desk.PostAsJsonAsync(receive, new { }, Json)).StatusCode);
            Assert.Null(crash.Fragment); // the crash did happen
            using var scope = host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var after = await db.Dossiers.AsNoTracking().FirstAsync(x => x.Id == d.Id);
            Assert.Equal(DossierStatus.Registered, after.Status);
            Assert.Null(after.ReceivedAt);
            Assert.False(await db.NotificationOutbox.AnyAsync(m => m.DossierId == d.Id));
        }

        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync(receive, new { }, Json)).StatusCode);
        Assert.Equal(3, (await RowsAsync(host.Services, d.Id)).Count);
    }

    [Fact]
    public async Task The_worker_delivers_the_Vietnamese_email_with_the_outbox_id_as_message_id()
    {
        var d = await ReceivedAsync(app, await app.SignInAsync(CitizenA), await app.SignInAsync(Desk));
        await DrainAsync(app.Services, app.Clock.GetUtcNow());
        var rows = await RowsAsync(app.Services, d.Id);
        Assert.All(rows, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var email = rows.Single(m => m.Channel == NotificationChannel.Email);
        Assert.Equal(1, email.Attempts);
        var caught = Assert.Single(app.Catcher.Messages, m => m.MessageId == MessageId(email.Id));
        Assert.Equal(CitizenA, caught.To);
        Assert.Equal($"Hồ sơ {d.Code} đã được tiếp nhận / Dossier {d.Code} has been received", caught.Subject);
        Assert.Contains($"Kính gửi Nguyễn Văn An,", caught.Body, StringComparison.Ordinal);
        Assert.Contains($"đã tiếp nhận hồ sơ {d.Code} (thủ tục: {d.ProcedureName})", caught.Body, StringComparison.Ordinal);
        Assert.Contains(VietnamTime.Format(d.DueAt!.Value), caught.Body, StringComparison.Ordinal);
        Assert.Contains($"{MailApp.PortalUrl}/tra-cuu?ma={d.Code}", caught.Body, StringComparison.Ordinal);
        var sms = rows.Single(m => m.Channel == NotificationChannel.Sms);
        var texted = Assert.Single(app.Sms.Messages, m => m.Id == sms.Id);
        Assert.Equal("0912345678", texted.Phone);
        Assert.Equal(sms.Body, texted.Text);
        AssertNoMessageTwice();
    }

    [Fact]
    public async Task Messages_survive_a_mail_server_that_is_down_and_then_dies_mid_delivery_and_each_arrives_once()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var desk = await app.SignInAsync(Desk);
        var now = app.Clock.GetUtcNow();
        await DrainAsync(app.Services, now); // what earlier tests left
        var dossiers = new List<DossierView>();
        for (var i = 0; i < 5; i++)
        {
            dossiers.Add(await ReceivedAsync(app, citizen, desk));
        }

        var ids = dossiers.Select(d => d.Id).ToList();
        async Task<List<OutboxMessage>> EmailsAsync()
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking()
                .Where(m => m.DossierId != null && ids.Contains(m.DossierId.Value) && m.Channel == NotificationChannel.Email).ToListAsync();
        }

        try
        {
            // 1. The mail server is down: every e-mail fails and waits 30 s; nothing is lost, nothing is due before that.
            app.Catcher.Down();
            now = Ms(app.Clock.GetUtcNow().AddSeconds(1));
            await DrainAsync(app.Services, now);
            var emails = await EmailsAsync();
            Assert.Equal(5, emails.Count);
            Assert.All(emails, m =>
            {
                Assert.Equal(OutboxStatus.Pending, m.Status);
                Assert.Equal(1, m.Attempts);
                Assert.NotNull(m.LastError);
                Assert.Null(m.LockedBy);
                Assert.Equal(now + TimeSpan.FromSeconds(30), m.NextAttemptAt);
            });
            Assert.Equal(0, (await PassAsync(app.Services, now.AddSeconds(29))).Claimed);

            // 2. It comes back, takes two messages and dies while receiving the third (which it never confirmed).
            app.Catcher.Up();
            app.Catcher.CrashOnMessage(accepted: 2);
            now = now.AddSeconds(31);
            await DrainAsync(app.Services, now);
            Assert.False(app.Catcher.IsUp);
            emails = await EmailsAsync();
            Assert.Equal(2, emails.Count(m => m.Status == OutboxStatus.Sent));
            Assert.Equal(3, emails.Count(m => m.Status == OutboxStatus.Pending && m.Attempts == 2 && m.NextAttemptAt == now + TimeSpan.FromMinutes(1)));

            // 3. Back for good: the rest arrive at the next attempt.
            app.Catcher.Up();
            await DrainAsync(app.Services, now.AddMinutes(1));
            emails = await EmailsAsync();
            Assert.All(emails, m => Assert.Equal(OutboxStatus.Sent, m.Status));
            foreach (var m in emails)
            {
                Assert.Single(app.Catcher.Messages, c => c.MessageId == MessageId(m.Id));
            }

            AssertNoMessageTwice();
        }
        finally
        {
            app.Catcher.Up();
        }
    }

    [Fact]
    public void Retries_back_off_from_30_seconds_to_an_hour_and_give_up_after_more_than_a_day()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), NotificationDelivery.Backoff(1));
        Assert.Equal(TimeSpan.FromMinutes(1), NotificationDelivery.Backoff(2));
        Assert.Equal(TimeSpan.FromMinutes(2), NotificationDelivery.Backoff(3));
        Assert.Equal(TimeSpan.FromHours(1), NotificationDelivery.Backoff(8));
        Assert.Equal(TimeSpan.FromHours(1), NotificationDelivery.Backoff(NotificationDelivery.MaxAttempts));
        var total = Enumerable.Range(1, NotificationDelivery.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (t, a) => t + NotificationDelivery.Backoff(a));
        Assert.True(total > TimeSpan.FromHours(24), $"{total}");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_marked_failed_after_the_last_attempt()
    {
        var d = await ReceivedAsync(app, await app.SignInAsync(CitizenA), await app.SignInAsync(Desk));
        var email = (await RowsAsync(app.Services, d.Id)).Single(m => m.Channel == NotificationChannel.Email);
        using (var scope = app.Services.CreateScope())
        {
            // One attempt before the last: make it so without waiting a day.
            await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.Where(m => m.Id == email.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, NotificationDelivery.MaxAttempts - 1));
        }

        app.Catcher.Down();
        try
        {
            await DrainAsync(app.Services, app.Clock.GetUtcNow().AddSeconds(1));
        }
        finally
        {
            app.Catcher.Up();
        }

        var failed = (await RowsAsync(app.Services, d.Id)).Single(m => m.Id == email.Id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(NotificationDelivery.MaxAttempts, failed.Attempts);
        await DrainAsync(app.Services, app.Clock.GetUtcNow().AddDays(2));
        Assert.Equal(OutboxStatus.Failed, (await RowsAsync(app.Services, d.Id)).Single(m => m.Id == email.Id).Status);
        Assert.DoesNotContain(app.Catcher.Messages, m => m.MessageId == MessageId(email.Id));
    }

    [Fact]
    public async Task Two_instances_delivering_at_once_never_send_a_message_twice()
    {
        using var first = new MailApp(app.Postgres, app.Catcher);
        _ = first.Services;
        using var second = new MailApp(app.Postgres, app.Catcher, first.ConnectionString);
        _ = second.Services;
        var citizen = await first.SignInAsync(CitizenA);
        var desk = await first.SignInAsync(Desk);
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await ReceivedAsync(first, citizen, desk)).Id);
        }

        var now = first.Clock.GetUtcNow().AddSeconds(1);
        // Four workers, two per instance, with small batches so that their claims interleave.
        var workers = new[] { first, second, first, second }.Select(host => Task.Run(async () =>
        {
            while ((await PassAsync(host.Services, now, batchSize: 2)).Claimed > 0)
            {
            }
        }));
        await Task.WhenAll(workers);

        using var scope = first.Services.CreateScope();
        var emails = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking()
            .Where(m => m.Channel == NotificationChannel.Email).ToListAsync();
        Assert.True(emails.Count >= 8);
        Assert.All(emails, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.All(emails, m => Assert.Equal(1, m.Attempts));
        foreach (var m in emails)
        {
            Assert.Single(app.Catcher.Messages, c => c.MessageId == MessageId(m.Id));
        }

        AssertNoMessageTwice();
    }

    [Fact]
    public async Task The_notifications_page_shows_the_applicant_only_their_own()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await ReceivedAsync(app, citizen, await app.SignInAsync(Desk));
        var mine = await citizen.GetStringAsync(new Uri("/thong-bao", UriKind.Relative));
        Assert.Contains($"Hồ sơ {d.Code} đã được tiếp nhận", mine, StringComparison.Ordinal);
        Assert.Contains($"/ho-so-cua-toi/{d.Id}", mine, StringComparison.Ordinal);
        Assert.Contains("Chưa đọc", mine, StringComparison.Ordinal);
        var other = await (await app.SignInAsync(CitizenB)).GetStringAsync(new Uri("/thong-bao", UriKind.Relative));
        Assert.DoesNotContain(d.Code!, other, StringComparison.Ordinal);

        // Marking read is the applicant's own too: B's request leaves A's unread, A's marks them read.
        var b = await app.SignInAsync(CitizenB);
        Assert.Equal(HttpStatusCode.Redirect, (await OneStopAppFactory.PostFormAsync(b, $"/nop-ho-so/{Birth}", "/thong-bao", [])).StatusCode); // B has nothing to mark: the token comes from another form
        Assert.Contains("Chưa đọc", await citizen.GetStringAsync(new Uri("/thong-bao", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await OneStopAppFactory.PostFormAsync(citizen, "/thong-bao", "/thong-bao", [])).StatusCode);
        Assert.DoesNotContain("Chưa đọc", await citizen.GetStringAsync(new Uri("/thong-bao", UriKind.Relative)), StringComparison.Ordinal);
    }
}

public sealed class SqliteNotificationTests(SqliteMailApp app) : NotificationTests<SqliteMailApp>(app);

public sealed class PostgresNotificationTests(PostgresMailApp app) : NotificationTests<PostgresMailApp>(app);
