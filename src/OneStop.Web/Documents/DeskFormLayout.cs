using System.Globalization;
using QRCoder;
using SkiaSharp;

namespace OneStop.Web.Documents;

/// <summary>Something to draw on a page, in PDF points from the top-left corner.</summary>
internal abstract record DrawOp;

internal sealed record TextOp(float X, float Baseline, string Text, FontFace Face, float Size) : DrawOp;

internal sealed record LineOp(float X1, float Y1, float X2, float Y2, float Width) : DrawOp;

/// <summary>A rectangle, filled with <paramref name="Fill"/> when given, then stroked when <paramref name="StrokeWidth"/> is positive.</summary>
internal sealed record BoxOp(SKRect Rect, SKColor? Fill, float StrokeWidth) : DrawOp;

/// <summary>The dark modules of a QR code as rectangles (horizontal runs), filled as one path so that no seams show.</summary>
internal sealed record QrOp(IReadOnlyList<SKRect> Modules) : DrawOp;

internal enum Align
{
    Left,
    Center,
    Right,
    Justify,
}

/// <summary>
/// First pass of the renderer: lays the form out into pages of <see cref="DrawOp"/>s, so that the page count is known
/// before anything is drawn (for "Trang n/N"). All text is measured with the embedded fonts.
/// </summary>
internal sealed class DeskFormLayout
{
    public const float Mm = 72f / 25.4f;
    private const float BodySize = 11f;
    private const float HeaderSize = 10.5f;
    private const float SmallSize = 8.5f;
    private const float TableSize = 9.5f;
    private const float LineFactor = 1.4f;
    private const float TableLineFactor = 1.3f;
    private const float BlockGap = 5f;
    private const float CellPadX = 3.5f;
    private const float CellPadY = 2.5f;
    private const float QrSize = 25f * Mm;
    private static readonly SKColor HeaderFill = new(0xEB, 0xEB, 0xEB);
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private readonly DeskFormDocument doc;
    private readonly FontCache fonts;
    private readonly TextWrapper wrapper;
    private readonly float left;
    private readonly float right;
    private readonly float top;
    private readonly float bottom;
    private List<DrawOp> page = [];
    private float y;

    private DeskFormLayout(DeskFormDocument doc, FontCache fonts)
    {
        this.doc = doc;
        this.fonts = fonts;
        wrapper = new TextWrapper(fonts);
        PageWidth = (doc.Landscape ? 297f : 210f) * Mm;
        PageHeight = (doc.Landscape ? 210f : 297f) * Mm;
        left = 20f * Mm;
        right = PageWidth - (15f * Mm);
        top = 15f * Mm;
        bottom = PageHeight - (15f * Mm);
    }

    public float PageWidth { get; }

    public float PageHeight { get; }

    public List<List<DrawOp>> Pages { get; } = [];

    /// <summary>The blank space between the signer's title and name (page index, rectangle from the page's top left), if the form has a signer.</summary>
    public (int Page, SKRect Rect)? SignatureSpace { get; private set; }

    /// <summary>Where the footer ("Trang n/N") sits: inside the bottom margin.</summary>
    public float FooterBaseline => PageHeight - (7f * Mm);

    private float Width => right - left;

    public static DeskFormLayout Lay(DeskFormDocument doc, FontCache fonts)
    {
        var layout = new DeskFormLayout(doc, fonts);
        layout.NewPage();
        layout.Header();
        layout.Title();
        foreach (var block in doc.Blocks)
        {
            layout.Block(block);
        }

        layout.SignerAndQr();
        return layout;
    }

    private void NewPage()
    {
        page = [];
        Pages.Add(page);
        y = top;
    }

    /// <summary>Starts a new page when <paramref name="height"/> does not fit below the cursor (unless the page is still empty).</summary>
    private bool EnsureSpace(float height)
    {
        if (y + height > bottom + 0.01f && y > top + 0.01f)
        {
            NewPage();
            return true;
        }

        return false;
    }

    private static float LineHeight(float size) => size * LineFactor;

    private float Baseline(float lineTop, FontFace face, float size, float lineHeight)
    {
        var metrics = fonts.Get(face, size).Metrics;
        var ascent = -metrics.Ascent;
        var descent = metrics.Descent;
        return lineTop + ((lineHeight - (ascent + descent)) / 2f) + ascent;
    }

    /// <summary>The largest size up to <paramref name="size"/> at which <paramref name="text"/> fits on one line of <paramref name="width"/>.</summary>
    private float FitSize(string text, FontFace face, float size, float width)
    {
        var measured = fonts.Measure(text, face, size);
        return measured <= width ? size : MathF.Max(6f, MathF.Floor(size * width / measured * 4f) / 4f);
    }

    // ---- header -------------------------------------------------------------------------------------------------

    private void Header()
    {
        if (!string.IsNullOrWhiteSpace(doc.FormNumber))
        {
            var label = TextWrapper.Clean("Mẫu số " + doc.FormNumber.Trim());
            var lh = LineHeight(10f);
            var width = fonts.Measure(label, FontFace.Bold, 10f);
            page.Add(new TextOp(right - width, Baseline(y, FontFace.Bold, 10f, lh), label, FontFace.Bold, 10f));
            y += lh + 2f;
        }

        var columnTop = y;
        var leftWidth = MathF.Min(Width * 0.42f, 290f);
        var rightWidth = MathF.Min(Width * 0.56f, 330f);
        var rightX = right - rightWidth;

        // Left: superior agency, agency (bold), desk, short rule.
        var ly = columnTop;
        ly = Centered(TextWrapper.Clean(doc.SuperiorAgencyName).ToUpper(Vietnamese), FontFace.Regular, HeaderSize, left, leftWidth, ly);
        ly = Centered(TextWrapper.Clean(doc.AgencyName).ToUpper(Vietnamese), FontFace.Bold, HeaderSize, left, leftWidth, ly);
        if (!string.IsNullOrWhiteSpace(doc.DeskName))
        {
            ly = Centered(TextWrapper.Clean(doc.DeskName), FontFace.Bold, 9f, left, leftWidth, ly);
        }

        var leftCenter = left + (leftWidth / 2f);
        page.Add(new LineOp(leftCenter - (leftWidth / 6f), ly + 1.5f, leftCenter + (leftWidth / 6f), ly + 1.5f, 0.7f));
        ly += 4f;

        // Right: national name and motto (underlined over its own width).
        var ry = columnTop;
        const string Nation = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        const string Motto = "Độc lập - Tự do - Hạnh phúc";
        var nationSize = FitSize(TextWrapper.Clean(Nation), FontFace.Bold, HeaderSize, rightWidth);
        ry = Centered(TextWrapper.Clean(Nation), FontFace.Bold, nationSize, rightX, rightWidth, ry);
        var mottoSize = FitSize(TextWrapper.Clean(Motto), FontFace.Bold, 11f, rightWidth);
        var mottoWidth = fonts.Measure(TextWrapper.Clean(Motto), FontFace.Bold, mottoSize);
        var mottoBaseline = Baseline(ry, FontFace.Bold, mottoSize, LineHeight(mottoSize));
        ry = Centered(TextWrapper.Clean(Motto), FontFace.Bold, mottoSize, rightX, rightWidth, ry);
        var rightCenter = rightX + (rightWidth / 2f);
        var underline = mottoBaseline + (mottoSize * 0.3f);
        page.Add(new LineOp(rightCenter - (mottoWidth / 2f), underline, rightCenter + (mottoWidth / 2f), underline, 0.7f));
        ry = MathF.Max(ry, underline + 2f);

        y = MathF.Max(ly, ry) + 6f;

        // Place and date, italic, under the motto (as on Vietnamese administrative documents).
        var date = TextWrapper.Clean(doc.PlaceAndDate);
        var dateWidth = fonts.Measure(date, FontFace.Italic, HeaderSize);
        var dateX = MathF.Min(rightCenter - (dateWidth / 2f), right - dateWidth);
        page.Add(new TextOp(dateX, Baseline(y, FontFace.Italic, HeaderSize, LineHeight(HeaderSize)), date, FontFace.Italic, HeaderSize));
        y += LineHeight(HeaderSize);
    }

    /// <summary>Draws wrapped, centered text in a column and returns the y below it.</summary>
    private float Centered(string text, FontFace face, float size, float x, float width, float lineTop)
    {
        var lh = LineHeight(size);
        foreach (var line in wrapper.Wrap(text, face, size, width))
        {
            DrawLine(line, x, width, lineTop, size, lh, Align.Center, face);
            lineTop += lh;
        }

        return lineTop;
    }

    private void Title()
    {
        y += 14f;
        const float TitleSize = 13f;
        var lh = LineHeight(TitleSize);
        var width = Width * 0.9f;
        var x = left + ((Width - width) / 2f);
        foreach (var line in wrapper.Wrap(doc.Title, FontFace.Bold, TitleSize, width))
        {
            EnsureSpace(lh);
            DrawLine(line, x, width, y, TitleSize, lh, Align.Center, FontFace.Bold);
            y += lh;
        }

        if (!string.IsNullOrWhiteSpace(doc.Subtitle))
        {
            var slh = LineHeight(BodySize);
            foreach (var line in wrapper.Wrap(doc.Subtitle, FontFace.Regular, BodySize, width))
            {
                EnsureSpace(slh);
                DrawLine(line, x, width, y, BodySize, slh, Align.Center, FontFace.Regular);
                y += slh;
            }
        }

        y += 10f;
    }

    // ---- blocks -------------------------------------------------------------------------------------------------

    private void Block(DeskFormBlock block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                Heading(heading);
                break;
            case ParagraphBlock paragraph:
                Lines(wrapper.Wrap(paragraph.Text.TrimEnd(), paragraph.Italic ? FontFace.Italic : FontFace.Regular, BodySize, Width), left, Width, Align.Justify);
                break;
            case FieldsBlock fields:
                Fields(fields);
                break;
            case ListBlock list:
                List(list);
                break;
            case TableBlock table:
                Table(table);
                break;
            default:
                throw new NotSupportedException($"Unknown form block {block.GetType().Name}.");
        }

        y += BlockGap;
    }

    private void Lines(List<TextLine> lines, float x, float width, Align align)
    {
        var lh = LineHeight(BodySize);
        foreach (var line in lines)
        {
            EnsureSpace(lh);
            DrawLine(line, x, width, y, BodySize, lh, align, FontFace.Regular);
            y += lh;
        }
    }

    private void Heading(HeadingBlock heading)
    {
        var lh = LineHeight(BodySize);
        var lines = wrapper.Wrap(heading.Text.Trim(), FontFace.Bold, BodySize, Width);
        y += 3f;

        // Keep the heading with at least two lines of what follows.
        EnsureSpace((lines.Count + 2) * lh);
        Lines(lines, left, Width, Align.Left);
    }

    private void Fields(FieldsBlock block)
    {
        foreach (var (key, value) in block.Fields)
        {
            var label = TextWrapper.Clean(key).Trim();
            if (label.Length > 0 && !label.EndsWith(':'))
            {
                label += ":";
            }

            var runs = new List<TextRun>();
            if (label.Length > 0)
            {
                runs.Add(new TextRun(label + " ", FontFace.Regular));
            }

            var blank = string.IsNullOrWhiteSpace(value);
            if (!blank)
            {
                runs.Add(new TextRun(value.Trim(), FontFace.Bold));
            }

            var lines = wrapper.Wrap(runs, BodySize, Width);
            if (blank)
            {
                FillWithDots(lines);
            }

            Lines(lines, left, Width, Align.Left);
        }
    }

    /// <summary>Ends the last line with a dotted leader to the right edge, for a value to be filled in by hand.</summary>
    private void FillWithDots(List<TextLine> lines)
    {
        var dot = fonts.Measure(".", FontFace.Regular, BodySize);
        var last = lines[^1];
        var used = last.Words.Count == 0 ? 0f : wrapper.LineWidth(last, BodySize) + wrapper.SpaceWidth(FontFace.Regular, BodySize);
        var count = (int)MathF.Floor((Width - used) / dot) - 1;
        if (count < 8)
        {
            count = (int)MathF.Floor(Width / dot) - 1;
            lines.Add(new TextLine([Dots(count, dot)], EndsParagraph: true));
        }
        else
        {
            lines[^1] = new TextLine([.. last.Words, Dots(count, dot)], EndsParagraph: true);
        }

        static Word Dots(int count, float dot) => new([new Segment(new string('.', count), FontFace.Regular, count * dot)]);
    }

    private void List(ListBlock list)
    {
        var lh = LineHeight(BodySize);
        const float Indent = 20f;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var marker = list.Numbered ? (i + 1).ToString(CultureInfo.InvariantCulture) + "." : "-";
            var lines = wrapper.Wrap(list.Items[i].Trim(), FontFace.Regular, BodySize, Width - Indent);
            for (var j = 0; j < lines.Count; j++)
            {
                EnsureSpace(lh);
                if (j == 0)
                {
                    var markerWidth = fonts.Measure(marker, FontFace.Regular, BodySize);
                    page.Add(new TextOp(left + Indent - 5f - markerWidth, Baseline(y, FontFace.Regular, BodySize, lh), marker, FontFace.Regular, BodySize));
                }

                DrawLine(lines[j], left + Indent, Width - Indent, y, BodySize, lh, Align.Justify, FontFace.Regular);
                y += lh;
            }
        }
    }

    // ---- tables -------------------------------------------------------------------------------------------------

    private void Table(TableBlock table)
    {
        var columns = Math.Max(table.Headers.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count));
        if (columns == 0)
        {
            return;
        }

        var weights = table.ColumnWeights is { } w && w.Count == columns && w.All(v => v > 0) ? w : Enumerable.Repeat(1f, columns).ToList();
        var total = weights.Sum();
        var widths = weights.Select(v => Width * v / total).ToArray();
        var lh = TableSize * TableLineFactor;

        List<TextLine>[] WrapRow(IReadOnlyList<string> cells, FontFace face) =>
            [.. Enumerable.Range(0, columns).Select(c => wrapper.Wrap(c < cells.Count ? cells[c] ?? string.Empty : string.Empty, face, TableSize, widths[c] - (2 * CellPadX)))];

        static int LineCount(List<TextLine>[] row) => Math.Max(1, row.Max(c => c.Count));

        var header = table.Headers.Count > 0 ? WrapRow(table.Headers, FontFace.Bold) : null;
        var headerHeight = header is null ? 0f : (LineCount(header) * lh) + (2 * CellPadY);
        var fullPage = bottom - top;

        void DrawHeader()
        {
            if (header is not null)
            {
                DrawRow(header, 0, LineCount(header), widths, lh, FontFace.Bold, isHeader: true);
            }
        }

        // Start on a new page unless the header and the first row (or a part of it) fit here.
        var rows = table.Rows.Select(r => WrapRow(r, FontFace.Regular)).ToList();
        var firstHeight = rows.Count == 0 ? 0f : (LineCount(rows[0]) * lh) + (2 * CellPadY);
        EnsureSpace(headerHeight + MathF.Min(firstHeight, MathF.Max(0f, fullPage - headerHeight)));
        DrawHeader();

        foreach (var row in rows)
        {
            var count = LineCount(row);
            var height = (count * lh) + (2 * CellPadY);
            if (y + height > bottom + 0.01f && height <= fullPage - headerHeight)
            {
                NewPage();
                DrawHeader();
            }

            // A row taller than a page is split between lines.
            var start = 0;
            while (start < count)
            {
                var fit = (int)MathF.Floor((bottom - y - (2 * CellPadY) + 0.01f) / lh);
                if (fit < 1)
                {
                    NewPage();
                    DrawHeader();
                    continue;
                }

                var take = Math.Min(fit, count - start);
                DrawRow(row, start, take, widths, lh, FontFace.Regular, isHeader: false);
                start += take;
                if (start < count)
                {
                    NewPage();
                    DrawHeader();
                }
            }
        }
    }

    private void DrawRow(List<TextLine>[] cells, int start, int take, float[] widths, float lh, FontFace face, bool isHeader)
    {
        var height = (take * lh) + (2 * CellPadY);
        var x = left;
        for (var c = 0; c < cells.Length; c++)
        {
            var rect = new SKRect(x, y, x + widths[c], y + height);
            page.Add(new BoxOp(rect, isHeader ? HeaderFill : null, 0.6f));
            var align = isHeader || IsShortNumber(cells[c]) ? Align.Center : Align.Left;
            for (var k = 0; k < take && start + k < cells[c].Count; k++)
            {
                DrawLine(cells[c][start + k], x + CellPadX, widths[c] - (2 * CellPadX), y + CellPadY + (k * lh), TableSize, lh, align, face);
            }

            x += widths[c];
        }

        y += height;
    }

    /// <summary>Row numbers and counts ("1", "12") are centered in their cells.</summary>
    private static bool IsShortNumber(List<TextLine> cell) =>
        cell is [{ Words: [{ Segments: [var only] }] }] && only.Text.Length <= 4 && only.Text.All(char.IsAsciiDigit);

    // ---- signer and QR code -------------------------------------------------------------------------------------

    private void SignerAndQr()
    {
        var hasQr = !string.IsNullOrWhiteSpace(doc.TrackingUrl);
        var hasSigner = !string.IsNullOrWhiteSpace(doc.SignerTitle) || !string.IsNullOrWhiteSpace(doc.SignerName);
        if (!hasQr && !hasSigner)
        {
            return;
        }

        var half = Width / 2f;
        var lh = LineHeight(BodySize);
        var smallLh = LineHeight(SmallSize);
        var signerX = left + half;
        var titleLines = string.IsNullOrWhiteSpace(doc.SignerTitle) ? [] : wrapper.Wrap(doc.SignerTitle.Trim(), FontFace.Bold, BodySize, half);
        var noteLines = string.IsNullOrWhiteSpace(doc.SignerNote) ? [] : wrapper.Wrap(doc.SignerNote.Trim(), FontFace.Italic, 9.5f, half);
        var nameLines = string.IsNullOrWhiteSpace(doc.SignerName) ? [] : wrapper.Wrap(doc.SignerName.Trim(), FontFace.Bold, BodySize, half);
        const float SignatureSpaceHeight = 62f;
        var signerHeight = hasSigner
            ? (titleLines.Count * lh) + (noteLines.Count * LineHeight(9.5f)) + SignatureSpaceHeight + (nameLines.Count * lh)
            : 0f;
        var code = TextWrapper.Clean(doc.DossierCode).Trim();
        var codeLines = code.Length == 0 ? [] : wrapper.Wrap(code, FontFace.Regular, SmallSize, half - 10f);
        var qrHeight = hasQr ? QrSize + 3f + (codeLines.Count * smallLh) : 0f;

        y += 10f;
        EnsureSpace(MathF.Max(signerHeight, qrHeight));
        var blockTop = y;

        if (hasSigner)
        {
            var sy = blockTop;
            foreach (var line in titleLines)
            {
                DrawLine(line, signerX, half, sy, BodySize, lh, Align.Center, FontFace.Bold);
                sy += lh;
            }

            foreach (var line in noteLines)
            {
                DrawLine(line, signerX, half, sy, 9.5f, LineHeight(9.5f), Align.Center, FontFace.Italic);
                sy += LineHeight(9.5f);
            }

            SignatureSpace = (Pages.Count - 1, new SKRect(signerX, sy, signerX + half, sy + SignatureSpaceHeight));
            sy += SignatureSpaceHeight;
            foreach (var line in nameLines)
            {
                DrawLine(line, signerX, half, sy, BodySize, lh, Align.Center, FontFace.Bold);
                sy += lh;
            }
        }

        if (hasQr)
        {
            var qrX = left + ((half - QrSize) / 2f);
            page.Add(new QrOp(QrModules(doc.TrackingUrl!.Trim(), qrX, blockTop, QrSize)));
            var cy = blockTop + QrSize + 3f;
            foreach (var line in codeLines)
            {
                DrawLine(line, left + 5f, half - 10f, cy, SmallSize, smallLh, Align.Center, FontFace.Regular);
                cy += smallLh;
            }
        }

        y = blockTop + MathF.Max(signerHeight, qrHeight);
    }

    /// <summary>The QR code's dark modules, without its quiet zone (the white page around it serves), as horizontal runs.</summary>
    internal static List<SKRect> QrModules(string text, float x, float y, float size)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var n = matrix.Count;

        // The finder pattern puts the first dark module at (quiet, quiet).
        var quiet = 0;
        while (quiet < n && !matrix[quiet][quiet])
        {
            quiet++;
        }

        var inner = n - (2 * quiet);
        var module = size / inner;
        var rects = new List<SKRect>();
        for (var row = quiet; row < n - quiet; row++)
        {
            var col = quiet;
            while (col < n - quiet)
            {
                if (!matrix[row][col])
                {
                    col++;
                    continue;
                }

                var start = col;
                while (col < n - quiet && matrix[row][col])
                {
                    col++;
                }

                rects.Add(new SKRect(
                    x + ((start - quiet) * module),
                    y + ((row - quiet) * module),
                    x + ((col - quiet) * module),
                    y + ((row - quiet + 1) * module)));
            }
        }

        return rects;
    }

    // ---- lines --------------------------------------------------------------------------------------------------

    /// <summary>
    /// Emits one line. Words of the same face are drawn as one string with real spaces (so that text extraction keeps them),
    /// except when justifying, where each word is placed on its own.
    /// </summary>
    private void DrawLine(TextLine line, float x, float width, float lineTop, float size, float lh, Align align, FontFace baselineFace)
    {
        if (line.Words.Count == 0)
        {
            return;
        }

        var natural = wrapper.LineWidth(line, size);
        var justify = align == Align.Justify && !line.EndsParagraph && line.Words.Count > 1 && natural < width;
        var extra = justify ? (width - natural) / (line.Words.Count - 1) : 0f;
        var cx = align switch
        {
            Align.Center => x + ((width - natural) / 2f),
            Align.Right => x + width - natural,
            _ => x,
        };
        var baseline = Baseline(lineTop, baselineFace, size, lh);

        var pending = new System.Text.StringBuilder();
        var pendingFace = FontFace.Regular;
        var pendingX = 0f;

        void Flush()
        {
            if (pending.Length > 0)
            {
                page.Add(new TextOp(pendingX, baseline, pending.ToString(), pendingFace, size));
                pending.Clear();
            }
        }

        for (var i = 0; i < line.Words.Count; i++)
        {
            var word = line.Words[i];
            var spaceBefore = false;
            if (i > 0)
            {
                cx += wrapper.SpaceWidth(line.Words[i - 1].LastFace, size) + extra;
                spaceBefore = true;
            }

            foreach (var segment in word.Segments)
            {
                if (pending.Length > 0 && segment.Face == pendingFace && !(spaceBefore && justify))
                {
                    if (spaceBefore)
                    {
                        pending.Append(' ');
                    }
                }
                else
                {
                    Flush();
                    pendingX = cx;
                    pendingFace = segment.Face;
                }

                pending.Append(segment.Text);
                cx += segment.Width;
                spaceBefore = false;
            }
        }

        Flush();
    }
}
