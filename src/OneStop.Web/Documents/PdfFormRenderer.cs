using System.Globalization;
using SkiaSharp;

namespace OneStop.Web.Documents;

/// <summary>
/// Renders a <see cref="DeskFormDocument"/> as an A4 PDF (portrait, or landscape for wide registers) with Skia:
/// DejaVu Sans embedded and subset, QR code as vector rectangles, "Trang n/N" in each page's footer.
/// Stateless apart from the process-wide typefaces: register as a singleton; safe for concurrent calls.
/// </summary>
public sealed class PdfFormRenderer
{
    public const string ContentType = "application/pdf";
    private const float FooterSize = 8.5f;

    public byte[] Render(DeskFormDocument document) => RenderForSigning(document).Bytes;

    /// <summary>
    /// The PDF and, when the form has a signer block, where the agency's signature stamp goes: centred in the space
    /// left for the signature (where a seal is put on paper), so that it covers none of the form's text.
    /// </summary>
    public Signing.RenderedPdf RenderForSigning(DeskFormDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var fonts = new FontCache();

        // Pass 1: lay out every page, so that the page count is known. Pass 2: draw.
        var layout = DeskFormLayout.Lay(document, fonts);
        var pageCount = layout.Pages.Count;

        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = TextWrapper.Clean(document.Title);
        metadata.Subject = TextWrapper.Clean($"Mẫu số {document.FormNumber} {document.DossierCode}".Trim());
        metadata.Author = TextWrapper.Clean(document.AgencyName);
        metadata.Creator = "OneStop";
        metadata.Creation = document.IssuedAt.UtcDateTime;
        metadata.Modified = document.IssuedAt.UtcDateTime;

        using var stream = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        using (var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Fill })
        using (var pen = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke })
        using (var fill = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill })
        {
            for (var i = 0; i < pageCount; i++)
            {
                var canvas = pdf.BeginPage(layout.PageWidth, layout.PageHeight);
                foreach (var op in layout.Pages[i])
                {
                    Draw(canvas, op, fonts, ink, pen, fill);
                }

                var footer = string.Format(CultureInfo.InvariantCulture, "Trang {0}/{1}", i + 1, pageCount);
                canvas.DrawText(footer, layout.PageWidth / 2f, layout.FooterBaseline, SKTextAlign.Center, fonts.Get(FontFace.Regular, FooterSize), ink);
                pdf.EndPage();
            }

            pdf.Close();
        }

        Signing.PdfStampPlacement? stamp = null;
        if (layout.SignatureSpace is { } space)
        {
            var width = MathF.Min(Signing.SignatureStamp.DefaultWidth, space.Rect.Width);
            var height = MathF.Min(Signing.SignatureStamp.DefaultHeight, space.Rect.Height);
            stamp = new(space.Page, space.Rect.MidX - (width / 2f), space.Rect.MidY - (height / 2f), width, height);
        }

        return new(stream.ToArray(), stamp);
    }

    private static void Draw(SKCanvas canvas, DrawOp op, FontCache fonts, SKPaint ink, SKPaint pen, SKPaint fill)
    {
        switch (op)
        {
            case TextOp text:
                canvas.DrawText(text.Text, text.X, text.Baseline, SKTextAlign.Left, fonts.Get(text.Face, text.Size), ink);
                break;
            case LineOp line:
                pen.StrokeWidth = line.Width;
                canvas.DrawLine(line.X1, line.Y1, line.X2, line.Y2, pen);
                break;
            case BoxOp box:
                if (box.Fill is { } color)
                {
                    fill.Color = color;
                    canvas.DrawRect(box.Rect, fill);
                }

                if (box.StrokeWidth > 0)
                {
                    pen.StrokeWidth = box.StrokeWidth;
                    canvas.DrawRect(box.Rect, pen);
                }

                break;
            case QrOp qr:
                using (var path = new SKPath())
                {
                    foreach (var module in qr.Modules)
                    {
                        path.AddRect(module);
                    }

                    fill.Color = SKColors.Black;
                    canvas.DrawPath(path, fill);
                }

                break;
            default:
                throw new NotSupportedException($"Unknown draw operation {op.GetType().Name}.");
        }
    }
}
