using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Shared.Files;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// The file store (issue 20, point 10b–c): /health is Unhealthy when the store cannot take a file; a failed action
/// leaves no file behind; files no row names are swept once older than the grace period.
/// </summary>
public abstract class FileStoreTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Fact]
    public async Task Health_is_unhealthy_when_the_store_cannot_be_written()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);

        // The data folder lies under a regular file: no one, root included, can create or write the store's folder.
        var blocker = Path.Combine(Directory.CreateTempSubdirectory("onestop-store-").FullName, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the store's folder should be");
        using var host = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("OneStop:DataDirectory", Path.Combine(blocker, "data"));
            // A fresh PostgreSQL database would get the demo dossiers, whose files could not be stored either.
            b.UseSetting("OneStop:SeedDemoData", "false");
        });
        var health = await host.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_whose_transaction_fails_leaves_no_file_in_the_store()
    {
        var crash = new CrashingCommands();
        using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IInterceptor>(crash)));
        var citizen = await CrashTests<TApp>.SignInAsync(host, CitizenA);
        var draft = await CrashTests<TApp>.CreateDraftAsync(citizen, await DemoCommuneIdAsync(host.Services));
        var files = host.Services.GetRequiredService<LocalFileStore>();
        var before = StoredFiles(files);

        crash.Fragment = "INSERT INTO \"DossierFiles\"";
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "b.pdf" } };
        var failed = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft}/files?document=2", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Null(crash.Fragment);
        Assert.Equal(before, StoredFiles(files));

        // The same upload once the database answers: stored, and its file kept.
        using var again = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "b.pdf" } };
        Assert.Equal(HttpStatusCode.OK, (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft}/files?document=2", UriKind.Relative), again)).StatusCode);
        Assert.Single(StoredFiles(files).Except(before));
    }

    [Fact]
    public async Task The_sweeper_removes_old_files_no_row_names_and_keeps_the_rest()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var draft = await CrashTests<TApp>.CreateDraftAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var files = app.Services.GetRequiredService<LocalFileStore>();
        string referenced;
        using (var scope = app.Services.CreateScope())
        {
            referenced = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().DossierFiles.AsNoTracking()
                .Where(f => f.DossierId == draft).Select(f => f.StorageKey).FirstAsync();
        }

        var oldOrphan = await files.SaveAsync(new MemoryStream(Pdf), default);
        var newOrphan = await files.SaveAsync(new MemoryStream(Pdf), default);
        var leftover = Path.Combine(files.Root, LocalFileStore.TempPrefix + "crashed-write");
        await File.WriteAllBytesAsync(leftover, Pdf);
        var old = DateTime.UtcNow - OrphanFileSweeper.GracePeriod - TimeSpan.FromHours(1);
        foreach (var path in new[] { PathOf(files, oldOrphan), PathOf(files, referenced), leftover })
        {
            File.SetLastWriteTimeUtc(path, old);
        }

        using (var scope = app.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<OrphanFileSweeper>().SweepAsync(default) >= 2);
        }

        Assert.False(File.Exists(PathOf(files, oldOrphan)));
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(PathOf(files, newOrphan)));
        Assert.True(File.Exists(PathOf(files, referenced)));
        // The dossier's file still downloads.
        var fileId = await FileIdAsync(draft, referenced);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(new Uri($"/api/v1/dossiers/{draft}/files/{fileId}", UriKind.Relative))).StatusCode);
    }

    private async Task<Guid> FileIdAsync(Guid dossier, string key)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().DossierFiles.AsNoTracking()
            .Where(f => f.DossierId == dossier && f.StorageKey == key).Select(f => f.Id).FirstAsync();
    }

    private static string PathOf(LocalFileStore files, string key) => Path.Combine(files.Root, key);

    private static HashSet<string> StoredFiles(LocalFileStore files) =>
        Directory.Exists(files.Root) ? Directory.EnumerateFiles(files.Root, "*", SearchOption.AllDirectories).ToHashSet(StringComparer.Ordinal) : [];
}

public sealed class SqliteFileStoreTests(SqliteApp app) : FileStoreTests<SqliteApp>(app);

public sealed class PostgresFileStoreTests(PostgresApp app) : FileStoreTests<PostgresApp>(app);

/// <summary>
/// A full disk is told apart from other write faults by the error the operating system really gives (issue 16 point 4):
/// /dev/full answers every write with ENOSPC, so this checks the mapping on this machine, not an assumption about it.
/// (bench/crash-drill.sh fills a real tmpfs under the running app and checks the 507 and that no dossier is half-written.)
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public void A_write_to_a_full_device_is_recognised_as_disk_full_and_answered_507()
    {
        var e = Assert.ThrowsAny<IOException>(() =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            full.Write(new byte[4096]);
            full.Flush(flushToDisk: true);
        });
        Assert.True(StorageFullException.IsDiskFull(e), $"HResult {e.HResult}: {e.Message}");
        Assert.False(StorageFullException.IsDiskFull(new IOException("other", 5)));

        var problem = OneStop.Web.Shared.Problems.Of(new StorageFullException(e));
        Assert.Equal(507, problem.Status);
        Assert.Contains("đầy", problem.Detail, StringComparison.Ordinal);
    }
}
