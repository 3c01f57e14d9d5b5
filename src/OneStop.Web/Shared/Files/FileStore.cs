using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Shared.Files;

/// <summary>Where files are kept (dossier files, results, wallet documents). Keys are made by the server; callers never choose a path.</summary>
public interface IFileStore
{
    /// <summary>Stores the bytes durably (on disk before this returns) under a new key.</summary>
    Task<string> SaveAsync(Stream content, CancellationToken ct);
    Task<Stream> OpenAsync(string key, CancellationToken ct);
}

public static class FileStoreSetup
{
    /// <summary>
    /// The files on local disk (a deployment with an object store registers its own <see cref="IFileStore"/> here), each
    /// scope's writes tracked so that a rolled-back transaction leaves no file (<see cref="UncommittedFiles"/>), the
    /// store's health check and the orphan sweeper.
    /// </summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services, OneStopOptions settings)
    {
        services.AddSingleton<LocalFileStore>();
        services.AddScoped<UncommittedFiles>();
        services.AddScoped<IFileStore>(sp => new TrackedFileStore(sp.GetRequiredService<LocalFileStore>(), sp.GetRequiredService<UncommittedFiles>()));
        services.AddScoped<OrphanFileSweeper>();
        services.AddHealthChecks().AddCheck<FileStoreHealthCheck>("files", timeout: TimeSpan.FromSeconds(5));
        services.AddBackgroundJob<OrphanFileSweepJob>(settings);
        return services;
    }

    /// <summary>Inside the exception handler: a request that failed has its uncommitted files removed before it is answered.</summary>
    public static IApplicationBuilder UseUncommittedFileCleanup(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        finally
        {
            context.RequestServices.GetService<UncommittedFiles>()?.RequestEnded();
        }
    });
}

/// <summary>
/// Files on disk under {DataDirectory}/files, outside the web root. Several instances share it through a common mount;
/// a bucket store can replace it behind <see cref="IFileStore"/>. A file is written under a temporary name, flushed to
/// the disk, renamed to its key and its folder synced, so a key that a committed row names always has all its bytes,
/// even after a power cut.
/// </summary>
public sealed class LocalFileStore(IOptions<OneStopOptions> options, TimeProvider clock)
{
    /// <summary>Temporary names start so; the sweeper removes those a crash left behind.</summary>
    public const string TempPrefix = ".tmp-";

    public string Root { get; } = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "files"));

    public async Task<string> SaveAsync(Stream content, CancellationToken ct)
    {
        var key = $"{clock.GetUtcNow():yyyy/MM}/{Guid.NewGuid():N}";
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, TempPrefix + Path.GetFileName(path));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path);
        }
        catch (IOException e) when (StorageFullException.IsDiskFull(e))
        {
            File.Delete(temp);
            throw new StorageFullException(e);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        DurableFolder.Sync(folder);
        return key;
    }

    public Task<Stream> OpenAsync(string key, CancellationToken ct) =>
        Task.FromResult<Stream>(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));

    /// <summary>Removes a stored file (a rolled-back write, an orphan); a missing one is already gone.</summary>
    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>The key of a file under <see cref="Root"/> ("2026/12/abc…"), as the rows hold it.</summary>
    public string KeyOf(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Invalid storage key.");
        }

        return path;
    }
}

/// <summary>
/// The file store's disk is full: the upload is refused with 507 and a message the citizen can act on, and the action's
/// transaction does not commit, so no dossier is left half-written (what was written of the file is removed).
/// </summary>
public sealed class StorageFullException(Exception inner) : Exception(
    Ui.T("Kho lưu trữ tệp của hệ thống tạm thời đã đầy nên tệp chưa được lưu; hồ sơ không thay đổi. Vui lòng thử lại sau ít phút hoặc liên hệ bộ phận một cửa.",
        "The portal's file storage is full for the moment, so the file was not saved and the dossier is unchanged. Please try again in a few minutes or contact the one-stop desk."), inner)
{
    private const int Enospc = 28; // Linux errno, which .NET gives as the HResult of the IOException
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    public static bool IsDiskFull(IOException e) => e.HResult is Enospc or WindowsDiskFull or 0x70;
}

/// <summary>Syncs a folder so that a file just renamed into it survives a power cut (POSIX: fsync on the folder; elsewhere the rename is left to the file system).</summary>
internal static class DurableFolder
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY (Linux)

    public static void Sync(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(folder, ReadOnlyDirectory);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code in the whole project for three plain calls.
#pragma warning disable SYSLIB1054, CA5392
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fsync")]
    private static extern int Fsync(int fd);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
#pragma warning restore SYSLIB1054, CA5392
}

/// <summary>The store as a request's services see it: every write is told to <see cref="UncommittedFiles"/>.</summary>
public sealed class TrackedFileStore(LocalFileStore files, UncommittedFiles uncommitted) : IFileStore
{
    public async Task<string> SaveAsync(Stream content, CancellationToken ct)
    {
        var key = await files.SaveAsync(content, ct);
        uncommitted.Written(key);
        return key;
    }

    public Task<Stream> OpenAsync(string key, CancellationToken ct) => files.OpenAsync(key, ct);
}

/// <summary>
/// Files written while one of this scope's database transactions was open are kept only if that transaction commits: a
/// rollback, a failure or a transaction never committed (the scope ends first) deletes them, so a failed action leaves
/// no file behind. Files written outside a transaction are left to <see cref="OrphanFileSweeper"/>.
/// </summary>
public sealed class UncommittedFiles(LocalFileStore files, ILogger<UncommittedFiles> log) : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor, IDisposable
{
    private readonly List<string> pending = [];
    private Guid? open;

    public void Written(string key)
    {
        if (open is not null)
        {
            pending.Add(key);
        }
    }

    public override System.Data.Common.DbTransaction TransactionStarted(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, System.Data.Common.DbTransaction result)
    {
        open = eventData.TransactionId;
        return result;
    }

    public override ValueTask<System.Data.Common.DbTransaction> TransactionStartedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, System.Data.Common.DbTransaction result, CancellationToken cancellationToken = default)
    {
        open = eventData.TransactionId;
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData) => Ended(eventData.TransactionId, committed: true);

    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.TransactionId, committed: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData) => Ended(eventData.TransactionId, committed: false);

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.TransactionId, committed: false);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionErrorEventData eventData) => Ended(eventData.TransactionId, committed: false);

    public override Task TransactionFailedAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.TransactionId, committed: false);
        return Task.CompletedTask;
    }

    /// <summary>The scope ends: what a transaction never committed is removed.</summary>
    public void Dispose() => Discard();

    /// <summary>
    /// The request's work is over (answered or failed): what no transaction committed is removed now, before the error
    /// answer is written, rather than when the scope is disposed after the client already has the answer. (EF Core
    /// reports no rollback for a transaction disposed without commit, which is how a failed action ends.)
    /// </summary>
    public void RequestEnded() => Discard();

    private void Ended(Guid transaction, bool committed)
    {
        if (open != transaction)
        {
            return;
        }

        open = null;
        if (committed)
        {
            pending.Clear();
        }
        else
        {
            Discard();
        }
    }

    private void Discard()
    {
        foreach (var key in pending)
        {
            try
            {
                files.Delete(key);
            }
            catch (IOException ex)
            {
                log.LogWarning(ex, "Could not remove the uncommitted file {Key}; the orphan sweeper will", key);
            }
        }

        pending.Clear();
    }
}

/// <summary>An accepted upload: sniffed type, hash, size and the bytes.</summary>
public sealed record InspectedUpload(string FileName, string ContentType, long Size, string Sha256, byte[] Content);

/// <summary>
/// Accepts PDF, JPEG and PNG only, judged by the bytes (magic numbers), and refuses a file whose name claims another
/// type than its content, empty files and files over the size limit.
/// </summary>
public static class UploadInspector
{
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly (string Type, string[] Extensions, byte[] Magic)[] Kinds =
    [
        ("application/pdf", [".pdf"], "%PDF-"u8.ToArray()),
        ("image/jpeg", [".jpg", ".jpeg"], [0xFF, 0xD8, 0xFF]),
        ("image/png", [".png"], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    ];

    public static async Task<(InspectedUpload? Upload, RuleError? Error)> InspectAsync(IFormFile file, string path, CancellationToken ct)
    {
        var name = Path.GetFileName(file.FileName ?? "").Trim();
        if (name.Length == 0)
        {
            name = "tep";
        }

        if (file.Length == 0)
        {
            return (null, new(path, $"Tệp \"{name}\" rỗng. / The file is empty."));
        }

        if (file.Length > MaxBytes)
        {
            return (null, new(path, $"Tệp \"{name}\" lớn hơn 10 MB. / The file is larger than 10 MB."));
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var kind = Kinds.FirstOrDefault(k => bytes.AsSpan().StartsWith(k.Magic));
        if (kind.Type is null)
        {
            return (null, new(path, $"Tệp \"{name}\" không phải PDF, JPEG hoặc PNG. / Only PDF, JPEG or PNG files are accepted."));
        }

        var ext = Path.GetExtension(name).ToLowerInvariant();
        if (!kind.Extensions.Contains(ext))
        {
            return (null, new(path, $"Nội dung tệp \"{name}\" không khớp với phần mở rộng {ext} (tệp thực chất là {kind.Extensions[0]}). / The file's content does not match its extension."));
        }

        if (name.Length > 200)
        {
            name = name[..(200 - ext.Length)] + ext;
        }

        return (new InspectedUpload(name, kind.Type, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes), null);
    }
}
