using SkiaSharp;

namespace OneStop.Web.Documents;

/// <summary>The four faces used on the forms. Italic is DejaVu Sans slanted by Skia (the font has a slanted design only).</summary>
internal enum FontFace
{
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

/// <summary>
/// DejaVu Sans and DejaVu Sans Bold, embedded in this assembly (Documents/Fonts), loaded once per process.
/// <see cref="SKTypeface"/> is immutable and may be shared across threads; <see cref="SKFont"/> is not and is made per render.
/// </summary>
internal static class DeskFormFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSans.ttf"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSans-Bold.ttf"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static SKTypeface Regular => RegularFace.Value;

    public static SKTypeface Bold => BoldFace.Value;

    private static SKTypeface Load(string file)
    {
        var name = "OneStop.Web.Documents.Fonts." + file;
        using var stream = typeof(DeskFormFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font {name} is missing from {typeof(DeskFormFonts).Assembly.GetName().Name}.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"Embedded font {name} could not be loaded by Skia.");
    }
}

/// <summary>Per-render cache of <see cref="SKFont"/> objects by face and size; not thread-safe, one per render.</summary>
internal sealed class FontCache : IDisposable
{
    private const float ItalicSkew = -0.2f;
    private readonly Dictionary<(FontFace Face, float Size), SKFont> fonts = [];

    public SKFont Get(FontFace face, float size)
    {
        if (!fonts.TryGetValue((face, size), out var font))
        {
            var typeface = face is FontFace.Bold or FontFace.BoldItalic ? DeskFormFonts.Bold : DeskFormFonts.Regular;
            font = new SKFont(typeface, size)
            {
                Subpixel = true,
                LinearMetrics = true,
                Hinting = SKFontHinting.None,
                Edging = SKFontEdging.Antialias,
                SkewX = face is FontFace.Italic or FontFace.BoldItalic ? ItalicSkew : 0f,
            };
            fonts[(face, size)] = font;
        }

        return font;
    }

    public float Measure(string text, FontFace face, float size) => text.Length == 0 ? 0f : Get(face, size).MeasureText(text);

    public void Dispose()
    {
        foreach (var font in fonts.Values)
        {
            font.Dispose();
        }

        fonts.Clear();
    }
}
