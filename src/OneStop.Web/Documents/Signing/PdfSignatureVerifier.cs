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
/// Anyone may upload a file, so the work is linear in its size: one forward pass finds the /ByteRange entries and the
/// dictionary each lies in (each dictionary read once, at most <see cref="MaxDictionaryChars"/>), at most
/// <see cref="MaxSignatures"/> signatures, and the caller's token is checked as it goes. A file that cannot be a
/// signed PDF (no header, too many signatures, a /ByteRange that is not four increasing ranges inside the file) is
/// refused with <see cref="PdfFormatException"/>.
/// </summary>
public static partial class PdfSignatureVerifier
{
    /// <summary>More signatures than any real document carries (each revision signs once).</summary>
    public const int MaxSignatures = 16;

    /// <summary>The longest signature dictionary read: OneStop's own reserve 32 KB of hex for /Contents; others a little more.</summary>
    public const int MaxDictionaryChars = 256 * 1024;

    public static PdfVerification Verify(byte[] pdf, IReadOnlyList<X509Certificate2> anchors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (!pdf.AsSpan().StartsWith("%PDF-"u8))
        {
            throw new PdfFormatException("not a PDF");
        }

        var text = PdfSyntax.Latin1(pdf);
        var checks = new List<PdfSignatureCheck>();
        foreach (var (range, dict) in SignatureDictionaries(text, ct))
        {
            ct.ThrowIfCancellationRequested();
            checks.Add(Check(pdf, text, Ranges(range, pdf.Length), dict, anchors));
        }

        return new PdfVerification(checks);
    }

    /// <summary>
    /// The /ByteRange entries in file order with the signature dictionary holding each, in one forward pass: the
    /// "&lt;&lt;" before a match is looked for only since the previous match, and a dictionary already read is not read again.
    /// </summary>
    private static List<(Match Range, string Dictionary)> SignatureDictionaries(string text, CancellationToken ct)
    {
        var found = new List<(Match, string)>();
        var count = 0;
        var open = -1;
        var searchedTo = 0;
        var read = -1;
        for (var m = ByteRange().Match(text); m.Success; m = m.NextMatch())
        {
            ct.ThrowIfCancellationRequested();
            if (++count > MaxSignatures)
            {
                throw new PdfFormatException($"more than {MaxSignatures} signatures");
            }

            var since = text.LastIndexOf("<<", m.Index, m.Index - searchedTo + 1, StringComparison.Ordinal);
            open = since >= 0 ? since : open;
            searchedTo = m.Index + m.Length;
            if (open < 0 || open == read || m.Index - open > MaxDictionaryChars)
            {
                continue;
            }

            read = open;
            string dict;
            try
            {
                dict = PdfSyntax.Dictionary(text, open, MaxDictionaryChars);
            }
            catch (PdfFormatException)
            {
                continue;
            }

            if (Regex.IsMatch(dict, @"/Type\s*/Sig\b") || Regex.IsMatch(dict, @"/Filter\s*/"))
            {
                found.Add((m, dict));
            }
        }

        return found;
    }

    /// <summary>The four numbers of a /ByteRange: two ranges from the start of the file, in order, inside it; refused otherwise.</summary>
    private static long[] Ranges(Match range, long length)
    {
        var r = new long[4];
        for (var i = 0; i < 4; i++)
        {
            if (!long.TryParse(range.Groups[i + 1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out r[i]))
            {
                throw new PdfFormatException("a /ByteRange number is out of range");
            }
        }

        if (r[0] != 0 || r[1] < 0 || r[2] < r[1] || r[3] < 0 || r[2] > length || r[3] > length - r[2])
        {
            throw new PdfFormatException("the /ByteRange is not two ranges of the file from its start");
        }

        return r;
    }

    private static PdfSignatureCheck Check(byte[] pdf, string text, long[] r, string dict, IReadOnlyList<X509Certificate2> anchors)
    {
        var code = CodeOf(PdfSyntax.Text(dict, "Reason")) ?? InfoCode(text);
        var claimed = PdfSyntax.ParseDate(PdfSyntax.Text(dict, "M"));
        PdfSignatureCheck Fail(string problem, bool covers = false) => new(false, false, covers, PdfSyntax.Text(dict, "Name"), null, claimed, code, problem);

        // The gap must be exactly this dictionary's /Contents hex string.
        var contents = Regex.Match(dict, @"/Contents\s*<([0-9A-Fa-f\s]*)>");
        if (!contents.Success || r[2] - r[1] != contents.Groups[1].Length + 2
            || text.Substring((int)r[1], (int)(r[2] - r[1])) != "<" + contents.Groups[1].Value + ">")
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

    [GeneratedRegex(@"/ByteRange\s*\[\s*(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*\]")]
    private static partial Regex ByteRange();
}
