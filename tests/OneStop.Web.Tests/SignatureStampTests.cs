using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using OneStop.Web.Documents;
using OneStop.Web.Documents.Signing;
using SkiaSharp;

namespace OneStop.Web.Tests;

/// <summary>
/// The visible signature stamp: a widget with a rectangle inside the page and an appearance, red pixels there when
/// poppler renders the page (and none in the unsigned rendering), and a signature that pdfsig and OneStop's verifier
/// still accept — also after a second signature, whose stamp must not cover the first.
/// </summary>
public sealed class SignatureStampTests : IDisposable
{
    private const string Code = "000.00.21.H26-260212-0001";
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 3, 8, 50, 0, TimeSpan.Zero); // 15:50 in Hanoi

    private readonly X509Certificate2 root;
    private readonly LocalSigningKey key;
    private readonly LocalSigningKey secondKey;

    public SignatureStampTests()
    {
        using var rootKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=Stamp Test Root CA, C=VN", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(5));
        key = Leaf("UBND phường Hoàn Kiếm", 1);
        secondKey = Leaf("Sở Tư pháp thành phố Hà Nội (DEVELOPMENT / THỬ NGHIỆM)", 2); // long: the name wraps
    }

    public void Dispose()
    {
        root.Dispose();
        key.Certificate.Dispose();
        secondKey.Certificate.Dispose();
    }

    private LocalSigningKey Leaf(string name, byte serial)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}, C=VN"), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.DigitalSignature, true));
        using var issued = request.Create(root, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(2), [7, serial]);
        return new LocalSigningKey(issued.CopyWithPrivateKey(rsa), [X509CertificateLoader.LoadCertificate(root.RawData)]);
    }

    [Fact]
    public async Task Form_01_shows_a_red_stamp_in_its_signature_space_and_the_signature_holds()
    {
        var rendered = new PdfFormRenderer().RenderForSigning(PdfFormRendererTests.SampleForm01());
        Assert.NotNull(rendered.Stamp);
        Assert.Equal(0, rendered.Stamp.PageIndex);
        var signed = PdfSigner.Sign(rendered.Bytes, key, Code, SignedAt, rendered.Stamp);

        var widget = Assert.Single(Widgets(signed));
        var page = (W: 595.28, H: 841.89); // A4 as Skia writes it
        Assert.True(widget.Rect.X1 >= 0 && widget.Rect.Y1 >= 0 && widget.Rect.X2 <= page.W && widget.Rect.Y2 <= page.H, $"{widget.Rect} outside the page");
        Assert.InRange(widget.Rect.X2 - widget.Rect.X1, 150, 260);
        Assert.InRange(widget.Rect.Y2 - widget.Rect.Y1, 40, 70);
        Assert.Matches(@"/AP\s*<<\s*/N\s+\d+\s+0\s+R", widget.Body);
        // In the lower half, where the signer block is: not over the header at the top right.
        Assert.True(widget.Rect.Y2 < page.H / 2, $"{widget.Rect} is not in the signer block");

        var before = await RenderPageAsync(rendered.Bytes, 72);
        var after = await RenderPageAsync(signed, 72);
        Assert.Equal(0, RedPixels(before, widget.Rect, page.H));
        var red = RedPixels(after, widget.Rect, page.H);
        Assert.True(red > 300, $"only {red} red pixels inside the stamp");
        Assert.Equal(0, RedPixels(after, (0, 0, page.W, page.H), page.H) - red); // nothing red outside it

        // The signature still holds, for poppler and for OneStop.
        await SaveArtifactsAsync(signed, "signed-form-01");
        var tool = await SigningTests<SqliteApp>.PdfSig(signed);
        Assert.Contains("Signature Validation: Signature is Valid.", tool, StringComparison.Ordinal);
        Assert.Contains("Total document signed", tool, StringComparison.Ordinal);
        var mine = PdfSignatureVerifier.Verify(signed, [root]);
        Assert.True(mine.Valid, mine.Last?.Problem);
        Assert.Equal(Code, mine.Last!.DocumentCode);

        // One byte of the stamp's image data changed: both notice.
        var tampered = (byte[])signed.Clone();
        var text = Encoding.Latin1.GetString(signed);
        var image = Regex.Match(text, @"/Subtype /Image /Width \d+ /Height \d+ /ColorSpace /DeviceRGB[^>]*>>\nstream\n");
        Assert.True(image.Success);
        tampered[image.Index + image.Length + 40] ^= 0x01;
        Assert.Contains("Signature Validation: Digest Mismatch.", await SigningTests<SqliteApp>.PdfSig(tampered), StringComparison.Ordinal);
        Assert.False(PdfSignatureVerifier.Verify(tampered, [root]).Last!.SignatureValid);
    }

    [Fact]
    public async Task A_second_signature_is_valid_with_the_first_and_its_stamp_moves_below_the_first()
    {
        var rendered = new PdfFormRenderer().RenderForSigning(PdfFormRendererTests.SampleForm01());
        var once = PdfSigner.Sign(rendered.Bytes, key, Code, SignedAt, rendered.Stamp);
        var twice = PdfSigner.Sign(once, secondKey, Code + "-KQ1", SignedAt.AddMinutes(5), rendered.Stamp);

        var widgets = Widgets(twice);
        Assert.Equal(2, widgets.Count);
        var (a, b) = (widgets[0].Rect, widgets[1].Rect);
        Assert.False(a.X1 < b.X2 && b.X1 < a.X2 && a.Y1 < b.Y2 && b.Y1 < a.Y2, $"stamps overlap: {a} and {b}");
        Assert.True(b.Y2 <= a.Y1, "the second stamp is not below the first");

        var pixels = await RenderPageAsync(twice, 72);
        Assert.True(RedPixels(pixels, a, 841.89) > 300);
        Assert.True(RedPixels(pixels, b, 841.89) > 300);

        var tool = await SigningTests<SqliteApp>.PdfSig(twice);
        Assert.Equal(2, Regex.Count(tool, "Signature Validation: Signature is Valid."));
        var mine = PdfSignatureVerifier.Verify(twice, [root]);
        Assert.Equal(2, mine.Signatures.Count);
        Assert.All(mine.Signatures, s => Assert.True(s.SignatureValid && s.Trusted, s.Problem));
        Assert.False(mine.Signatures[0].CoversWholeDocument);
        Assert.True(mine.Valid);
        Assert.Equal("Sở Tư pháp thành phố Hà Nội (DEVELOPMENT / THỬ NGHIỆM)", mine.Last!.Signer);
        await SaveArtifactsAsync(twice, "signed-twice-form-01");
    }

    [Fact]
    public async Task Without_a_placement_the_stamp_goes_top_right_of_an_inherited_media_box_and_a_second_one_below_it()
    {
        var pdf = LetterPdf();
        var signed = PdfSigner.Sign(PdfSigner.Sign(pdf, key, "KQ-1", SignedAt), secondKey, "KQ-2", SignedAt.AddHours(1));
        var widgets = Widgets(signed);
        Assert.Equal(2, widgets.Count);
        var first = widgets[0].Rect;
        Assert.Equal(612 - 20, first.X2, 1);
        Assert.Equal(792 - 20, first.Y2, 1);
        Assert.Equal(200, first.X2 - first.X1, 1);
        Assert.Equal(56, first.Y2 - first.Y1, 1);
        var second = widgets[1].Rect;
        Assert.True(second.Y2 <= first.Y1, $"{second} overlaps {first}");

        var pixels = await RenderPageAsync(signed, 72);
        Assert.Equal(612, pixels.Width);
        await SaveArtifactsAsync(signed, "signed-twice-letter");
        Assert.True(RedPixels(pixels, first, 792) > 300);
        Assert.True(RedPixels(pixels, second, 792) > 300);
        Assert.Equal(0, RedPixels(await RenderPageAsync(pdf, 72), first, 792));
        Assert.Equal(2, Regex.Count(await SigningTests<SqliteApp>.PdfSig(signed), "Signature Validation: Signature is Valid."));
        Assert.True(PdfSignatureVerifier.Verify(signed, [root]).Valid);
    }

    [Fact]
    public void The_stamp_time_is_iso_8601_in_vietnam_time()
    {
        Assert.Equal("2026-12-03T15:50:00+07:00", SignatureStamp.IsoVietnamTime(SignedAt));
    }

    /// <summary>A one-page US Letter PDF whose /MediaBox is only on the /Pages node (the page inherits it), with some text.</summary>
    private static byte[] LetterPdf()
    {
        var content = "BT /F1 12 Tf 72 720 Td (Inherited media box) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var sb = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(sb.Length);
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = sb.Length;
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f\r\n");
        foreach (var o in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n\r\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>The signature widgets in file order, each with its /Rect and its object's text.</summary>
    internal static List<(string Body, (double X1, double Y1, double X2, double Y2) Rect)> Widgets(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var list = new List<(string, (double, double, double, double))>();
        foreach (Match m in Regex.Matches(text, @"\d+ 0 obj\n(<< /Type /Annot /Subtype /Widget /FT /Sig.*?)\nendobj"))
        {
            var r = Regex.Match(m.Groups[1].Value, @"/Rect \[([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\]");
            Assert.True(r.Success, m.Value);
            var n = Enumerable.Range(1, 4).Select(i => double.Parse(r.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
            list.Add((m.Groups[1].Value, (n[0], n[1], n[2], n[3])));
        }

        return list;
    }

    /// <summary>Pixels clearly red (the stamp's ink) inside a rectangle given in PDF points (origin bottom left).</summary>
    internal static int RedPixels(SKBitmap bitmap, (double X1, double Y1, double X2, double Y2) rect, double pageHeight)
    {
        var scale = bitmap.Height / pageHeight;
        var (x0, x1) = ((int)Math.Floor(rect.X1 * scale), (int)Math.Ceiling(rect.X2 * scale));
        var (y0, y1) = ((int)Math.Floor((pageHeight - rect.Y2) * scale), (int)Math.Ceiling((pageHeight - rect.Y1) * scale));
        var count = 0;
        for (var y = Math.Max(0, y0); y < Math.Min(bitmap.Height, y1); y++)
        {
            for (var x = Math.Max(0, x0); x < Math.Min(bitmap.Width, x1); x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 150 && c.Green < 110 && c.Blue < 130 && c.Red - c.Green > 80)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Page 1 rendered by poppler's pdftoppm (annotations included, as a viewer shows them).</summary>
    internal static async Task<SKBitmap> RenderPageAsync(byte[] pdf, int dpi)
    {
        var path = await RenderPngAsync(pdf, dpi);
        try
        {
            return SKBitmap.Decode(path) ?? throw new InvalidOperationException("pdftoppm wrote no readable PNG");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> RenderPngAsync(byte[] pdf, int dpi)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"onestop-stamp-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(stem + ".pdf", pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftoppm",
                ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-png", "-f", "1", "-l", "1", "-singlefile", stem + ".pdf", stem])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, "pdftoppm: " + await error);
            return stem + ".png";
        }
        finally
        {
            File.Delete(stem + ".pdf");
        }
    }

    /// <summary>A signed form and its first page at 110 dpi, under artifacts/test/pdf, for a reviewer to look at.</summary>
    private static async Task SaveArtifactsAsync(byte[] signed, string name)
    {
        var directory = Path.Combine(PdfFormRendererTests.RepositoryRoot(), "artifacts", "test", "pdf");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, name + ".pdf"), signed);
        var png = await RenderPngAsync(signed, 110);
        File.Move(png, Path.Combine(directory, name + "-page-1.png"), overwrite: true);
    }
}
