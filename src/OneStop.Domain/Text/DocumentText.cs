using System.Globalization;
using System.Text;

namespace OneStop.Domain.Text;

/// <summary>
/// Text as it may go into a document people rely on (a signed form, a receipt) or a stored file name: one line,
/// no control characters (C0 and C1, so no CR, LF or tab), no bidirectional embeddings, overrides or isolates
/// (U+202A–U+202E, U+2066–U+2069) nor direction marks, no unpaired surrogates; any run of whitespace, line
/// separators and control characters becomes one space; trimmed; NFC; at most a bounded length ("…" marks a cut).
/// A line break typed into a name or a note therefore cannot start a line of its own on the printed form.
/// </summary>
public static class DocumentText
{
    /// <summary>The longest text printed as one value (a paragraph, a table cell) on a form: about ten pages.</summary>
    public const int MaxLength = 50_000;

    /// <summary>The longest stored file name.</summary>
    public const int MaxFileNameLength = 200;

    public static string Clean(string? text, int maxLength = MaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                Append(text.Substring(i, 2));
                i++;
            }
            else if (char.IsSurrogate(c) || IsDirectionControl(c))
            {
                // dropped: an unpaired half of a pair, or a character that reorders what is displayed
            }
            else if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
            }
            else
            {
                Append(c.ToString());
            }
        }

        var clean = builder.ToString().Normalize(NormalizationForm.FormC);
        return clean.Length <= maxLength ? clean : Cut(clean, maxLength);

        void Append(string s)
        {
            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(s);
        }
    }

    /// <summary>A file name cleaned like any text, its extension kept when the name is cut.</summary>
    public static string FileName(string? name, int maxLength = MaxFileNameLength)
    {
        var clean = Clean(name, int.MaxValue);
        if (clean.Length <= maxLength)
        {
            return clean;
        }

        var dot = clean.LastIndexOf('.');
        var extension = dot > 0 && clean.Length - dot <= 10 ? clean[dot..] : "";
        return Cut(clean[..^extension.Length], maxLength - extension.Length).TrimEnd() + extension;
    }

    /// <summary>Direction marks, embeddings, overrides and isolates (Unicode bidirectional formatting characters).</summary>
    public static bool IsDirectionControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>At most <paramref name="maxLength"/> characters ending in "…", never splitting a surrogate pair or a base from its marks.</summary>
    private static string Cut(string text, int maxLength)
    {
        var info = StringInfo.ParseCombiningCharacters(text);
        var end = 0;
        foreach (var start in info)
        {
            if (start > maxLength - 1)
            {
                break;
            }

            end = start;
        }

        // end is the start of the last text element that begins within the limit; keep only whole elements before it
        var cut = text[..end];
        return cut.TrimEnd() + "…";
    }
}
