using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OneStop.Web.Data;

namespace OneStop.Web.Shared.Files;

/// <summary>
/// /health checks that the store can take a file: it writes a small probe in the store's folder, flushes it to the disk
/// and deletes it (a full, read-only, missing or misplaced folder is Unhealthy), within a few seconds.
/// </summary>
public sealed class FileStoreHealthCheck(LocalFileStore files) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(files.Root, $"{LocalFileStore.TempPrefix}health-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(files.Root);
            await using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await file.WriteAsync("onestop health probe"u8.ToArray(), cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Delete(probe);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("Kho tệp không ghi được. / The file store cannot be written.", ex);
        }
    }
}

/// <summary>
/// Removes stored files that no row names (dossier files, issued forms, wallet documents) once they are older than a
/// grace period, and temporary files a crash left behind. A file younger than the grace period may belong to a
/// transaction still running on another instance, so it is never touched; deleting is idempotent, so several instances
/// may sweep at once.
/// </summary>
public sealed class OrphanFileSweeper(OneStopDbContext db, LocalFileStore files, TimeProvider clock, ILogger<OrphanFileSweeper> log)
{
    /// <summary>How old an unreferenced file must be before it is removed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromDays(1);

    private const int Batch = 500;

    /// <summary>Sweeps once; returns how many files were removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (!Directory.Exists(files.Root))
        {
            return 0;
        }

        var before = (clock.GetUtcNow() - GracePeriod).UtcDateTime;
        var removed = 0;
        var old = Directory.EnumerateFiles(files.Root, "*", SearchOption.AllDirectories).Where(p => File.GetLastWriteTimeUtc(p) < before);
        foreach (var chunk in old.Chunk(Batch))
        {
            var keys = chunk.Where(p => !Path.GetFileName(p).StartsWith(LocalFileStore.TempPrefix, StringComparison.Ordinal)).Select(files.KeyOf).ToList();
            var referenced = (await db.DossierFiles.AsNoTracking().Where(f => keys.Contains(f.StorageKey)).Select(f => f.StorageKey).ToListAsync(ct))
                .Concat(await db.DossierEvents.AsNoTracking().Where(e => e.FormStorageKey != null && keys.Contains(e.FormStorageKey)).Select(e => e.FormStorageKey!).ToListAsync(ct))
                .Concat(await db.WalletDocuments.AsNoTracking().Where(w => keys.Contains(w.StorageKey)).Select(w => w.StorageKey).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var path in chunk.Where(p => !referenced.Contains(files.KeyOf(p))))
            {
                try
                {
                    File.Delete(path);
                    removed++;
                }
                catch (IOException ex)
                {
                    log.LogWarning(ex, "Could not remove the orphan file {Key}", files.KeyOf(path));
                }
            }
        }

        if (removed > 0)
        {
            log.LogInformation("Removed {Count} stored files that no row names", removed);
        }

        return removed;
    }
}

/// <summary>Sweeps orphan files every hour (only where <c>RunBackgroundJobs</c> is on).</summary>
public sealed class OrphanFileSweepJob(IServiceScopeFactory scopes, ILogger<OrphanFileSweepJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OrphanFileSweeper>().SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Orphan file sweep failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
