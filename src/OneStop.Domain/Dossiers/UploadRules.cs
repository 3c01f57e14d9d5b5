using System.IO.Compression;
using System.Text;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// How much one may upload (bound under "OneStop:Uploads"): files per required document and per dossier, bytes per
/// draft and bytes per applicant per day (Vietnam time).
/// </summary>
public sealed class UploadQuota
{
    public const int DefaultFilesPerDocument = 10;
    public const int DefaultFilesPerDossier = 50;
    public const long DefaultBytesPerDraft = 50L * 1024 * 1024;
    public const long DefaultBytesPerApplicantPerDay = 200L * 1024 * 1024;

    public int FilesPerDocument { get; set; } = DefaultFilesPerDocument;
    public int FilesPerDossier { get; set; } = DefaultFilesPerDossier;
    public long BytesPerDraft { get; set; } = DefaultBytesPerDraft;
    public long BytesPerApplicantPerDay { get; set; } = DefaultBytesPerApplicantPerDay;
}

/// <summary>A file of a dossier (or one being uploaded), as far as quotas count it: the document it answers and its size.</summary>
public readonly record struct FileTally(int? DocumentIndex, long Size);

public enum QuotaBreach
{
    FilesPerDocument,
    FilesPerDossier,
    BytesPerDraft,
    BytesPerApplicantPerDay,
}

/// <summary>A quota the upload would exceed; <see cref="DocumentIndex"/> for the per-document count.</summary>
public sealed record QuotaRefusal(QuotaBreach Breach, int? DocumentIndex, long Limit);

/// <summary>What an uploaded file may not carry, found from its bytes.</summary>
public enum ContentRefusal
{
    /// <summary>JavaScript, a launch action, an embedded file or rich media in a PDF.</summary>
    ActivePdfContent,

    /// <summary>HTML or script inside the file (a polyglot a browser or viewer could run).</summary>
    Markup,

    /// <summary>An image larger than <see cref="UploadRules.MaxImageSide"/> a side or <see cref="UploadRules.MaxImagePixels"/> pixels.</summary>
    ImageTooLarge,
}

/// <summary>
/// The rules on uploaded files that need no database: quotas from counts and sizes, and what the bytes may contain.
/// Images are judged by their header only (PNG IHDR, JPEG SOF), never decoded; an image whose header gives no size
/// cannot be decoded either and is left alone.
/// </summary>
public static class UploadRules
{
    public const int MaxImageSide = 12_000;
    public const long MaxImagePixels = 100_000_000;

    /// <summary>At most this much inflated from a PDF's object streams to look inside them (a bomb is refused, not followed).</summary>
    public const int MaxInflatedBytes = 64 * 1024 * 1024;

    /// <summary>PDF names that make a document act (run script, start a program) or carry other files.</summary>
    public static readonly IReadOnlyList<string> ActivePdfNames = ["/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"];

    /// <summary>Long enough never to occur by chance in compressed image data.</summary>
    private static readonly string[] MarkupSigns = ["<script", "<html", "<!doctype", "<iframe", "javascript:"];

    /// <summary>The quotas the incoming files would exceed, given the dossier's files and (for an applicant) what they uploaded today.</summary>
    public static IReadOnlyList<QuotaRefusal> CheckQuota(UploadQuota quota, IReadOnlyCollection<FileTally> existing, IReadOnlyCollection<FileTally> incoming,
        bool draft, long? applicantBytesToday)
    {
        var refusals = new List<QuotaRefusal>();
        if (incoming.Count == 0)
        {
            return refusals;
        }

        foreach (var document in incoming.Where(f => f.DocumentIndex is not null).Select(f => f.DocumentIndex).Distinct())
        {
            if (existing.Count(f => f.DocumentIndex == document) + incoming.Count(f => f.DocumentIndex == document) > quota.FilesPerDocument)
            {
                refusals.Add(new(QuotaBreach.FilesPerDocument, document, quota.FilesPerDocument));
            }
        }

        if (existing.Count + incoming.Count > quota.FilesPerDossier)
        {
            refusals.Add(new(QuotaBreach.FilesPerDossier, null, quota.FilesPerDossier));
        }

        var bytes = incoming.Sum(f => f.Size);
        if (draft && existing.Sum(f => f.Size) + bytes > quota.BytesPerDraft)
        {
            refusals.Add(new(QuotaBreach.BytesPerDraft, null, quota.BytesPerDraft));
        }

        if (applicantBytesToday is { } today && today + bytes > quota.BytesPerApplicantPerDay)
        {
            refusals.Add(new(QuotaBreach.BytesPerApplicantPerDay, null, quota.BytesPerApplicantPerDay));
        }

        return refusals;
    }

    /// <summary>Why the bytes of an accepted type (application/pdf, image/png, image/jpeg) may not be stored, or null.</summary>
    public static ContentRefusal? CheckContent(string contentType, ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        if (contentType == "application/pdf" && HasActivePdfContent(text))
        {
            return ContentRefusal.ActivePdfContent;
        }

        if (MarkupSigns.Any(sign => text.Contains(sign, StringComparison.OrdinalIgnoreCase)))
        {
            return ContentRefusal.Markup;
        }

        if (ImageSize(contentType, bytes) is { } size && (size.Width > MaxImageSide || size.Height > MaxImageSide || (long)size.Width * size.Height > MaxImagePixels))
        {
            return ContentRefusal.ImageTooLarge;
        }

        return null;
    }

    /// <summary>
    /// Whether a PDF names JavaScript, a launch action, an embedded file or rich media, in its text or inside its
    /// object streams (inflated up to <see cref="MaxInflatedBytes"/>; a stream that inflates beyond is refused too).
    /// Names are read with their #xx escapes decoded ("/Java#53cript" is "/JavaScript").
    /// </summary>
    public static bool HasActivePdfContent(string pdf)
    {
        if (HasActiveName(pdf))
        {
            return true;
        }

        var budget = MaxInflatedBytes;
        for (var at = pdf.IndexOf("/ObjStm", StringComparison.Ordinal); at >= 0; at = pdf.IndexOf("/ObjStm", at + 7, StringComparison.Ordinal))
        {
            var stream = pdf.IndexOf("stream", at, StringComparison.Ordinal);
            var end = stream < 0 ? -1 : pdf.IndexOf("endstream", stream + 6, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var start = stream + 6 + (pdf[stream + 6] == '\r' ? 1 : 0);
            start += start < pdf.Length && pdf[start] == '\n' ? 1 : 0;
            var inflated = Inflate(Encoding.Latin1.GetBytes(pdf[start..end]), ref budget);
            if (inflated is null)
            {
                return true; // too much to look into: not stored
            }

            if (HasActiveName(inflated))
            {
                return true;
            }

            at = end;
        }

        return false;
    }

    private static bool HasActiveName(string text)
    {
        for (var i = text.IndexOf('/'); i >= 0; i = text.IndexOf('/', i + 1))
        {
            if (i + 1 >= text.Length || text[i + 1] is not ('J' or 'L' or 'E' or 'R' or '#'))
            {
                continue;
            }

            var name = new StringBuilder("/");
            var j = i + 1;
            for (; j < text.Length && name.Length <= 32; j++)
            {
                var c = text[j];
                if (c == '#' && j + 2 < text.Length && Uri.IsHexDigit(text[j + 1]) && Uri.IsHexDigit(text[j + 2]))
                {
                    name.Append((char)Convert.ToInt32(text.Substring(j + 1, 2), 16));
                    j += 2;
                }
                else if (c is > ' ' and < '\x7F' and not ('/' or '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '%'))
                {
                    name.Append(c);
                }
                else
                {
                    break;
                }
            }

            if (ActivePdfNames.Contains(name.ToString(), StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The zlib-inflated bytes as Latin-1 text; null when they exceed what is left of the budget. Data that does not inflate is read as it is.</summary>
    private static string? Inflate(byte[] data, ref int budget)
    {
        try
        {
            using var input = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                budget -= n;
                if (budget < 0)
                {
                    return null;
                }

                output.Write(buffer, 0, n);
            }

            return Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (InvalidDataException)
        {
            return Encoding.Latin1.GetString(data);
        }
    }

    /// <summary>Width and height from a PNG's IHDR or a JPEG's start-of-frame marker, without decoding; null when the header does not give them.</summary>
    public static (int Width, int Height)? ImageSize(string contentType, ReadOnlySpan<byte> b)
    {
        if (contentType == "image/png")
        {
            return b.Length >= 24 && b[12..16].SequenceEqual("IHDR"u8)
                ? ((int)Math.Min(int.MaxValue, BigEndian(b[16..20])), (int)Math.Min(int.MaxValue, BigEndian(b[20..24])))
                : null;
        }

        if (contentType != "image/jpeg")
        {
            return null;
        }

        var i = 2;
        while (i + 3 < b.Length)
        {
            if (b[i] != 0xFF)
            {
                return null;
            }

            var marker = b[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                i += 2; // markers without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or start of scan before any frame header
            }

            var length = (b[i + 2] << 8) | b[i + 3];
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                return i + 8 < b.Length ? ((b[i + 7] << 8) | b[i + 8], (b[i + 5] << 8) | b[i + 6]) : null;
            }

            if (length < 2)
            {
                return null;
            }

            i += 2 + length;
        }

        return null;
    }

    private static long BigEndian(ReadOnlySpan<byte> b) => ((long)b[0] << 24) | ((long)b[1] << 16) | ((long)b[2] << 8) | b[3];
}
