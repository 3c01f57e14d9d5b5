using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace OneStop.Web.Documents.Signing;

/// <summary>
/// Signs a PDF by appending an incremental update (ISO 32000-1 §12.8): a signature field whose widget shows a visible
/// stamp, the AcroForm with /SigFlags 3, a /Sig dictionary (/Adobe.PPKLite, /ETSI.CAdES.detached) whose /Contents holds
/// a detached CMS over the /ByteRange — SHA-256, RSA, with the ESS signing-certificate-v2 attribute (PAdES baseline
/// B-B). The claimed signing time is the dictionary's /M, as PAdES requires (ETSI EN 319 142-1 forbids the CMS
/// signing-time attribute). The original bytes are kept unchanged in front, so an earlier signature stays valid.
/// The stamp (<see cref="SignatureStamp"/>: red frame, "Ký bởi" agency, "Thời gian ký" in ISO 8601 +07:00, "Số" document
/// code, as Decree 30/2020/NĐ-CP Phụ lục I presents an agency's digital signature) is an image in the widget's /AP form
/// XObject, so no font goes into the update; it sits at the top right of page 1 unless the caller names a free spot
/// (<see cref="PdfStampPlacement"/>: OneStop's own forms put it in the space left for the signature), and a later
/// signature's stamp moves down past the earlier ones.
/// </summary>
public static partial class PdfSigner
{
    /// <summary>Bytes reserved for the CMS; a signature with a chain of a few certificates takes 2–6 KB.</summary>
    private const int ContentsBytes = 16384;

    /// <summary>The document-info key holding the dossier or result code a document belongs to.</summary>
    public const string CodeKey = "OneStopDocumentCode";

    /// <summary>The /Reason starts with this, followed by the code.</summary>
    public const string ReasonPrefix = "Văn bản số / Document: ";

    /// <summary>
    /// Signs <paramref name="pdf"/> for <paramref name="documentCode"/>. The stamp goes where <paramref name="placement"/>
    /// says (a spot the caller's layout keeps free), else at the top right of the first page; it moves down, stamp by
    /// stamp, past the stamps of earlier signatures on the same page so that none covers another.
    /// </summary>
    public static byte[] Sign(byte[] pdf, ISigningKey key, string documentCode, DateTimeOffset signingTime, PdfStampPlacement? placement = null)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(key);
        var text = PdfSyntax.Latin1(pdf);
        var (trailer, startXref) = PdfSyntax.LastTrailer(text);
        var size = PdfSyntax.Integer(trailer, "Size") ?? throw new PdfFormatException("trailer without /Size");
        var rootNum = PdfSyntax.Reference(trailer, "Root") ?? throw new PdfFormatException("trailer without /Root");
        var infoNum = PdfSyntax.Reference(trailer, "Info");
        var catalog = PdfSyntax.Dictionary(PdfSyntax.Object(text, rootNum), 0);
        var pages = Pages(text, catalog, Math.Max(0, placement?.PageIndex ?? 0) + 1);
        if (placement is not null && (placement.PageIndex < 0 || placement.PageIndex >= pages.Count))
        {
            placement = null;
        }

        var pageNum = pages[placement?.PageIndex ?? 0];
        var page = PdfSyntax.Dictionary(PdfSyntax.Object(text, pageNum), 0);

        var next = size;
        var sigNum = next++;
        var fieldNum = next++;
        var acroNum = next++;
        var appearanceNum = next++;
        var imageNum = next++;
        var maskNum = next++;
        var newInfoNum = infoNum ?? next++;
        var newSize = next;

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

        // The visible stamp: a form XObject that paints the raster (with its alpha as a soft mask) over the widget's rectangle.
        var rect = StampRect(text, pageNum, MediaBox(text, page), placement);
        var (w, h) = (rect.X2 - rect.X1, rect.Y2 - rect.Y1);
        var stamp = SignatureStamp.Render((float)w, (float)h, signer, documentCode, signingTime);
        var objects = new List<(int Number, string Body, byte[]? Stream)>
        {
            (sigNum,
                "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n" +
                "/ByteRange [0 0000000000 0000000000 0000000000]\n" +
                "/Contents <" + new string('0', ContentsBytes * 2) + ">\n" +
                $"/M ({PdfSyntax.Date(signingTime)}) /Name {PdfSyntax.HexText(signer)} /Reason {PdfSyntax.HexText(reason)} /Location {PdfSyntax.HexText("Hà Nội")} >>", null),
            (fieldNum,
                $"<< /Type /Annot /Subtype /Widget /FT /Sig /T ({fieldName}) /V {sigNum} 0 R /F 132 /Rect [{Num(rect.X1)} {Num(rect.Y1)} {Num(rect.X2)} {Num(rect.Y2)}] " +
                $"/P {pageNum} 0 R /AP << /N {appearanceNum} 0 R >> >>", null),
            (acroNum, $"<< /Fields [{(fields.Length > 0 ? fields + " " : "")}{fieldNum} 0 R] /SigFlags 3 >>", null),
            (rootNum, SetEntry(catalog, "AcroForm", $"{acroNum} 0 R"), null),
            (pageNum, AddAnnotation(text, page, fieldNum), null),
            (appearanceNum,
                $"<< /Type /XObject /Subtype /Form /BBox [0 0 {Num(w)} {Num(h)}] /Resources << /XObject << /Im1 {imageNum} 0 R >> >>",
                Encoding.ASCII.GetBytes($"q {Num(w)} 0 0 {Num(h)} 0 0 cm /Im1 Do Q")),
            (imageNum,
                $"<< /Type /XObject /Subtype /Image /Width {stamp.PixelWidth} /Height {stamp.PixelHeight} /ColorSpace /DeviceRGB /BitsPerComponent 8 " +
                $"/Filter /FlateDecode /SMask {maskNum} 0 R", stamp.Rgb),
            (maskNum,
                $"<< /Type /XObject /Subtype /Image /Width {stamp.PixelWidth} /Height {stamp.PixelHeight} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                stamp.Alpha),
            (newInfoNum, Info(text, infoNum, documentCode, signingTime), null),
        };

        // The update: new and changed objects, a cross-reference section for them, a trailer pointing back.
        using var output = new MemoryStream();
        output.Write(pdf);
        if (pdf.Length > 0 && pdf[^1] != '\n')
        {
            output.WriteByte((byte)'\n');
        }

        var offsets = new List<(int Number, long Offset)>();
        foreach (var (number, body, stream) in objects)
        {
            offsets.Add((number, output.Position));
            if (stream is null)
            {
                Write(output, $"{number} 0 obj\n{body}\nendobj\n");
                continue;
            }

            // A stream: the dictionary (left open above) gets the exact /Length; the data are written as raw bytes.
            Write(output, $"{number} 0 obj\n{body} /Length {stream.Length} >>\nstream\n");
            output.Write(stream);
            Write(output, "\nendstream\nendobj\n");
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

    /// <summary>The first <paramref name="count"/> page objects in order (the page tree walked depth first), fewer if the document is shorter.</summary>
    private static List<int> Pages(string text, string catalog, int count)
    {
        var root = PdfSyntax.Reference(catalog, "Pages") ?? throw new PdfFormatException("catalog without /Pages");
        var pages = new List<int>();
        var pending = new Stack<(int Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0 && pages.Count < count)
        {
            var (node, depth) = pending.Pop();
            var dict = PdfSyntax.Dictionary(PdfSyntax.Object(text, node), 0);
            if (!Regex.IsMatch(dict, @"/Type\s*/Pages\b"))
            {
                pages.Add(node);
                continue;
            }

            var kids = Regex.Match(dict, @"/Kids\s*\[([^\]]*)\]");
            if (depth >= 32 || !kids.Success)
            {
                throw new PdfFormatException(depth >= 32 ? "page tree too deep" : "page tree without kids");
            }

            var refs = Regex.Matches(kids.Groups[1].Value, @"(\d+)\s+0\s+R").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            foreach (var kid in refs.Reverse())
            {
                pending.Push((kid, depth + 1));
            }
        }

        return pages.Count > 0 ? pages : throw new PdfFormatException("a document without pages");
    }

    /// <summary>The page's /MediaBox, inherited from its /Pages ancestors when it has none; A4 portrait if none says.</summary>
    private static (double X1, double Y1, double X2, double Y2) MediaBox(string text, string page)
    {
        var dict = page;
        for (var depth = 0; depth < 32; depth++)
        {
            var box = Regex.Match(dict, @"/MediaBox\s*(?:\[([^\]]*)\]|(\d+)\s+0\s+R)");
            if (box.Success)
            {
                var array = box.Groups[1].Success ? box.Groups[1].Value : PdfSyntax.Object(text, int.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture)).Trim('[', ']', ' ', '\n', '\r');
                var n = Regex.Matches(array, @"[-+]?(?:\d+\.?\d*|\.\d+)").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
                if (n.Length == 4)
                {
                    return Normalized(n);
                }

                break;
            }

            if (PdfSyntax.Reference(dict, "Parent") is not { } parent)
            {
                break;
            }

            dict = PdfSyntax.Dictionary(PdfSyntax.Object(text, parent), 0);
        }

        return (0, 0, 595, 842);
    }

    /// <summary>
    /// The widget's rectangle in PDF user space: the caller's placement, else the top right of the page (20 pt margins),
    /// moved down past the rectangles of the signature widgets already on this page.
    /// </summary>
    private static (double X1, double Y1, double X2, double Y2) StampRect(string text, int pageNum, (double X1, double Y1, double X2, double Y2) box, PdfStampPlacement? placement)
    {
        const double Margin = 20;
        double x1, top, w, h;
        if (placement is not null)
        {
            (w, h) = (placement.Width, placement.Height);
            (x1, top) = (box.X1 + placement.Left, box.Y2 - placement.Top);
        }
        else
        {
            w = Math.Min(SignatureStamp.DefaultWidth, box.X2 - box.X1 - (2 * Margin));
            h = SignatureStamp.DefaultHeight;
            (x1, top) = (box.X2 - Margin - w, box.Y2 - Margin);
        }

        var taken = SignatureRects(text, pageNum);
        for (var i = 0; i <= taken.Count && taken.Any(r => r.X1 < x1 + w && x1 < r.X2 && r.Y1 < top && top - h < r.Y2); i++)
        {
            top = taken.Where(r => r.X1 < x1 + w && x1 < r.X2 && r.Y1 < top && top - h < r.Y2).Min(r => r.Y1) - 4;
        }

        top = Math.Max(top, box.Y1 + h);
        return (Math.Round(x1, 2), Math.Round(top - h, 2), Math.Round(x1 + w, 2), Math.Round(top, 2));
    }

    /// <summary>The /Rect of each signature field widget that lies on page <paramref name="pageNum"/> (or names no page).</summary>
    private static List<(double X1, double Y1, double X2, double Y2)> SignatureRects(string text, int pageNum)
    {
        var rects = new List<(double X1, double Y1, double X2, double Y2)>();
        foreach (Match m in Regex.Matches(text, @"/FT\s*/Sig\b"))
        {
            var start = text.LastIndexOf(" obj", m.Index, StringComparison.Ordinal);
            var end = text.IndexOf("endobj", m.Index, StringComparison.Ordinal);
            if (start < 0 || end < 0)
            {
                continue;
            }

            var body = text[start..end];
            var p = PdfSyntax.Reference(body, "P");
            var r = Regex.Match(body, @"/Rect\s*\[\s*([-+.\d]+)\s+([-+.\d]+)\s+([-+.\d]+)\s+([-+.\d]+)\s*\]");
            if (r.Success && (p is null || p == pageNum))
            {
                var n = Enumerable.Range(1, 4).Select(i => double.Parse(r.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
                rects.Add(Normalized(n));
            }
        }

        return rects;
    }

    /// <summary>A PDF rectangle [x1 y1 x2 y2] with its corners ordered (lower left, upper right).</summary>
    private static (double X1, double Y1, double X2, double Y2) Normalized(double[] n) =>
        (Math.Min(n[0], n[2]), Math.Min(n[1], n[3]), Math.Max(n[0], n[2]), Math.Max(n[1], n[3]));

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

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
