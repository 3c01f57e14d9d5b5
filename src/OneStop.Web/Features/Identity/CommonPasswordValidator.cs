using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// The common and breached passwords OneStop refuses (ASVS 6.2.4): the zxcvbn frequency list and a Vietnamese list,
/// embedded in the assembly (see <c>Passwords/README.md</c>), read once per process and compared case-insensitively.
/// The list is read on first use (the first password set or changed), not at start-up: unpacking and freezing ~50,000
/// entries costs a few hundred milliseconds of cold start that most instances never need. It is the same fixed data in
/// every instance, so reading it late changes nothing between instances.
/// </summary>
public sealed class CommonPasswords
{
    private const string Resource = "OneStop.Web.Features.Identity.Passwords.";

    private readonly Lazy<FrozenSet<string>> passwords = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public int Count => passwords.Value.Count;

    public bool Contains(string password) => passwords.Value.Contains(password);

    private static FrozenSet<string> Load()
    {
        var all = new List<string>(50_000);
        all.AddRange(ReadLines("common-passwords.txt.gz", gzip: true));
        all.AddRange(ReadLines("common-passwords-vi.txt", gzip: false));
        return all.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> ReadLines(string name, bool gzip)
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource + name)
            ?? throw new InvalidOperationException($"Password list {name} is missing from the assembly.");
        using var stream = gzip ? new GZipStream(resource, CompressionMode.Decompress) : resource;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}

/// <summary>
/// Password rules for local accounts, after ASVS 5.0 level 2: at least 8 characters (Identity's own rule), at most
/// <see cref="MaxLength"/>, not a common or breached password, not the account's own email. No composition rules and
/// no forced rotation.
/// </summary>
public sealed class CommonPasswordValidator(CommonPasswords common) : IPasswordValidator<Account>
{
    public const int MaxLength = 128;
    public const string TooLong = "PasswordTooLong";
    public const string Common = "PasswordCommon";
    public const string SameAsAccount = "PasswordSameAsAccount";

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            // Identity's own validator reports the missing or short password.
            return Task.FromResult(IdentityResult.Success);
        }

        if (password.Length > MaxLength)
        {
            return Fail(TooLong, Ui.T($"Mật khẩu dài tối đa {MaxLength} ký tự.", $"The password can be at most {MaxLength} characters."));
        }

        if (common.Contains(password))
        {
            return Fail(Common, Ui.T(
                "Mật khẩu này quá phổ biến hoặc đã bị lộ, dễ bị đoán. Hãy chọn một cụm từ dài, dễ nhớ với bạn.",
                "This password is too common or has been leaked and is easy to guess. Choose a long passphrase you can remember."));
        }

        var email = user.Email ?? user.UserName ?? "";
        var local = email.Split('@')[0];
        if (email.Length > 0 && (password.Equals(email, StringComparison.OrdinalIgnoreCase) || password.Equals(local, StringComparison.OrdinalIgnoreCase)))
        {
            return Fail(SameAsAccount, Ui.T("Mật khẩu không được trùng với địa chỉ thư điện tử.", "The password must not be the email address."));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));
}
