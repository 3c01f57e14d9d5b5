using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace OneStop.Web.Documents.Signing;

/// <summary>What one signature of a PDF says and whether it holds.</summary>
public sealed record PdfSignatureCheck(
    bool SignatureValid,
    bool Trusted,
    bool CoversWholeDocument,
    string? Signer,
    string? Issuer,
    DateTimeOffset? SigningTime,
    string? DocumentCode,
    string? Problem)
{
    /// <summary>Valid, trusted and nothing added after it.</summary>
    public bool Valid => SignatureValid && Trusted && CoversWholeDocument;
}

/// <summary>All signatures of a PDF, in file order; the last one decides whether the document was changed afterwards.</summary>
public sealed record PdfVerification(IReadOnlyList<PdfSignatureCheck> Signatures)
{
    public bool Signed => Signatures.Count > 0;
    public bool Valid => Signed && Signatures.All(s => s.SignatureValid && s.Trusted) && Signatures[^1].CoversWholeDocument;
    public bool ModifiedAfterSigning => Signed && !Signatures[^1].CoversWholeDocument;
    public PdfSignatureCheck? Last => Signed ? Signatures[^1] : null;
}

/// <summary>
/// Checks PDF signatures without trusting anything the file says about itself: finds each /Sig dictionary, checks that
/// its /ByteRange starts at 0 and leaves out exactly its /Contents, recomputes the digest over the ranges, verifies the
/// CMS (signature, message digest) and builds the signer's chain to the trust anchors at the claimed signing time.
/// "Covers the whole document" means the ranges end at the end of the file: bytes appended later are not signed.
/// </summary>
public static partial class PdfSignatureVerifier
{
    public static PdfVerification Verify(byte[] pdf, IReadOnlyList<X509Certificate2> anchors)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var text = PdfSyntax.Latin1(pdf);
        var checks = new List<PdfSignatureCheck>();
        foreach (Match m in ByteRange().Matches(text))
        {
            var dictStart = text.LastIndexOf("<<", m.Index, StringComparison.Ordinal);
            string dict;
            try
            {
                dict = dictStart < 0 ? "" : PdfSyntax.Dictionary(text, dictStart);
            }
            catch (PdfFormatException)
            {
                continue;
            }

            if (!Regex.IsMatch(dict, @"/Type\s*/Sig\b") && !Regex.IsMatch(dict, @"/Filter\s*/"))
            {
                continue;
            }

            checks.Add(Check(pdf, text, m, dict, anchors));
        }

        return new PdfVerification(checks);
    }

    private static PdfSignatureCheck Check(byte[] pdf, string text, Match range, string dict, IReadOnlyList<X509Certificate2> anchors)
    {
        var code = CodeOf(PdfSyntax.Text(dict, "Reason")) ?? InfoCode(text);
        var claimed = PdfSyntax.ParseDate(PdfSyntax.Text(dict, "M"));
        PdfSignatureCheck Fail(string problem, bool covers = false) => new(false, false, covers, PdfSyntax.Text(dict, "Name"), null, claimed, code, problem);

        var r = Enumerable.Range(1, 4).Select(i => long.Parse(range.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        if (r[0] != 0 || r[1] < 0 || r[2] < r[1] || r[3] < 0 || r[2] + r[3] > pdf.Length)
        {
            return Fail("ByteRange is not a valid range of the file");
        }

        // The gap must be exactly this dictionary's /Contents hex string.
        var contents = Regex.Match(dict, @"/Contents\s*<([0-9A-Fa-f\s]*)>");
        var gap = text.Substring((int)r[1], (int)(r[2] - r[1]));
        if (!contents.Success || gap != "<" + contents.Groups[1].Value + ">")
        {
            return Fail("ByteRange does not leave out exactly the /Contents of the signature");
        }

        var covers = r[2] + r[3] == pdf.Length;
        var data = new byte[r[1] + r[3]];
        Buffer.BlockCopy(pdf, 0, data, 0, (int)r[1]);
        Buffer.BlockCopy(pdf, (int)r[2], data, (int)r[1], (int)r[3]);

        SignedCms cms;
        try
        {
            var der = Convert.FromHexString(Regex.Replace(contents.Groups[1].Value, @"\s", ""));
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.BER, out _, out _, out var consumed);
            cms = new SignedCms(new ContentInfo(data), detached: true);
            cms.Decode(der.AsSpan(0, consumed));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or AsnContentException)
        {
            return Fail("the signature is not a CMS structure", covers);
        }

        if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate is not { } cert)
        {
            return Fail("the CMS has no single signer with its certificate", covers);
        }

        var signer = cert.GetNameInfo(X509NameType.SimpleName, false);
        var when = claimed ?? SigningTimeAttribute(cms.SignerInfos[0]);
        try
        {
            // Checks the signature over the signed attributes and that their message digest is the digest of the ranges.
            cms.SignerInfos[0].CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return new(false, false, covers, signer, cert.Issuer, when, code, "the signature does not match the document (it was changed after signing)");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(cms.Certificates);
        chain.ChainPolicy.VerificationTime = (when ?? DateTimeOffset.UtcNow).UtcDateTime;
        var trusted = anchors.Count > 0 && chain.Build(cert);
        return new(true, trusted, covers, signer, cert.Issuer, when, code,
            trusted ? null : "the signer's certificate does not chain to a trusted authority");
    }

    private static DateTimeOffset? SigningTimeAttribute(SignerInfo info)
    {
        foreach (var attr in info.SignedAttributes)
        {
            if (attr.Oid.Value == "1.2.840.113549.1.9.5" && attr.Values.Count > 0)
            {
                return new Pkcs9SigningTime(attr.Values[0].RawData).SigningTime;
            }
        }

        return null;
    }

    private static string? CodeOf(string? reason) =>
        reason is not null && reason.StartsWith(PdfSigner.ReasonPrefix, StringComparison.Ordinal) ? reason[PdfSigner.ReasonPrefix.Length..].Trim() : null;

    private static string? InfoCode(string text)
    {
        try
        {
            var (trailer, _) = PdfSyntax.LastTrailer(text);
            return PdfSyntax.Reference(trailer, "Info") is { } n ? PdfSyntax.Text(PdfSyntax.Object(text, n), PdfSigner.CodeKey) : null;
        }
        catch (PdfFormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();
}
