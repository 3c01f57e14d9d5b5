using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace OneStop.Web.Documents.Signing;

/// <summary>
/// Signs a PDF by appending an incremental update (ISO 32000-1 §12.8): an invisible signature field on page 1, the
/// AcroForm with /SigFlags 3, a /Sig dictionary (/Adobe.PPKLite, /ETSI.CAdES.detached) whose /Contents holds a
/// detached CMS over the /ByteRange — SHA-256, RSA, with the ESS signing-certificate-v2 attribute (PAdES baseline
/// B-B). The claimed signing time is the dictionary's /M, as PAdES requires (ETSI EN 319 142-1 forbids the CMS
/// signing-time attribute). The original bytes are kept unchanged in front, so an earlier signature stays valid.
/// </summary>
public static partial class PdfSigner
{
    /// <summary>Bytes reserved for the CMS; a signature with a chain of a few certificates takes 2–6 KB.</summary>
    private const int ContentsBytes = 16384;

    /// <summary>The document-info key holding the dossier or result code a document belongs to.</summary>
    public const string CodeKey = "OneStopDocumentCode";

    /// <summary>The /Reason starts with this, followed by the code.</summary>
    public const string ReasonPrefix = "Văn bản số / Document: ";

    public static byte[] Sign(byte[] pdf, ISigningKey key, string documentCode, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(key);
        var text = PdfSyntax.Latin1(pdf);
        var (trailer, startXref) = PdfSyntax.LastTrailer(text);
        var size = PdfSyntax.Integer(trailer, "Size") ?? throw new PdfFormatException("trailer without /Size");
        var rootNum = PdfSyntax.Reference(trailer, "Root") ?? throw new PdfFormatException("trailer without /Root");
        var infoNum = PdfSyntax.Reference(trailer, "Info");
        var catalog = PdfSyntax.Dictionary(PdfSyntax.Object(text, rootNum), 0);
        var pageNum = FirstPage(text, catalog);
        var page = PdfSyntax.Dictionary(PdfSyntax.Object(text, pageNum), 0);

        var sigNum = size;
        var fieldNum = size + 1;
        var acroNum = size + 2;
        var newInfoNum = infoNum ?? size + 3;
        var newSize = size + (infoNum is null ? 4 : 3);

        // AcroForm: keep existing fields (an earlier signature), add ours, /SigFlags 3 (signatures exist, append only).
        var fields = "";
        var existing = AcroForm(text, catalog);
        if (existing is not null)
        {
            var m = Regex.Match(existing, @"/Fields\s*\[([^\]]*)\]");
            fields = m.Success ? m.Groups[1].Value.Trim() : "";
        }

        var fieldName = "OneStopSignature" + (Regex.Count(text, @"/FT\s*/Sig\b") + 1).ToString(CultureInfo.InvariantCulture);
        var reason = ReasonPrefix + documentCode;
        var signer = key.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var objects = new List<(int Number, string Body)>
        {
            (sigNum,
                "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n" +
                "/ByteRange [0 0000000000 0000000000 0000000000]\n" +
                "/Contents <" + new string('0', ContentsBytes * 2) + ">\n" +
                $"/M ({PdfSyntax.Date(signingTime)}) /Name {PdfSyntax.HexText(signer)} /Reason {PdfSyntax.HexText(reason)} /Location {PdfSyntax.HexText("Hà Nội")} >>"),
            (fieldNum,
                $"<< /Type /Annot /Subtype /Widget /FT /Sig /T ({fieldName}) /V {sigNum} 0 R /F 132 /Rect [0 0 0 0] /P {pageNum} 0 R >>"),
            (acroNum, $"<< /Fields [{(fields.Length > 0 ? fields + " " : "")}{fieldNum} 0 R] /SigFlags 3 >>"),
            (rootNum, SetEntry(catalog, "AcroForm", $"{acroNum} 0 R")),
            (pageNum, AddAnnotation(text, page, fieldNum)),
            (newInfoNum, Info(text, infoNum, documentCode, signingTime)),
        };

        // The update: new and changed objects, a cross-reference section for them, a trailer pointing back.
        using var output = new MemoryStream();
        output.Write(pdf);
        if (pdf.Length > 0 && pdf[^1] != '\n')
        {
            output.WriteByte((byte)'\n');
        }

        var offsets = new List<(int Number, long Offset)>();
        foreach (var (number, body) in objects)
        {
            offsets.Add((number, output.Position));
            Write(output, $"{number} 0 obj\n{body}\nendobj\n");
        }

        var xref = output.Position;
        var sb = new StringBuilder("xref\n");
        foreach (var (number, offset) in offsets.OrderBy(o => o.Number))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} 00000 n\r\n");
        }

        var id = Regex.Match(trailer, @"/ID\s*\[[^\]]*\]");
        sb.Append(CultureInfo.InvariantCulture,
            $"trailer\n<< /Size {newSize} /Root {rootNum} 0 R /Info {newInfoNum} 0 R /Prev {startXref}{(id.Success ? " " + id.Value : "")} >>\nstartxref\n{xref}\n%%EOF\n");
        Write(output, sb.ToString());
        var signed = output.ToArray();

        // Fill in /ByteRange (same width as the placeholder), then the CMS over those ranges.
        var sigOffset = offsets[0].Offset;
        var signedText = PdfSyntax.Latin1(signed);
        var contentsStart = signedText.IndexOf("/Contents <", (int)sigOffset, StringComparison.Ordinal) + "/Contents ".Length;
        var contentsEnd = contentsStart + ContentsBytes * 2 + 2;
        var byteRangeAt = signedText.IndexOf("/ByteRange [", (int)sigOffset, StringComparison.Ordinal) + "/ByteRange ".Length;
        var placeholder = "[0 0000000000 0000000000 0000000000]";
        var range = $"[0 {contentsStart} {contentsEnd} {signed.Length - contentsEnd}]".PadRight(placeholder.Length);
        Encoding.ASCII.GetBytes(range).CopyTo(signed, byteRangeAt);

        var data = new byte[contentsStart + (signed.Length - contentsEnd)];
        Buffer.BlockCopy(signed, 0, data, 0, contentsStart);
        Buffer.BlockCopy(signed, contentsEnd, data, contentsStart, signed.Length - contentsEnd);
        var cms = Cms(data, key);
        if (cms.Length > ContentsBytes)
        {
            throw new InvalidOperationException("The signature is larger than the space reserved for it.");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(signed, contentsStart + 1);
        return signed;
    }

    /// <summary>A detached CAdES signature (SHA-256, RSA PKCS#1 v1.5) with content-type, message-digest and ESS signing-certificate-v2.</summary>
    private static byte[] Cms(byte[] data, ISigningKey key)
    {
        var cms = new SignedCms(new ContentInfo(data), detached: true);
        using var rsa = new DelegatingRsa(key);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, key.Certificate, rsa)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        foreach (var c in key.Chain)
        {
            signer.Certificates.Add(c);
        }

        signer.SignedAttributes.Add(new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), SigningCertificateV2(key.Certificate)));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with SHA-256 (the default, so omitted) and IssuerSerial.</summary>
    private static byte[] SigningCertificateV2(X509Certificate2 cert)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteOctetString(SHA256.HashData(cert.RawData));
            using (w.PushSequence())
            {
                using (w.PushSequence())
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    w.WriteEncodedValue(cert.IssuerName.RawData);
                }

                w.WriteInteger(cert.SerialNumberBytes.Span);
            }
        }

        return w.Encode();
    }

    private static int FirstPage(string text, string catalog)
    {
        var node = PdfSyntax.Reference(catalog, "Pages") ?? throw new PdfFormatException("catalog without /Pages");
        for (var depth = 0; depth < 32; depth++)
        {
            var dict = PdfSyntax.Dictionary(PdfSyntax.Object(text, node), 0);
            if (!Regex.IsMatch(dict, @"/Type\s*/Pages\b"))
            {
                return node;
            }

            var kid = Regex.Match(dict, @"/Kids\s*\[\s*(\d+)\s+0\s+R");
            if (!kid.Success)
            {
                throw new PdfFormatException("page tree without kids");
            }

            node = int.Parse(kid.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        throw new PdfFormatException("page tree too deep");
    }

    private static string? AcroForm(string text, string catalog)
    {
        if (PdfSyntax.Reference(catalog, "AcroForm") is { } n)
        {
            return PdfSyntax.Dictionary(PdfSyntax.Object(text, n), 0);
        }

        var at = catalog.IndexOf("/AcroForm", StringComparison.Ordinal);
        return at < 0 ? null : PdfSyntax.Dictionary(catalog, catalog.IndexOf("<<", at, StringComparison.Ordinal));
    }

    /// <summary>The dictionary with <paramref name="key"/> set to <paramref name="value"/> (an existing reference or inline dictionary replaced).</summary>
    private static string SetEntry(string dict, string key, string value)
    {
        var at = dict.IndexOf("/" + key, StringComparison.Ordinal);
        if (at >= 0)
        {
            var after = at + key.Length + 1;
            var rest = dict[after..].TrimStart();
            var skipped = dict.Length - after - rest.Length;
            int end;
            if (rest.StartsWith("<<", StringComparison.Ordinal))
            {
                end = after + skipped + PdfSyntax.Dictionary(rest, 0).Length;
            }
            else
            {
                var m = Regex.Match(rest, @"^\d+\s+\d+\s+R");
                end = after + skipped + (m.Success ? m.Length : throw new PdfFormatException($"unexpected /{key}"));
            }

            dict = dict[..at] + dict[end..];
        }

        return dict[..dict.LastIndexOf(">>", StringComparison.Ordinal)].TrimEnd() + $" /{key} {value} >>";
    }

    private static string AddAnnotation(string text, string page, int annotation)
    {
        var inline = Regex.Match(page, @"/Annots\s*\[");
        if (inline.Success)
        {
            return page.Insert(inline.Index + inline.Length, $"{annotation} 0 R ");
        }

        if (PdfSyntax.Reference(page, "Annots") is { } n)
        {
            var array = PdfSyntax.Object(text, n).Trim();
            return SetEntry(page, "Annots", "[" + array.TrimStart('[').TrimEnd(']') + $" {annotation} 0 R]");
        }

        return SetEntry(page, "Annots", $"[{annotation} 0 R]");
    }

    /// <summary>The document information with the document's code and the time of signing as its modification date.</summary>
    private static string Info(string text, int? infoNum, string code, DateTimeOffset at)
    {
        var info = infoNum is { } n ? PdfSyntax.Dictionary(PdfSyntax.Object(text, n), 0) : "<< >>";
        info = RemoveText(RemoveText(info, CodeKey), "ModDate");
        return info[..info.LastIndexOf(">>", StringComparison.Ordinal)].TrimEnd() +
               $" /{CodeKey} {PdfSyntax.HexText(code)} /ModDate ({PdfSyntax.Date(at)}) >>";
    }

    private static string RemoveText(string dict, string key)
    {
        var m = Regex.Match(dict, $@"/{key}\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))");
        return m.Success ? dict.Remove(m.Index, m.Length) : dict;
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.Latin1.GetBytes(text));
}
