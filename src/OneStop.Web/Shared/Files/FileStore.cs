using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Shared.Files;

/// <summary>Where files are kept (dossier files, results, wallet documents). Keys are made by the server; callers never choose a path.</summary>
public interface IFileStore
{
    Task<string> SaveAsync(Stream content, CancellationToken ct);
    Task<Stream> OpenAsync(string key, CancellationToken ct);
}

public static class FileStoreSetup
{
    /// <summary>The files on local disk; a deployment with an object store registers its own <see cref="IFileStore"/> here.</summary>
    public static IServiceCollection AddFileStore(this IServiceCollection services) => services.AddSingleton<IFileStore, LocalFileStore>();
}

/// <summary>
/// Files on disk under {DataDirectory}/files, outside the web root. Several instances share it through a common mount;
/// a bucket store can replace it behind <see cref="IFileStore"/>.
/// </summary>
public sealed class LocalFileStore(IOptions<OneStopOptions> options) : IFileStore
{
    private readonly string root = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "files"));

    public async Task<string> SaveAsync(Stream content, CancellationToken ct)
    {
        var key = $"{DateTime.UtcNow:yyyy/MM}/{Guid.NewGuid():N}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.CopyToAsync(file, ct);
        return key;
    }

    public Task<Stream> OpenAsync(string key, CancellationToken ct) =>
        Task.FromResult<Stream>(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Invalid storage key.");
        }

        return path;
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
