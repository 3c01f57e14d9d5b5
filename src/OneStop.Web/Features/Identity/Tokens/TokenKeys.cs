using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OneStop.Web.Data;
using OpenIddict.Server;

namespace OneStop.Web.Features.Identity.Tokens;

/// <summary>
/// The keys of OneStop's token server. Production: the certificates named in configuration (refused to start without
/// them). Elsewhere: development keys generated once and kept in the database, protected by the shared data-protection
/// key ring, so that every instance signs with and accepts the same keys.
/// </summary>
public sealed class TokenKeyConfigurator(IServiceScopeFactory scopes, IOptions<OneStopOptions> options, IHostEnvironment env)
    : IConfigureOptions<OpenIddictServerOptions>
{
    public const string DevelopmentSigningKey = "development-signing-1";
    public const string DevelopmentEncryptionKey = "development-encryption-1";

    public void Configure(OpenIddictServerOptions server)
    {
        var tokens = options.Value.Tokens;
        if (tokens.HasCertificates)
        {
            var signing = X509CertificateLoader.LoadPkcs12FromFile(tokens.SigningCertificate!, tokens.SigningCertificatePassword);
            var encryption = X509CertificateLoader.LoadPkcs12FromFile(tokens.EncryptionCertificate!, tokens.EncryptionCertificatePassword);
            server.SigningCredentials.Add(new SigningCredentials(new X509SecurityKey(signing), SecurityAlgorithms.RsaSha256));
            server.EncryptionCredentials.Add(new EncryptingCredentials(new X509SecurityKey(encryption), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            return;
        }

        if (env.IsProduction())
        {
            throw new InvalidOperationException(MissingCertificates);
        }

        server.SigningCredentials.Add(new SigningCredentials(LoadOrCreate(DevelopmentSigningKey, "sig"), SecurityAlgorithms.RsaSha256));
        server.EncryptionCredentials.Add(new EncryptingCredentials(LoadOrCreate(DevelopmentEncryptionKey, "enc"), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    public const string MissingCertificates =
        "OneStop:Tokens:SigningCertificate và OneStop:Tokens:EncryptionCertificate (tệp PKCS#12 và mật khẩu) là bắt buộc trong Production; khoá phát triển bị từ chối. / " +
        "Production needs OneStop:Tokens:SigningCertificate and OneStop:Tokens:EncryptionCertificate (PKCS#12 files with their passwords): development token keys are refused.";

    /// <summary>Reads a development key, creating it on first use. A fixed id makes a race between instances end in one row.</summary>
    private RsaSecurityKey LoadOrCreate(string id, string use)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("OneStop.TokenKeys");
        var row = db.TokenKeys.AsNoTracking().FirstOrDefault(k => k.Id == id);
        if (row is null)
        {
            using var fresh = RSA.Create(2048);
            db.TokenKeys.Add(new TokenKey { Id = id, Use = use, ProtectedKey = protector.Protect(Convert.ToBase64String(fresh.ExportPkcs8PrivateKey())), CreatedAt = DateTimeOffset.UtcNow });
            try
            {
                db.SaveChanges();
            }
            catch (DbUpdateException)
            {
                // Another instance created it first: use theirs.
                db.ChangeTracker.Clear();
            }

            row = db.TokenKeys.AsNoTracking().First(k => k.Id == id);
        }

        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(row.ProtectedKey)), out _);
        return new RsaSecurityKey(rsa) { KeyId = id };
    }
}
