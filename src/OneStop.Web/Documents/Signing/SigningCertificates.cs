using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Documents.Signing;

/// <summary>OneStop:Signing — the certificates with which agencies sign documents.</summary>
public sealed class SigningOptions
{
    public const string Section = "OneStop:Signing";

    /// <summary>Per agency code: a PKCS#12 file (certificate, private key, optionally its chain) and its password.</summary>
    public Dictionary<string, AgencySigningCertificate> Agencies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Root certificates (DER or PEM files) that verification trusts, e.g. the Government CA's root.</summary>
    public List<string> TrustAnchors { get; set; } = [];
}

public sealed class AgencySigningCertificate
{
    public string? Certificate { get; set; }
    public string? Password { get; set; }
}

/// <summary>
/// Configured PKCS#12 certificates per agency; off Production, when an agency has none, a development certificate
/// issued by a development CA — both made on first use and kept in the database (the TokenKeys table, protected by
/// the shared data-protection key ring; fixed ids, so a race between instances ends in one row). Their subjects say
/// "DEVELOPMENT / THỬ NGHIỆM". Production without a certificate, or with an expired one, refuses to sign.
/// Nothing is cached in memory: every instance reads the same rows.
/// </summary>
public sealed class SigningCertificateSource(
    IServiceScopeFactory scopes, IOptions<SigningOptions> options, IHostEnvironment env, TimeProvider clock) : ISigningCertificateSource
{
    public const string DevelopmentMark = "DEVELOPMENT / THỬ NGHIỆM";
    public const string DevelopmentCaId = "signing-dev-ca";
    private const string Use = "pdfsig";

    public Task<ISigningKey> ForAgencyAsync(string agencyCode, string agencyName, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (options.Value.Agencies.TryGetValue(agencyCode, out var configured) && !string.IsNullOrWhiteSpace(configured.Certificate))
        {
            var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(configured.Certificate, configured.Password, X509KeyStorageFlags.EphemeralKeySet);
            var cert = all.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new SigningUnavailableException(Ui($"Tệp chứng thư số của {agencyName} ({agencyCode}) không có khoá bí mật.", $"The signing certificate file of {agencyName} ({agencyCode}) has no private key."));
            RequireValid(cert, agencyCode, agencyName, now);
            return Task.FromResult<ISigningKey>(new LocalSigningKey(cert, [.. all.Where(c => c != cert)]));
        }

        if (env.IsProduction())
        {
            throw new SigningUnavailableException(Ui(
                $"Chưa cấu hình chứng thư số để ký văn bản cho {agencyName} ({agencyCode}) (OneStop:Signing:Agencies:{agencyCode}:Certificate). Văn bản chưa được ký và thao tác chưa được lưu; xin liên hệ quản trị hệ thống.",
                $"No signing certificate is configured for {agencyName} ({agencyCode}) (OneStop:Signing:Agencies:{agencyCode}:Certificate). Nothing was signed or saved; contact the system administrator."));
        }

        return DevelopmentAsync(agencyCode, agencyName, now, ct);
    }

    public async Task<IReadOnlyList<X509Certificate2>> TrustAnchorsAsync(CancellationToken ct)
    {
        var anchors = options.Value.TrustAnchors.Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(X509CertificateLoader.LoadCertificateFromFile).ToList();
        if (!env.IsProduction())
        {
            using var ca = await LoadOrCreateAsync(DevelopmentCaId, null, ct);
            anchors.Add(X509CertificateLoader.LoadCertificate(ca.RawData));
        }

        return anchors;
    }

    private async Task<ISigningKey> DevelopmentAsync(string agencyCode, string agencyName, DateTimeOffset now, CancellationToken ct)
    {
        var ca = await LoadOrCreateAsync(DevelopmentCaId, null, ct);
        var id = "signing-dev-" + (agencyCode.Length <= 40 ? agencyCode : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(agencyCode)))[..40]);
        var cert = await LoadOrCreateAsync(id, (ca, agencyName), ct);
        RequireValid(cert, agencyCode, agencyName, now);
        return new LocalSigningKey(cert, [X509CertificateLoader.LoadCertificate(ca.RawData)]);
    }

    private static void RequireValid(X509Certificate2 cert, string agencyCode, string agencyName, DateTimeOffset now)
    {
        if (now < cert.NotBefore.ToUniversalTime() || now > cert.NotAfter.ToUniversalTime())
        {
            throw new SigningUnavailableException(Ui(
                $"Chứng thư số ký văn bản của {agencyName} ({agencyCode}) đã hết hạn hoặc chưa có hiệu lực (hiệu lực {cert.NotBefore:dd/MM/yyyy}–{cert.NotAfter:dd/MM/yyyy}). Văn bản chưa được ký và thao tác chưa được lưu.",
                $"The signing certificate of {agencyName} ({agencyCode}) has expired or is not yet valid ({cert.NotBefore:yyyy-MM-dd}–{cert.NotAfter:yyyy-MM-dd}). Nothing was signed or saved."));
        }
    }

    /// <summary>Reads a development certificate with its key, creating it on first use (the CA when <paramref name="issue"/> is null).</summary>
    private async Task<X509Certificate2> LoadOrCreateAsync(string id, (X509Certificate2 Ca, string AgencyName)? issue, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("OneStop.SigningCertificates");
        var row = await db.TokenKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, ct);
        if (row is null)
        {
            using var fresh = issue is { } i ? IssueAgency(i.Ca, i.AgencyName) : IssueCa();
            db.TokenKeys.Add(new TokenKey { Id = id, Use = Use, ProtectedKey = protector.Protect(Convert.ToBase64String(fresh.Export(X509ContentType.Pkcs12))), CreatedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance created it first: use theirs.
                db.ChangeTracker.Clear();
            }

            row = await db.TokenKeys.AsNoTracking().FirstAsync(k => k.Id == id, ct);
        }

        return X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(protector.Unprotect(row.ProtectedKey)), null, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
    }

    private X509Certificate2 IssueCa()
    {
        using var key = RSA.Create(3072);
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("VN");
        name.AddOrganizationName($"OneStop {DevelopmentMark}");
        name.AddCommonName($"OneStop Development CA ({DevelopmentMark})");
        var req = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        var now = clock.GetUtcNow();
        return req.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    private X509Certificate2 IssueAgency(X509Certificate2 ca, string agencyName)
    {
        using var key = RSA.Create(2048);
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("VN");
        name.AddLocalityName("Hà Nội");
        name.AddOrganizationName($"OneStop {DevelopmentMark}");
        name.AddCommonName($"{agencyName} ({DevelopmentMark})");
        var req = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = clock.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = req.Create(ca, now.AddDays(-1), now.AddYears(5) < ca.NotAfter ? now.AddYears(5) : ca.NotAfter.ToUniversalTime(), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static string Ui(string vi, string en) => Shared.Ui.T(vi, en);
}
