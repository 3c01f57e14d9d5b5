using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Notifications;

/// <summary>What one delivery pass did.</summary>
public sealed record DeliveryPass(int Claimed, int Sent, int Failed);

/// <summary>
/// Delivers due outbox rows. A pass claims rows with one atomic statement (a lease: LockedBy = this pass, LockedUntil =
/// now + <see cref="Lease"/>), sends each, and marks it Sent only if it still holds the lease; a failure schedules a
/// retry with exponential backoff (30 s, 1 min, 2 min … capped at 1 h; <see cref="MaxAttempts"/> attempts, about 25 h)
/// and then gives up (Failed). Delivery is at least once: a crash after the server accepted a message and before the
/// row was marked leaves it claimed, and when the lease ends another pass sends it again — at most one repeat per
/// crash. The Message-Id header is the outbox id, so a receiver can drop the repeat.
/// </summary>
public sealed class NotificationDelivery(OneStopDbContext db, IMailSender mail, ISmsSender sms, TimeProvider clock, ILogger<NotificationDelivery> log)
{
    public const int MaxAttempts = 32;
    public const int BatchSize = 20;
    public const string RedactedBody = "(Đã xoá nội dung chứa liên kết đặt mật khẩu sau khi gửi / removed after sending: it held a link to set a password)";
    /// <summary>Longer than a send can take (the SMTP timeout is 30 s per command), so a live holder never loses its rows.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Wait before the next attempt after <paramref name="attempts"/> failed ones: 30 s doubling, at most 1 h.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(attempts - 1, 0)), 3600));

    /// <summary>One pass over the rows due at <paramref name="now"/>.</summary>
    public async Task<DeliveryPass> RunOnceAsync(DateTimeOffset now, CancellationToken ct, int batchSize = BatchSize)
    {
        var owner = Guid.NewGuid().ToString("N");
        var claimed = await ClaimAsync(owner, now, batchSize, ct);
        int sent = 0, failed = 0;
        foreach (var m in claimed)
        {
            try
            {
                if (m.Channel == NotificationChannel.Email)
                {
                    await mail.SendAsync(m.Id, m.Recipient, m.Subject, m.Body, ct);
                }
                else
                {
                    await sms.SendAsync(m.Id, m.Recipient, m.Body, ct);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failed++;
                var attempts = m.Attempts + 1;
                var dead = attempts >= MaxAttempts;
                var error = $"{ex.GetType().Name}: {ex.Message}";
                await db.NotificationOutbox.Where(x => x.Id == m.Id && x.LockedBy == owner).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Attempts, attempts)
                    .SetProperty(x => x.Status, dead ? OutboxStatus.Failed : OutboxStatus.Pending)
                    .SetProperty(x => x.NextAttemptAt, now + Backoff(attempts))
                    .SetProperty(x => x.LastError, error.Length > 1000 ? error[..1000] : error)
                    .SetProperty(x => x.LockedBy, (string?)null)
                    .SetProperty(x => x.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
                log.Log(dead ? LogLevel.Error : LogLevel.Warning, "Notification {Id} ({Channel}) attempt {Attempts} failed: {Error}", m.Id, m.Channel, attempts, error);
                continue;
            }

            sent++;
            // Not cancellable: the message is gone, the row must say so.
            // A sent password link is not kept: whoever reads the table later cannot use it.
            var redact = NotificationTemplates.CarriesPasswordLink(m.EventKey);
            var marked = await db.NotificationOutbox.Where(x => x.Id == m.Id && x.LockedBy == owner).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, OutboxStatus.Sent)
                .SetProperty(x => x.Body, x => redact ? RedactedBody : x.Body)
                .SetProperty(x => x.Attempts, m.Attempts + 1)
                .SetProperty(x => x.SentAt, clock.GetUtcNow())
                .SetProperty(x => x.LastError, (string?)null)
                .SetProperty(x => x.LockedBy, (string?)null)
                .SetProperty(x => x.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
            if (marked == 0)
            {
                log.LogWarning("Notification {Id} was sent after its lease ended; another pass may send it again", m.Id);
            }
        }

        return new(claimed.Count, sent, failed);
    }

    /// <summary>Takes up to <paramref name="batchSize"/> due rows for this pass; no two passes get the same row.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(string owner, DateTimeOffset now, int batchSize, CancellationToken ct)
    {
        var until = now + Lease;
        if (db.Database.IsNpgsql())
        {
            // Rows another pass is locking are skipped, not waited for; a row claimed meanwhile fails the re-check of
            // the WHERE clause that PostgreSQL does on the newest row version.
            var utcNow = now.ToUniversalTime();
            var utcUntil = until.ToUniversalTime();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "NotificationOutbox" SET "LockedBy" = {owner}, "LockedUntil" = {utcUntil}
                WHERE "Id" IN (
                    SELECT "Id" FROM "NotificationOutbox"
                    WHERE "Status" = 0 AND "NextAttemptAt" <= {utcNow} AND ("LockedUntil" IS NULL OR "LockedUntil" < {utcNow})
                    ORDER BY "NextAttemptAt"
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED)
                """, ct);
        }
        else
        {
            // SQLite has one writer at a time: each conditional UPDATE is atomic, and a row taken by another pass
            // between the read and the update no longer matches.
            var due = await Due(now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(batchSize).ToListAsync(ct);
            foreach (var id in due)
            {
                await Due(now).Where(m => m.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, owner).SetProperty(m => m.LockedUntil, until), ct);
            }
        }

        return await db.NotificationOutbox.AsNoTracking().Where(m => m.LockedBy == owner && m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.NextAttemptAt).ToListAsync(ct);
    }

    private IQueryable<OutboxMessage> Due(DateTimeOffset now) =>
        db.NotificationOutbox.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now));
}

/// <summary>Runs delivery passes every few seconds (OneStop:RunBackgroundJobs); safe with several instances at once.</summary>
public sealed class NotificationDeliveryJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NotificationDeliveryJob> log)
    : Shared.PeriodicJob(scopes, clock, log, TimeSpan.FromSeconds(10))
{
    /// <summary>Passes until one claims less than a full batch or a message fails, each pass in its own scope.</summary>
    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        DeliveryPass pass;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            pass = await scope.ServiceProvider.GetRequiredService<NotificationDelivery>().RunOnceAsync(Clock.GetUtcNow(), ct);
        }
        while (pass.Claimed == NotificationDelivery.BatchSize && pass.Failed == 0 && !ct.IsCancellationRequested);
    }
}
