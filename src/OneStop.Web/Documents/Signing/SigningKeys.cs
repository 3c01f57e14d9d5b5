using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OneStop.Web.Documents.Signing;

/// <summary>
/// What signs for an agency: its certificate, the chain to embed, and a raw RSA signature over a SHA-256 digest. A
/// signing service for the Government CA's hardware tokens (chữ ký số chuyên dùng) implements this by sending the
/// digest of the signed attributes to the token and returning its PKCS#1 v1.5 signature; the private key never
/// reaches OneStop.
/// </summary>
public interface ISigningKey
{
    X509Certificate2 Certificate { get; }

    /// <summary>Issuing certificates to embed with the signer's (may be empty).</summary>
    IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The RSA PKCS#1 v1.5 signature of a SHA-256 digest.</summary>
    byte[] SignDigest(byte[] sha256Digest);
}

/// <summary>Chooses the signing key of an agency, and the trust anchors that verification accepts.</summary>
public interface ISigningCertificateSource
{
    /// <summary>The agency's key; throws <see cref="SigningUnavailableException"/> when there is none or it has expired.</summary>
    Task<ISigningKey> ForAgencyAsync(string agencyCode, string agencyName, CancellationToken ct);

    /// <summary>Root certificates a signature must chain to (configured anchors, plus the development CA off Production).</summary>
    Task<IReadOnlyList<X509Certificate2>> TrustAnchorsAsync(CancellationToken ct);
}

/// <summary>No usable certificate for an agency: nothing is signed and the caller's change is not saved.</summary>
public sealed class SigningUnavailableException(string message) : Exception(message);

/// <summary>A key held in this process: a PKCS#12 file or a development certificate.</summary>
public sealed class LocalSigningKey(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain) : ISigningKey
{
    public X509Certificate2 Certificate { get; } = certificate;
    public IReadOnlyList<X509Certificate2> Chain { get; } = chain;

    public byte[] SignDigest(byte[] sha256Digest)
    {
        using var rsa = Certificate.GetRSAPrivateKey() ?? throw new SigningUnavailableException("Chứng thư số không có khoá RSA. / The certificate has no RSA private key.");
        return rsa.SignHash(sha256Digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}

/// <summary>
/// An RSA key whose only operation is signing through an <see cref="ISigningKey"/>, so that SignedCms builds the CMS
/// and a hardware token (or a local key) produces the signature.
/// </summary>
internal sealed class DelegatingRsa(ISigningKey key) : RSA
{
    private readonly RSAParameters publicKey = key.Certificate.GetRSAPublicKey()?.ExportParameters(false)
        ?? throw new SigningUnavailableException("Chứng thư số không dùng khoá RSA. / The certificate is not an RSA certificate.");

    public override int KeySize
    {
        get => publicKey.Modulus!.Length * 8;
        set => throw new NotSupportedException();
    }

    public override KeySizes[] LegalKeySizes => [new(publicKey.Modulus!.Length * 8, publicKey.Modulus!.Length * 8, 0)];

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw new CryptographicException("The private key is not exportable.") : publicKey;

    public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        if (hashAlgorithm != HashAlgorithmName.SHA256 || padding != RSASignaturePadding.Pkcs1)
        {
            throw new CryptographicException("Only SHA-256 with PKCS#1 v1.5 is supported.");
        }

        return key.SignDigest(hash);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        using var rsa = RSA.Create(publicKey);
        return rsa.VerifyHash(hash, signature, hashAlgorithm, padding);
    }

    public override byte[] Decrypt(byte[] data, RSAEncryptionPadding padding) => throw new NotSupportedException();
    public override byte[] Encrypt(byte[] data, RSAEncryptionPadding padding) => throw new NotSupportedException();
}
