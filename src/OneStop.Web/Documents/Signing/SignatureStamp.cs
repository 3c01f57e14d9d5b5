using System.Globalization;
using System.IO.Compression;
using SkiaSharp;

namespace OneStop.Web.Documents.Signing;

/// <summary>
/// Where a caller wants the visible signature on a page: measured in points from the top-left corner of the page's
/// media box (as <see cref="PdfFormRenderer"/> lays pages out). Page index 0 is the first page.
/// </summary>
public sealed record PdfStampPlacement(int PageIndex, float Left, float Top, float Width, float Height);

/// <summary>A PDF OneStop rendered itself, with the spot its layout keeps free for the signature (null: the signer's default).</summary>
public sealed record RenderedPdf(byte[] Bytes, PdfStampPlacement? Stamp);

/// <summary>
/// The picture of an agency's signature on the page, drawn with Skia as an RGB raster plus an alpha mask (so that a
/// PDF viewer shows it without fonts in the incremental update; DejaVu Sans from the forms renders the diacritics).
/// The information follows Decree 30/2020/NĐ-CP, Phụ lục I (thể thức chữ ký số của cơ quan, tổ chức): the name of
/// the agency that signed, the time of signing as ISO 8601 with the Vietnam time zone (e.g.
/// 2026-12-03T15:50:00+07:00), and, as on an attached document, the document's number; in red, as the seal image is.
/// Sources read: the text of Phụ lục I (https://www.scribd.com/document/652855730/Phuluc1) and summaries of it
/// (https://www.nacencomm.vn/tin-tuc/huong-dan-the-thuc-ban-sao-sang-dinh-dang-dien-tu,
/// https://viettel-solutions.vn/quy-dinh-ve-hien-thi-chu-ky-so-tren-van-ban-dien-tu-theo-tt-01/). The decree asks for
/// the agency's actual seal image; OneStop has none on file, so the stamp shows the information in a red frame. The
/// decree sets the text-only variant (top right of an attached document) in Times New Roman 10 pt; the stamp uses
/// DejaVu Sans, the font OneStop embeds (Times New Roman may not be redistributed), at up to 9 pt to fit the frame.
/// </summary>
internal static class SignatureStamp
{
    /// <summary>Pixels per point: about 216 dpi, sharp when printed and at 200 % zoom.</summary>
    public const int Scale = 3;

    public const float DefaultWidth = 200f;
    public const float DefaultHeight = 56f;

    /// <summary>The stamp's red (the ink colour of a seal).</summary>
    public static readonly SKColor Red = new(0xC8, 0x10, 0x2E);

    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);
    private const float Padding = 6f;
    private const float LineFactor = 1.22f;

    /// <summary>"2026-12-03T15:50:00+07:00": the signing time in Vietnam, ISO 8601.</summary>
    public static string IsoVietnamTime(DateTimeOffset t) =>
        t.ToOffset(VietnamOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The stamp as zlib-compressed 8-bit RGB and 8-bit alpha rows, ready for an /Image XObject and its /SMask.</summary>
    public static (int PixelWidth, int PixelHeight, byte[] Rgb, byte[] Alpha) Render(float width, float height, string signer, string documentCode, DateTimeOffset signingTime)
    {
        var pw = Math.Max(1, (int)MathF.Round(width * Scale));
        var ph = Math.Max(1, (int)MathF.Round(height * Scale));
        var info = new SKImageInfo(pw, ph, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        using (var fonts = new FontCache())
        {
            canvas.Clear(SKColors.Transparent);
            canvas.Scale(pw / width, ph / height);
            Draw(canvas, fonts, width, height, signer, documentCode, signingTime);
        }

        var pixels = bitmap.Bytes;
        var rgb = new byte[pw * ph * 3];
        var alpha = new byte[pw * ph];
        for (int i = 0, j = 0; i < alpha.Length; i++, j += 4)
        {
            rgb[i * 3] = pixels[j];
            rgb[(i * 3) + 1] = pixels[j + 1];
            rgb[(i * 3) + 2] = pixels[j + 2];
            alpha[i] = pixels[j + 3];
        }

        return (pw, ph, Deflate(rgb), Deflate(alpha));
    }

    private static void Draw(SKCanvas canvas, FontCache fonts, float width, float height, string signer, string code, DateTimeOffset at)
    {
        // A mostly opaque white card: the stamp stays legible, whatever is under it still shows faintly.
        var card = new SKRect(0.6f, 0.6f, width - 0.6f, height - 0.6f);
        using (var back = new SKPaint { Color = SKColors.White.WithAlpha(190), IsAntialias = true, Style = SKPaintStyle.Fill })
        {
            canvas.DrawRoundRect(card, 3f, 3f, back);
        }

        using (var border = new SKPaint { Color = Red, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f })
        {
            canvas.DrawRoundRect(card, 3f, 3f, border);
        }

        var lines = Fit(fonts, width - (2 * Padding), height - (2 * Padding), signer, code, at);
        using var ink = new SKPaint { Color = Red, IsAntialias = true, Style = SKPaintStyle.Fill };
        var total = lines.Sum(l => l.Size * LineFactor);
        var y = ((height - total) / 2f);
        foreach (var (text, face, size) in lines)
        {
            var font = fonts.Get(face, size);
            var ascent = -font.Metrics.Ascent;
            var lineHeight = size * LineFactor;
            var baseline = y + ((lineHeight - (ascent + font.Metrics.Descent)) / 2f) + ascent;
            canvas.DrawText(text, Padding, baseline, SKTextAlign.Left, font, ink);
            y += lineHeight;
        }
    }

    /// <summary>The lines at the largest size (9 pt down to 5 pt) at which they fit; the agency's name may wrap.</summary>
    private static List<(string Text, FontFace Face, float Size)> Fit(FontCache fonts, float width, float height, string signer, string code, DateTimeOffset at)
    {
        var org = TextWrapper.Clean("Ký bởi: " + signer);
        var time = "Thời gian ký: " + IsoVietnamTime(at);
        var number = TextWrapper.Clean("Số: " + code);
        const string English = "Digitally signed by the agency (PAdES)";
        const float Smallest = 5f;
        List<(string Text, FontFace Face, float Size)> Lines(float size) =>
        [
            .. Wrap(fonts, org, FontFace.Bold, size, width).Select(l => (l, FontFace.Bold, size)),
            (time, FontFace.Regular, size),
            (number, FontFace.Regular, size),
        ];

        for (var size = 9f; size >= Smallest; size -= 0.25f)
        {
            var lines = Lines(size);
            var used = lines.Sum(l => l.Size * LineFactor);
            if (used > height || lines.Any(l => fonts.Measure(l.Text, l.Face, l.Size) > width))
            {
                continue;
            }

            var small = MathF.Max(Smallest, size * 0.72f);
            if (used + (small * LineFactor) <= height && fonts.Measure(English, FontFace.Italic, small) <= width)
            {
                lines.Add((English, FontFace.Italic, small));
            }

            return lines;
        }

        // Nothing fits (a very long name in a small box): the smallest size, lines cut with an ellipsis, as many as fit.
        var fallback = Lines(Smallest).Select(l => (Ellipsize(fonts, l.Text, l.Face, l.Size, width), l.Face, l.Size)).ToList();
        var count = Math.Max(1, (int)(height / (Smallest * LineFactor)));
        return fallback.Count <= count ? fallback : [.. fallback.Take(count - 2), .. fallback.TakeLast(2)];
    }

    /// <summary>Greedy wrap at spaces; a word longer than the line stays whole (the caller then tries a smaller size).</summary>
    private static List<string> Wrap(FontCache fonts, string text, FontFace face, float size, float width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && fonts.Measure(candidate, face, size) > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        lines.Add(current);
        return lines;
    }

    /// <summary>The text, shortened with an ellipsis if it is wider than the line.</summary>
    private static string Ellipsize(FontCache fonts, string text, FontFace face, float size, float width)
    {
        if (fonts.Measure(text, face, size) <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && fonts.Measure(cut + "…", face, size) > width)
        {
            cut = cut[..^1];
        }

        return cut + "…";
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }
}
