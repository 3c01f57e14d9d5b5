using System.IO.Compression;
using System.Text;
using OneStop.Domain.Dossiers;

namespace OneStop.Domain.Tests;

public class UploadRulesTests
{
    private static readonly UploadQuota Small = new() { FilesPerDocument = 2, FilesPerDossier = 4, BytesPerDraft = 100, BytesPerApplicantPerDay = 150 };

    private static FileTally[] Files(params (int? Document, long Size)[] files) => [.. files.Select(f => new FileTally(f.Document, f.Size))];

    public static TheoryData<FileTally[], FileTally[], bool, long?, QuotaBreach[]> Quotas => new()
    {
        { Files(), Files((1, 10)), true, 0, [] },
        { Files((1, 10)), Files((1, 10)), true, 0, [] },
        { Files((1, 10), (1, 10)), Files((1, 10)), true, 0, [QuotaBreach.FilesPerDocument] },
        { Files(), Files((1, 1), (1, 1), (1, 1)), true, 0, [QuotaBreach.FilesPerDocument] },
        { Files((null, 1), (null, 1), (null, 1)), Files((null, 1)), true, 0, [] }, // "other" files count per dossier only
        { Files((1, 1), (2, 1), (3, 1)), Files((4, 1), (5, 1)), true, 0, [QuotaBreach.FilesPerDossier] },
        { Files((1, 60)), Files((2, 40)), true, 0, [] },
        { Files((1, 60)), Files((2, 41)), true, 0, [QuotaBreach.BytesPerDraft] },
        { Files((1, 60)), Files((2, 41)), false, null, [] }, // not a draft: no draft total; staff: no daily total
        { Files(), Files((1, 50)), true, 100, [] },
        { Files(), Files((1, 51)), true, 100, [QuotaBreach.BytesPerApplicantPerDay] },
        { Files((1, 10), (1, 10)), Files((1, 200)), true, 0, [QuotaBreach.FilesPerDocument, QuotaBreach.BytesPerDraft, QuotaBreach.BytesPerApplicantPerDay] },
        { Files((1, 1000)), Files(), true, 1000, [] }, // nothing incoming: nothing refused
    };

    [Theory]
    [MemberData(nameof(Quotas))]
    public void Quotas_refuse_what_would_exceed_them(FileTally[] existing, FileTally[] incoming, bool draft, long? today, QuotaBreach[] expected) =>
        Assert.Equal(expected, UploadRules.CheckQuota(Small, existing, incoming, draft, today).Select(r => r.Breach));

    [Fact]
    public void The_defaults_are_the_documented_numbers()
    {
        var q = new UploadQuota();
        Assert.Equal((10, 50, 50L << 20, 200L << 20), (q.FilesPerDocument, q.FilesPerDossier, q.BytesPerDraft, q.BytesPerApplicantPerDay));
    }

    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    [Theory]
    [InlineData("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", null)]
    [InlineData("%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj 2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj", ContentRefusal.ActivePdfContent)]
    [InlineData("%PDF-1.4\n1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj", ContentRefusal.ActivePdfContent)]
    [InlineData("%PDF-1.4\n1 0 obj << /Names << /EmbeddedFiles 3 0 R >> >> endobj", ContentRefusal.ActivePdfContent)]
    [InlineData("%PDF-1.4\n1 0 obj << /Type /EmbeddedFile /Length 3 >> stream\nabc\nendstream endobj", ContentRefusal.ActivePdfContent)]
    [InlineData("%PDF-1.4\n1 0 obj << /Subtype /RichMedia >> endobj", ContentRefusal.ActivePdfContent)]
    [InlineData("%PDF-1.4\n1 0 obj << /S /Java#53cript /J#53 (x) >> endobj", ContentRefusal.ActivePdfContent)] // escaped names
    [InlineData("%PDF-1.4\n1 0 obj << /JSON 1 /Lang (vi) /Encrypt 2 0 R >> endobj", null)] // longer names are not the same
    [InlineData("%PDF-1.4\n<html><body><script>alert(1)</script></body></html>", ContentRefusal.Markup)] // a PDF/HTML polyglot
    [InlineData("%PDF-1.4\n%<!DOCTYPE html>\n1 0 obj << >> endobj", ContentRefusal.Markup)]
    [InlineData("%PDF-1.4\n1 0 obj << /URI (javascript:alert(1)) >> endobj", ContentRefusal.Markup)]
    public void Pdfs_that_act_or_carry_markup_are_refused(string pdf, ContentRefusal? expected) =>
        Assert.Equal(expected, UploadRules.CheckContent("application/pdf", Latin1(pdf)));

    [Fact]
    public void Javascript_hidden_in_a_compressed_object_stream_is_found()
    {
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(Latin1("2 0 << /S /JavaScript /JS (app.alert(1)) >>"));
        }

        var pdf = Latin1("%PDF-1.5\n5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >> stream\n")
            .Concat(packed.ToArray()).Concat(Latin1("\nendstream endobj\n%%EOF")).ToArray();
        Assert.Equal(ContentRefusal.ActivePdfContent, UploadRules.CheckContent("application/pdf", pdf));
    }

    private static byte[] Png(uint width, uint height) =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        (byte)(width >> 24), (byte)(width >> 16), (byte)(width >> 8), (byte)width,
        (byte)(height >> 24), (byte)(height >> 16), (byte)(height >> 8), (byte)height, 8, 2, 0, 0, 0,
    ];

    /// <summary>SOI, an APP0 segment, then a baseline frame header (SOF0) with the size.</summary>
    private static byte[] Jpeg(int width, int height) =>
    [
        0xFF, 0xD8, 0xFF, 0xE0, 0, 6, (byte)'J', (byte)'F', (byte)'I', (byte)'F',
        0xFF, 0xC0, 0, 11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0,
    ];

    [Theory]
    [InlineData("image/png", 800, 600, null)]
    [InlineData("image/png", 12_000, 8_000, null)]
    [InlineData("image/png", 20_000, 20_000, ContentRefusal.ImageTooLarge)]
    [InlineData("image/png", 12_001, 10, ContentRefusal.ImageTooLarge)]
    [InlineData("image/png", 11_000, 11_000, ContentRefusal.ImageTooLarge)] // 121 megapixels
    [InlineData("image/jpeg", 4000, 3000, null)]
    [InlineData("image/jpeg", 60_000, 100, ContentRefusal.ImageTooLarge)]
    [InlineData("image/jpeg", 11_000, 11_000, ContentRefusal.ImageTooLarge)]
    public void Images_are_judged_by_the_size_in_their_header(string type, int width, int height, ContentRefusal? expected)
    {
        var bytes = type == "image/png" ? Png((uint)width, (uint)height) : Jpeg(width, height);
        Assert.Equal((width, height), UploadRules.ImageSize(type, bytes));
        Assert.Equal(expected, UploadRules.CheckContent(type, bytes));
    }

    [Fact]
    public void A_png_size_beyond_int_is_too_large_and_a_header_without_size_is_left_alone()
    {
        Assert.Equal(ContentRefusal.ImageTooLarge, UploadRules.CheckContent("image/png", Png(uint.MaxValue, 1)));
        Assert.Null(UploadRules.ImageSize("image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]));
        Assert.Null(UploadRules.ImageSize("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));
    }
}
